/**
 * Starting a search thread's worker, and starting them before a server's own modules
 * load. A thread's start is its own: node's start of a worker (0.1–0.2 s here) and its
 * modules, before it can load an index; a server's main thread meanwhile loads Express,
 * pino and the rest (0.3–0.45 s), and a server answered only after both, one after the
 * other, then after the thread's load of the index. `serve` starts its threads first
 * (cli/serve.ts), each loads the index the manifest names as soon as it can, and the
 * server's pool takes them over: on 2 cores the thread's start and load go on beside the
 * server's modules (jieba's dictionaries are read once the thread serves:
 * search-thread-worker.ts).
 */
import { Worker } from 'node:worker_threads';
import { hostsJieba } from '../text/jieba-threads.js';
import { workerExecArgv } from '../worker-exec-argv.js';
import type { EngineOptions } from '../search/engine.js';
import { SectionCache } from './section-cache.js';
import type { ThreadData, ThreadRequest } from './search-thread-worker.js';

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

/** The index a server is about to load first, and how. */
export interface EarlyLoad {
  /** The index folder. */
  dir: string;
  /** Its data file, as the manifest names it now. */
  dataFile: string;
  /** The options the server's first load will give (cli/serving-options.ts `firstLoadOptions`). */
  options: EngineOptions;
}

/**
 * Starts the threads a pool of `count` will ask for (the first answers lookups: see
 * search-pool.ts), for {@link takeEarlyThread}. They hold the process open no more than
 * a pool's do. Returns them. With `first`, the index the server is about to load, its
 * data file's shared sections are read meanwhile too (asynchronously, while the server's
 * modules load), for the pool's first load ({@link takeEarlySections}), and once they
 * are read each thread loads that index, to serve it when the pool asks for the same.
 */
export function startSearchThreadsEarly(count: number, first?: EarlyLoad): Worker[] {
  if (count > 0 && first) {
    earlySections = new SectionCache();
    // A file that cannot be read is the pool's load's to report.
    earlySections.get(first.dataFile).then(
      (shared) => {
        const request: ThreadRequest = { op: 'loadAhead', dir: first.dir, options: first.options, shared };
        for (const worker of started) worker.postMessage(request);
      },
      () => undefined,
    );
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
