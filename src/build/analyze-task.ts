/** Reading and analysing one post, reporting instead of throwing when it is unreadable. */
import fs from 'node:fs';
import {
  DEFAULT_MAX_POST_BYTES,
  decodePost,
  postFromFile,
  postFromRecord,
  PostError,
  type PostOptions,
  type PostRecord,
} from '../ingest/post.js';
import { analyzePost, type AnalyzedDoc } from '../indexes/analyze.js';
import type { NotPublishedKind, SitePostFile } from '../ingest/jekyll/discover.js';
import { includedFilesKey } from '../ingest/jekyll/include-relative.js';
import { postFromSiteFile } from '../ingest/jekyll/site-post.js';
import type { SiteListing } from '../ingest/jekyll/site-posts.js';
import { contentHash } from '../ingest/content-hash.js';
import { lineText, type Line } from '../ingest/jsonl-lines.js';
import { runWithin, TimeLimitError } from './time-limit.js';

/** A post file as a build found it (build.ts `SourceFiles`), given the id of its post once parsed. */
export interface SourceFileEntry {
  relative: string;
  post?: SitePostFile;
  id?: string;
}

/**
 * Where a task holds its file's {@link SourceFileEntry}: under a symbol, which a message
 * to the parse worker leaves out (structured clone copies string keys only), so that the
 * build finds the entry without looking its path up (100,000 posts: 0.2 s of the build's
 * main thread in lookups by path).
 */
export const SOURCE_ENTRY: unique symbol = Symbol('source file entry');

export type Task =
  | { kind: 'file'; file: string; relative: string; hash: string; stamp?: string; bytes?: Uint8Array; post?: SitePostFile }
  /** A file not read yet (a full build reads each where it is parsed, on either thread). */
  | { kind: 'unread'; file: string; relative: string; salt: string; post?: SitePostFile; [SOURCE_ENTRY]?: SourceFileEntry }
  /** A JSONL line (its bytes, as read: ingest/jsonl-lines.ts). */
  | { kind: 'record'; line: Line; where: string; hash: string };

/** The change-detection hash of a post file: its settings salt, name and bytes. */
export function fileHash(salt: string, relative: string, bytes: Uint8Array): string {
  return contentHash(`${salt}\n${relative}\n${contentHash(bytes)}`);
}

/**
 * How long after its last change a file is stamped: an edit in the same tick of a coarse
 * file clock (2 s on FAT) leaves the time as it was, so a fresher file is read every time.
 */
export const SETTLED_MS = 2000;

/**
 * A post file's stamp: its settings salt, name, size and change time. A reindex does not
 * read a file whose stamp is a known post's (the way make and rsync skip files).
 */
export function fileStamp(salt: string, relative: string, size: number, mtimeMs: number): string {
  return contentHash(`${salt}\n${relative}\n${size}\n${mtimeMs}`);
}

/** The stamp to record for a file just read, or undefined while it is too fresh to be told apart by its stamp. */
function settledStamp(salt: string, relative: string, read: PostFile, now: number): string | undefined {
  return now - read.mtimeMs < SETTLED_MS ? undefined : fileStamp(salt, relative, read.size, read.mtimeMs);
}

/** Where a task's post comes from, for reports. */
export function taskSource(task: Task): string {
  return task.kind === 'record' ? task.where : task.relative;
}

/**
 * A post analysed (with what the report should warn of; `listsPosts` when its Liquid looks
 * at the site's posts, which it was not given: see site-posts.ts), or why not: unreadable
 * (`skipped`), or not published by Jekyll (`notPublished`).
 */
export type TaskResult =
  | { ok: true; doc: AnalyzedDoc; file: string; warning?: string; listsPosts?: true }
  | { ok: false; file: string; reason: string; notPublished?: NotPublishedKind };

/** A post file's bytes with its size and change time as they were when it was opened. */
export interface PostFile {
  bytes: Buffer;
  size: number;
  mtimeMs: number;
}

