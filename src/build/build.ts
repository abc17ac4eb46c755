/**
 * Builds an engine from a `_posts` folder or a JSONL file of post records. With a
 * previous engine, posts whose source hash is unchanged are reused as they are; only
 * added and changed posts are parsed (here and on a worker) and segmented again (on a
 * worker).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { discoverPosts } from '../ingest/jekyll/discover.js';
import { loadSite, type SiteSettings, type SiteSource } from '../ingest/jekyll/site-config.js';
import { scanFolder } from '../ingest/scan-folder.js';
import { ANALYZER } from '../text/analyzer.js';
import { addWords } from '../text/jieba.js';
import { normalize } from '../text/normalize.js';
import type { AnalyzedDoc } from '../indexes/analyze.js';
import { fileStamp, fileTask, readPostFile, taskSource, type Task } from './analyze-task.js';
import type { LeftOut, SitePostFile } from '../ingest/jekyll/discover.js';
import { SearchEngine, type EngineOptions } from '../search/engine.js';
import { contentHash } from '../ingest/content-hash.js';
import { parseInOrder } from './parse-in-order.js';
import { startSegmenter, type Segmenter } from './segmenter.js';

/** Options of {@link buildIndex}. */
export interface BuildOptions extends EngineOptions {
  /** Words added to jieba's dictionary before segmenting. Default: none. */
  userWords?: string[];
  /** An engine whose unchanged posts are reused (incremental reindex); it is updated in place and returned. */
  previous?: SearchEngine;
  /** Dictionary words added or removed since `previous`: reused posts whose title or tags contain one are segmented again. */
  changedWords?: string[];
  /**
   * A changed post whose title and tags are as in `previous` keeps its word-index terms
   * instead of being segmented again (an edited body needs no jieba). Only when
   * `previous` was segmented with the same stop words. Default false.
   */
  reuseTerms?: boolean;
  /** Called as posts are analysed. */
  onProgress?: (done: number, total: number) => void;
}
// `now` (from PostOptions): the build's clock, for future posts and for stamping files
// changed within SETTLED_MS; tests set it, builds take their start time.

/** What a build did. */
export interface BuildReport {
  source: string;
  documents: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Reused posts segmented again because a changed dictionary word occurs in them. */
  resegmented: number;
  /** Posts whose title and tags were segmented (with jieba) in this build. */
  segmented: number;
  /** Unchanged posts whose file stamp is new (read again, found the same): saved so the next build skips them. */
  restamped: number;
  skipped: { file: string; reason: string }[];
  /** Files of a site that Jekyll does not publish (drafts, `published: false`, future, excluded, undated), with the reason. */
  notPublished: LeftOut[];
  seconds: number;
}

const CHUNK = 256;

function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null; // read, and the reason reported, below
  }
}

function settingsKey(options: BuildOptions): string {
  return JSON.stringify([
    ANALYZER,
    options.stopWords ? [...options.stopWords].sort() : [],
    options.permalink ?? '',
    options.baseurl ?? '',
    options.jekyllSite?.fingerprint ?? '',
  ]);
}

/**
 * The posts of a folder or JSONL file as tasks. With `readLater` (a full build, which
 * compares no hashes), files are left to be read where they are parsed, so reading
 * overlaps with parsing and is shared with the parse worker. A file whose stamp is a
 * `known` post's is not read: its task carries that post's hash.
 */
