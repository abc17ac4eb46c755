/** Reading and analysing one post, reporting instead of throwing when it is unreadable. */
import fs from 'node:fs';
import { decodePost, postFromFile, postFromRecord, PostError, type PostOptions, type PostRecord } from '../ingest/post.js';
import { analyzePost, type AnalyzedDoc } from './analyze.js';
import { contentHash } from './hash.js';

export type Task =
  | { kind: 'file'; file: string; relative: string; hash: string; bytes?: Uint8Array }
  /** A file not read yet (a full build reads each where it is parsed, on either thread). */
  | { kind: 'unread'; file: string; relative: string; salt: string }
  | { kind: 'record'; line: string; where: string; hash: string };

/** The change-detection hash of a post file: its settings salt, name and bytes. */
export function fileHash(salt: string, relative: string, bytes: Uint8Array): string {
  return contentHash(`${salt}\n${relative}\n${contentHash(bytes)}`);
}

/** Where a task's post comes from, for reports. */
export function taskSource(task: Task): string {
  return task.kind === 'record' ? task.where : task.relative;
}

export type TaskResult = { ok: true; doc: AnalyzedDoc } | { ok: false; file: string; reason: string };

/** A post file's bytes, or why they cannot be read. */
export function readPostFile(file: string): { bytes: Buffer } | { reason: string } {
  try {
    return { bytes: fs.readFileSync(file) };
  } catch (err) {
    return { reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

export function runTask(task: Task, options: PostOptions): TaskResult {
  const where = taskSource(task);
  if (task.kind === 'unread') {
    const read = readPostFile(task.file);
    if ('reason' in read) return { ok: false, file: where, reason: read.reason };
    const { file, relative, salt } = task;
    return runTask({ kind: 'file', file, relative, hash: fileHash(salt, relative, read.bytes), bytes: read.bytes }, options);
  }
  try {
    let post;
    if (task.kind === 'file') {
      const raw = decodePost(task.relative, task.bytes ?? fs.readFileSync(task.file), options);
      post = postFromFile(task.relative, raw, options);
    } else {
      let record: PostRecord;
      try {
        record = JSON.parse(task.line) as PostRecord;
      } catch {
        throw new PostError(where, 'not valid JSON');
      }
      post = postFromRecord(record, options);
    }
    return { ok: true, doc: analyzePost(post, task.hash) };
  } catch (err) {
    const reason = err instanceof PostError ? err.reason : (err as Error).message || String(err);
    return { ok: false, file: where, reason };
  }
}
