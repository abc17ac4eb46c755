/**
 * Reads a full build's post files ahead of their parsing, on threads of their own, when
 * they are not in the page cache. A build reads its files one at a time where it parses
 * them, and a file the cache does not hold waits for the disk: on this machine 100,000
 * posts took 8–10 s to read that way after their pages had been dropped, against 0.6 s
 * from the cache. Several threads waiting for the disk at once read them in 3–4 s, and
 * the parsing then finds them in the cache. A warm cache is left alone: the threads
 * would only take CPU from the parsing.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { workerExecArgv } from '../worker-exec-argv.js';
import type { ReadAheadData } from './read-ahead-worker.js';

/** Threads reading ahead: they mostly wait for the disk, so more than the cores. */
export const READ_AHEAD_THREADS = 4;
/** How many files they may read ahead of the parsing (the page cache keeps them meanwhile). */
export const READ_AHEAD_WINDOW = 4096;
/** Files timed to tell a cold cache from a warm one, spread over the build's files. */
const PROBES = 32;
/**
 * A read taking longer than this went to the disk: here one from the page cache took
 * 5–20 µs, one from the disk 60–150 µs.
 */
const COLD_READ_MS = 0.04;

/**
 * Reads the first bytes of `file` into `into` (the kernel reads on from there), which
 * brings it into the page cache. An unreadable file is left for the build to report
 * where it parses it: false.
 */
export function readHead(file: string, into: Buffer): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, into, 0, into.length, 0);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * True when half or more of a sample of `files` took longer than a read from the page
 * cache takes (each is opened, its first bytes read, closed).
 */
export function looksCold(files: readonly string[]): boolean {
  if (files.length === 0) return false;
  const probes = Math.min(PROBES, files.length);
  const piece = Buffer.allocUnsafe(4096);
  let slow = 0;
  for (let k = 0; k < probes; k++) {
    const file = files[Math.floor((k * files.length) / probes)]!;
    const t = performance.now();
    if (readHead(file, piece) && performance.now() - t > COLD_READ_MS) slow++;
  }
  return slow * 2 >= probes;
}

/**
 * Whether to read `files` ahead: `ZHSEARCH_READ_AHEAD` `on` or `off`, or by default when
 * they look cold ({@link looksCold}).
 */
export function wantReadAhead(files: readonly string[]): boolean {
  const setting = process.env.ZHSEARCH_READ_AHEAD;
  if (setting === 'on') return files.length > 0;
  if (setting === 'off') return false;
  return looksCold(files);
}

/** Threads reading `files` ahead of the parsing; tell them how far it is with {@link reached}. */
export class ReadAhead {
  private readonly progress = new Int32Array(new SharedArrayBuffer(4));
  private readonly workers: Worker[] = [];

  constructor(files: readonly string[], threads = READ_AHEAD_THREADS) {
    for (let k = 0; k < threads; k++) {
      const data: ReadAheadData = {
        files: files.filter((_, i) => i % threads === k),
        first: k,
        step: threads,
        progress: this.progress,
        window: READ_AHEAD_WINDOW,
      };
      const worker = new Worker(new URL('./read-ahead-worker.js', import.meta.url), { workerData: data, execArgv: workerExecArgv() });
      // Reading ahead only saves time: a thread that fails leaves its files to the parsing.
      worker.on('error', () => {});
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** The parsing has taken the files before `index`. */
  reached(index: number): void {
    Atomics.store(this.progress, 0, index);
    Atomics.notify(this.progress, 0);
  }

  stop(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}
