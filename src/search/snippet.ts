/**
 * Snippets and highlights. Matches are found in the normalised text and mapped back to
 * the source through the offset map, so a traditional or full-width query highlights the
 * characters the reader sees. The text is HTML-escaped first; only the marks are markup.
 */
import { toSource, type MappedText } from '../text/mapped-text.js';
import { DEFAULT_SEARCH_OPTIONS } from './defaults.js';
import { occurrences, type Unit } from './match.js';

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

type Range = [number, number];

/** Source ranges of the units' matches, merged where they overlap, ascending. */
export function matchRanges(m: MappedText, units: Unit[]): Range[] {
  if (units.length === 0 || !m.source) return [];
  const raw: Range[] = [];
  for (const u of units) {
    for (const at of occurrences(m.norm, u, 1000)) {
      // A match ends after the source character that produced its last normalised unit.
      const last = toSource(m.anchors, at + u.text.length - 1);
      raw.push([toSource(m.anchors, at), last + (m.source.codePointAt(last)! > 0xffff ? 2 : 1)]);
    }
  }
  raw.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const r of raw) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function mark(source: string, from: number, to: number, ranges: Range[], opts: HighlightOptions): string {
  let out = '';
  let at = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    out += escapeHtml(source.slice(at, a)) + opts.pre + escapeHtml(source.slice(a, b)) + opts.post;
    at = b;
  }
  return out + escapeHtml(source.slice(at, to));
}

/** The whole text, escaped, with every match marked (used for titles). */
export function highlight(m: MappedText, units: Unit[], opts: HighlightOptions = defaultHighlight): string {
  return mark(m.source, 0, m.source.length, matchRanges(m, units), opts);
}

const SENTENCE_END = /[。！？!?；;\n]/;
const WORDISH = /[\p{L}\p{N}]/u;

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
  if (source.length <= length) return mark(source, 0, source.length, ranges, opts).replace(/\n/g, ' ');
  let start = 0;
  if (ranges.length > 0) {
    let best = -1;
    let bestIdx = 0;
    // Each match's text as a small number, and per number the window that last saw it.
    const ids = new Map<string, number>();
    const textIds = ranges.map(([s, e]) => {
      const t = source.slice(s, e).toLowerCase();
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      return id;
    });
    const seenIn = new Int32Array(ids.size).fill(-1);
    // The window shown starts `lead` characters before its first match.
    const lead = Math.min(Math.floor(length / 4), 30);
    for (let i = 0; i < ranges.length; i++) {
      let score = 0;
      for (let j = i; j < ranges.length && ranges[j]![1] <= ranges[i]![0] - lead + length; j++) {
        // Distinct matches count by the square of their length, so one whole-phrase
        // match outweighs several matches of one of its words; matches near the start
        // of the window count more, so the passage opens on its best match.
        const id = textIds[j]!;
        const len = ranges[j]![1] - ranges[j]![0];
        const nearness = 1 - (0.5 * (ranges[j]![0] - ranges[i]![0])) / length;
        score += (seenIn[id] === i ? len : 10 * len * len) * nearness;
        seenIn[id] = i;
      }
      if (score > best) {
        best = score;
        bestIdx = i;
      }
    }
    const first = ranges[bestIdx]![0];
    start = Math.max(0, first - lead);
    for (let i = first - 1; i >= start; i--) {
      if (SENTENCE_END.test(source[i]!)) {
        start = i + 1;
        break;
      }
    }
    while (start < first && WORDISH.test(source[start - 1] ?? '') && WORDISH.test(source[start]!)) start++;
    if (start + length > source.length) start = Math.max(0, source.length - length);
  }
  while (start > 0 && isLowSurrogate(source, start)) start--;
  while (start < source.length && /\s/.test(source[start]!)) start++;
  let end = Math.min(source.length, start + length);
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
  const over = ranges.find(([s, e]) => s < end && end < e);
  if (over) end = over[1] - start <= length + 20 ? over[1] : over[0];
  const body = mark(source, start, end, ranges, opts).replace(/\n/g, ' ');
  return (start > 0 ? '…' : '') + body.trim() + (end < source.length ? '…' : '');
}
