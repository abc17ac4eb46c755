/**
 * Text normalisation shared by documents and queries, so that both sides compare
 * the same characters:
 *
 * 1. NFKC per code point (full-width `ＡＢＣ１` becomes `abc1`),
 * 2. lower case,
 * 3. traditional to simplified Chinese, character by character (opencc-js tables),
 * 4. control, format and lone-surrogate code points dropped,
 * 5. white space removed, except one space between two word characters
 *    (`使用 JS` and `使用JS` normalise alike; `segway  pod` keeps one space).
 *
 * Every step maps one source code point to its own output, so a normalised offset can
 * always be traced back to the source text: that is what snippets need.
 */
import { Converter } from 'opencc-js/t2cn';

const toSimplified = Converter({ from: 'tw', to: 'cn' });
const charCache = new Map<number, string>();
const SPACE = /\s/u;
const DROPPED = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]$/u;

/** True for Han ideographs (CJK unified, extensions and compatibility blocks). */
export function isHan(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x20000 && code <= 0x3134f) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    code === 0x3007
  );
}

const WORD = /^[\p{L}\p{N}\p{M}]$/u;
const wordCache = new Map<number, boolean>();

/** True for letters, digits and marks that are not Han: the characters of a Latin-like word. */
export function isWordChar(code: number): boolean {
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  }
  if (isHan(code)) return false;
  let w = wordCache.get(code);
  if (w === undefined) {
    w = WORD.test(String.fromCodePoint(code));
    wordCache.set(code, w);
  }
  return w;
}

/** The normalised form of one code point ('' when it is dropped). */
export function normalizeChar(code: number): string {
  if (code < 0x80) {
    if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 32);
    if (code < 0x20 || code === 0x7f) return '';
    return String.fromCharCode(code);
  }
  let out = charCache.get(code);
  if (out === undefined) {
    const ch = String.fromCodePoint(code);
    if (DROPPED.test(ch)) out = '';
    else {
      out = ch.normalize('NFKC').toLowerCase();
      if (isHan(out.codePointAt(0) ?? 0)) {
        const simplified = toSimplified(out);
        if ([...simplified].length === [...out].length) out = simplified;
      }
      // NFKC can produce spaces (e.g. U+00A8); keep words compact.
      out = (out as string).replace(/\s+/gu, "");
    }
    charCache.set(code, out);
  }
  return out;
}

function isSpaceCode(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  return code > 0x7f && SPACE.test(String.fromCodePoint(code));
}

/** Normalises text for indexing and matching (see the module comment). */
export function normalize(text: string): string {
  return run(text, null);
}

/** A normalised string with, for each of its UTF-16 units, the offset of the source unit it came from. */
export interface NormalizedWithMap {
  text: string;
  /** `map[i]` is the source offset of normalised unit `i`; `map[text.length]` is the source length. */
  map: Int32Array;
}

/** Like {@link normalize}, also returning the offset map used to place highlights in the source text. */
export function normalizeWithMap(text: string): NormalizedWithMap {
  const offsets: number[] = [];
  const out = run(text, offsets);
  offsets.push(text.length);
  return { text: out, map: Int32Array.from(offsets) };
}

function run(text: string, offsets: number[] | null): string {
  let out = '';
  let pendingSpace = -1;
  let lastWord = false;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    if (isSpaceCode(code)) {
      if (pendingSpace < 0) pendingSpace = i;
      i += width;
      continue;
    }
    const piece = normalizeChar(code);
    if (piece.length > 0) {
      const first = piece.codePointAt(0)!;
      if (pendingSpace >= 0 && lastWord && isWordChar(first)) {
        out += ' ';
        offsets?.push(pendingSpace);
      }
      out += piece;
      if (offsets) for (let k = 0; k < piece.length; k++) offsets.push(i);
      lastWord = isWordChar(piece.codePointAt(piece.length - 1) ?? 0);
      pendingSpace = -1;
    }
    i += width;
  }
  return out;
}

/** Two normalised texts as one, with the space {@link normalize} would keep between them. */
export function joinNormalized(a: string, b: string): string {
  if (!a || !b) return a + b;
  const last = a.codePointAt(a.length - 1)!;
  return isWordChar(last) && isWordChar(b.codePointAt(0)!) ? `${a} ${b}` : a + b;
}
