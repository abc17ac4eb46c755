/**
 * Worker thread that segments titles and tags with jieba. jieba's dictionary takes about
 * two seconds to load; a build starts this worker first, so the load overlaps with
 * reading, parsing and normalising posts on the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { addWords, segmentationOnly } from '../text/jieba.js';
import { Tokenizer } from '../text/tokenize.js';
import { segmentTerms } from './analyze.js';

const setup = workerData as { userWords: string[]; stopWords: string[] };
segmentationOnly();
addWords(setup.userWords);
const tokenizer = new Tokenizer({ stopWords: setup.stopWords });
segmentTerms(tokenizer, '预热', ''); // load the dictionary now, before the first batch arrives

parentPort!.on('message', (msg: { id: number; items: [string, string][] }) => {
  parentPort!.postMessage({ id: msg.id, terms: msg.items.map(([title, tags]) => segmentTerms(tokenizer, title, tags)) });
});
