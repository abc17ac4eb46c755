/**
 * Starting a search thread's worker, and starting them before a server's own modules
 * load. A thread's start is its own: node's start of a worker (0.1–0.2 s here), its
 * modules, then jieba's dictionaries (0.2–0.3 s), all before it can load an index; a
 * server's main thread meanwhile loads Express, pino and the rest (0.3–0.45 s), and a
 * server answered only after both, one after the other. `serve` starts its threads first
 * (cli/serve.ts) and its pool takes them over: on 2 cores the two starts go side by
 * side.
 */
import { Worker } from 'node:worker_threads';
import { hostsJieba } from '../text/jieba-threads.js';
import { workerExecArgv } from '../worker-exec-argv.js';
import { SectionCache } from './section-cache.js';
import type { ThreadData } from './search-thread-worker.js';

/**
 * The search thread's heap limits. Its young generation, where each search's temporary
 * objects are made and almost all die, is capped at 12 MB (4 MB semi-spaces): V8 grows
 * it to 48 MB while an index loads, and keeps it, about 20 MB of memory per search thread
 * for nothing. Searches are no slower with it (scripts/bench-child.ts measures its
 * worker thread with these limits too).
 */
export const SEARCH_THREAD_LIMITS = { maxYoungGenerationSizeMb: 12 };

/** A new search thread's worker, registered as a jieba thread (stopped, never torn down). */
export function spawnSearchThread(data: ThreadData): Worker {
  return hostsJieba(
    new Worker(new URL('./search-thread-worker.js', import.meta.url), {
      execArgv: workerExecArgv(),
      resourceLimits: SEARCH_THREAD_LIMITS,
      workerData: data,
    }),
  );
}

/** A thread started early, until a pool takes it (or it fails or exits first: then it is dropped). */
interface EarlyThread {
  data: ThreadData;
  worker: Worker;
  drop: () => void;
}

const early: EarlyThread[] = [];
let earlySections: SectionCache | undefined;

/**
 * Starts the threads a pool of `count` will ask for (the first answers lookups: see
 * search-pool.ts), for {@link takeEarlyThread}. They hold the process open no more than
 * a pool's do. Returns them. With `dataFile`, the data file of the index the server is
 * about to load, its shared sections are read meanwhile too (asynchronously, while the
 * server's modules load), for the pool's first load ({@link takeEarlySections}).
 */
export function startSearchThreadsEarly(count: number, dataFile?: string): Worker[] {
  if (count > 0 && dataFile) {
    earlySections = new SectionCache();
    // A file that cannot be read is the load's to report; the pool reads it again.
    earlySections.get(dataFile).catch(() => undefined);
  }
  const started: Worker[] = [];
  for (let n = 0; n < count; n++) {
    const data: ThreadData = { answersLookups: n === 0 };
    const worker = spawnSearchThread(data);
    worker.unref();
    const thread: EarlyThread = {
      data,
      worker,
      drop: () => {
        const at = early.indexOf(thread);
        if (at >= 0) early.splice(at, 1);
      },
    };
    // A thread that fails before a pool takes it is left to end; the pool starts another.
    worker.on('error', thread.drop);
    worker.on('exit', thread.drop);
    early.push(thread);
    started.push(worker);
  }
  return started;
}

/** The section cache {@link startSearchThreadsEarly} began to fill, once: a pool's first. */
export function takeEarlySections(): SectionCache | undefined {
  const sections = earlySections;
  earlySections = undefined;
  return sections;
}

/** A thread started early with the same `data`, still running, or undefined: the caller starts one. */
export function takeEarlyThread(data: ThreadData): Worker | undefined {
  const thread = early.find((t) => t.data.answersLookups === data.answersLookups);
  if (!thread) return undefined;
  thread.drop();
  thread.worker.off('error', thread.drop);
  thread.worker.off('exit', thread.drop);
  return thread.worker;
}
