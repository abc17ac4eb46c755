/**
 * The search thread (see search-thread.ts): holds the served index (its postings and
 * texts in memory shared with the other search threads) and its own jieba, answers
 * searches as encoded answers, loads each new index it is told of.
 * Messages are handled in order, so a search asked before a load is answered by the
 * index that was served when it was asked, or not at all (`answer: null`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EngineOptions, SearchEngine, SearchOptions } from '../search/engine.js';
import { loadIndexInSlices, readDeltasSteps, type Manifest } from '../store/store.js';
import type { SharedSections } from '../store/data-file.js';
import { applyDeltas, deltasOver } from '../store/delta.js';
import { runStepsInSlices, type Steps } from '../indexes/steps.js';
import { addWords, preload, readKeywordTablesSteps } from '../text/jieba.js';
import { exitWhenAsked, isStopMessage } from '../text/jieba-threads.js';
import { AnswerBytes, resultJson } from './search-answer.js';
import { answerLookup, type Lookup } from './lookups.js';
import { SearchQueue } from './search-queue.js';

export type ThreadRequest =
  /** Load the index `manifest` of `dir` names beside the ones served. */
  | { op: 'load'; dir: string; options: EngineOptions; manifest: Manifest; shared?: SharedSections }
  /** Serve `version` only: the others are dropped. */
  | { op: 'retain'; version: string }
  | { op: 'synonyms'; groups: string[][] }
  | { op: 'words'; words: string[] }
  | { op: 'search'; searches: SearchRequest[] }
  /** A lookup (suggestions, a post, related posts) in index `version`. */
  | { op: 'lookup'; id: number; version: string; lookup: Lookup };

/** One search: answered only by the index `version`. */
export interface SearchRequest {
  id: number;
  version: string;
  query: string;
  options: SearchOptions;
}

export type ThreadReply =
  | { op: 'loaded'; version: string }
  /** The warm-up searches of the thread's first index are done (search/warm-searches.ts). */
  | { op: 'warmed' }
  | { op: 'loadFailed'; version: string; reason: string }
  | { op: 'answers'; answers: SearchReply[]; bytes: ArrayBuffer }
  /** `value` undefined: not answered here (another version, or an error). */
  | { op: 'lookup'; id: number; value: unknown };

/**
 * A search's answer, its encoded part being `bytes[start, end)` of the reply (one buffer
 * for all, transferred, not copied); null when the thread cannot give it (the main
 * thread searches then).
 */
export interface SearchReply {
  id: number;
  /** `version`: the index version whose posts answered (a newer one than asked when a delta was applied meanwhile). */
  answer: { query: string; total: number; version?: string; start: number; end: number } | null;
  error?: string;
}

/** Answers are sent in groups at least this often (ms): fewer wake-ups of the main thread, little delay. */
const REPLY_EVERY_MS = 1;

/** What the thread is started with (search-thread.ts). */
export interface ThreadData {
  /**
   * False on a thread that is sent searches only (server/search-pool.ts): it builds no
   * completion lookup and reads no keyword tables for related posts ahead of use.
   */
  answersLookups: boolean;
}

const port = parentPort!;
const { answersLookups } = workerData as ThreadData;
/** How the thread warms an index before or after it serves (search/engine.ts warmSteps). */
const WARM = { completions: answersLookups };
/**
 * The indexes served, by version: the one the server serves and, during a swap, the one
 * that replaces it (loaded before the server swaps, so searches never wait for a load).
 */
const engines = new Map<string, SearchEngine>();
const bytes = new AnswerBytes();

function post(reply: ThreadReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
}

/** Sends the answers gathered so far with their bytes, which the main thread then owns. */
function reply(answers: SearchReply[]): void {
  const taken = bytes.take();
  post({ op: 'answers', answers, bytes: taken }, [taken]);
}

/** The loads asked, one after another. */
let loading: Promise<void> = Promise.resolve();

/**
 * Loads the index `manifest` names beside the ones served, in slices (store/store.ts,
 * indexes/steps.ts): searches queued meanwhile are answered between the slices.
 */
