/**
 * Writing index files so that a crash never leaves a half-written one under its real
 * name: written and fsynced under a temporary name, then renamed.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WriteBehind } from './write-behind.js';

/**
 * Writes a new file through `fill` and fsyncs it; on any failure (a full disk) the partial
 * file is removed. A large file is written on a second thread while `fill` makes the next
 * parts (write-behind.ts).
 */
export function writeSynced(file: string, fill: (write: (part: Uint8Array) => void) => void): void {
  const fd = fs.openSync(file, 'w');
  const writer = new WriteBehind(fd);
  let ok = false;
  try {
    fill((part) => writer.write(part));
    writer.finish();
    fs.fsyncSync(fd);
    ok = true;
  } finally {
    // The worker stops before the file is closed: its descriptor may be reused after.
    if (!ok) writer.abort();
    fs.closeSync(fd);
    if (!ok) fs.rmSync(file, { force: true });
  }
}

/** Replaces `file` with `text` atomically (written beside it, fsynced, renamed over it). */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeSynced(tmp, (write) => write(Buffer.from(text)));
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Makes the renames in `dir` durable. */
export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    // Not supported on every platform; the renames are still atomic.
  }
}
/** A file written by {@link writeNamedByHash}. */
export interface HashedFile {
  file: string;
  bytes: number;
  digest: string;
}

/**
 * Writes `parts` into a new file of `dir`, hashed as they are written, under a temporary
 * name; fsyncs it and renames it to `nameOf(digest)`.
 */
export function writeNamedByHash(
  dir: string,
  parts: Iterable<Uint8Array>,
  algorithm: string,
  nameOf: (digest: string) => string,
): HashedFile {
  const tmp = path.join(dir, `new.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const hash = createHash(algorithm);
  let bytes = 0;
  writeSynced(tmp, (write) => {
    for (const part of parts) {
      hash.update(part);
      bytes += part.length;
      write(part);
    }
  });
  const digest = hash.digest('hex');
  const file = nameOf(digest);
  try {
    fs.renameSync(tmp, path.join(dir, file));
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { file, bytes, digest };
}
