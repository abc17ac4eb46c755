/**
 * Hosts jieba for the main thread (see jieba.ts). The dictionaries load here, so the
 * main thread never stops for them; once loaded, the worker answers each request on
 * its port and wakes the waiting main thread through the shared flag, or, on the
 * second port, answers without anyone waiting.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { binding, cutAll, insertWords } from './jieba-binding.js';
import { exitWhenAsked } from './jieba-threads.js';

export type JiebaRequest = { op: 'cut'; texts: string[]; mode: 'cut' | 'search' } | { op: 'words'; words: string[] };
export type JiebaReply = { ok: true; value: string[][] } | { ok: false; error: string };
/** Requests on the second port are answered there by id, and nobody waits on the flag for them. */
export type AsyncRequest = { id: number; texts: string[]; mode: 'cut' | 'search' };
export type AsyncReply = { id: number; value: string[][] | null };

/** Slot 0: a reply is waiting; slot 1: 0 loading, 1 ready, 2 failed. */
export const REPLY = 0;
export const STATE = 1;

const { port, asyncPort, shared } = workerData as { port: MessagePort; asyncPort: MessagePort; shared: Int32Array };
// Before the dictionary load: a stop asked during it is taken right after.
exitWhenAsked();

function reply(r: JiebaReply): void {
  port.postMessage(r);
  Atomics.store(shared, REPLY, 1);
  Atomics.notify(shared, REPLY);
}

try {
  binding();
  Atomics.store(shared, STATE, 1);
} catch (err) {
  port.postMessage({ ok: false, error: (err as Error).message } satisfies JiebaReply);
  Atomics.store(shared, STATE, 2);
}
Atomics.notify(shared, STATE);

port.on('message', (req: JiebaRequest) => {
  if (req.op === 'words') return insertWords(req.words);
  try {
    reply({ ok: true, value: cutAll(req.texts, req.mode) });
  } catch (err) {
    reply({ ok: false, error: (err as Error).message });
  }
});

asyncPort.on('message', (req: AsyncRequest | JiebaRequest) => {
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
});
