/**
 * Reads jieba's dictionaries for the process (see jieba.ts), so that the main thread never
 * stops for them, reports, and ends: every thread then cuts in place, on the copy this
 * thread read (jieba-binding.ts).
 */
import { parentPort } from 'node:worker_threads';
import { binding } from './jieba-binding.js';

export type LoadReport = { ok: true } | { ok: false; error: string };

let report: LoadReport;
try {
  binding();
  report = { ok: true };
} catch (err) {
  report = { ok: false, error: (err as Error).message };
}
parentPort!.postMessage(report);
