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

export function runTask(task: Task, options: PostOptions): TaskResult {
  const where = taskSource(task);
  let bytes: Uint8Array | undefined;
  if (task.kind === 'unread') {
    try {
      bytes = fs.readFileSync(task.file);
    } catch (err) {
      return { ok: false, file: where, reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  }
  try {
    let post;
    let hash: string;
    if (task.kind === 'record') {
      let record: PostRecord;
      try {
        record = JSON.parse(task.line) as PostRecord;
      } catch {
        throw new PostError(where, 'not valid JSON');
      }
      post = postFromRecord(record, options);
      hash = task.hash;
    } else {
      bytes ??= task.kind === 'file' ? (task.bytes ?? fs.readFileSync(task.file)) : undefined;
      hash = task.kind === 'file' ? task.hash : fileHash(task.salt, task.relative, bytes!);
      post = postFromFile(task.relative, decodePost(task.relative, bytes!, options), options);
    }
    return { ok: true, doc: analyzePost(post, hash) };
  } catch (err) {
    const reason = err instanceof PostError ? err.reason : (err as Error).message || String(err);
    return { ok: false, file: where, reason };
  }
}
