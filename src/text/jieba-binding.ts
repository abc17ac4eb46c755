/**
 * The one module that imports nodejieba. It hides the binding's quirks: HMM mode is always
 * on (without it Latin words fall apart into letters), and the globals the binding assigns
 * on load are declared here so they do not leak as accidental globals.
 *
 * The dictionaries are the process's, not a thread's (patches/nodejieba+3.5.8.patch): the
 * first thread to call {@link binding} reads them, a thread calling it meanwhile waits for
 * that read, and every later call, on any thread, finds them in. Every thread then cuts
 * in place, on the one copy (cuts under a shared lock, added words under an exclusive one).
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { TABLES_DIR, writeOnce } from './dictionary-lines.js';

interface NodeJieba {
  DEFAULT_DICT: string;
  DEFAULT_IDF_DICT: string;
  DEFAULT_STOP_WORD_DICT: string;
  load(dicts?: { dict?: string; userDict?: string; stopWordDict?: string; idfDict?: string }): unknown;
  /** True once the process's dictionaries are in (patched in). */
  loaded(): boolean;
  cut(text: string, hmm?: boolean): string[];
  cutForSearch(text: string, hmm?: boolean): string[];
  insertWord(word: string, tag?: string): boolean;
}

/**
 * `cut`: jieba's default mode (a query's words); `search`: with inner words (index terms);
 * `dictionary`: by the dictionary alone, without the model that joins unknown characters
 * (`然是`, which `cut` gives whole), so a text comes back whole only when it is a word of
 * the dictionary or a word added to it. For Han text: Latin falls apart into letters.
 */
export type CutMode = 'cut' | 'search' | 'dictionary';

const require = createRequire(import.meta.url);
let jieba: NodeJieba | undefined;
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

export { MIN_WORD_FREQUENCY } from './analyzer.js';
import { MIN_WORD_FREQUENCY } from './analyzer.js';

function required(): NodeJieba {
  try {
    return require('nodejieba') as NodeJieba;
  } catch (err) {
    throw jiebaUnavailable(`${(err as Error).message}. Reinstall with install scripts enabled: npm rebuild nodejieba`);
  }
}

/**
 * The binding with the dictionaries loaded: read the first time in the process (0.1-0.6 s),
 * waited for while another thread reads them, at once after that.
 */
export function binding(): NodeJieba {
  if (!jieba) {
    const loaded = required();
    // Its keyword tables are not used (keywords.ts reads jieba's on first use instead): tiny
    // ones stand in. Where another thread has read the dictionaries, this returns at once
    // (this thread's wrapper still has to be told, or it would load on its first cut).
    try {
      loaded.load({ dict: compactDictionary(loaded.DEFAULT_DICT), ...tinyKeywordTables() });
    } catch (err) {
      // Its native part is loaded here, on first use (a missing or broken build).
      throw jiebaUnavailable(`${(err as Error).message}`);
    }
    jieba = loaded;
    for (const w of pending) jieba.insertWord(w);
    pending.clear();
  }
  return jieba;
}

/**
 * True once {@link binding} returns at once: the process's dictionaries are in, read by any
 * thread (or, with nodejieba's prebuilt binary, this thread's own).
 */
export function isLoaded(): boolean {
  if (jieba) return true;
  try {
    return required().loaded();
  } catch {
    return false; // the prebuilt binary has no loaded(): only this thread's copy counts
  }
}

/**
 * Whether the binding keeps one copy of the dictionaries for the process (the patched
 * build). nodejieba's prebuilt binary, installed where the patched one did not compile,
 * keeps one per thread: each thread then reads its own.
 */
export function sharesDictionaries(): boolean {
  try {
    required().loaded();
    return true;
  } catch {
    return false;
  }
}

/**
 * jieba's dictionary without the words counted fewer than {@link MIN_WORD_FREQUENCY}
 * times; the full one where the temp folder cannot be written (slower to load, same cuts
 * for all but rare words).
 */
export function compactDictionary(full: string): string {
  try {
    // Named after nodejieba's version and the source's size, so an updated nodejieba gets a
    // new one; not after the file's time, which every install of the same version changes
    // (a table per `npm ci` piled up in the temp folder).
    const { size } = fs.statSync(full);
    const { version } = require('nodejieba/package.json') as { version: string };
    const file = path.join(TABLES_DIR, `jieba.dict.min${MIN_WORD_FREQUENCY}.${version}.${size}.utf8`);
    const make = (): string =>
      fs
        .readFileSync(full, 'utf8')
        .split('\n')
        .filter((line) => Number(line.split(' ')[1]) >= MIN_WORD_FREQUENCY)
        .join('\n') + '\n';
    return writeOnce(file, make, () => true);
  } catch {
    return full;
  }
}

// nodejieba requires readable IDF and stop-word files of at least one line.
function tinyKeywordTables(): { idfDict: string; stopWordDict: string } {
  const content = { idfDict: '的 1.0\n', stopWordDict: '的\n' };
  const table = (key: keyof typeof content, name: string): string => {
    const file = path.join(TABLES_DIR, name);
    return writeOnce(
      file,
      () => content[key],
      () => fs.readFileSync(file, 'utf8') === content[key],
    );
  };
  return { idfDict: table('idfDict', 'idf.utf8'), stopWordDict: table('stopWordDict', 'stop.utf8') };
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
  return texts.map((t) => (t ? (mode === 'search' ? j.cutForSearch(t, true) : j.cut(t, mode !== 'dictionary')) : []));
}

/** jieba's IDF table and stop words (for keywords.ts), found without loading the binding. */
export function keywordTableFiles(): { idf: string; stopWords: string } {
  const { DEFAULT_IDF_DICT, DEFAULT_STOP_WORD_DICT } = require('nodejieba') as NodeJieba;
  return { idf: DEFAULT_IDF_DICT, stopWords: DEFAULT_STOP_WORD_DICT };
}
