/** Fills in the title and tag terms of analysed posts, in this thread or on a worker. */
import { Worker } from 'node:worker_threads';
import { isReady } from '../text/jieba.js';
import { hostsJieba, stopThread } from '../text/jieba-threads.js';
import { workerExecArgv } from '../worker-exec-argv.js';
import type { Tokenizer } from '../text/tokenize.js';
import { segmentTermsOfEach, type AnalyzedDoc } from '../indexes/analyze.js';
import type { SegmentReply, SegmentRequest, SegmentSetup } from './segment-worker.js';

const BATCH = 500;

export interface SegmenterOptions {
  userWords: string[];
  /**
   * Called with posts once their `terms` are filled in; `counted`: their words are counted
   * on the worker, the counts given by {@link Segmenter.finish}.
   */
  onDone: (docs: AnalyzedDoc[], counted: boolean) => void;
}

export interface Segmenter {
  /** Queues posts whose terms are to be filled in. */
  push(docs: AnalyzedDoc[]): void;
  /**
   * Resolves when every queued post is segmented: with the words of the posts whose
   * `onDone` said `counted` and the number of posts using each, or null when none did.
   */
  finish(): Promise<Map<string, number> | null>;
}

/**
 * Segments through this thread's jieba once it is ready; otherwise on a worker, so that the
 * dictionary load (0.1-0.6 s, the longer while a build keeps both cores busy) overlaps
 * with reading posts. A build that may have nothing to segment starts it only when it
 * knows it has, so an unchanged reindex never loads the dictionary.
 */
export function startSegmenter(tokenizer: Tokenizer, options: SegmenterOptions): Segmenter {
  if (isReady()) {
    return {
      push(docs) {
        const terms = segmentTermsOfEach(
          tokenizer,
          docs.map((d) => [d.norm.title, d.norm.tags]),
        );
        docs.forEach((d, i) => (d.terms = terms[i]!));
        options.onDone(docs, false);
      },
      finish: async () => null,
    };
  }
  const worker = hostsJieba(
    new Worker(new URL('./segment-worker.js', import.meta.url), {
      workerData: { userWords: options.userWords, stopWords: [...tokenizer.stopWords] } satisfies SegmentSetup,
      execArgv: workerExecArgv(),
    }),
  );
  const pending = new Map<number, AnalyzedDoc[]>();
  let nextId = 0;
  let queue: AnalyzedDoc[] = [];
  let failed: Error | null = null;
  let resolveDone: (() => void) | null = null;
  let counts: Map<string, number> | null = null;
  worker.on('message', (msg: SegmentReply) => {
    if ('finished' in msg) {
      counts = msg.counts;
      resolveDone?.();
      return;
    }
    const docs = pending.get(msg.id)!;
    docs.forEach((d, i) => (d.terms = msg.terms[i]!));
    pending.delete(msg.id);
    options.onDone(docs, true);
  });
  worker.on('error', (err) => {
    failed = err;
    resolveDone?.();
  });
  const send = (msg: SegmentRequest): void => worker.postMessage(msg);
  const flush = (): void => {
    if (queue.length === 0) return;
    const id = nextId++;
    pending.set(id, queue);
    send({ id, items: queue.map((d) => [d.norm.title, d.norm.tags]) });
    queue = [];
  };
  return {
    push(docs) {
      queue.push(...docs);
      if (queue.length >= BATCH) flush();
    },
    async finish() {
      flush();
      if (nextId === 0) {
        // Nothing was sent: no need to wait for a dictionary load.
        void stopThread(worker);
        return null;
      }
      // The worker answers in order: `finished` comes after the last batch's terms.
      const done = new Promise<void>((r) => (resolveDone = r));
      send({ finish: true });
      if (!failed) await done;
      // Not awaited: a worker still loading the dictionary stops when the load ends, and
      // nothing needs it any more (it is never torn down: see text/jieba-threads.ts).
      void stopThread(worker);
      if (failed) throw failed;
      return counts;
    },
  };
}
