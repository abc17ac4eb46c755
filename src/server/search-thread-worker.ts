/**
 * The search thread (see search-thread.ts): holds its own copy of the served index and
 * jieba, answers searches as encoded answers, loads each new index it is told of.
 * Messages are handled in order, so a search asked before a load is answered by the
 * index that was served when it was asked, or not at all (`answer: null`).
 */
import { parentPort } from 'node:worker_threads';
import type { EngineOptions, SearchEngine, SearchOptions } from '../index/engine.js';
import { loadIndex } from '../index/store.js';
import { addWords, preload, segmentationOnly } from '../text/jieba.js';
import { toAnswer, type SearchAnswer } from './search-answer.js';

export type ThreadRequest =
  | { op: 'load'; dir: string; options: EngineOptions }
  | { op: 'synonyms'; groups: string[][] }
  | { op: 'words'; words: string[] }
  | { op: 'search'; id: number; version: string; query: string; options: SearchOptions };

export type ThreadReply =
  | { op: 'loaded'; version: string }
  | { op: 'loadFailed'; reason: string }
  | { op: 'answer'; id: number; answer: SearchAnswer | null; error?: string };

const port = parentPort!;
let engine: SearchEngine | null = null;
let version = '';

function post(reply: ThreadReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
}

function load(dir: string, options: EngineOptions): void {
  try {
    const next = loadIndex(dir, options);
    if (next.manifest.version === version) return post({ op: 'loaded', version });
    addWords(next.manifest.userWords);
    next.engine.warm();
    engine = next.engine;
    version = next.manifest.version;
    post({ op: 'loaded', version });
  } catch (err) {
    post({ op: 'loadFailed', reason: (err as Error).message });
  }
}

function search(id: number, asked: string, query: string, options: SearchOptions): void {
  if (!engine || asked !== version) return post({ op: 'answer', id, answer: null });
  try {
    const answer = toAnswer(engine.search(query, options));
    post({ op: 'answer', id, answer }, [answer.rest.buffer as ArrayBuffer]);
  } catch (err) {
    post({ op: 'answer', id, answer: null, error: (err as Error).message });
  }
}

// Only searches segment here: jieba's keyword tables are not needed.
segmentationOnly();
try {
  preload();
} catch {
  // Without jieba every search fails here and is answered on the main thread instead.
}
port.on('message', (req: ThreadRequest) => {
  if (req.op === 'search') search(req.id, req.version, req.query, req.options);
  else if (req.op === 'load') load(req.dir, req.options);
  else if (req.op === 'words') addWords(req.words);
  else engine?.setSynonyms(req.groups);
});
