/**
 * One measurement in a fresh process, for bench.ts (memory figures are not mixed):
 *   bench-child build SOURCE INDEX [--full]   reindex, print { seconds, maxRssMb, report }
 *   bench-child load INDEX QUERIES [--settle] load, get ready, query (on this thread, then on a
 *                                             worker thread as a server's search thread); print
 *                                             timings, memory, latency (--settle: also after 32
 *                                             passes, see search-passes.ts)
 */
import fs from 'node:fs';
import path from 'node:path';
import { reindex } from '../src/build/reindex.js';
import { loadIndex, readManifest } from '../src/store/store.js';
import { runSteps } from '../src/indexes/steps.js';
import { cutNow, preload, whenReady } from '../src/text/jieba.js';
import { parseQuery } from '../src/search/query-syntax.js';
import { queryCutTexts } from '../src/search/query-plan.js';
import { percentile } from './percentile.js';
import { Worker } from 'node:worker_threads';
import { searchPasses, type PassFigures } from './search-passes.js';
import { SEARCH_THREAD_LIMITS } from '../src/server/search-thread-spawn.js';

const [mode, a, b, flag] = process.argv.slice(2);
const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function readOnce(file: string): void {
  const piece = Buffer.allocUnsafe(8 << 20);
  const fd = fs.openSync(file, 'r');
  try {
    while (fs.readSync(fd, piece, 0, piece.length, null) > 0);
  } finally {
    fs.closeSync(fd);
  }
}

if (mode === 'build') {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { report, manifest } = await reindex({ source: a!, indexDir: b!, full: flag === '--full' });
  // Every thread's CPU (the parse and segmenter workers', the writer's): on n cores the
  // build cannot take less wall time than this over n, however its work is spread.
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      seconds: (performance.now() - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMb: maxRssMb(),
      report: { ...report, skipped: report.skipped.length },
      bytes: manifest.bytes,
    }),
  );
} else if (mode === 'load') {
  // The physical limit of a load: reading the data file once, from the page cache (the
  // build just wrote it), in 8 MB pieces into one buffer.
  const dataFile = path.join(a!, readManifest(a!).dataFile);
  const r0 = performance.now();
  readOnce(dataFile);
  const fileReadMs = performance.now() - r0;
  const t0 = performance.now();
  const { engine, manifest } = loadIndex(a!);
  // Ready: searches are answered from here on (a server starts serving now). As in the
  // server, jieba's dictionaries then load on their worker.
  const ready = performance.now();
  preload();
  engine.warm();
  const warmed = performance.now();
  await whenReady();
  const jieba = performance.now();
  // The memory in use once loaded, after a full collection. Read before the warm-up
  // searches: a forced collection (`gc()`) flushes the code V8 compiled for the searches,
  // which no server's collections do to code it runs all the time (read after the warm-up,
  // the first passes ran 2-3 times slower while V8 compiled it all again).
  gc?.();
  const mem = process.memoryUsage();
  const warmStart = performance.now();
  // The searches a server's search thread runs on its own once its index is in, so that
  // V8 compiles the search code before readers' searches (search/warm-searches.ts).
  const warmSearches = runSteps(engine.searchWarmSteps());
  const warmSearchMs = Math.round(performance.now() - warmStart);
  const queries = fs
    .readFileSync(b!, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
  const settle = flag === '--settle';
  const mainThread = await searchPasses(engine, queries, settle);
  // What a search on this thread spends in jieba, cutting its query. One more pass, each
  // query's cut timed on its own just before the query is searched (untimed).
  const cutTimes: number[] = [];
  for (const q of queries) {
    const texts = queryCutTexts(parseQuery(q));
    const t = performance.now();
    cutNow(texts, 'cut');
    if (texts.length > 0) cutTimes.push(performance.now() - t);
    engine.search(q, { limit: 10 });
  }
  const jiebaCut = { p50: +percentile(cutTimes, 0.5).toFixed(3), p99: +percentile(cutTimes, 0.99).toFixed(3) };
  // The same passes on a worker thread, as a server's search thread runs them.
  const worker = new Worker(new URL('./search-passes.js', import.meta.url), {
    workerData: { searchPasses: true, index: a!, queries, settle },
    resourceLimits: SEARCH_THREAD_LIMITS,
  });
  const thread = await new Promise<PassFigures>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  console.log(
    JSON.stringify({
      documents: engine.documentCount,
      bytes: fs.statSync(path.join(a!, manifest.dataFile)).size,
      readyMs: Math.round(ready - t0),
      fileReadMs: Math.round(fileReadMs),
      warmMs: Math.round(warmed - ready),
      jiebaReadyMs: Math.round(jieba - t0),
      warmSearches,
      warmSearchMs,
      rssMb: Math.round(mem.rss / 1048576),
      heapMb: Math.round(mem.heapUsed / 1048576),
      maxRssMb: Math.round(maxRssMb()),
      ...mainThread,
      jiebaCut,
      thread,
    }),
  );
} else {
  console.error('usage: bench-child build SOURCE INDEX [--full] | load INDEX QUERIES [--settle]');
  process.exit(2);
}