function load(dir: string, options: EngineOptions, manifest: Manifest, shared?: SharedSections): void {
  const wanted = manifest.version;
  // Kept from now on: a waiting retain must not drop it once it is reported loaded.
  queue.pin(wanted);
  loading = loading.then(async () => {
    if (engines.has(wanted)) return post({ op: 'loaded', version: wanted });
    try {
      if (await applyInPlace(dir, manifest)) return;
      const next = await loadIndexInSlices(dir, options, manifest, shared);
      // A replacement is warmed before it serves, so no reader waits for its lookups; the
      // first index serves at once (a server waits for it) and warms right after.
      const first = engines.size === 0;
      if (!first) await runStepsInSlices(next.engine.warmSteps(WARM));
      engines.set(wanted, next.engine);
      // At most the served index, its replacement and one more (a replacement never swapped in).
      for (const v of engines.keys()) if (engines.size > 3) engines.delete(v);
      post({ op: 'loaded', version: wanted });
      if (first) {
        await runStepsInSlices(next.engine.warmSteps(WARM));
        // Related posts' keyword tables, between searches too, rather than during the first
        // lookup (where a failure to read them is reported instead).
        if (answersLookups) await runStepsInSlices(readKeywordTablesSteps()).catch(() => undefined);
        // Searches of its own words, so that the readers' first searches run compiled
        // code (search/warm-searches.ts); once per thread, since every index runs the same
        // code. Not awaited: a load or a delta asked meanwhile need not wait for it.
        void runStepsInSlices(warmSearches(next.engine)).then(() => post({ op: 'warmed' }));
      }
    } catch (err) {
      post({ op: 'loadFailed', version: wanted, reason: (err as Error).message });
    }
  });
}

/** The engine's warm-up searches (search/engine.ts `searchWarmSteps`), while the thread holds it. */
function* warmSearches(engine: SearchEngine): Steps {
  const steps = engine.searchWarmSteps();
  while ([...engines.values()].includes(engine) && !steps.next().done) yield;
}

/**
 * A new version made of deltas over one held here is served by applying them to that
 * index (store/delta.ts): a few posts indexed, rather than the whole index loaded. The
 * index then answers for both versions (the old one's searches still queued get the
 * newer posts: it is about to be let go). Its lookups are rebuilt after it serves,
 * answered meanwhile from the ones it had. False when no held version is a start.
 */
async function applyInPlace(dir: string, manifest: Manifest): Promise<boolean> {
  const over = deltasOver(manifest, (v) => engines.has(v));
  if (!over) return false;
  // Every delta read and checked before the index is touched: one that fails leaves it as it was.
  const changes = await runStepsInSlices(readDeltasSteps(dir, over));
  const engine = engines.get(over[0]!.from);
  if (!engine) return false;
  applyDeltas(engine, changes, manifest.version);
  engines.set(manifest.version, engine);
  post({ op: 'loaded', version: manifest.version });
  // Not awaited: the next load need not wait for it (a warm-up overtaken by another delta drops its work).
  void runStepsInSlices(engine.warmSteps(WARM));
  return true;
}

function retain(version: string): void {
  if (!engines.has(version)) return;
  for (const v of queue.dropped(version, engines.keys())) engines.delete(v);
}

function search({ id, version: asked, query, options }: SearchRequest): SearchReply {
  const engine = engines.get(asked);
  if (!engine) return { id, answer: null };
  try {
    const result = engine.search(query, options);
    return { id, answer: { query: result.query, total: result.total, version: engine.version, ...bytes.add(resultJson(result)) } };
  } catch (err) {
    return { id, answer: null, error: (err as Error).message };
  }
}

function lookup(version: string, asked: Lookup): unknown {
  const engine = engines.get(version);
  if (!engine) return undefined;
  try {
    return answerLookup(engine, asked);
  } catch {
    return undefined;
  }
}

/** Searches waiting (see search-queue.ts), answered one per turn of the event loop so that searches arriving meanwhile join the queue. */
const queue = new SearchQueue<SearchRequest>();
/** Answers not sent yet. */
let answers: SearchReply[] = [];
let answersSince = performance.now();
let scheduled = false;

function enqueue(searches: SearchRequest[]): void {
  for (const request of searches) queue.push(request);
  schedule();
}

function schedule(): void {
  if (scheduled || queue.size === 0) return;
  scheduled = true;
  setImmediate(answerNext);
}

function answerNext(): void {
  scheduled = false;
  const next = queue.next();
  if (next) answers.push(search(next));
  const done = performance.now();
  if (queue.size === 0 || done - answersSince >= REPLY_EVERY_MS) {
    reply(answers);
    answers = [];
    answersSince = done;
  }
  const version = queue.retainable();
  if (version !== null) retain(version);
  schedule();
}

/** Drops the versions other than `version` once no queued search needs them. */
function retainWhenDone(version: string): void {
  const now = queue.retain(version);
  if (now !== null) retain(now);
}

// Before the dictionary load below: a stop asked during it is taken right after.
exitWhenAsked();
try {
  preload();
} catch {
  // Without jieba every search fails here and is answered on the main thread instead.
}
port.on('message', (req: ThreadRequest) => {
  if (isStopMessage(req)) return;
  if (req.op === 'search') enqueue(req.searches);
  else if (req.op === 'load') load(req.dir, req.options, req.manifest, req.shared);
  else if (req.op === 'retain') retainWhenDone(req.version);
  else if (req.op === 'lookup') post({ op: 'lookup', id: req.id, value: lookup(req.version, req.lookup) });
  else if (req.op === 'words') addWords(req.words);
  else for (const engine of engines.values()) engine.setSynonyms(req.groups);
});
