/**
 * The in-process latency passes of bench-child.ts: eight passes of `engine.search` over the
 * queries; the figures are the last four (after four warm-up passes: the steady state of a
 * server that has run a while), and p99Early the p99 of passes 2-5, after one warm-up pass
 * only, while V8 is still optimising the code.
 *
 * Run as a worker thread (workerData `{ index, queries }`), it loads the index itself and
 * posts the figures back: a search as a server's search thread runs it, with jieba on the
 * same thread, where the main thread calls jieba on a worker of its own.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { percentile } from './percentile.js';

export interface PassFigures {
  p50: number;
  p95: number;
  p99: number;
  p99Early: number;
}

export function searchPasses(engine: { search(q: string, o: { limit: number }): unknown }, queries: string[]): PassFigures {
  const early: number[] = [];
  const times: number[] = [];
  for (let pass = 0; pass < 8; pass++) {
    for (const q of queries) {
      const t = performance.now();
      engine.search(q, { limit: 10 });
      const d = performance.now() - t;
      if (pass >= 1 && pass <= 4) early.push(d);
      if (pass >= 4) times.push(d);
    }
  }
  const at = (list: number[], p: number): number => +percentile(list, p).toFixed(3);
  return { p50: at(times, 0.5), p95: at(times, 0.95), p99: at(times, 0.99), p99Early: at(early, 0.99) };
}

if (!isMainThread && (workerData as { searchPasses?: boolean } | null)?.searchPasses) {
  const { index, queries } = workerData as { index: string; queries: string[] };
  const { loadIndex } = await import('../src/store/store.js');
  const { preload } = await import('../src/text/jieba.js');
  preload(); // on a worker thread: jieba's dictionaries load here, now
  const { engine } = loadIndex(index);
  engine.warm();
  parentPort!.postMessage(searchPasses(engine, queries));
}
