/**
 * Worker thread that segments titles and tags with jieba and, for a full build,
 * fills the word index with them. jieba's dictionary takes about a second to load; a build
 * starts this worker first, so the load overlaps with reading, parsing and normalising
 * posts on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { addWords } from '../text/jieba.js';
import { exitWhenAsked, isStopMessage } from '../text/jieba-threads.js';
import { Tokenizer } from '../text/tokenize.js';
import { segmentTermsOfEach } from '../indexes/analyze.js';
import { WordIndexBuilder } from '../indexes/word-index.js';

export type SegmentSetup = { userWords: string[]; stopWords: string[]; wordIndex: boolean };
export type SegmentRequest = { id: number; items: [slot: number, title: string, tags: string][] } | { finish: true };
export type SegmentReply = { id: number; terms: { title: string; tags: string }[] } | { words: Uint8Array | null };

const setup = workerData as SegmentSetup;
// Before the dictionary load below: a stop asked during it is taken right after.
exitWhenAsked();
addWords(setup.userWords);
const tokenizer = new Tokenizer({ stopWords: setup.stopWords });
segmentTermsOfEach(tokenizer, [['预热', '']]); // load the dictionary now, before the first batch arrives
const words = setup.wordIndex ? new WordIndexBuilder() : null;

parentPort!.on('message', (msg: SegmentRequest) => {
  if (isStopMessage(msg)) return;
  if ('finish' in msg) {
    // Handed over without a copy: its own ArrayBuffer, transferred (a small one may sit in
    // Node's shared pool, and is copied out of it first).
    const json = words?.toBytes() ?? null;
    const bytes = !json || json.byteLength === json.buffer.byteLength ? json : new Uint8Array(json);
    parentPort!.postMessage({ words: bytes } satisfies SegmentReply, bytes ? [bytes.buffer as ArrayBuffer] : []);
    return;
  }
  const terms = segmentTermsOfEach(
    tokenizer,
    msg.items.map(([, title, tags]) => [title, tags]),
  );
  if (words) msg.items.forEach(([slot], i) => words.add(slot, terms[i]!));
  parentPort!.postMessage({ id: msg.id, terms } satisfies SegmentReply);
});
