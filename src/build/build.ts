/**
 * Builds an engine from a `_posts` folder or a JSONL file of post records. With a
 * previous engine, posts whose source hash is unchanged are reused as they are; only
 * added and changed posts are parsed (here and on a worker) and segmented again (on a
 * worker).
 */
import fs from 'node:fs';
import path from 'node:path';
import { discoverPosts } from '../ingest/jekyll/discover.js';
import { loadSite, type SiteSettings, type SiteSource } from '../ingest/jekyll/site-config.js';
import { scanFolder } from '../ingest/scan-folder.js';
import { isBlank, jsonlLines } from '../ingest/jsonl-lines.js';
import { ANALYZER } from '../text/analyzer.js';
import { addWords } from '../text/jieba.js';
import { normalize } from '../text/normalize.js';
import { copyDoc, type AnalyzedDoc } from '../indexes/analyze.js';
import { fileStamp, fileTask, readPostFile, SOURCE_ENTRY, taskSource, type SourceFileEntry, type Task } from './analyze-task.js';
import {
  keepDate,
  needsRendering,
  ownFileChanged,
  renderListingPosts,
  sameListed,
  unreadListingPosts,
  type ListedChange,
  type ListingTask,
} from './listing-posts.js';
import type { LeftOut, SitePostFile } from '../ingest/jekyll/discover.js';
import { SearchEngine, type EngineOptions } from '../search/engine.js';
import { contentHash } from '../ingest/content-hash.js';
import { parseInOrder } from './parse-in-order.js';
import { startSegmenter, type Segmenter } from './segmenter.js';
import { changedFileTasks } from './changed-files.js';
import { packDocs } from '../store/pack-docs.js';
import { KeptLines } from '../store/stored-doc.js';

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
  /**
   * Called as posts are analysed. `total` is the posts to analyse; a full build of a JSONL
   * file reads it as it parses, and estimates them from the share of the file read so far
   * until the file ends.
   */
  onProgress?: (done: number, total: number) => void;
  /**
   * Files changed since the build that found `previousFiles` (what `--watch` saw, as
   * absolute paths): only these are read, the other posts of `previous` stand as they are.
   * Used when every one is a post file that build found (or, in a folder of posts, a new
   * post file); otherwise the whole source is scanned as usual.
   */
  changedFiles?: string[];
  /** The source files the build of `previous` found (its result's `files`), for `changedFiles`. */
  previousFiles?: SourceFiles;
}

/**
 * The post files a build found in a folder or site, and the post each gave: what a build
 * told only the changed files (`changedFiles`) needs to know of the others.
 */
export interface SourceFiles {
  /** The folder or site root, absolute. */
  root: string;
  /** The settings the files were read with (see `settingsKey`): other settings, another reading. */
  salt: string;
  site: boolean;
  /** By absolute path: the path from the root, the site's entry, the id of the post it gave (none: skipped or not published). */
  byFile: Map<string, SourceFileEntry>;
}
// `now` (from PostOptions): the build's clock, for future posts and for stamping files
// changed within SETTLED_MS; tests set it, builds take their start time.

