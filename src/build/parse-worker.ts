/** Worker thread that reads and analyses posts for a build (see parse-in-order.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import type { PostOptions } from '../ingest/post.js';
import { runTasks, type Task, type TaskResult } from './analyze-task.js';

export type ParseRequest = { id: number; tasks: Task[] };
export type ParseReply = { id: number; results: TaskResult[] };

const options = workerData as PostOptions;

parentPort!.on('message', ({ id, tasks }: ParseRequest) => {
  parentPort!.postMessage({ id, results: runTasks(tasks, options) } satisfies ParseReply);
});
