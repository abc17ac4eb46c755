/** Reading and analysing one post, reporting instead of throwing when it is unreadable. */
import fs from 'node:fs';
import { decodePost, postFromFile, postFromRecord, PostError, type PostOptions, type PostRecord } from '../ingest/post.js';
import { analyzePost, type AnalyzedDoc } from './analyze.js';

export type Task =
  | { kind: 'file'; file: string; relative: string; hash: string; bytes?: Uint8Array }
  | { kind: 'record'; line: string; where: string; hash: string };

export type TaskResult = { ok: true; doc: AnalyzedDoc } | { ok: false; file: string; reason: string };

export function runTask(task: Task, options: PostOptions): TaskResult {
  const where = task.kind === 'file' ? task.relative : task.where;
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
