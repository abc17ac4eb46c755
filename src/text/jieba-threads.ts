/**
 * Threads that host jieba are asked to stop, never torn down. nodejieba aborts the whole
 * process (`terminate called after throwing an instance of 'Napi::Error'`) when its thread
 * is torn down inside one of its calls: by `Worker.terminate()`, by `process.exit()` or
 * by the process ending while the thread loads its dictionaries or segments. Asked with
 * {@link stopThread}, a thread exits between two calls instead (after a dictionary load
 * at the latest, 0.1-0.6 s). A process leaves through {@link exitAfterJieba}; one
 * that simply runs out of work stops its jieba threads first (`beforeExit`).
 */
import { parentPort, type Worker } from 'node:worker_threads';

const STOP = 'zhsearch:stop-thread';
const threads = new Set<Worker>();
/** Longest wait for jieba threads before a process exits anyway (a thread stuck in a call). */
const EXIT_WAIT_MS = 15_000;

/** Registers a thread that calls jieba (so it is stopped, not torn down, when the process ends). */
export function hostsJieba(worker: Worker): Worker {
  threads.add(worker);
  worker.once('exit', () => threads.delete(worker));
  return worker;
}

/** Asks a thread to stop; resolves when it has. */
export function stopThread(worker: Worker): Promise<void> {
  if (worker.threadId < 0) return Promise.resolve(); // already gone
  return new Promise((resolve) => {
    worker.once('exit', () => resolve());
    // Kept alive until it is gone: an unreferenced thread would be torn down with the process.
    worker.ref();
    worker.postMessage(STOP);
  });
}

/** Stops every jieba thread of this process. */
export function stopJiebaThreads(): Promise<void> {
  return Promise.all([...threads].map(stopThread)).then(() => undefined);
}

/** `process.exit(code)` once the jieba threads have stopped (or after 15 s). */
export async function exitAfterJieba(code: number): Promise<never> {
  await Promise.race([stopJiebaThreads(), new Promise((r) => setTimeout(r, EXIT_WAIT_MS).unref())]);
  process.exit(code);
}

process.on('beforeExit', () => {
  if (threads.size > 0) void stopJiebaThreads();
});

/** True for the message {@link stopThread} sends (a thread's own handlers skip it). */
export function isStopMessage(message: unknown): boolean {
  return message === STOP;
}

/** In a thread that hosts jieba: exits, between two calls, when asked to stop. */
export function exitWhenAsked(): void {
  parentPort?.on('message', (message: unknown) => {
    if (isStopMessage(message)) process.exit(0);
  });
}
