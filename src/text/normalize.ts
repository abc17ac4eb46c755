/**
 * Text normalisation shared by documents and queries, so that both sides compare
 * the same characters:
 *
 * 1. NFKC per code point (full-width `ＡＢＣ１` becomes `abc1`),
 * 2. lower case,
 * 3. traditional to simplified Chinese, character by character (opencc-js's tables, read
 *    by simplified-char.ts; a simplified character the tables would change, such as 么,
 *    is kept),
 * 4. control, format and lone-surrogate code points dropped,
 * 5. white space removed, except one space between two word characters
 *    (`使用 JS` and `使用JS` normalise alike; `segway  pod` keeps one space).
 *
 * Every step maps one source code point to its own output, so a normalised offset can
 * always be traced back to the source text: that is what snippets need.
 */
import { simplifiedChar } from './simplified-char.js';

/**
 * Simplified characters the Taiwan-to-mainland tables, read one character at a time, turn
 * into another character: 么 (as in 怎么, 什么) would become 幺, and jieba would no longer
 * know 怎么 as a word. Traditional 麼 still becomes 么.
 */
const KEPT_AS_IS = new Set(['么']);
const charCache = new Map<number, string>();
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
      if (isHan(out.codePointAt(0) ?? 0) && !KEPT_AS_IS.has(out)) {
        const simplified = simplifiedChar(out);
        if ([...simplified].length === [...out].length) out = simplified;
      }
      // NFKC can produce spaces (e.g. U+00A8); keep words compact.
      out = (out as string).replace(/\s+/gu, '');
    }
    charCache.set(code, out);
  }
  return out;
}

/** `/\s/u` without a regular expression: this runs for every character indexed. */
function isSpaceCode(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0x1680) return code === 0xa0;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Normalises text for indexing and matching (see the module comment).
 *
 * @example
 * normalize('乳山綠茶 ＡＩ'); // '乳山绿茶 ai'
 */
export function normalize(text: string): string {
  const out = unitsToString(run(text, false));
  releaseLarge();
  return out;
}

/** A normalised string with, for each of its UTF-16 units, the offset of the source unit it came from. */
export interface NormalizedWithMap {
  text: string;
  /** `map[i]` is the source offset of normalised unit `i`; `map[text.length]` is the source length. */
  map: Int32Array;
}

/** Like {@link normalize}, also returning the offset map used to place highlights in the source text. */
export function normalizeWithMap(text: string): NormalizedWithMap {
  return withSources(text, (n) => ({ text: unitsToString(n), map: sources.slice(0, n + 1) }));
}

/**
 * {@link normalizeWithMap}'s map as anchors: pairs `[normOffset, sourceOffset]` where the
 * shift between the texts changes (see text/mapped-text.ts). Read from the map in place:
 * a copy of it per text was a large part of a build's garbage.
 */
export function normalizeWithAnchors(text: string): { norm: string; anchors: number[] } {
  return withSources(text, (n) => {
    const anchors: number[] = [];
    let shift = NaN;
    for (let i = 0; i <= n; i++) {
      const source = sources[i]!;
      if (source - i !== shift) {
        shift = source - i;
        anchors.push(i, source);
      }
    }
    return { norm: unitsToString(n), anchors };
  });
}

/**
 * Normalises `text` keeping the source offsets, and returns what `read` makes of the
 * output (its `n` units, `sources[0..n]` their offsets, `sources[n]` the source length)
 * before the buffers are let go.
 */
function withSources<T>(text: string, read: (n: number) => T): T {
  const n = run(text, true);
  sources[n] = text.length;
  const out = read(n);
  releaseLarge();
  return out;
}

// The output of `run`, reused from call to call: building the string a character at a
// time would make a string object per character (most of a build's garbage).
const KEPT_UNITS = 1 << 16;
let units = new Uint16Array(KEPT_UNITS);
let sources = new Int32Array(KEPT_UNITS);

