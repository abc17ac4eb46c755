/**
 * The one module that talks to nodejieba. It hides the binding's quirks: dictionaries
 * load once on first use, HMM mode is always on (without it Latin words fall apart into
 * letters), and the globals the binding assigns on load are declared here so they do
 * not leak as accidental globals.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface NodeJieba {
  load(dicts?: { userDict?: string; stopWordDict?: string; idfDict?: string }): unknown;
  cut(text: string, hmm?: boolean): string[];
  cutForSearch(text: string, hmm?: boolean): string[];
  insertWord(word: string, tag?: string): boolean;
  extract(text: string, topN: number): Array<{ word: string; weight: number }>;
  DEFAULT_USER_DICT: string;
}

const require = createRequire(import.meta.url);
let jieba: NodeJieba | undefined;
let segmentOnly = false;
const inserted = new Set<string>();
const pending = new Set<string>();

// nodejieba's load() assigns these without declaring them.
const g = globalThis as Record<string, unknown>;
for (const name of ['dict', 'hmmDict', 'userDict', 'idfDict', 'stopWordDict']) {
  if (!(name in g)) g[name] = undefined;
}

function binding(): NodeJieba {
  if (!jieba) {
    try {
      jieba = require('nodejieba') as NodeJieba;
    } catch (err) {
      const e = new Error(
        `nodejieba could not be loaded (${(err as Error).message}). Reinstall with install scripts enabled: npm rebuild nodejieba`,
      );
      (e as Error & { code: string }).code = 'JIEBA_UNAVAILABLE';
      throw e;
    }
    const tables = segmentOnly ? tinyKeywordTables() : undefined;
    jieba.load(tables);
    if (tables) fs.rmSync(path.dirname(tables.idfDict), { recursive: true, force: true });
    for (const w of pending) jieba.insertWord(w);
    pending.clear();
  }
  return jieba;
}

/** True once the dictionaries are loaded in this thread. */
export function isLoaded(): boolean {
  return jieba !== undefined;
}

/** Loads the dictionaries now (about two seconds) instead of on first use. */
export function preload(): void {
  binding();
}

/**
 * Before the first use: this thread only segments (no keyword extraction), so the large
 * IDF table is not loaded, which saves about a third of a second.
 */
export function segmentationOnly(): void {
  segmentOnly = true;
}

// nodejieba requires readable IDF and stop-word files of at least one line.
function tinyKeywordTables(): { idfDict: string; stopWordDict: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-jieba-'));
  const idfDict = path.join(dir, 'idf.utf8');
  const stopWordDict = path.join(dir, 'stop.utf8');
  fs.writeFileSync(idfDict, '的 1.0\n');
  fs.writeFileSync(stopWordDict, '的\n');
  return { idfDict, stopWordDict };
}

/** Adds words to the segmenter's dictionary (idempotent; applied at load when not loaded yet). */
export function addWords(words: Iterable<string>): void {
  for (const w of words) {
    const word = w.trim();
    if (!word || inserted.has(word)) continue;
    inserted.add(word);
    if (jieba) jieba.insertWord(word);
    else pending.add(word);
  }
}

/** Fine-grained segmentation for indexing: words and their inner words (jieba "search" mode, HMM on). */
export function cutForSearch(text: string): string[] {
  return binding().cutForSearch(text, true);
}

/** Coarse segmentation (jieba default mode, HMM on): the words a query is made of. */
export function cut(text: string): string[] {
  return binding().cut(text, true);
}

/** Keywords by TF-IDF (jieba's IDF table). */
export function keywords(text: string, topN: number): string[] {
  return binding()
    .extract(text, topN)
    .map((k) => k.word);
}
