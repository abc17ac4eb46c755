/**
 * Worker thread that segments titles and tags with jieba. jieba's dictionary takes 0.1-0.6 s
 * to load; a build starts this worker first, so the load overlaps with reading, parsing
 * and normalising posts on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { addWords } from '../text/jieba.js';
import { exitWhenAsked, isStopMessage } from '../text/jieba-threads.js';
import { Tokenizer } from '../text/tokenize.js';
import { segmentTermsOfEach } from '../indexes/analyze.js';

export type SegmentSetup = { userWords: string[]; stopWords: string[] };
export type SegmentRequest = { id: number; items: [title: string, tags: string][] } | { finish: true };
/** Each batch's terms, in order; `finished` after the last, once `finish` is asked. */
export type SegmentReply = { id: number; terms: { title: string; tags: string }[] } | { finished: true };

const setup = workerData as SegmentSetup;
// Before the dictionary load below: a stop asked during it is taken right after.
exitWhenAsked();
addWords(setup.userWords);
const tokenizer = new Tokenizer({ stopWords: setup.stopWords });
segmentTermsOfEach(tokenizer, [['预热', '']]); // load the dictionary now, before the first batch arrives

parentPort!.on('message', (msg: SegmentRequest) => {
  if (isStopMessage(msg)) return;
  if ('finish' in msg) return parentPort!.postMessage({ finished: true } satisfies SegmentReply);
  parentPort!.postMessage({ id: msg.id, terms: segmentTermsOfEach(tokenizer, msg.items) } satisfies SegmentReply);
});
