/**
 * The in-process latency passes of bench-child.ts: eight passes of `engine.search` over the
 * queries; the figures are the last four (after four warm-up passes, a thousand searches,
 * while V8 may still be compiling the search code), and p99Early the p99 of passes 2-5, after one warm-up pass
 * only, while V8 is still optimising the code. With `settle`, passes go on to the 32nd,
 * and p99Settled is the p99 of passes 29-32: V8 may still be compiling during passes 5-8
 * (its compiler runs on threads of its own, which take cores from the search).
 *
 * Run as a worker thread (workerData `{ index, queries }`), it loads the index itself, as
 * a server's search thread does (its sections in shared memory, since 2026-12-04), and
 * posts the figures back: a search as a server's search thread runs it, with jieba on the
 * same thread.
 */
import fs from 'node:fs';
import path from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { percentile } from './percentile.js';
import { statCpuSeconds } from './proc-stat.js';

export interface PassFigures {
  p50: number;
  p95: number;
  p99: number;
  p99Early: number;
  /**
   * What the slowest searches (at or above p99) had in common, to tell the code's tail
   * from the machine's: how many there were, how many lost the CPU while they ran (the
   * thread was switched out by the scheduler: Linux's nonvoluntary context switches of
   * this thread), how many overlapped a garbage collection, and the median of their
   * queries' own fastest times in the same passes. Absent where /proc is not Linux's.
   */
  slowest?: { searches: number; preempted: number; duringGc: number; ownFastestMedian: number };
  /**
   * The p99 over the queries of each one's fastest time in the measured passes: what the
   * searches themselves cost at the tail, with little of the machine's scheduler and
   * collections in it (a query must meet them in all four passes).
   */
  p99Fastest: number;
  /**
   * The young generation's collections (scavenges) during the measured passes: how many,
   * one per how many searches, and their median pause. A search that meets one waits for
   * it; once more than 1% of the searches do, the p99 is a search that did.
   */
  minorCollections?: { count: number; searchesPerCollection: number; medianMs: number };
  /** The p99 of the searches that kept the CPU (no nonvoluntary switch while they ran). */
  p99KeptCpu?: number;
  /**
   * CPU time of the process's other threads (V8's compiler and collector helpers, libuv)
   * per second of the measured passes,
   * in ms: 5-8, and 29-32 with `settle`. Absent where /proc is not Linux's.
   */
  othersCpuMsPerS?: number;
  othersCpuMsPerSSettled?: number;
  /** With `settle`: the p99 of passes 29-32. */
  p99Settled?: number;
}

/**
 * This thread's status file, kept open, and a buffer to read it into: the count is read
 * twice a measured search, and `readFileSync` of a /proc file allocated 64 KB and a
 * string each time, garbage that made the young generation's collections, which the
 * passes measure, more frequent. Opened by the thread that reads it (a module is loaded
 * once per thread), so `thread-self` is that thread.
 */
const status = { fd: -2, bytes: Buffer.alloc(8192), field: Buffer.from('\nnonvoluntary_ctxt_switches:') };

