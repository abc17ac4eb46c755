/**
 * Snippets and highlights. Matches are found in the normalised text and mapped back to
 * the source through the offset map, so a traditional or full-width query highlights the
 * characters the reader sees. The text is HTML-escaped first; only the marks are markup.
 */
import { toSource, type MappedText } from '../text/mapped-text.js';
import { DEFAULT_SEARCH_OPTIONS } from './defaults.js';
import { occurrencesInto, type Unit } from './match.js';
import { Scratch } from './scratch.js';

/** How matches are marked and how long a snippet is. */
export interface HighlightOptions {
  /** Markup before a match. Default `<mark>`. */
  pre: string;
  /** Markup after a match. Default `</mark>`. */
  post: string;
  /** Snippet length in characters. Default 120. */
  length: number;
}

export const defaultHighlight: HighlightOptions = {
  pre: DEFAULT_SEARCH_OPTIONS.highlightPre,
  post: DEFAULT_SEARCH_OPTIONS.highlightPost,
  length: DEFAULT_SEARCH_OPTIONS.snippetLength,
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const SPECIAL = /[&<>"']/;

export function escapeHtml(s: string): string {
  // Most Chinese text has nothing to escape: one test instead of a replace.
  return SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : s;
}

/**
 * Ranges as one flat list, `[start, end, start, end, …]`: a snippet is made for every hit,
 * and pairs as arrays of their own were a tenth of what a search allocated.
 */
type Ranges = number[];

/** Matches sorted as numbers: the start, then the longer match first (see {@link matchRanges}). */
const LENGTHS = 2 ** 21;

/** Matches looked at per unit and text. */
const MAX_MATCHES = 1000;

// A call's matches, where each was found, and their sort keys (scratch.ts).
const found = new Scratch((n) => new Int32Array(n));
const keys = new Scratch((n) => new Float64Array(n));

/** Source ranges of the units' matches, merged where they overlap, ascending. */
export function matchRanges(m: MappedText, units: Unit[]): Ranges {
  if (units.length === 0 || !m.source) return [];
  // Each match as one number, start * LENGTHS + (LENGTHS - 1 - length), sorted in place
  // (a typed array's sort needs no comparator and makes no pairs).
  let count = 0;
  for (const u of units) {
    const at = found.room(count + MAX_MATCHES);
    const n = occurrencesInto(m.norm, u, MAX_MATCHES, at, count);
    const key = keys.room(count + n);
    for (let k = count; k < count + n; k++) {
      const start = toSource(m.anchors, at[k]!);
      // A match ends after the source character that produced its last normalised unit.
      const last = toSource(m.anchors, at[k]! + u.text.length - 1);
      const length = Math.min(LENGTHS - 1, last + (m.source.codePointAt(last)! > 0xffff ? 2 : 1) - start);
      key[k] = start * LENGTHS + (LENGTHS - 1 - length);
    }
    count += n;
  }
  if (count === 0) return [];
  const sorted = keys.room(count).subarray(0, count).sort();
  const merged: Ranges = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor(sorted[i]! / LENGTHS);
    const end = start + LENGTHS - 1 - (sorted[i]! - start * LENGTHS);
    const last = merged.length - 1;
    if (last > 0 && start <= merged[last]!) merged[last] = Math.max(merged[last]!, end);
    else merged.push(start, end);
  }
  return merged;
}

function mark(source: string, from: number, to: number, ranges: Ranges, opts: HighlightOptions): string {
  let out = '';
  let at = from;
  for (let r = 0; r < ranges.length; r += 2) {
    const s = ranges[r]!;
    const e = ranges[r + 1]!;
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    out += escapeHtml(source.slice(at, a)) + opts.pre + escapeHtml(source.slice(a, b)) + opts.post;
    at = b;
  }
  return out + escapeHtml(source.slice(at, to));
}

/** Newlines shown as spaces in a snippet; most passages have none to replace. */
function oneLine(s: string): string {
  return s.includes('\n') ? s.replace(/\n/g, ' ') : s;
}

/** The whole text, escaped, with every match marked (used for titles). */
export function highlight(m: MappedText, units: Unit[], opts: HighlightOptions = defaultHighlight): string {
  return mark(m.source, 0, m.source.length, matchRanges(m, units), opts);
}

const SENTENCE_END = /[。！？!?；;\n]/;
const WORDISH = /[\p{L}\p{N}]/u;

function isLatinWordChar(s: string, i: number): boolean {
  return s.charCodeAt(i) < 0x3000 && WORDISH.test(s[i]!);
}

function isLowSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * A passage of about `opts.length` characters around the densest group of matches, cut
 * at a sentence start when one is near and never inside a Latin word or a surrogate pair.
 */
export function snippet(m: MappedText, units: Unit[], opts: HighlightOptions = defaultHighlight): string {
  const source = m.source;
  const length = Math.max(10, opts.length);
  const ranges = matchRanges(m, units);
  if (source.length <= length) return oneLine(mark(source, 0, source.length, ranges, opts));
  let start = 0;
  if (ranges.length > 0) {
    let best = -1;
    let bestIdx = 0;
    // Each match's text as a small number, and per number the window that last saw it.
    const ids = new Map<string, number>();
    const matches = ranges.length / 2;
    const textIds = new Int32Array(matches);
    for (let i = 0; i < matches; i++) {
      const t = source.slice(ranges[2 * i], ranges[2 * i + 1]).toLowerCase();
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      textIds[i] = id;
    }
    const seenIn = new Int32Array(ids.size).fill(-1);
    // The window shown starts `lead` characters before its first match.
    const lead = Math.min(Math.floor(length / 4), 30);
    for (let i = 0; i < matches; i++) {
      let score = 0;
      const from = ranges[2 * i]!;
      for (let j = i; j < matches && ranges[2 * j + 1]! <= from - lead + length; j++) {
        // Distinct matches count by the square of their length, so one whole-phrase
        // match outweighs several matches of one of its words; matches near the start
        // of the window count more, so the passage opens on its best match.
        const id = textIds[j]!;
        const len = ranges[2 * j + 1]! - ranges[2 * j]!;
        const nearness = 1 - (0.5 * (ranges[2 * j]! - from)) / length;
        score += (seenIn[id] === i ? len : 10 * len * len) * nearness;
        seenIn[id] = i;
      }
      if (score > best) {
        best = score;
        bestIdx = i;
      }
    }
    const first = ranges[2 * bestIdx]!;
    start = Math.max(0, first - lead);
    for (let i = first - 1; i >= start; i--) {
      if (SENTENCE_END.test(source[i]!)) {
        start = i + 1;
        break;
      }
    }
    while (start < first && WORDISH.test(source[start - 1] ?? '') && WORDISH.test(source[start]!)) start++;
    if (start + length > source.length) {
      // Moved back to fill the passage near the text's end: not into a Latin word.
      start = Math.max(0, source.length - length);
      while (start > 0 && isLatinWordChar(source, start - 1) && isLatinWordChar(source, start)) start--;
    }
  }
  while (start > 0 && isLowSurrogate(source, start)) start--;
  while (start < source.length && /\s/.test(source[start]!)) start++;
  let end = Math.min(source.length, start + length);
  // Nor into a match (`…<mark>件</mark>` of 软件: read as a match of something else): the
  // passage takes it whole.
  for (let r = 0; r < ranges.length && ranges[r]! < start; r += 2) {
    if (start < ranges[r + 1]!) start = ranges[r]!;
  }
  while (
    end < source.length &&
    end - start < length + 20 &&
    WORDISH.test(source[end - 1]!) &&
    WORDISH.test(source[end]!) &&
    source.charCodeAt(end) < 0x3000
  )
    end++;
  if (end < source.length && isLowSurrogate(source, end)) end++;
  // A match the passage's end would cut is shown whole if a few characters more, else left
  // out: its first characters marked alone (`…证券投资、<mark>项</mark>…` of 项目) read as
  // a match of something else. (The passage starts before its first match.)
  for (let r = 0; r < ranges.length; r += 2) {
    if (ranges[r]! < end && end < ranges[r + 1]!) {
      end = ranges[r + 1]! - start <= length + 20 ? ranges[r + 1]! : ranges[r]!;
      break;
    }
  }
  const body = oneLine(mark(source, start, end, ranges, opts));
  return (start > 0 ? '…' : '') + body.trim() + (end < source.length ? '…' : '');
}
