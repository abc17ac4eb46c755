/**
 * Word segmentation with jieba, for the rest of the code. On the main thread jieba lives
 * on a worker (jieba-worker.ts): its dictionaries take 0.1-0.6 s to load, and
 * loading them here would stop every request for that long. Calls stay
 * synchronous: the main thread puts a request in shared memory, rings the worker's bell
 * and waits on a shared flag for the answer, in the same memory (jieba-channel.ts). On
 * any other thread (a build's segmenter, a server's search thread), the binding is used
 * in place.
 *
 * While the worker is still loading, {@link tryCutAll} answers null so that queries can
 * be served at once with a plainer split (see tokenize.ts); the other calls wait.
 */
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { workerExecArgv } from '../worker-exec-argv.js';
import * as direct from './jieba-binding.js';
import { hostsJieba, stopThread } from './jieba-threads.js';
import { keywordTableSteps, runToEnd, tfIdfKeywords, type KeywordTables } from './keywords.js';
import type { CutMode } from './jieba-binding.js';
import type { AsyncReply, AsyncRequest, JiebaReply, JiebaRequest } from './jieba-worker.js';
import { createChannel, IN_TEXT, PAUSE, readCuts, REPLY, REQUEST, ring, STATE, writeRequest, type JiebaChannel } from './jieba-channel.js';

export type { CutMode } from './jieba-binding.js';

/** How long a call waits for the dictionaries or an answer before giving up. */
const TIMEOUT_MS = 60_000;
/**
 * How long a call watches for its answer before it sleeps until woken (see `cutWaiting`):
 * about twice the usual round trip (median 28 µs, nine in ten within 33 µs here). Longer
 * is worse where cores are few: an answer not back by then comes from a worker waiting
 * for a core, and this thread watching holds one. With another thread keeping a core
 * busy (as V8's compilers do while a process warms up), a query's round trip had a p99 of
 * 0.22 ms watching 0.2 ms against 0.07 ms watching 0.05 ms (260 queries × 8 passes, two
 * runs each), and searches on the main thread over passes 9–12 a p99 of 1.2 ms against 1.5
 * ms (eight runs each, in turns); the median stayed the same.
 */
const WATCH_MS = 0.05;

interface Host {
  worker: Worker;
  port: MessagePort;
  asyncPort: MessagePort;
  waiting: Map<number, (value: string[][] | null) => void>;
  channel: JiebaChannel;
  failure?: string;
}

let host: Host | null = null;
/** Every word added on the main thread, and who else segments with them. */
const wordsAdded = new Set<string>();
const wordListeners = new Set<(words: string[]) => void>();

function startHost(): Host {
  if (!host) {
    const channel = createChannel();
    const sync = new MessageChannel();
    const async = new MessageChannel();
    const worker = hostsJieba(
      new Worker(new URL('./jieba-worker.js', import.meta.url), {
        workerData: { port: sync.port2, asyncPort: async.port2, channel },
        transferList: [sync.port2, async.port2],
        execArgv: workerExecArgv(),
      }),
      // It waits on its bell, not in its event loop: the request to stop rings it too.
      () => ring(channel.flags),
    );
    const waiting = new Map<number, (value: string[][] | null) => void>();
    async.port1.on('message', (r: AsyncReply) => {
      waiting.get(r.id)?.(r.value);
      waiting.delete(r.id);
    });
    // None keeps the process alive (a listener refs a port, so this comes after it); a
    // process that is done may exit while jieba loads.
    worker.unref();
    sync.port1.unref();
    async.port1.unref();
    host = { worker, port: sync.port1, asyncPort: async.port1, waiting, channel };
    // Every word added so far, also to a worker started again after one stopped answering.
    if (wordsAdded.size > 0) sendWords(host, [...wordsAdded]);
  }
  return host;
}

// On both ports: requests on either must find the words in (adding twice is harmless).
function sendWords(h: Host, words: string[]): void {
  h.port.postMessage({ op: 'words', words } satisfies JiebaRequest);
  h.asyncPort.postMessage({ op: 'words', words } satisfies JiebaRequest);
  ring(h.channel.flags);
}

/** Waits (blocking) for the worker's dictionaries. */
function awaitLoaded(h: Host): void {
  const flags = h.channel.flags;
  if (Atomics.load(flags, STATE) === 0 && Atomics.wait(flags, STATE, 0, TIMEOUT_MS) === 'timed-out')
    throw direct.jiebaUnavailable('timed out loading the dictionaries');
  if (Atomics.load(flags, STATE) === 2) {
    const msg = receiveMessageOnPort(h.port)?.message as JiebaReply | undefined;
    if (msg && !msg.ok) h.failure = msg.error;
    throw direct.jiebaUnavailable(h.failure ?? 'the jieba worker failed');
  }
}