/** This thread's nonvoluntary context switches so far, or null off Linux. */
function switchedOut(): number | null {
  if (status.fd === -2) {
    try {
      status.fd = fs.openSync('/proc/thread-self/status', 'r');
    } catch {
      status.fd = -1;
    }
  }
  if (status.fd < 0) return null;
  const { bytes, field } = status;
  const length = fs.readSync(status.fd, bytes, 0, bytes.length, 0);
  const at = bytes.subarray(0, length).indexOf(field);
  if (at < 0) return null;
  let n = 0;
  let i = at + field.length;
  while (i < length && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
  for (; i < length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39; i++) n = n * 10 + bytes[i]! - 0x30;
  return n;
}

/** CPU time in ms of this process's threads other than this one, or null off Linux. */
function othersCpuMs(): number | null {
  try {
    const self = statCpuSeconds(fs.readFileSync('/proc/thread-self/stat', 'utf8'));
    const all = statCpuSeconds(fs.readFileSync('/proc/self/stat', 'utf8'));
    return Math.round((all - self) * 1000);
  } catch {
    return null;
  }
}

export async function searchPasses(
  engine: { search(q: string, o: { limit: number }): unknown },
  queries: string[],
  settle = false,
): Promise<PassFigures> {
  const early: number[] = [];
  const settled: number[] = [];
  // Other threads' CPU and the wall time at the start and end of the measured passes.
  const marks: { cpu: number | null; at: number }[] = [];
  const mark = (): void => void marks.push({ cpu: othersCpuMs(), at: performance.now() });
  const measured: { q: string; start: number; ms: number; preempted: boolean }[] = [];
  const collections: [number, number][] = [];
  const minor: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      collections.push([e.startTime, e.startTime + e.duration]);
      if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)
        minor.push([e.startTime, e.duration]);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const passes = settle ? 32 : 8;
  for (let pass = 0; pass < passes; pass++) {
    if (pass === 4 || pass === 28) mark();
    for (const q of queries) {
      if (pass >= 8) {
        const t = performance.now();
        engine.search(q, { limit: 10 });
        if (pass >= 28) settled.push(performance.now() - t);
        continue;
      }
      // Read outside the timed span: the read is a system call of its own.
      const before = pass >= 4 ? switchedOut() : null;
      const t = performance.now();
      engine.search(q, { limit: 10 });
      const d = performance.now() - t;
      const after = before === null ? null : switchedOut();
      if (pass >= 1 && pass <= 4) early.push(d);
      if (pass >= 4) measured.push({ q, start: t, ms: d, preempted: after !== null && after > before! });
    }
    if (pass === 7 || pass === 31) mark();
  }
  // The observer hears of the collections once this thread is free.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const times = measured.map((m) => m.ms);
  const at = (list: number[], p: number): number => +percentile(list, p).toFixed(3);
  const fastest = new Map<string, number>();
  for (const m of measured) fastest.set(m.q, Math.min(fastest.get(m.q) ?? Infinity, m.ms));
  const figures: PassFigures = {
    p50: at(times, 0.5),
    p95: at(times, 0.95),
    p99: at(times, 0.99),
    p99Early: at(early, 0.99),
    p99Fastest: at([...fastest.values()], 0.99),
  };
  if (settle) figures.p99Settled = at(settled, 0.99);
  if (switchedOut() === null) return figures;
  const perSecond = (from: number): number =>
    Math.round(((marks[from + 1]!.cpu! - marks[from]!.cpu!) / (marks[from + 1]!.at - marks[from]!.at)) * 1000);
  // Against the unrounded p99: rounded up, it may pass every search.
  const slow = measured.filter((m) => m.ms >= percentile(times, 0.99));
  const kept = measured.filter((m) => !m.preempted).map((m) => m.ms);
  return {
    ...figures,
    slowest: {
      searches: slow.length,
      preempted: slow.filter((m) => m.preempted).length,
      duringGc: slow.filter((m) => collections.some(([a, b]) => a < m.start + m.ms && b > m.start)).length,
      ownFastestMedian: at(
        slow.map((m) => fastest.get(m.q)!),
        0.5,
      ),
    },
    minorCollections: (() => {
      const during = minor.filter(([start]) => start >= marks[0]!.at && start <= marks[1]!.at).map(([, ms]) => ms);
      return {
        count: during.length,
        searchesPerCollection: during.length > 0 ? Math.round(measured.length / during.length) : measured.length,
        medianMs: during.length > 0 ? at(during, 0.5) : 0,
      };
    })(),
    p99KeptCpu: at(kept, 0.99),
    othersCpuMsPerS: perSecond(0),
    ...(settle ? { othersCpuMsPerSSettled: perSecond(2) } : {}),
  };
}

if (!isMainThread && (workerData as { searchPasses?: boolean } | null)?.searchPasses) {
  const { index, queries, settle } = workerData as { index: string; queries: string[]; settle?: boolean };
  const { loadIndexInSlices, readManifest } = await import('../src/store/store.js');
  const { readSharedSections } = await import('../src/store/data-file.js');
  const { preload } = await import('../src/text/jieba.js');
  preload(); // on a worker thread: jieba's dictionaries load here, now
  // As a server's search thread loads it: the postings, references and texts in shared
  // memory (server/section-cache.ts), whose texts a search decodes as it reads them.
  const manifest = readManifest(index);
  const shared = await readSharedSections(path.join(index, manifest.dataFile));
  const { engine } = await loadIndexInSlices(index, {}, manifest, shared);
  engine.warm();
  // As a server's search thread does once its index is in (search/warm-searches.ts).
  const { runSteps } = await import('../src/indexes/steps.js');
  runSteps(engine.searchWarmSteps());
  parentPort!.postMessage(await searchPasses(engine, queries, settle));
}