async function collectTasks(
  source: string,
  site: SiteSettings | undefined,
  salt: string,
  report: Pick<BuildReport, 'skipped' | 'notPublished'>,
  readLater: boolean,
  known: Map<string, AnalyzedDoc>,
  now: number,
  maxBytes?: number,
): Promise<Task[]> {
  const { skipped } = report;
  const tasks: Task[] = [];
  let files: { file: string; relative: string; post?: SitePostFile }[] | null = null;
  if (site) {
    const found = discoverPosts(site, (ext) => site.markdownExt.includes(ext.slice(1).toLowerCase()) || /^\.html?$/i.test(ext));
    skipped.push(...found.skipped);
    report.notPublished.push(...found.leftOut);
    files = found.posts.map((post) => ({ file: post.file, relative: post.path, post }));
  } else if (fs.statSync(source).isDirectory()) {
    const scan = scanFolder(source);
    skipped.push(...scan.skipped);
    files = scan.files;
  }
  if (files) {
    for (const f of files) {
      if (readLater) {
        tasks.push({ kind: 'unread', file: f.file, relative: f.relative, salt, post: f.post });
        continue;
      }
      const stat = known.size > 0 ? statOf(f.file) : null;
      const old = stat && known.get(fileStamp(salt, f.relative, stat.size, stat.mtimeMs));
      if (old) {
        tasks.push({ kind: 'file', file: f.file, relative: f.relative, hash: old.hash, stamp: old.stamp, post: f.post });
        continue;
      }
      const read = readPostFile(f.file, maxBytes);
      if ('reason' in read) skipped.push({ file: f.relative, reason: read.reason });
      else tasks.push(fileTask(f.file, f.relative, salt, read, now, f.post));
    }
  } else {
    const lines = readline.createInterface({ input: fs.createReadStream(source, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim()) tasks.push({ kind: 'record', line, where: `${path.basename(source)}:${n}`, hash: contentHash(salt + line) });
    }
  }
  return tasks;
}

/**
 * Builds (or incrementally rebuilds) an engine from a folder of posts, a JSONL file, or a
 * Jekyll site (`{ site: '~/blog' }`: its `_config.yml`, its posts as Jekyll finds and
 * publishes them, their URLs and rendered text).
 *
 * @example
 * const { engine, report } = await buildIndex({ site: '/home/me/blog' });
 * engine.search('乳山绿茶').hits[0]?.url; // '/2023/05/20/rushan-lvcha/'
 */
export async function buildIndex(
  input: string | SiteSource,
  options: BuildOptions = {},
): Promise<{ engine: SearchEngine; report: BuildReport }> {
  const t0 = performance.now();
  const site = typeof input === 'string' ? options.jekyllSite : loadSite(input);
  const source = typeof input === 'string' ? input : site!.root;
  if (site)
    options = { ...options, jekyllSite: site, permalink: site.permalink, baseurl: site.baseurl, siteUrl: options.siteUrl || site.url };
  options = {
    ...options,
    now: options.now ?? Date.now(),
    liquidRoot: options.liquidRoot ?? (site ? site.root : path.resolve(source, '..')),
  };
  const skipped: BuildReport['skipped'] = [];
  const notPublished: BuildReport['notPublished'] = [];
  const userWords = options.userWords ?? [];
  addWords(userWords);
  // An incremental build updates the previous engine in place: unchanged posts keep
  // their slots and postings; only changed posts are analysed and re-indexed.
  const engine = options.previous ?? new SearchEngine(options);
  // jieba's dictionary loads on a worker while posts are read and parsed here. A full
  // build starts it first and leaves it the word index too (this thread, parsing, is the
  // busier one); an incremental one starts it once a post needs segmenting and updates
  // the previous engine's word index here.
  const segmenterOptions = { userWords, onSegmented: (docs: AnalyzedDoc[]) => docs.forEach((d) => engine.indexSegmented(d)) };
  let segmenter: Segmenter | null = options.previous
    ? null
    : startSegmenter(engine.tokenizer, { ...segmenterOptions, buildWordIndex: true });
  const byHash = new Map<string, AnalyzedDoc>();
  const stamped = new Map<string, AnalyzedDoc>();
  for (const d of engine.documents()) {
    byHash.set(d.hash, d);
    if (d.stamp) stamped.set(d.stamp, d);
  }
  const tasks = await collectTasks(
    source,
    site,
    settingsKey(options),
    { skipped, notPublished },
    !options.previous,
    stamped,
    options.now!,
    options.maxPostBytes,
  );
  const changed = (options.changedWords ?? []).map(normalize).filter(Boolean);
  const touchesChanged = (d: AnalyzedDoc): boolean => changed.some((w) => d.norm.title.includes(w) || d.norm.tags.includes(w));
  const seen = new Set<string>();
  const todo: Task[] = [];
  let unchanged = 0;
  let restamped = 0;
  const stale: AnalyzedDoc[] = [];
  for (const t of tasks) {
    const old = t.kind === 'unread' ? undefined : byHash.get(t.hash);
    if (!old || seen.has(old.id)) {
      todo.push(t);
      continue;
    }
    seen.add(old.id);
    // Read and found unchanged (touched, checked out again, or not stamped before).
    if (t.kind === 'file' && t.stamp && old.stamp !== t.stamp) {
      old.stamp = t.stamp;
      restamped++;
    }
    if (touchesChanged(old)) {
      const copy = { ...old };
      engine.addAnalyzed(copy, true);
      stale.push(copy);
    } else unchanged++;
  }
  // An incremental build starts the segmenter (and jieba's dictionary load) only once
  // some post needs it.
  let segmented = 0;
  const segment = (docs: [number, AnalyzedDoc][]): void => {
    if (docs.length === 0) return;
    segmenter ??= startSegmenter(engine.tokenizer, segmenterOptions);
    segmenter.push(docs);
    segmented += docs.length;
  };
  segment(stale.map((d) => [engine.slotOf(d.id)!, d]));
  let added = 0;
  let updated = 0;
  let done = 0;
  for await (const chunk of parseInOrder(todo, options, CHUNK)) {
    const fresh: [number, AnalyzedDoc][] = [];
    for (const { task: t, result: r } of chunk) {
      if (!r.ok && r.notPublished) notPublished.push({ file: r.file, reason: r.reason, kind: r.notPublished });
      else if (!r.ok) skipped.push({ file: r.file, reason: r.reason });
      else if (seen.has(r.doc.id))
        skipped.push({ file: taskSource(t), reason: 'duplicate id (another file has the same name without extension)' });
      else {
        seen.add(r.doc.id);
        const old = engine.get(r.doc.id);
        if (old) updated++;
        else added++;
        if (options.reuseTerms && old && old.norm.title === r.doc.norm.title && old.norm.tags === r.doc.norm.tags && !touchesChanged(old)) {
          r.doc.terms = old.terms;
          engine.addAnalyzed(r.doc);
        } else {
          engine.addAnalyzed(r.doc, true);
          fresh.push([engine.slotOf(r.doc.id)!, r.doc]);
        }
      }
    }
    segment(fresh);
    done += chunk.length;
    options.onProgress?.(done, todo.length);
    // Lets the segmenter's answers in, so their words are indexed while parsing goes on.
    await new Promise(setImmediate);
  }
  // While the segmenter finishes: the gram index's rows, which the save would build.
  engine.compact();
  const words = (await segmenter?.finish()) ?? null;
  if (words !== null) engine.adoptWordIndex(words);
  engine.indexDeferredWords();
  let removed = 0;
  for (const d of [...engine.documents()]) {
    if (!seen.has(d.id)) {
      engine.remove(d.id);
      removed++;
    }
  }
  const report: BuildReport = {
    source: path.resolve(source),
    documents: engine.documentCount,
    added,
    updated,
    removed,
    unchanged,
    resegmented: stale.length,
    restamped,
    segmented,
    skipped,
    notPublished,
    seconds: (performance.now() - t0) / 1000,
  };
  return { engine, report };
}