/**
 * A post file's bytes, or why they cannot be read. With `scratch`, the bytes are read into
 * it (grown as needed) and are good until its next use: a full build reads each post once
 * and hashes and decodes it at once, and a buffer of its own per file, with the second
 * `fstat` `readFileSync` makes, cost more than the read (40,000 posts here: 25 µs a file
 * against 20 µs with the decoding).
 */
export function readPostFile(file: string, maxBytes = DEFAULT_MAX_POST_BYTES, scratch?: ReadScratch): PostFile | { reason: string } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const { size, mtimeMs } = fs.fstatSync(fd);
    // Refused by its size before it is read: a 2 GB file must not be loaded to be refused.
    if (size > maxBytes) return { reason: `file too large (${size} bytes, limit ${maxBytes})` };
    return { bytes: scratch ? readInto(fd, size, scratch) : fs.readFileSync(fd), size, mtimeMs };
  } catch (err) {
    return { reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A buffer that file reads reuse (see {@link readPostFile}). */
export interface ReadScratch {
  buffer: Buffer;
}

/** The file's bytes to its end, read into `scratch`: room for one byte more than `size`, so that a short read tells the end. */
function readInto(fd: number, size: number, scratch: ReadScratch): Buffer {
  let length = 0;
  for (;;) {
    if (scratch.buffer.length < Math.max(size, length) + 1) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(2 * scratch.buffer.length, size + 1, length + 1));
      scratch.buffer.copy(bigger, 0, 0, length);
      scratch.buffer = bigger;
    }
    const n = fs.readSync(fd, scratch.buffer, length, scratch.buffer.length - length, null);
    length += n;
    // A regular file reads short only at its end; a file still growing is read on.
    if (n === 0 || length <= size) return scratch.buffer.subarray(0, length);
  }
}

/** The buffer this thread's full-build reads reuse. */
const threadScratch: ReadScratch = { buffer: Buffer.allocUnsafeSlow(64 * 1024) };

/** A file task for a post file just read; `now` (the build's clock) tells whether it is settled enough to stamp. */
export function fileTask(file: string, relative: string, salt: string, read: PostFile, now: number, post?: SitePostFile): Task {
  // A site's post that includes files beside it: their contents are part of its hash, and
  // it has no stamp, so that it is read (and its files looked at) by every build.
  const included = post ? includedFilesKey(file, read.bytes) : null;
  return {
    kind: 'file',
    file,
    relative,
    hash: included === null ? fileHash(salt, relative, read.bytes) : contentHash(`${fileHash(salt, relative, read.bytes)}\n${included}`),
    stamp: included === null ? settledStamp(salt, relative, read, now) : undefined,
    bytes: read.bytes,
    post,
  };
}

/**
 * The hash of a post whose text depends on the other posts (its Liquid lists them): never
 * a file's hash (it starts with `~`, which no hash has), so a build that scans the site
 * always reads it, and then decides whether to render it again (build/listing-posts.ts).
 */
function listingHash(fileHash: string): string {
  return `~${contentHash(`${fileHash}\nsite posts`)}`;
}

/** True for a post whose text depends on the other posts of its site (see {@link listingHash}). */
export function listsPosts(doc: Pick<AnalyzedDoc, 'hash'>): boolean {
  return doc.hash.startsWith('~');
}

/**
 * True for such a post that showed more of them than their titles, URLs, dates, tags and
 * categories (their content, excerpt or front matter): marked `~~` by the build.
 */
export function showsPostContent(doc: Pick<AnalyzedDoc, 'hash'>): boolean {
  return doc.hash.startsWith('~~');
}

