/** A thread of read-ahead.ts: reads its share of a build's files, never far ahead of the parsing. */
import { workerData } from 'node:worker_threads';
import { readHead } from './read-ahead.js';

export interface ReadAheadData {
  /** Its share of the files: those at `first`, `first + step`, … of the build's list. */
  files: string[];
  first: number;
  step: number;
  /** How many of the build's files the parsing has taken (one int32). */
  progress: Int32Array;
  window: number;
}

const { files, first, step, progress, window } = workerData as ReadAheadData;
// The first 64 KB of a file: all of nearly every post, and the kernel reads on from there.
const piece = Buffer.allocUnsafe(64 * 1024);
for (let k = 0; k < files.length; k++) {
  const index = first + k * step;
  for (let taken = Atomics.load(progress, 0); index - taken > window; taken = Atomics.load(progress, 0))
    Atomics.wait(progress, 0, taken, 100);
  readHead(files[k]!, piece);
}
