/**
 * The one module that imports nodejieba, used in the thread that hosts it (the jieba
 * worker, or a build's segmenter worker). It hides the binding's quirks: dictionaries
 * load once on first use, HMM mode is always on (without it Latin words fall apart
 * into letters), and the globals the binding assigns on load are declared here so
 * they do not leak as accidental globals.
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
}

/** `cut`: jieba's default mode (a query's words); `search`: with inner words (index terms). */
export type CutMode = 'cut' | 'search';

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

/** The error for a binding that cannot be loaded (code `JIEBA_UNAVAILABLE`). */
export function jiebaUnavailable(reason: string): Error {
  const e = new Error(`nodejieba could not be loaded (${reason})`);
  (e as Error & { code: string }).code = 'JIEBA_UNAVAILABLE';
  return e;
}

/** The binding with its dictionaries loaded (about two and a half seconds the first time). */
export function binding(): NodeJieba {
  if (!jieba) {
    let loaded: NodeJieba;
    try {
      loaded = require('nodejieba') as NodeJieba;
    } catch (err) {
      throw jiebaUnavailable(`${(err as Error).message}. Reinstall with install scripts enabled: npm rebuild nodejieba`);
    }
    loaded.load(segmentOnly ? tinyKeywordTables() : undefined);
    jieba = loaded;
    for (const w of pending) jieba.insertWord(w);
    pending.clear();
  }
  return jieba;
}

export function isLoaded(): boolean {
  return jieba !== undefined;
}

/** Before the first use: this thread only segments, so the large IDF table is not loaded. */
export function segmentationOnly(): void {
  segmentOnly = true;
}

// nodejieba requires readable IDF and stop-word files of at least one line. They are
// written once per machine and shared (a worker may be stopped mid-load, so files made
// per load could not be relied on to be cleaned up).
function tinyKeywordTables(): { idfDict: string; stopWordDict: string } {
  const dir = path.join(os.tmpdir(), 'zhsearch-jieba-tables-1');
  const tables = { idfDict: path.join(dir, 'idf.utf8'), stopWordDict: path.join(dir, 'stop.utf8') };
  const content = { idfDict: '的 1.0\n', stopWordDict: '的\n' };
  fs.mkdirSync(dir, { recursive: true });
  for (const key of ['idfDict', 'stopWordDict'] as const) {
    const file = tables[key];
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content[key]) continue;
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    fs.writeFileSync(tmp, content[key]);
    fs.renameSync(tmp, file);
  }
  return tables;
}

/** Adds words to the dictionary (idempotent; applied at load when not loaded yet). */
export function insertWords(words: Iterable<string>): void {
  for (const w of words) {
    const word = w.trim();
    if (!word || inserted.has(word)) continue;
    inserted.add(word);
    if (jieba) jieba.insertWord(word);
    else pending.add(word);
  }
}

export function cutAll(texts: string[], mode: CutMode): string[][] {
  const j = binding();
  return texts.map((t) => (t ? (mode === 'search' ? j.cutForSearch(t, true) : j.cut(t, true)) : []));
}

/** Keywords by TF-IDF (jieba's IDF table). */
export function extractKeywords(text: string, topN: number): string[] {
  return binding()
    .extract(text, topN)
    .map((k) => k.word);
}
