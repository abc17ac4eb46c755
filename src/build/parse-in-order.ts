/**
 * Reads and analyses a build's posts on this thread and on one worker beside it (the
 * second core), and hands the results back chunk by chunk in source order, so that
 * posts get their slots exactly as a single thread would give them.
 */
import { Worker } from 'node:worker_threads';
import type { PostOptions } from '../ingest/post.js';
import { workerExecArgv } from '../worker-exec-argv.js';
import { runTasks, type Task, type TaskResult } from './analyze-task.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';
import { ReadAhead, wantReadAhead } from './read-ahead.js';

/**
 * From this many chunks (2,048 posts) on, a worker parses too, beside this thread and
 * the segmenter's (which is idle for more than half of a build once jieba's dictionary
 * is in). 13,607 posts: 2.38 s with it against 2.52 s without (medians of 9 and 6
 * alternating runs); a smaller build does not repay starting one.
 */
const WORKER_FROM_CHUNKS = 8;
/**
 * Chunks the worker holds at once. This thread hands it more only between its own
 * chunks (each parsed, indexed and sent to the segmenter), so a short queue would leave
 * the worker idle for most of a build.
 */
const WORKER_QUEUE = 8;
/**
 * The parse worker's young generation (V8 makes a third of it each semi-space): a chunk's
 * results live until they are sent, and with V8's default (16 MB semi-spaces) each of its
 * frequent collections copied them. 200,000 posts: its scavenges took 0.37–0.55 s against
 * 0.77–0.82 s (`--trace-gc`, two builds each, in turns).
 */
const PARSE_WORKER_YOUNG_MB = 192;
/** How far this thread parses ahead of the next chunk to hand back (bounds memory). */
const LOOKAHEAD = 16;

export interface Parsed {
  task: Task;
  result: TaskResult;
}

/** Frees a task's source once it is parsed: a million-post JSONL is gigabytes as strings. */
function release(task: Task): void {
  if (task.kind === 'file') delete task.bytes;
  else if (task.kind === 'record') task.line = '';
}

/**
 * Tasks as they are sent to the worker, with what to transfer. A JSONL line is a view of a
 * 16 MB piece of the file, which a message would copy whole: the chunk's lines are copied
 * into one buffer of their own, handed over (not copied again), and decoded there.
 */
function sendable(tasks: Task[]): { tasks: Task[]; transfer: ArrayBuffer[] } {
  const lines = tasks.flatMap((t) => (t.kind === 'record' && typeof t.line !== 'string' ? [t.line] : []));
  if (lines.length === 0) return { tasks, transfer: [] };
  // A buffer of its own (not a slice of node's shared pool), so that it can be handed over.
  const own = Buffer.allocUnsafeSlow(lines.reduce((n, line) => n + line.length, 0));
  let at = 0;
  for (const line of lines) at += line.copy(own, at);
  at = 0;
  const sent = tasks.map((t): Task => {
    if (t.kind !== 'record' || typeof t.line === 'string') return t;
    const line = own.subarray(at, (at += t.line.length));
    return { ...t, line };
  });
  return { tasks: sent, transfer: [own.buffer as ArrayBuffer] };
}

class ParseWorker {
  private readonly worker: Worker;
  private readonly inFlight = new Map<number, Task[]>();
  private wake: (() => void) | null = null;
  private failed = false;

  constructor(
    private readonly options: PostOptions,
    private readonly ready: Map<number, TaskResult[]>,
  ) {
    this.worker = new Worker(new URL('./parse-worker.js', import.meta.url), {
      workerData: options,
      execArgv: workerExecArgv(),
      resourceLimits: { maxYoungGenerationSizeMb: PARSE_WORKER_YOUNG_MB },
    });
    this.worker.on('message', ({ id, results }: ParseReply) => this.settle(id, results));
    // A worker that fails leaves its chunks to this thread; the build goes on.
    this.worker.on('error', () => {
      this.failed = true;
      for (const [id, tasks] of this.inFlight) this.settle(id, runTasks(tasks, this.options));
    });
  }

  get canTake(): boolean {
    return !this.failed && this.inFlight.size < WORKER_QUEUE;
  }

  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  send(id: number, tasks: Task[]): void {
    this.inFlight.set(id, tasks);
    const message = sendable(tasks);
    this.worker.postMessage({ id, tasks: message.tasks } satisfies ParseRequest, message.transfer);
  }

  /** Resolves when the next chunk comes back. */
  arrival(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  close(): void {
    void this.worker.terminate();
  }

  private settle(id: number, results: TaskResult[]): void {
    const tasks = this.inFlight.get(id);
    if (!tasks) return;
    this.inFlight.delete(id);
    tasks.forEach(release);
    this.ready.set(id, results);
    this.wake?.();
    this.wake = null;
  }
}

/**
 * Yields each chunk of `size` tasks with its results, in order. Takes `tasks` over: an
 * array is emptied, so that each chunk is freed once handed back; any other iterable is
 * read a chunk at a time as the parsing needs it (a JSONL file's lines, read and hashed
 * on this thread while the worker parses the chunks already read).
 */
export async function* parseInOrder(tasks: Iterable<Task>, options: PostOptions, size: number): AsyncGenerator<Parsed[]> {
  const chunks: Task[][] = [];
  const source = tasks[Symbol.iterator]();
  let ended = false;
  /** True when chunk `i` exists, reading the source up to it. */
  const has = (i: number): boolean => {
    while (chunks.length <= i && !ended) {
      const chunk: Task[] = [];
      while (chunk.length < size) {
        const next = source.next();
        if (next.done) {
          ended = true;
          break;
        }
        chunk.push(next.value);
      }
      if (chunk.length > 0) chunks.push(chunk);
    }
    return i < chunks.length;
  };
  if (Array.isArray(tasks)) {
    has(Infinity);
    tasks.length = 0;
  }
  const ready = new Map<number, TaskResult[]>();
  const postOptions: PostOptions = {
    permalink: options.permalink,
    baseurl: options.baseurl,
    maxPostBytes: options.maxPostBytes,
    postTimeLimitMs: options.postTimeLimitMs,
    liquidRoot: options.liquidRoot,
    jekyllSite: options.jekyllSite,
    now: options.now,
  };
  const worker = has(WORKER_FROM_CHUNKS - 1) ? new ParseWorker(postOptions, ready) : null;
  // A full build's files, not read yet: read ahead when they are not in the page cache
  // (in task order, so that the parsing's progress is an index into them). Files are
  // collected whole (an array), so every chunk is there.
  const all = worker && ended ? chunks.flat() : [];
  const files = all.every((t): t is Extract<Task, { kind: 'unread' }> => t.kind === 'unread') ? all.map((t) => t.file) : [];
  const readAhead = wantReadAhead(files) ? new ReadAhead(files) : null;
  let taken = 0;
  try {
    for (let k = 0; has(k); k++) {
      for (;;) {
        while (worker?.canTake && has(taken)) worker.send(taken, chunks[taken++]!);
        readAhead?.reached(taken * size);
        if (ready.has(k)) break;
        if (taken - k < LOOKAHEAD && has(taken)) {
          const chunk = chunks[taken]!;
          ready.set(taken++, runTasks(chunk, postOptions));
          chunk.forEach(release);
        } else if (worker?.busy) await worker.arrival();
      }
      const results = ready.get(k)!;
      ready.delete(k);
      const chunk = chunks[k]!;
      chunks[k] = []; // the caller holds what it keeps
      yield chunk.map((task, i) => ({ task, result: results[i]! }));
    }
  } finally {
    worker?.close();
    readAhead?.stop();
  }
}