/** After an unusually long text, the buffers go back to their usual size rather than stay that large. */
function releaseLarge(): void {
  if (units.length <= KEPT_UNITS) return;
  units = new Uint16Array(KEPT_UNITS);
  sources = new Int32Array(KEPT_UNITS);
}

/** Room for `n` more units (and their source offsets, with one to spare for the end). */
function reserve(used: number, n: number, withSources: boolean): void {
  if (used + n + 1 <= units.length) return;
  let size = units.length * 2;
  while (size < used + n + 1) size *= 2;
  const u = new Uint16Array(size);
  u.set(units.subarray(0, used));
  units = u;
  if (withSources) {
    const s = new Int32Array(size);
    s.set(sources.subarray(0, used));
    sources = s;
  } else sources = new Int32Array(size);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function unitsToString(n: number): string {
  if (n === 0) return '';
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, 0, n * 2).toString('utf16le');
  let out = '';
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode(...units.subarray(i, Math.min(n, i + 8192)));
  return out;
}

// Per BMP code point, filled as characters are first seen: its kind (white space, or a
// character whose normalised form is a word character or not) and that normalised form
// when it is one UTF-16 unit (else SLOW: dropped, or more than one unit). The loop below
// then reads two arrays per character.
const SLOW = 0xffff; // U+FFFF is a noncharacter, dropped, so never an output unit
const WORD_UNIT = 1;
const OTHER_UNIT = 2;
const SPACE = 3;
const bmpUnit = new Uint16Array(0x10000);
const bmpKind = new Uint8Array(0x10000);

function learn(code: number): number {
  const piece = normalizeChar(code);
  const unit = piece.length === 1 ? piece.charCodeAt(0) : SLOW;
  bmpUnit[code] = unit >= 0xd800 && unit <= 0xdfff ? SLOW : unit;
  return (bmpKind[code] = isSpaceCode(code) ? SPACE : isWordChar(unit) ? WORD_UNIT : OTHER_UNIT);
}

/** Writes the normalised text of `text` to `units` (and each unit's source offset to `sources`); returns its length. */
function run(text: string, withSources: boolean): number {
  // Most characters map to one unit; NFKC can make more of one (reserved as they come).
  reserve(0, text.length + 1, false);
  let n = 0;
  let pendingSpace = -1;
  let lastWord = false;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) {
      const kind = bmpKind[c] || learn(c);
      if (kind === SPACE) {
        if (pendingSpace < 0) pendingSpace = i;
        i++;
        continue;
      }
      const unit = bmpUnit[c]!;
      if (unit !== SLOW) {
        const word = kind === WORD_UNIT;
        if (n + 2 >= units.length) reserve(n, 2, withSources);
        if (pendingSpace >= 0 && lastWord && word) {
          if (withSources) sources[n] = pendingSpace;
          units[n++] = 0x20;
        }
        if (withSources) sources[n] = i;
        units[n++] = unit;
        lastWord = word;
        pendingSpace = -1;
        i++;
        continue;
      }
    }
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    if (isSpaceCode(code)) {
      if (pendingSpace < 0) pendingSpace = i;
      i += width;
      continue;
    }
    const piece = normalizeChar(code);
    if (piece.length > 0) {
      if (n + piece.length + 1 >= units.length) reserve(n, piece.length + 1, withSources);
      if (pendingSpace >= 0 && lastWord && isWordChar(piece.codePointAt(0)!)) {
        if (withSources) sources[n] = pendingSpace;
        units[n++] = 0x20;
      }
      for (let k = 0; k < piece.length; k++) {
        if (withSources) sources[n] = i;
        units[n++] = piece.charCodeAt(k);
      }
      lastWord = isWordChar(piece.codePointAt(piece.length - 1) ?? 0);
      pendingSpace = -1;
    }
    i += width;
  }
  return n;
}

/** Two normalised texts as one, with the space {@link normalize} would keep between them. */
export function joinNormalized(a: string, b: string): string {
  if (!a || !b) return a + b;
  const last = a.codePointAt(a.length - 1)!;
  return isWordChar(last) && isWordChar(b.codePointAt(0)!) ? `${a} ${b}` : a + b;
}