/** Reads and analyses a task's post; a site's post with `listing` is rendered with the site's posts (site-posts.ts). */
export function runTask(task: Task, options: PostOptions, listing?: SiteListing): TaskResult {
  const where = taskSource(task);
  if (task.kind === 'unread') {
    // Read into this thread's scratch buffer: the task made of it is run at once, its bytes hashed and decoded, and let go.
    const read = readPostFile(task.file, options.maxPostBytes, threadScratch);
    if ('reason' in read) return { ok: false, file: where, reason: read.reason };
    return runTask(fileTask(task.file, task.relative, task.salt, read, options.now ?? Date.now(), task.post), options, listing);
  }
  try {
    let post;
    if (task.kind === 'file') {
      const raw = decodePost(task.relative, task.bytes ?? fs.readFileSync(task.file), options);
      if (task.post && options.jekyllSite) {
        const read = postFromSiteFile(task.post, raw, options.jekyllSite, options.now, listing);
        if ('notPublished' in read)
          return { ok: false, file: where, reason: read.notPublished.reason, notPublished: read.notPublished.kind };
        post = read;
      } else post = postFromFile(task.relative, raw, options);
    } else {
      let record: PostRecord;
      try {
        record = JSON.parse(lineText(task.line)) as PostRecord;
      } catch {
        throw new PostError(where, 'not valid JSON');
      }
      post = postFromRecord(record, options);
    }
    const { warning, listsPosts: lists, ...indexed } = post as typeof post & { listsPosts?: true };
    // A post that lists the others is never stamped: read by every build that scans, as its hash is never a file's.
    const doc = analyzePost(indexed, lists || listing ? listingHash(task.hash) : task.hash);
    if (task.kind === 'file' && task.stamp && !lists && !listing) doc.stamp = task.stamp;
    const result: TaskResult = { ok: true, doc, file: where };
    if (warning !== undefined) result.warning = warning;
    if (lists) result.listsPosts = lists;
    return result;
  } catch (err) {
    const reason = err instanceof PostError ? err.reason : (err as Error).message || String(err);
    return { ok: false, file: where, reason };
  }
}

/** Default of {@link PostOptions.postTimeLimitMs}. */
export const DEFAULT_POST_TIME_LIMIT_MS = 2000;

/** The share of the limit the posts of a batch may use before the rest go on under a fresh one. */
const BATCH_SHARE = 0.1;

/**
 * Runs `tasks` in order, each within the post time limit. Posts run in batches under one
 * limit each (a batch of normal posts takes a small part of it, and one limit costs about
 * 0.1 ms to set), and a batch that has used a tenth of its limit leaves the rest to a new
 * one. So a post that runs the limit out has had at least nine tenths of it to itself: it
 * is skipped, and the rest go on under a fresh limit. A runaway post costs one limit.
 * Before, a batch ran until its limit ran out, and the post then being read was read again
 * alone when the posts before it had used more than a tenth: a runaway post cost one limit
 * or two, as the minute's speed had it. `run`: how a task is run (tests count the calls).
 */
export function runTasks(tasks: Task[], options: PostOptions, run: typeof runTask = runTask): TaskResult[] {
  const limit = options.postTimeLimitMs ?? DEFAULT_POST_TIME_LIMIT_MS;
  const results: TaskResult[] = [];
  let startedAt = 0;
  while (results.length < tasks.length) {
    try {
      runWithin(() => {
        const first = results.length;
        const batchStart = performance.now();
        for (let i = first; i < tasks.length; i++) {
          startedAt = performance.now();
          if (i > first && startedAt - batchStart > limit * BATCH_SHARE) break;
          results.push(run(tasks[i]!, options));
        }
      }, limit);
    } catch (err) {
      if (!(err instanceof TimeLimitError)) throw err;
      const task = tasks[results.length]!;
      results.push(performance.now() - startedAt >= limit * 0.9 ? overTime(task, limit) : runAlone(task, options, limit, run));
    }
  }
  return results;
}

function runAlone(task: Task, options: PostOptions, limit: number, run: typeof runTask): TaskResult {
  try {
    return runWithin(() => run(task, options), limit);
  } catch (err) {
    if (err instanceof TimeLimitError) return overTime(task, limit);
    throw err;
  }
}

function overTime(task: Task, limit: number): TaskResult {
  return { ok: false, file: taskSource(task), reason: `took longer than ${limit} ms to read (time limit per post)` };
}
