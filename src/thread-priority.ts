/**
 * Lowers the scheduling priority of the calling thread (Linux: a thread is a task with
 * its own nice value; `/proc/thread-self` names it). Background threads of a server —
 * search threads, checksum workers — give way to the thread that answers HTTP when the
 * cores are busy, so a reload or a flood of heavy queries does not hold up every request.
 * Elsewhere, or without permission, it does nothing.
 */
import fs from 'node:fs';
import os from 'node:os';

/** How much nicer background threads are than the serving thread. */
export const BACKGROUND_NICENESS = 5;

export function lowerThisThreadPriority(by = BACKGROUND_NICENESS): void {
  if (process.env.ZHSEARCH_THREAD_PRIORITY === 'same') return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return;
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + by));
  } catch {
    // not Linux, or not allowed: the thread keeps its priority
  }
}
