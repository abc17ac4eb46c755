/**
 * The exact-text index: for every document, its Han characters, its pairs of adjacent
 * Han characters and its whole Latin words. Intersecting these lists gives the only
 * documents that can contain a query string, whatever jieba made of either side; the
 * engine then checks each candidate against its stored text. This is what makes
 * "the post contains what I typed" always a hit.
 */
import { isHan, isWordChar } from '../text/normalize.js';
import { pieces, type Piece } from '../text/tokenize.js';
import { intersectAll, unionAll } from './postings.js';
import { lowerBound } from './sorted.js';

const WORD_KEY = '\u0001';
// Han characters of the common block get small integer keys (a pair fits a small
// integer too), which keeps the hot build loop free of string allocation.
const HAN_BASE = 0x3400;
const HAN_SPAN = 0xa000 - HAN_BASE;

function charKey(code: number): number | string {
  return code >= HAN_BASE && code < 0xa000 ? code - HAN_BASE : String.fromCodePoint(code);
}

function pairKey(a: number, b: number): number | string {
  return a >= HAN_BASE && a < 0xa000 && b >= HAN_BASE && b < 0xa000
    ? HAN_SPAN + (a - HAN_BASE) * HAN_SPAN + (b - HAN_BASE)
    : String.fromCodePoint(a, b);
}
/** Beyond this many Latin words sharing a prefix or suffix, that piece is left to verification. */
const MAX_EXPANSION = 256;

function hanKeys(text: string): (number | string)[] {
  const codes = Array.from(text, (c) => c.codePointAt(0)!);
  if (codes.length === 1) return [charKey(codes[0]!)];
  const keys: (number | string)[] = [];
  for (let i = 0; i + 1 < codes.length; i++) keys.push(pairKey(codes[i]!, codes[i + 1]!));
  return keys;
}

export class GramIndex {
  private readonly postings = new Map<number | string, Slots>();
  /** Postings of single common-block Han characters, indexed by their small key. */
  private readonly chars: (Slots | undefined)[] = new Array<Slots | undefined>(HAN_SPAN).fill(undefined);
  private words: string[] | null = null;
  private reversedWords: string[] | null = null;

  /** Indexes the normalised texts of one document. Slots must be added in ascending order. */
  add(slot: number, texts: string[]): void {
    for (const text of texts) {
      let prevHan = -1;
      let wordStart = -1;
      const n = text.length;
      for (let i = 0; i < n; ) {
        const unit = text.charCodeAt(i);
        // The hot path: a Han character of the common block, no surrogate, no word.
        if (unit >= HAN_BASE && unit < 0xa000 && (unit >= 0x4e00 || unit <= 0x4dbf)) {
          if (wordStart >= 0) {
            this.push(WORD_KEY + text.slice(wordStart, i), slot);
            wordStart = -1;
          }
          const k = unit - HAN_BASE;
          const list = this.chars[k];
          if (list === undefined) this.chars[k] = [slot];
          else if (list[list.length - 1] !== slot) growable(list, (l) => (this.chars[k] = l)).push(slot);
          if (prevHan >= 0) this.push(pairKey(prevHan, unit), slot);
          prevHan = unit;
          i++;
          continue;
        }
        const code = text.codePointAt(i)!;
        const width = code > 0xffff ? 2 : 1;
        const word = isWordChar(code);
        if (word && wordStart < 0) wordStart = i;
        else if (!word && wordStart >= 0) {
          this.push(WORD_KEY + text.slice(wordStart, i), slot);
          wordStart = -1;
        }
        if (isHan(code)) {
          this.push(String.fromCodePoint(code), slot);
          if (prevHan >= 0) this.push(pairKey(prevHan, code), slot);
          prevHan = code;
        } else prevHan = -1;
        i += width;
      }
      if (wordStart >= 0) this.push(WORD_KEY + text.slice(wordStart), slot);
    }
  }

  private push(key: number | string, slot: number): void {
    const list = this.postings.get(key);
    if (!list) {
      this.postings.set(key, [slot]);
      if (typeof key === 'string' && key.startsWith(WORD_KEY)) this.words = this.reversedWords = null;
    } else if (list[list.length - 1] !== slot) growable(list, (l) => this.postings.set(key, l)).push(slot);
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.postings.size + this.chars.filter(Boolean).length;
  }

  /**
   * Slots of the documents that may contain `unit` (normalised), ascending; `null` when
   * the unit has nothing indexable and every document is a candidate. With
   * `openEdges`, a Latin word at the start (end) of the unit may be the tail (head) of a
   * longer word, as in `openai图片` for the query `ai图片`.
   */
  candidates(unit: string, openEdges: boolean): ArrayLike<number> | null {
    const parts = pieces(unit);
    const lists: ArrayLike<number>[] = [];
    parts.forEach((p, i) => {
      const list = this.piecePostings(p, openEdges && i === 0 && p.start === 0, openEdges && i === parts.length - 1 && p.end === unit.length);
      if (list) lists.push(list);
    });
    if (lists.length === 0) return null;
    return intersectAll(lists);
  }

