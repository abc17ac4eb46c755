/**
 * Hosts jieba for the main thread (see jieba.ts). The dictionaries load here, so the
 * main thread never stops for them. Once they are in, this thread waits on the shared
 * bell of jieba-channel.ts instead of in its event loop: a query's cut comes and goes
 * in shared memory. Everything else comes as a message, read here after the bell rings:
 * words to add, cuts too long for the shared text (answered on the first port, the
 * waiting main thread woken through the flag), cuts nobody waits for (answered on the
 * second port), and the request to stop.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { binding, cutAll, insertWords, type CutMode } from './jieba-binding.js';
import { exitWhenAsked, isStopMessage } from './jieba-threads.js';
import { BELL, channelOf, IN_TEXT, ON_PORT, readRequest, REPLY, REQUEST, STATE, writeCuts, type JiebaChannel } from './jieba-channel.js';

export type JiebaRequest = { op: 'cut'; texts: string[]; mode: CutMode } | { op: 'words'; words: string[] };
export type JiebaReply = { ok: true; value: string[][] } | { ok: false; error: string };
/** Requests on the second port are answered there by id, and nobody waits on the flag for them. */
export type AsyncRequest = { id: number; texts: string[]; mode: CutMode };
export type AsyncReply = { id: number; value: string[][] | null };

const data = workerData as { port: MessagePort; asyncPort: MessagePort; channel: { flags: Int32Array; text: Uint8Array } };
const { port, asyncPort } = data;
const { flags, text }: JiebaChannel = channelOf(data.channel);

/** Wakes the main thread, waiting for an answer on the flag. */
function answered(where: typeof IN_TEXT | typeof ON_PORT): void {
  Atomics.store(flags, REPLY, where);
  Atomics.notify(flags, REPLY);
}

function replyOnPort(r: JiebaReply): void {
  port.postMessage(r);
  answered(ON_PORT);
}

/** A cut the main thread waits for: answered in the shared text when it fits. */
function answer(texts: string[], mode: CutMode): void {
  let cuts: string[][];
  try {
    cuts = cutAll(texts, mode);
  } catch (err) {
    return replyOnPort({ ok: false, error: (err as Error).message });
  }
  if (writeCuts(text, cuts)) answered(IN_TEXT);
  else replyOnPort({ ok: true, value: cuts });
}

function onRequest(req: JiebaRequest): void {
  if (req.op === 'words') insertWords(req.words);
  else answer(req.texts, req.mode);
}

function onAsyncRequest(req: AsyncRequest | JiebaRequest): void {
  if ('op' in req) {
    if (req.op === 'words') insertWords(req.words);
    return;
  }
  let value: string[][] | null = null;
  try {
    value = cutAll(req.texts, req.mode);
  } catch {
    // The caller falls back to a synchronous call, which reports the error.
  }
  asyncPort.postMessage({ id: req.id, value } satisfies AsyncReply);
}

/** Takes every message waiting, in each port's order; words come before the cuts asked after them. */
function takeMessages(): void {
  for (let m = receiveMessageOnPort(parentPort!); m; m = receiveMessageOnPort(parentPort!)) if (isStopMessage(m.message)) process.exit(0);
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) onRequest(m.message as JiebaRequest);
  for (let m = receiveMessageOnPort(asyncPort); m; m = receiveMessageOnPort(asyncPort)) onAsyncRequest(m.message as AsyncRequest);
}

/** Answers until asked to stop, waiting on the bell in between. */
function serve(): never {
  for (;;) {
    // Read before looking: a ring after the look makes the wait return at once.
    const rung = Atomics.load(flags, BELL);
    takeMessages();
    if (Atomics.load(flags, REQUEST) === 1) {
      Atomics.store(flags, REQUEST, 0);
      const { texts, mode } = readRequest(text);
      answer(texts, mode);
      continue;
    }
    Atomics.wait(flags, BELL, rung);
  }
}

// Before the dictionary load: a stop asked during it is taken right after.
exitWhenAsked();

let loaded = false;
try {
  binding();
  loaded = true;
} catch (err) {
  port.postMessage({ ok: false, error: (err as Error).message } satisfies JiebaReply);
}
Atomics.store(flags, STATE, loaded ? 1 : 2);
Atomics.notify(flags, STATE);
// Without dictionaries nothing is asked of this thread (the main thread reports the
// failure); it waits in its event loop for the request to stop.
if (loaded) serve();
