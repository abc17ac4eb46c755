/**
 * Word segmentation with jieba, for the rest of the code. jieba's dictionaries are the
 * process's (jieba-binding.ts): every thread cuts in place, on the one copy. They take
 * 0.1-0.6 s to load, and loading them on the main thread would stop every request for that
 * long, so there a worker reads them (jieba-worker.ts) and ends. Until they are in,
 * {@link tryCutAll} answers null so that queries can be served at once with a plainer
 * split (see tokenize.ts); the other calls wait for them.
 */
import { isMainThread, Worker } from 'node:worker_threads';
import { workerExecArgv } from '../worker-exec-argv.js';
import * as direct from './jieba-binding.js';
import { hostsJieba } from './jieba-threads.js';
import { keywordTableSteps, runToEnd, tfIdfKeywords, type KeywordTables } from './keywords.js';
import type { CutMode } from './jieba-binding.js';
import type { LoadReport } from './jieba-worker.js';

export type { CutMode } from './jieba-binding.js';

/** The main thread's load of the dictionaries (on a worker): settled when they are in, or cannot be. */
let loading: Promise<void> | null = null;
/** Every word added on the main thread, and who else segments with them. */
const wordsAdded = new Set<string>();
const wordListeners = new Set<(words: string[]) => void>();

/** Starts the dictionaries' load on a worker, unless they are in or loading. */
function loadInBackground(): Promise<void> {
  if (!loading) {
    if (direct.isLoaded()) loading = Promise.resolve();
    else if (direct.sharesDictionaries()) loading = loadOnWorker();
    // nodejieba's prebuilt binary: what a worker read would be the worker's alone, so this
    // thread reads its own, stopping for it, once what it is doing now is done.
    else loading = new Promise<void>((resolve) => setImmediate(resolve)).then(() => void direct.binding());
    // Kept when it fails, so that each query does not start a worker again: whenReady
    // reports the failure, and a call that waits for jieba loads on its own thread and throws.
    // Handled here once, so that callers that only start the load need not.
    loading.catch(() => {});
  }
  return loading;
}

function loadOnWorker(): Promise<void> {
  const worker = hostsJieba(new Worker(new URL('./jieba-worker.js', import.meta.url), { execArgv: workerExecArgv() }));
  // It does not keep the process alive: a process that is done may exit while jieba
  // loads (its threads are stopped first, see jieba-threads.ts).
  worker.unref();
  return new Promise<void>((resolve, reject) => {
    worker.once('message', (report: LoadReport) => (report.ok ? resolve() : reject(direct.jiebaUnavailable(report.error))));
    worker.once('error', (err) => reject(direct.jiebaUnavailable(err.message)));
    worker.once('exit', () => reject(direct.jiebaUnavailable('the jieba worker ended before loading')));
  });
}

/** Starts loading the dictionaries now (in the background on the main thread). */
export function preload(): void {
  if (isMainThread) void loadInBackground();
  else direct.binding();
}

/** True once jieba can answer without waiting for its dictionaries. */
export function isReady(): boolean {
  return direct.isLoaded();
}

/** Resolves once the dictionaries are loaded (rejects if they cannot be). */
export async function whenReady(): Promise<void> {
  if (isMainThread) await loadInBackground();
  direct.binding();
}

/** Adds words to the dictionary (idempotent; they apply from the next call on). */
export function addWords(words: Iterable<string>): void {
  const list = [...words].map((w) => w.trim()).filter(Boolean);
  if (list.length === 0) return;
  if (!isMainThread) return direct.insertWords(list);
  // Each word once: the same user dictionary comes again with every reload.
  const fresh = list.filter((w) => !wordsAdded.has(w));
  if (fresh.length === 0) return;
  for (const w of fresh) wordsAdded.add(w);
  for (const listener of wordListeners) listener(fresh);
  // Before the dictionaries are in, they wait for this thread's first cut: adding words is no reason to load jieba.
  direct.insertWords(fresh);
}

/**
 * Whether the dictionary has a word added on the main thread that `words` lacks: the
 * dictionary is the process's and keeps every word added to it, so a build that must not
 * use such a word (one taken out of user-dict.txt) needs a process of its own.
 */
export function hasWordsBeyond(words: Iterable<string>): boolean {
  const wanted = new Set([...words].map((w) => w.trim()));
  for (const w of wordsAdded) if (!wanted.has(w)) return true;
  return false;
}

/**
 * Calls `listener` with the words added to the main thread's dictionary so far, then with
 * each later addition, so that another thread segmenting queries (the search thread)
 * cuts them alike. Returns the unsubscribe function.
 */
export function followWords(listener: (words: string[]) => void): () => void {
  if (wordsAdded.size > 0) listener([...wordsAdded]);
  wordListeners.add(listener);
  return () => void wordListeners.delete(listener);
}

/** Segments each text (HMM on); waits for the dictionaries if needed. */
export function cutAll(texts: string[], mode: CutMode): string[][] {
  return direct.cutAll(texts, mode);
}

/** Each text's cut under the text. */
function byText(texts: string[], cuts: string[][]): Map<string, string[]> {
  return new Map(texts.map((t, i) => [t, cuts[i]!]));
}

/** The cuts of `texts` in `mode`, by text. Null while the dictionaries load, or for no texts. */
export function cutNow(texts: string[], mode: CutMode): Map<string, string[]> | null {
  const cuts = texts.length > 0 ? tryCutAll(texts, mode) : null;
  return cuts && byText(texts, cuts);
}

/** Like {@link cutAll}, but null instead of waiting while the dictionaries load. */
export function tryCutAll(texts: string[], mode: CutMode): string[][] | null {
  if (isMainThread && !isReady()) {
    void loadInBackground();
    return null;
  }
  return cutAll(texts, mode);
}

/**
 * Whether each text is one word of jieba's dictionary (or a site's): cut by the dictionary
 * alone, without the model that joins unknown characters (`然是`), it comes back whole.
 * Null while the dictionaries load.
 */
export function areDictionaryWords(texts: string[]): boolean[] | null {
  if (texts.length === 0) return [];
  const cuts = tryCutAll(texts, 'dictionary');
  return cuts && cuts.map((cut) => cut.length === 1);
}

/** jieba's keyword tables, read by {@link readKeywordTablesSteps} or on the first {@link keywords} of this thread. */
let keywordTables: KeywordTables | null = null;

/** Reads this thread's keyword tables now, pausing between pieces (a no-op once they are read). */
export function* readKeywordTablesSteps(): Generator<void, KeywordTables, void> {
  if (keywordTables) return keywordTables;
  const files = direct.keywordTableFiles();
  const read = yield* keywordTableSteps(files.idf, files.stopWords);
  return (keywordTables ??= read);
}

/** Keywords by TF-IDF (jieba's IDF table), as nodejieba's `extract` gives them; waits for the dictionaries if needed. */
export function keywords(text: string, topN: number): string[] {
  const words = text ? cutAll([text], 'cut')[0]! : [];
  if (words.length === 0) return [];
  return tfIdfKeywords(words, topN, keywordTables ?? runToEnd(readKeywordTablesSteps()));
}