/** Cuts `texts` on the worker and waits for the answer. */
function cutWaiting(texts: string[], mode: CutMode): string[][] {
  const h = startHost();
  awaitLoaded(h);
  const { flags, text } = h.channel;
  Atomics.store(flags, REPLY, 0);
  // In the shared text when it fits (a query always does); a whole post's text as a message.
  if (writeRequest(text, texts, mode)) Atomics.store(flags, REQUEST, 1);
  else h.port.postMessage({ op: 'cut', texts, mode } satisfies JiebaRequest);
  ring(flags);
  const start = performance.now();
  // The answer of a query's cut comes within microseconds: it is watched for before this
  // thread sleeps. Waking a sleeping thread on another CPU cost about 40 µs each way on a
  // virtual machine.
  // The clock is read every 64 looks only: each read makes a number on the heap, and a
  // round trip's reads were a tenth of a search's garbage.
  for (let looks = 1; Atomics.load(flags, REPLY) === 0; looks++) if ((looks & 63) === 0 && performance.now() - start >= WATCH_MS) break;
  const deadline = start + TIMEOUT_MS;
  // Woken, the flag is looked at again: a wake may be the previous answer's, whose flag this
  // thread read while spinning before the worker notified (a worker switched out between
  // the two). Taken for this answer, it sent the call to wait for a message on the port
  // that never came, for the whole timeout (once in a test run on two busy cores).
  while (Atomics.load(flags, REPLY) === 0) {
    const left = deadline - performance.now();
    if (left <= 0) giveUp(h);
    Atomics.wait(flags, REPLY, 0, left);
  }
  if (Atomics.load(flags, REPLY) === IN_TEXT) return readCuts(text);
  // On the port, posted before the flag was set: it is there (waited for a moment if not,
  // as once under the inspector's CPU profiler, so that the next call does not take it).
  let received = receiveMessageOnPort(h.port);
  while (!received && performance.now() < deadline) {
    Atomics.wait(flags, PAUSE, 0, 1);
    received = receiveMessageOnPort(h.port);
  }
  if (!received) giveUp(h);
  const reply = received.message as JiebaReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/**
 * The flags this thread and jieba's worker share (text/jieba-channel.ts).
 * @internal For tests: a wake that is not a call's answer must not be taken for it.
 */
export function sharedFlags(): Int32Array {
  return startHost().channel.flags;
}

/** A worker that did not answer: a late answer must not be taken for the next call's, so start over with a new one. */
function giveUp(h: Host): never {
  void stopThread(h.worker);
  if (host === h) host = null;
  throw new Error('jieba did not answer');
}

/** Starts loading the dictionaries now (in the background on the main thread). */
export function preload(): void {
  if (isMainThread) startHost();
  else direct.binding();
}

/** True once jieba can answer without waiting for its dictionaries. */
export function isReady(): boolean {
  if (!isMainThread) return direct.isLoaded();
  return host !== null && Atomics.load(host.channel.flags, STATE) === 1;
}

/** Resolves once the dictionaries are loaded (rejects if they cannot be). */
export async function whenReady(): Promise<void> {
  if (!isMainThread) return void direct.binding();
  const h = startHost();
  while (Atomics.load(h.channel.flags, STATE) === 0) await new Promise((r) => setTimeout(r, 10));
  awaitLoaded(h);
}

/** Adds words to the dictionary (idempotent; they apply from the next call on). */
export function addWords(words: Iterable<string>): void {
  const list = [...words].map((w) => w.trim()).filter(Boolean);
  if (list.length === 0) return;
  if (!isMainThread) return direct.insertWords(list);
  // Each word once: the same user dictionary comes again with every reload.
  const fresh = list.filter((w) => !wordsAdded.has(w));
  if (fresh.length === 0) return;
  for (const w of fresh) wordsAdded.add(w);
  for (const listener of wordListeners) listener(fresh);
  // Without a worker yet, the words wait for it (startHost): adding words is no reason to load jieba.
  if (host) sendWords(host, fresh);
}

/**
 * Calls `listener` with the words added to the main thread's dictionary so far, then with
 * each later addition, so that another thread segmenting queries (the search thread)
 * cuts them alike. Returns the unsubscribe function.
 */
export function followWords(listener: (words: string[]) => void): () => void {
  if (wordsAdded.size > 0) listener([...wordsAdded]);
  wordListeners.add(listener);
  return () => void wordListeners.delete(listener);
}

/** Cuts fetched ahead by {@link withCuts}, for the call it wraps only. */
let nextAsyncId = 0;

/** Segments each text (HMM on), in one round trip; waits for the dictionaries if needed. */
export function cutAll(texts: string[], mode: CutMode): string[][] {
  if (!isMainThread) return direct.cutAll(texts, mode);
  return cutWaiting(texts, mode);
}

/** Asynchronous cuts asked for since the last flush, by mode. */
let queued: Map<CutMode, { texts: string[]; resolve: (cuts: string[][] | null) => void }[]> | null = null;

/**
 * Sends the queued texts to the worker, one message per mode. A server under load reads
 * many requests in one turn of the event loop; flushing after that turn (setImmediate)
 * sends their queries together instead of waking the worker once per request.
 */
function flushQueued(): void {
  const h = host;
  const batches = queued!;
  queued = null;
  for (const [mode, items] of batches) {
    if (!h) {
      for (const item of items) item.resolve(null);
      continue;
    }
    const id = nextAsyncId++;
    h.waiting.set(id, (cuts) => {
      let at = 0;
      for (const item of items) {
        item.resolve(cuts ? cuts.slice(at, at + item.texts.length) : null);
        at += item.texts.length;
      }
    });
    h.asyncPort.ref();
    h.asyncPort.postMessage({ id, texts: items.flatMap((item) => item.texts), mode } satisfies AsyncRequest);
    ring(h.channel.flags);
  }
}

function cutOnWorker(texts: string[], mode: CutMode): Promise<string[][] | null> {
  return new Promise((resolve) => {
    if (!queued) {
      queued = new Map();
      setImmediate(flushQueued);
    }
    const items = queued.get(mode) ?? [];
    items.push({ texts, resolve });
    queued.set(mode, items);
  });
}

/**
 * Segments `texts` on the worker without blocking this thread: a server cuts each
 * request's query this way, serving other requests meanwhile, and passes the cuts on as
 * data (see `SearchEngine.searchAsync`). Null while the dictionaries load, or off the
 * main thread (where jieba is called directly).
 */
export async function cutAsync(texts: string[], mode: CutMode): Promise<Map<string, string[]> | null> {
  if (!isMainThread || texts.length === 0 || !isReady()) return null;
  const h = host!;
  const cuts = await cutOnWorker(texts, mode);
  if (h.waiting.size === 0) h.asyncPort.unref();
  return cuts && byText(texts, cuts);
}

/** Each text's cut under the text. */
function byText(texts: string[], cuts: string[][]): Map<string, string[]> {
  return new Map(texts.map((t, i) => [t, cuts[i]!]));
}

/**
 * The cuts of `texts` in `mode`, by text, all in one call: on the main thread
 * one round trip to the worker for a whole query rather than one per Han run. Null while
 * the dictionaries load, or for no texts.
 */
export function cutNow(texts: string[], mode: CutMode): Map<string, string[]> | null {
  const cuts = texts.length > 0 ? tryCutAll(texts, mode) : null;
  return cuts && byText(texts, cuts);
}

/** Like {@link cutAll}, but null instead of waiting while the dictionaries load. */
export function tryCutAll(texts: string[], mode: CutMode): string[][] | null {
  if (isMainThread && !isReady()) {
    startHost();
    return null;
  }
  return cutAll(texts, mode);
}

/** jieba's keyword tables, read by {@link readKeywordTablesSteps} or on the first {@link keywords} of this thread. */
let keywordTables: KeywordTables | null = null;

/** Reads this thread's keyword tables now, pausing between pieces (a no-op once they are read). */
export function* readKeywordTablesSteps(): Generator<void, KeywordTables, void> {
  if (keywordTables) return keywordTables;
  const files = direct.keywordTableFiles();
  const read = yield* keywordTableSteps(files.idf, files.stopWords);
  return (keywordTables ??= read);
}

/** Keywords by TF-IDF (jieba's IDF table), as nodejieba's `extract` gives them; waits for the dictionaries if needed. */
export function keywords(text: string, topN: number): string[] {
  const words = text ? cutAll([text], 'cut')[0]! : [];
  if (words.length === 0) return [];
  return tfIdfKeywords(words, topN, keywordTables ?? runToEnd(readKeywordTablesSteps()));
}
