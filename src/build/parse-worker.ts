/** Worker thread that reads and analyses posts for a build (see parse-in-order.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { PostOptions } from '../ingest/post.js';
import { runTasks, type Task, type TaskResult } from './analyze-task.js';

export type ParseRequest = { id: number; tasks: Task[] };
export type ParseReply = { id: number; results: TaskResult[] };

const options = workerData as PostOptions;

/** A JSONL line arrives as a plain Uint8Array (a view of its chunk's buffer): a Buffer again, to be decoded. */
function received(task: Task): Task {
  if (task.kind !== 'record' || typeof task.line === 'string' || Buffer.isBuffer(task.line)) return task;
  const line: Uint8Array = task.line;
  return { ...task, line: Buffer.from(line.buffer, line.byteOffset, line.byteLength) };
}

parentPort!.on('message', ({ id, tasks }: ParseRequest) => {
  parentPort!.postMessage({ id, results: runTasks(tasks.map(received), options) } satisfies ParseReply);
});