/** What a build did. */
export interface BuildReport {
  /** True when only the changed files were read (`changedFiles`), not the whole source. */
  changedOnly?: boolean;
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
  /** Posts indexed that their author likely did not mean as they are published (front matter Jekyll cannot read), with why. */
  warnings: { file: string; reason: string }[];
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
  found: SourceFiles['byFile'],
  maxBytes?: number,
): Promise<Iterable<Task>> {
  const { skipped } = report;
  const tasks: Task[] = [];
  let files: { file: string; relative: string; post?: SitePostFile }[] | null = null;
  if (site) {
    const found = discoverPosts(site);
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
      const entry: SourceFileEntry = { relative: f.relative, post: f.post };
      found.set(f.file, entry);
      if (readLater) {
        tasks.push({ kind: 'unread', file: f.file, relative: f.relative, salt, post: f.post, [SOURCE_ENTRY]: entry });
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
    const records = new RecordTasks(source, salt);
    // A full build reads the file as the parsing goes (on the other core meanwhile).
    return readLater ? records : [...records];
  }
  return tasks;
}

/**
 * A JSONL file's records as tasks, read as they are asked for; meanwhile `total` estimates
 * how many there are from the share of the file read so far (exact once it is read).
 */
class RecordTasks implements Iterable<Task> {
  total = 0;

  constructor(
    private readonly source: string,
    private readonly salt: string,
  ) {}

  *[Symbol.iterator](): Generator<Task> {
    const saltBytes = Buffer.from(this.salt);
    const fileBytes = fs.statSync(this.source).size;
    let n = 0;
    let read = 0;
    let bytes = 0;
    for (const line of jsonlLines(this.source)) {
      n++;
      bytes += Buffer.byteLength(line) + 1;
      if (isBlank(line)) continue;
      read++;
      this.total = bytes < fileBytes ? Math.max(read, Math.round((read * fileBytes) / bytes)) : read;
      const hash = contentHash(typeof line === 'string' ? this.salt + line : Buffer.concat([saltBytes, line]));
      yield { kind: 'record', line, where: `${path.basename(this.source)}:${n}`, hash };
    }
    this.total = read;
  }
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
): Promise<{ engine: SearchEngine; report: BuildReport; files?: SourceFiles }> {
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
  const warnings: BuildReport['warnings'] = [];
  // Where a warning about the site's settings points: its first configuration file.
  const configFile = site?.configFiles[0] ? path.relative(site.root, site.configFiles[0]) : '_config.yml';
  // A converter Jekyll 4.3 does not have: the posts are read as kramdown reads them,
  // which may differ here and there from what that converter showed.
  if (site && site.markdown.toLowerCase() !== 'kramdown') {
    warnings.push({
      file: configFile,
      reason: `markdown: ${site.markdown} is not built into Jekyll 4.3: posts are read as kramdown shows them`,
    });
  }
  // Collections with pages that nobody asked for: an owner whose articles live in one
  // learns here how to have them searched.
  if (site && site.unindexedCollections.length > 0) {
    const left = site.unindexedCollections;
    const named = left.length > 5 ? `${left.slice(0, 5).join(', ')} and ${left.length - 5} more` : left.join(', ');
    const how = left.length > 5 ? `--collections '*'` : `--collections ${left.join(',')}`;
    warnings.push({
      file: configFile,
      reason: `collections with pages not indexed: ${named} (index them with ${how}, or "collections" in zhsearch.config.json)`,
    });
  }
  const notPublished: BuildReport['notPublished'] = [];
  const userWords = options.userWords ?? [];
  addWords(userWords);
  // An incremental build updates the previous engine in place: unchanged posts keep
  // their slots and postings; only changed posts are analysed and re-indexed.
  const engine = options.previous ?? new SearchEngine(options);
  // jieba's dictionary loads on a worker while posts are read and parsed here. A full
  // build starts it first; an incremental one once a post needs segmenting.
  // Once segmented, posts are packed (store/pack-docs.ts): held as plain objects, a
  // million posts' were most of a build's memory.
  const kept = new KeptLines();
  const segmenterOptions = {
    userWords,
    onDone: (docs: AnalyzedDoc[], counted: boolean) => {
      engine.termsFilled(docs, counted);
      engine.swapDocs(docs, packDocs(docs, kept));
    },
  };
  let segmenter: Segmenter | null = options.previous ? null : startSegmenter(engine.tokenizer, segmenterOptions);
  const salt = settingsKey(options);
  // As the scans name files: below the real path of the root.
  const root = realPath(path.resolve(source));
  // Told which files changed (and able to use it): only those are read.
  const hinted =
    options.previous && options.changedFiles && options.previousFiles
      ? changedFileTasks(options.changedFiles, options.previousFiles, { root, salt, site: !!site }, options, { skipped })
      : null;
  const files: SourceFiles | undefined = hinted
    ? options.previousFiles
    : typeof input === 'string' && !fs.statSync(source).isDirectory()
      ? undefined
      : { root, salt, site: !!site, byFile: new Map() };
  const byHash = new Map<string, AnalyzedDoc>();
  const stamped = new Map<string, AnalyzedDoc>();
  if (!hinted) {
    for (const d of engine.documents()) {
      byHash.set(d.hash, d);
      if (d.stamp) stamped.set(d.stamp, d);
    }
  }
  const tasks = hinted
    ? hinted.tasks
    : await collectTasks(
        source,
        site,
        salt,
        { skipped, notPublished },
        !options.previous,
        stamped,
        options.now!,
        files?.byFile ?? new Map(),
        options.maxPostBytes,
      );
  /** The post a task's file gave in the build before (only known with `changedFiles`). */
  const before = (t: Task): AnalyzedDoc | undefined => {
    const id = t.kind === 'record' ? undefined : files?.byFile.get(t.file)?.id;
    return id === undefined ? undefined : engine.get(id);
  };
  const changed = (options.changedWords ?? []).map(normalize).filter(Boolean);
  const touchesChanged = (d: AnalyzedDoc): boolean => changed.some((w) => d.norm.title.includes(w) || d.norm.tags.includes(w));
  /** Ids given to a file in this build (all of them, or with `changedFiles`, those of the changed files). */
  const seen = new Set<string>();
  /** With `changedFiles`: the ids the changed files gave before; the other posts' ids are taken. */
  const replaceable = new Set<string>(hinted ? [...hinted.tasks.flatMap((t) => before(t)?.id ?? []), ...hinted.goneIds] : []);
  // A build from nothing: the engine holds exactly the ids given so far, so it answers
  // (a million posts: one lookup each in its table rather than three in two).
  const fromNothing = !options.previous;
  /** Posts whose Liquid lists the site's posts: rendered again with them once all are known (below). */
  const listing: ListingTask[] = [];
  /** Their ids (a build from nothing asks, for each post, whether another took its id). */
  const listingIds = new Set<string>();
  /** What those may show of the posts read in this build that changed (`listed`: what every listing shows). */
  const change: ListedChange = { listed: false, any: false };
  const taken = (id: string): boolean =>
    fromNothing ? engine.has(id) || listingIds.has(id) : seen.has(id) || (!!hinted && engine.has(id) && !replaceable.has(id));
  const gaveId = (t: Task, id: string | undefined): void => {
    // A full build's task holds its entry; others are looked up by path.
    const entry = t.kind === 'record' ? undefined : ((t.kind === 'unread' ? t[SOURCE_ENTRY] : undefined) ?? files?.byFile.get(t.file));
    if (entry) entry.id = id;
  };
  const todo: Task[] = [];
  let unchanged = hinted ? engine.documentCount - replaceable.size : 0;
  let restamped = 0;
  const stale: AnalyzedDoc[] = [];
  // A build without a previous engine has nothing to compare: every task is parsed, and
  // a lazy source (a JSONL file) is read as the parse goes.
  for (const t of options.previous ? tasks : []) {
    const old = t.kind === 'unread' ? undefined : hinted ? before(t) : byHash.get(t.hash);
    if (!old || old.hash !== (t as { hash?: string }).hash || seen.has(old.id)) {
      todo.push(t);
      continue;
    }
    seen.add(old.id);
    gaveId(t, old.id);
    // Read and found unchanged (touched, checked out again, or not stamped before).
    if (t.kind === 'file' && t.stamp && old.stamp !== t.stamp) {
      engine.restamp(old, t.stamp);
      restamped++;
    }
    if (touchesChanged(old)) {
      const copy = copyDoc(old);
      engine.addAnalyzed(copy, true);
      stale.push(copy);
    } else unchanged++;
  }
  // An incremental build starts the segmenter (and jieba's dictionary load) only once
  // some post needs it.
  let segmented = 0;
  const segment = (docs: AnalyzedDoc[]): void => {
    if (docs.length === 0) return;
    segmenter ??= startSegmenter(engine.tokenizer, segmenterOptions);
    segmenter.push(docs);
    segmented += docs.length;
  };
  segment(stale);
  let added = 0;
  let updated = 0;
  let done = 0;
  // Only the parse holds the tasks from here on, and lets each chunk go once handed back
  // (a million JSONL tasks: 150 MB of heap).
  const parsing = options.previous ? todo : tasks;
  if (options.previous && Array.isArray(tasks)) tasks.length = 0;
  // Posts to parse: known at once, or estimated as a JSONL file is read (RecordTasks).
  const known = Array.isArray(parsing) ? parsing.length : 0;
  const total = (): number => (parsing instanceof RecordTasks ? parsing.total : known);
  for await (const chunk of parseInOrder(parsing, options, CHUNK)) {
    const fresh: AnalyzedDoc[] = [];
    for (const { task: t, result: r } of chunk) {
      if (!r.ok) gaveId(t, undefined);
      if (!r.ok && r.notPublished) notPublished.push({ file: r.file, reason: r.reason, kind: r.notPublished });
      else if (!r.ok) skipped.push({ file: r.file, reason: r.reason });
      else if (taken(r.doc.id)) {
        gaveId(t, undefined);
        skipped.push({ file: taskSource(t), reason: 'duplicate id (another file has the same name without extension)' });
      } else {
        if (r.warning !== undefined) warnings.push({ file: r.file, reason: r.warning });
        if (!fromNothing) seen.add(r.doc.id);
        gaveId(t, r.doc.id);
        const old = fromNothing ? undefined : engine.get(r.doc.id);
        if (r.listsPosts) keepDate(r.doc, old);
        if (old) updated++;
        else added++;
        if (!old || !sameListed(old, r.doc)) change.listed = true;
        const lists = !!(r.listsPosts && site && files);
        if (!lists || ownFileChanged(r.doc, old)) change.any = true;
        if (lists) {
          listing.push({ task: t, doc: r.doc, old });
          listingIds.add(r.doc.id);
        } else if (
          options.reuseTerms &&
          old &&
          old.norm.title === r.doc.norm.title &&
          old.norm.tags === r.doc.norm.tags &&
          !touchesChanged(old)
        ) {
          r.doc.terms = old.terms;
          engine.addAnalyzed(r.doc);
        } else {
          engine.addAnalyzed(r.doc, true);
          fresh.push(r.doc);
        }
      }
    }
    segment(fresh);
    done += chunk.length;
    options.onProgress?.(done, total());
    // Lets the segmenter's answers in, so their posts are packed while parsing goes on.
    await new Promise(setImmediate);
  }
  // Posts that list the others are rendered again with them where what they show may have
  // changed: their own file, a post added, gone or retitled (or redated, moved, retagged),
  // and any change at all for those that show the others' content (listing-posts.ts).
  if (
    hinted
      ? [...replaceable].some((id) => !seen.has(id))
      : !fromNothing && engine.documentCount > seen.size - listing.filter((l) => !l.old).length
  )
    change.listed = change.any = true;
  if (site && files && (listing.length > 0 || (hinted && change.any))) {
    const unread = hinted ? unreadListingPosts(files, engine, seen, salt) : [];
    const due = [...listing, ...unread].filter((l) => needsRendering(l, change));
    const again = due.length > 0 ? renderListingPosts(due, site, files, engine, options, salt) : [];
    const renderedAgain = new Set(again.map((d) => d.id));
    // Read in this build and found as before: unchanged after all.
    const kept = listing.filter((l) => !renderedAgain.has(l.doc.id)).length;
    updated -= kept;
    unchanged += kept;
    // Not read in this build, and shown otherwise now: updated.
    const redone = unread.filter((l) => renderedAgain.has(l.doc.id)).length;
    updated += redone;
    unchanged -= redone;
    for (const doc of again) engine.addAnalyzed(doc, true);
    segment(again);
  }
  // While the segmenter finishes: the gram index's rows, which the save would build.
  engine.compact();
  const counted = await segmenter?.finish();
  if (counted) engine.addCountedWords(counted);
  let removed = 0;
  // Posts no file gave in this build are removed (with `changedFiles`, only the changed files' can be).
  const candidates = fromNothing ? [] : hinted ? [...replaceable].flatMap((id) => engine.get(id) ?? []) : [...engine.documents()];
  for (const d of candidates) {
    if (!seen.has(d.id)) {
      engine.remove(d.id);
      removed++;
    }
  }
  const report: BuildReport = {
    ...(hinted ? { changedOnly: true } : {}),
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
    warnings,
    notPublished,
    seconds: (performance.now() - t0) / 1000,
  };
  return { engine, report, files };
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
