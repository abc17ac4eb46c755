/**
 * jieba's dictionary files read line by line without loading jieba itself (the main
 * thread never loads it: text/jieba.ts), a piece at a time, so that a server can read
 * them between requests (search/engine.ts `warmSteps`).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';

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
