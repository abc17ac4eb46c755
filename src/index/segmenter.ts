/** Fills in the word-index terms of analysed posts, in this thread or on a worker. */
import { Worker } from 'node:worker_threads';
import { isLoaded } from '../text/jieba.js';
import type { Tokenizer } from '../text/tokenize.js';
import { segmentTerms, type AnalyzedDoc } from './analyze.js';

const BATCH = 500;

export interface Segmenter {
  /** Queues posts; their `terms` are filled in by the time `finish` resolves. */
  push(docs: AnalyzedDoc[]): void;
  finish(): Promise<void>;
}

/**
 * Segments in this thread once jieba is loaded here; otherwise on a worker, so that the
 * dictionary load (about two seconds) overlaps with reading posts, and is skipped
 * altogether when no post needs segmenting.
 */
export function createSegmenter(tokenizer: Tokenizer, userWords: string[], expected: number): Segmenter {
  if (isLoaded() || expected === 0) {
    return {
      push: (docs) => docs.forEach((d) => (d.terms = segmentTerms(tokenizer, d.norm.title, d.norm.tags))),
      finish: async () => {},
    };
  }
  const worker = new Worker(new URL('./segment-worker.js', import.meta.url), { workerData: { userWords, stopWords: [...tokenizer.stopWords] } });
  const pending = new Map<number, AnalyzedDoc[]>();
  let nextId = 0;
  let queue: AnalyzedDoc[] = [];
  let failed: Error | null = null;
  let resolveDone: (() => void) | null = null;
  worker.on('message', (msg: { id: number; terms: AnalyzedDoc['terms'][] }) => {
    pending.get(msg.id)!.forEach((d, i) => (d.terms = msg.terms[i]!));
    pending.delete(msg.id);
    if (pending.size === 0) resolveDone?.();
  });
  worker.on('error', (err) => {
    failed = err;
    resolveDone?.();
  });
  const flush = (): void => {
    if (queue.length === 0) return;
    const id = nextId++;
    pending.set(id, queue);
    worker.postMessage({ id, items: queue.map((d) => [d.norm.title, d.norm.tags]) });
    queue = [];
  };
  return {
    push(docs) {
      queue.push(...docs);
      if (queue.length >= BATCH) flush();
    },
    async finish() {
      flush();
      if (pending.size > 0 && !failed) await new Promise<void>((r) => (resolveDone = r));
      // Not awaited: a worker still loading the dictionary cannot stop before the load
      // ends, and nothing needs it any more.
      worker.unref();
      void worker.terminate();
      if (failed) throw failed;
    },
  };
}
