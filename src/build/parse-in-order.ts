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
import { lineText } from '../ingest/jsonl-lines.js';
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
 * A task as it is sent to the worker: a JSONL line's bytes as text, since a message
 * would copy the whole piece of the file they are a view of.
 */
function sendable(task: Task): Task {
  return task.kind === 'record' && typeof task.line !== 'string' ? { ...task, line: lineText(task.line) } : task;
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
    this.worker = new Worker(new URL('./parse-worker.js', import.meta.url), { workerData: options, execArgv: workerExecArgv() });
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
    this.worker.postMessage({ id, tasks: tasks.map(sendable) } satisfies ParseRequest);
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
 * Yields each chunk of `size` tasks with its results, in order. Takes `tasks` over (and
 * empties the array), so that each chunk is freed once handed back.
 */
export async function* parseInOrder(tasks: Task[], options: PostOptions, size: number): AsyncGenerator<Parsed[]> {
  const chunks: Task[][] = [];
  for (let i = 0; i < tasks.length; i += size) chunks.push(tasks.slice(i, i + size));
  tasks.length = 0;
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
  const worker = chunks.length >= WORKER_FROM_CHUNKS ? new ParseWorker(postOptions, ready) : null;
  // A full build's files, not read yet: read ahead when they are not in the page cache
  // (in task order, so that the parsing's progress is an index into them).
  const all = worker ? chunks.flat() : [];
  const files = all.every((t): t is Extract<Task, { kind: 'unread' }> => t.kind === 'unread') ? all.map((t) => t.file) : [];
  const readAhead = wantReadAhead(files) ? new ReadAhead(files) : null;
  let taken = 0;
  try {
    for (let k = 0; k < chunks.length; k++) {
      for (;;) {
        while (worker?.canTake && taken < chunks.length) worker.send(taken, chunks[taken++]!);
        readAhead?.reached(taken * size);
        if (ready.has(k)) break;
        if (taken < chunks.length && taken - k < LOOKAHEAD) {
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
