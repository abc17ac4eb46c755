/**
 * Worker thread that segments titles and tags with jieba. jieba's dictionary takes 0.1-0.6 s
 * to load; a build starts this worker first, so the load overlaps with reading, parsing
 * and normalising posts on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { addWords } from '../text/jieba.js';
import { exitWhenAsked, isStopMessage } from '../text/jieba-threads.js';
import { Tokenizer } from '../text/tokenize.js';
import { countTermWords, segmentTermsOfEach } from '../indexes/analyze.js';

export type SegmentSetup = { userWords: string[]; stopWords: string[] };
export type SegmentRequest = { id: number; items: [title: string, tags: string][] } | { finish: true };
/**
 * Each batch's terms, in order; `finished` after the last, once `finish` is asked, with
 * the words of every post segmented and the number of posts using each (counted here,
 * off the build's main thread: see SearchEngine.termsFilled).
 */
export type SegmentReply = { id: number; terms: { title: string; tags: string }[] } | { finished: true; counts: Map<string, number> };

const setup = workerData as SegmentSetup;
// Before the dictionary load below: a stop asked during it is taken right after.
exitWhenAsked();
addWords(setup.userWords);
const tokenizer = new Tokenizer({ stopWords: setup.stopWords });
segmentTermsOfEach(tokenizer, [['预热', '']]); // load the dictionary now, before the first batch arrives

const counts = new Map<string, number>();
parentPort!.on('message', (msg: SegmentRequest) => {
  if (isStopMessage(msg)) return;
  if ('finish' in msg) return parentPort!.postMessage({ finished: true, counts } satisfies SegmentReply);
  const terms = segmentTermsOfEach(tokenizer, msg.items);
  parentPort!.postMessage({ id: msg.id, terms } satisfies SegmentReply);
  // After the reply: the build waits for the terms, not for the counts.
  for (const t of terms) countTermWords(counts, t, 1);
});