  private list(key: number | string): Slots {
    return (typeof key === 'number' && key < HAN_SPAN ? this.chars[key] : this.postings.get(key)) ?? [];
  }

  private piecePostings(p: Piece, openStart: boolean, openEnd: boolean): ArrayLike<number> | null {
    if (p.kind === 'han') {
      const lists = hanKeys(p.text).map((k) => this.list(k));
      return intersectAll(lists);
    }
    if (!openStart && !openEnd) return this.postings.get(WORD_KEY + p.text) ?? [];
    const matches = openEnd && !openStart ? this.wordsWithPrefix(p.text) : openStart && !openEnd ? this.wordsWithSuffix(p.text) : null;
    if (!matches || matches.length > MAX_EXPANSION) return null;
    return unionAll(matches.map((w) => this.postings.get(WORD_KEY + w) ?? []));
  }

  private vocabulary(): string[] {
    if (!this.words) {
      this.words = [];
      for (const k of this.postings.keys()) if (typeof k === 'string' && k.startsWith(WORD_KEY)) this.words.push(k.slice(1));
      this.words.sort();
    }
    return this.words;
  }

  private wordsWithPrefix(prefix: string): string[] {
    return rangeWithPrefix(this.vocabulary(), prefix);
  }

  private wordsWithSuffix(suffix: string): string[] {
    if (!this.reversedWords) this.reversedWords = this.vocabulary().map(reverse).sort();
    return rangeWithPrefix(this.reversedWords, reverse(suffix)).map(reverse);
  }

  /** The index in saved form, slots renumbered through `remap` (-1 drops a slot). */
  serialize(remap: Int32Array): GramIndexData {
    // Sized up front (an upper bound when slots are dropped) and filled in place.
    let size = 1;
    this.chars.forEach((list) => list && (size += 2 + list.length));
    for (const list of this.postings.values()) size += 2 + list.length;
    const out = new Int32Array(size);
    let at = 0;
    const copy = (list: Slots): void => {
      for (let i = 0; i < list.length; i++) {
        const s = remap[list[i]!]!;
        if (s >= 0) out[at++] = s;
      }
    };
    const put = (key: number, list: Slots): void => {
      const start = at;
      out[at++] = key;
      at++;
      copy(list);
      if (at === start + 2) at = start;
      else out[start + 1] = at - start - 2;
    };
    this.chars.forEach((list, key) => list && put(key, list));
    for (const [key, list] of this.postings) if (typeof key === 'number') put(key, list);
    out[at++] = -1;
    const strings: [string, number, number][] = [];
    for (const [key, list] of this.postings) {
      if (typeof key !== 'string') continue;
      const start = at;
      copy(list);
      if (at > start) strings.push([key, start, at - start]);
    }
    return { strings, data: out.slice(0, at) };
  }

  /** Restores a saved index; the postings stay views into `data` until written to. */
  static deserialize(saved: GramIndexData): GramIndex {
    const g = new GramIndex();
    const d = saved.data;
    let i = 0;
    while (i < d.length && d[i] !== -1) {
      const key = d[i]!;
      const len = d[i + 1]!;
      const list = d.subarray(i + 2, i + 2 + len);
      if (key < HAN_SPAN) g.chars[key] = list;
      else g.postings.set(key, list);
      i += 2 + len;
    }
    for (const [key, at, len] of saved.strings) g.postings.set(key, d.subarray(at, at + len));
    return g;
  }

  /** Every Latin word of the index with the number of posts containing it. */
  latinWords(): Map<string, number> {
    const out = new Map<string, number>();
    for (const w of this.vocabulary()) out.set(w, this.postings.get(WORD_KEY + w)?.length ?? 0);
    return out;
  }

}

/** Postings: growable while building, a view into the loaded file after a load. */
type Slots = number[] | Int32Array;

function growable(list: Slots, replace: (l: number[]) => void): number[] {
  if (Array.isArray(list)) return list;
  const copy = Array.from(list);
  replace(copy);
  return copy;
}

/** A gram index in saved form: numeric keys inline in `data`, other keys listed in `strings`. */
export interface GramIndexData {
  /** `[key, offset, length]` of each string key's slots in `data`. */
  strings: [string, number, number][];
  /** Runs of `key, length, slot…` for numeric keys, then the string keys' slots. */
  data: Int32Array;
}

function reverse(s: string): string {
  return Array.from(s).reverse().join('');
}

function rangeWithPrefix(sorted: string[], prefix: string): string[] {
  const out: string[] = [];
  for (let i = lowerBound(sorted, prefix, (w) => w); i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
    out.push(sorted[i]!);
    if (out.length > MAX_EXPANSION) break;
  }
  return out;
}
