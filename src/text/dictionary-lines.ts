/**
 * jieba's dictionary files read line by line without loading jieba itself (the main
 * thread never loads it: text/jieba.ts), a piece at a time, so that a server can read
 * them between requests (search/engine.ts `warmSteps`); and the tables derived from them,
 * written once per machine.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

// Derived tables are written once per machine and user under the temp folder and shared,
// each through a temporary file and a rename so a reader never sees one half-written (a
// worker may be stopped mid-load, so files made per load could not be relied on to be
// cleaned up). Per user: another user's folder cannot be written, and a second user of
// the machine would silently have segmented with the full dictionary.
export const TABLES_DIR = path.join(os.tmpdir(), `zhsearch-jieba-tables-1-u${process.getuid?.() ?? 0}`);

/** `file`, made by `make` unless it exists and `isCurrent` says it is what `make` would write. */
export function writeOnce(file: string, make: () => string, isCurrent: () => boolean): string {
  if (fs.existsSync(file) && isCurrent()) return file;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(tmp, make());
  fs.renameSync(tmp, file);
  return file;
}

/**
 * The lines of jieba's dictionary file `name` that `pattern` matches, in a file of their
 * own written once (named after nodejieba's version, the file's size and the pattern):
 * the word classes want 37,000 of the dictionary's 349,000 lines, which took a process
 * 150-200 ms to read and match on every start. The whole file where the table cannot be
 * written.
 */
export function wantedLinesFile(name: string, pattern: RegExp): string {
  const full = jiebaDictionaryFile(name);
  try {
    const { size } = fs.statSync(full);
    const { version } = createRequire(import.meta.url)('nodejieba/package.json') as { version: string };
    const key = createHash('sha256').update(`${pattern.source}/${pattern.flags}`).digest('hex').slice(0, 12);
    const file = path.join(TABLES_DIR, `${name}.${version}.${size}.${key}`);
    const make = (): string => {
      let out = '';
      for (const m of matchedLines(full, pattern)) if (m) out += `${m[0]}\n`;
      return out;
    };
    return writeOnce(file, make, () => true);
  } catch {
    return full;
  }
}

/**
 * Gives `visit` each line of jieba's dictionary file `name` that `pattern` matches (read
 * from its {@link wantedLinesFile}), pausing after each piece of the file; false when
 * `stop`, asked at a pause, ended the reading early (another reader finished meanwhile).
 * A dictionary that cannot be opened has no lines.
 */
export function* visitWantedLines(
  name: string,
  pattern: RegExp,
  visit: (m: RegExpMatchArray) => void,
  stop: () => boolean,
): Generator<void, boolean, void> {
  let lines: Generator<RegExpMatchArray | null, void, void>;
  try {
    lines = matchedLines(wantedLinesFile(name, pattern), pattern);
  } catch {
    return true;
  }
  for (const m of lines) {
    if (m !== null) visit(m);
    else {
      yield;
      if (stop()) return false;
    }
  }
  return true;
}

/** A file of the dictionaries nodejieba ships (`jieba.dict.utf8`, `idf.utf8`). */
export function jiebaDictionaryFile(name: string): string {
  const pkg = createRequire(import.meta.url).resolve('nodejieba/package.json');
  return path.join(path.dirname(pkg), 'submodules/cppjieba/dict', name);
}

/** Bytes read between pauses: a few milliseconds' work. */
const BYTES_PER_STEP = 256 * 1024;

/**
 * The matches of `pattern` (flags `gmu`, anchored to lines with `^…$`) in `file`, whole
 * lines only, with `null` after each piece of the file: where the reader may pause. Throws
 * at once when the file cannot be opened (the caller then knows there is no dictionary);
 * a read that fails ends the matches early. The file closes when the matches end or the
 * caller stops iterating, so iterate what this returns.
 */
export function matchedLines(file: string, pattern: RegExp): Generator<RegExpMatchArray | null, void, void> {
  return matchesIn(fs.openSync(file, 'r'), pattern);
}

function* matchesIn(fd: number, pattern: RegExp): Generator<RegExpMatchArray | null, void, void> {
  try {
    const buffer = Buffer.alloc(BYTES_PER_STEP);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (;;) {
      let read: number;
      try {
        read = fs.readSync(fd, buffer, 0, buffer.length, null);
      } catch {
        return;
      }
      // Whole lines only: the last, perhaps cut, waits for the next piece.
      const text = rest + (read > 0 ? decoder.write(buffer.subarray(0, read)) : decoder.end());
      const end = read > 0 ? text.lastIndexOf('\n') + 1 : text.length;
      rest = text.slice(end);
      yield* text.slice(0, end).matchAll(pattern);
      if (read === 0) return;
      yield null;
    }
  } finally {
    fs.closeSync(fd);
  }
}
