/**
 * The lines of a JSONL file as bytes, split as Node's `readline` splits them (at `\n`,
 * `\r\n` and a lone `\r`). A million-post file held as strings until its posts are parsed
 * was a gigabyte of heap, which the build's heap kept to its end; as bytes it is half as
 * much, outside the heap, and freed piece by piece as the posts are parsed.
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';

/** Bytes read at once; a line is a view of the piece it ends in. */
const PIECE_BYTES = 16 << 20;
const LF = 0x0a;
const CR = 0x0d;

/** One line: its bytes (valid UTF-8), or its text where its bytes are not valid UTF-8. */
export type Line = Buffer | string;

/** The text of a {@link Line}. */
export function lineText(line: Line): string {
  return typeof line === 'string' ? line : line.toString('utf8');
}

/** True when a line holds nothing but white space (as `String.prototype.trim` sees it). */
export function isBlank(line: Line): boolean {
  if (typeof line === 'string') return line.trim() === '';
  for (const byte of line) {
    if (byte === 0x20 || (byte >= 0x09 && byte <= 0x0d)) continue;
    // Other characters: ASCII is not white space; beyond it (U+3000, U+FEFF...) the text decides.
    return byte < 0x80 ? false : line.toString('utf8').trim() === '';
  }
  return true;
}

/** The file's lines in order, blank ones included (their numbers are the file's); `pieceBytes` is there for tests. */
export function* jsonlLines(file: string, pieceBytes = PIECE_BYTES): Generator<Line> {
  const fd = fs.openSync(file, 'r');
  try {
    let rest: Buffer = Buffer.alloc(0);
    for (;;) {
      // A piece of its own (not reused: the lines yielded are views of it), the part of a
      // line the last piece ended in first, then the file's next bytes read after it (a
      // copy of the whole piece to join them was a tenth of a million-post build's reading).
      const fresh = Buffer.allocUnsafeSlow(rest.length + pieceBytes);
      rest.copy(fresh, 0);
      const n = fs.readSync(fd, fresh, rest.length, pieceBytes, null);
      const ended = n === 0;
      const piece = fresh.subarray(0, rest.length + n);
      let from = 0;
      for (let nl = piece.indexOf(LF); nl >= 0; nl = piece.indexOf(LF, from)) {
        yield* splitAtCr(piece.subarray(from, nl > from && piece[nl - 1] === CR ? nl - 1 : nl));
        from = nl + 1;
      }
      rest = piece.subarray(from);
      if (ended) {
        // The last line, if it has no line break after it.
        if (rest.length > 0) yield* splitAtCr(rest);
        return;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A line that holds a lone `\r` is more than one line for `readline`. */
function* splitAtCr(line: Buffer): Generator<Line> {
  let from = 0;
  for (let cr = line.indexOf(CR); cr >= 0; cr = line.indexOf(CR, from)) {
    yield asLine(line.subarray(from, cr));
    from = cr + 1;
  }
  yield asLine(line.subarray(from));
}

function asLine(bytes: Buffer): Line {
  return isUtf8(bytes) ? bytes : bytes.toString('utf8');
}
