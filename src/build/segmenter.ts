/** Fills in the word-index terms of analysed posts, in this thread or on a worker. */
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
   * Called with posts once their `terms` are filled in, to add them to the word index;
   * not called once the worker builds the word index itself.
   */
  onSegmented: (docs: AnalyzedDoc[]) => void;
  /** Called with posts once their `terms` are filled in (after `onSegmented`), always. */
  onDone?: (docs: AnalyzedDoc[]) => void;
  /** The worker (if any) builds the word index of every post pushed: a full build, where all are new. */
  buildWordIndex?: boolean;
}

export interface Segmenter {
  /** Queues posts with their slots. */
  push(docs: [slot: number, doc: AnalyzedDoc][]): void;
  /** Resolves when every queued post is segmented, with the worker's word index JSON (UTF-8) if it built one. */
  finish(): Promise<Uint8Array | null>;
}

/**
 * Segments through this thread's jieba once it is ready; otherwise on a worker, so that the
 * dictionary load (about a second) overlaps with reading posts. A build that may
 * have nothing to segment starts it only when it knows it has, so an unchanged
 * reindex never loads the dictionary.
 */
export function startSegmenter(tokenizer: Tokenizer, options: SegmenterOptions): Segmenter {
  if (isReady()) {
    return {
      push(items) {
        const docs = items.map(([, d]) => d);
        const terms = segmentTermsOfEach(
          tokenizer,
          docs.map((d) => [d.norm.title, d.norm.tags]),
        );
        docs.forEach((d, i) => (d.terms = terms[i]!));
        options.onSegmented(docs);
        options.onDone?.(docs);
      },
      finish: async () => null,
    };
  }
  const wordIndex = options.buildWordIndex ?? false;
  const worker = hostsJieba(
    new Worker(new URL('./segment-worker.js', import.meta.url), {
      workerData: { userWords: options.userWords, stopWords: [...tokenizer.stopWords], wordIndex } satisfies SegmentSetup,
      execArgv: workerExecArgv(),
    }),
  );
  const pending = new Map<number, AnalyzedDoc[]>();
  let nextId = 0;
  let queue: [number, AnalyzedDoc][] = [];
  let failed: Error | null = null;
  let words: Uint8Array | null = null;
  let resolveDone: (() => void) | null = null;
  worker.on('message', (msg: SegmentReply) => {
    if ('words' in msg) {
      words = msg.words;
      resolveDone?.();
      return;
    }
    const docs = pending.get(msg.id)!;
    docs.forEach((d, i) => (d.terms = msg.terms[i]!));
    pending.delete(msg.id);
    if (!wordIndex) options.onSegmented(docs);
    options.onDone?.(docs);
  });
  worker.on('error', (err) => {
    failed = err;
    resolveDone?.();
  });
  const send = (msg: SegmentRequest): void => worker.postMessage(msg);
  const flush = (): void => {
    if (queue.length === 0) return;
    const id = nextId++;
    pending.set(
      id,
      queue.map(([, d]) => d),
    );
    send({ id, items: queue.map(([slot, d]) => [slot, d.norm.title, d.norm.tags]) });
    queue = [];
  };
  return {
    push(items) {
      queue.push(...items);
      if (queue.length >= BATCH) flush();
    },
    async finish() {
      flush();
      if (nextId === 0) {
        // Nothing was sent: no need to wait for a dictionary load.
        void stopThread(worker);
        return null;
      }
      // The worker answers in order: its word index comes after the last batch's terms.
      const done = new Promise<void>((r) => (resolveDone = r));
      send({ finish: true });
      if (!failed) await done;
      // Not awaited: a worker still loading the dictionary stops when the load ends, and
      // nothing needs it any more (it is never torn down: see text/jieba-threads.ts).
      void stopThread(worker);
      if (failed) throw failed;
      return words;
    },
  };
}
