/**
 * The exact-text index: for every document, its Han characters, its pairs of adjacent
 * Han characters, its whole Latin words, and the pairs of characters where Han text and
 * a Latin word meet (`成a` of `生成ai`). Intersecting these lists gives the only
 * documents that can contain a query string, whatever jieba made of either side; the
 * engine then checks each candidate against its stored text. This is what makes
 * "the post contains what I typed" always a hit.
 *
 * Storage is built for size and for the garbage collector: the postings live in one
 * Int32Array (compressed sparse rows, keys sorted for binary search), so a loaded index
 * is a handful of typed arrays, not a JavaScript array per key. New documents are
 * logged as key ids in typed arrays and folded into the rows when the index is next
 * read; a small batch goes to a side table instead, so adding one post to a large
 * index does not rewrite it.
 */
import { isHan, isWordChar } from '../text/normalize.js';
import { pieces, type Piece } from '../text/tokenize.js';
import { intersectAll, unionAll } from './postings.js';
import { IntIdTable } from './int-id-table.js';
import { IntList } from './int-list.js';
import { lowerBound } from './sorted.js';

const WORD_KEY = '\u0001';
// Han characters of the common block get small integer keys (a pair fits a small
// integer too), which keeps the hot build loop free of string allocation.
const HAN_BASE = 0x3400;
const HAN_SPAN = 0xa000 - HAN_BASE;
/** Beyond this many Latin words sharing a prefix or suffix, that piece is left to verification. */
const MAX_EXPANSION = 256;
/** A batch smaller than 1/SIDE_RATIO of the rows goes to the side table instead of a rewrite. */
const SIDE_RATIO = 16;

type Key = number | string;

function charKey(code: number): Key {
  return code >= HAN_BASE && code < 0xa000 ? code - HAN_BASE : String.fromCodePoint(code);
}

function pairKey(a: number, b: number): Key {
  return a >= HAN_BASE && a < 0xa000 && b >= HAN_BASE && b < 0xa000
    ? HAN_SPAN + (a - HAN_BASE) * HAN_SPAN + (b - HAN_BASE)
    : String.fromCodePoint(a, b);
}

/**
 * First key of the pairs where Han text and a word meet: above every key of a pair of
 * Han characters (the common block's pairs end at HAN_SPAN + HAN_SPAN²).
 */
const BOUNDARY_BASE = HAN_SPAN + HAN_SPAN * HAN_SPAN;

/**
 * The key of a Han character and a word character side by side, in either order: a
 * small integer when the Han character is of the common block and the word character
 * ASCII (a post has a few such pairs, and `生成ai` or `ai图片` narrow to the posts where
 * the two scripts meet as typed, rather than every post with 生成 and a word `ai…`).
 */
function boundaryKey(a: number, b: number): Key {
  if (b < 0x80 && a >= HAN_BASE && a < 0xa000) return BOUNDARY_BASE + (a - HAN_BASE) * 0x80 + b;
  if (a < 0x80 && b >= HAN_BASE && b < 0xa000) return BOUNDARY_BASE + HAN_SPAN * 0x80 + a * HAN_SPAN + (b - HAN_BASE);
  return String.fromCodePoint(a, b);
}

function hanKeys(text: string): Key[] {
  const codes = Array.from(text, (c) => c.codePointAt(0)!);
  if (codes.length === 1) return [charKey(codes[0]!)];
  const keys: Key[] = [];
  for (let i = 0; i + 1 < codes.length; i++) keys.push(pairKey(codes[i]!, codes[i + 1]!));
  return keys;
}

/**
 * Postings in compressed sparse rows. Row i is numeric key `numKeys[i]` for i < N and
 * string key `strKeys[i - N]` after; its slots are `slots[starts[i]..starts[i+1])`.
 */
interface Rows {
  numKeys: Int32Array;
  strKeys: string[];
  starts: Int32Array;
  slots: Int32Array;
}

const EMPTY_ROWS: Rows = { numKeys: new Int32Array(0), strKeys: [], starts: new Int32Array(1), slots: new Int32Array(0) };

/** A gram index in saved form. */
export interface GramIndexData {
  /** String keys, sorted. */
  strKeys: string[];
  /** Runs of int32 that, one after another, are the numeric key count, the sorted numeric keys, the row starts, then the slots. */
  data: Int32Array[];
  /**
   * True when the pairs where Han text and a word meet are indexed (see boundaryKey).
   * Indexes saved before they were (zhsearch 0.x, format 9 and older) have none: their
   * candidates are narrowed without them, and their texts checked as before.
   */
  boundaries?: boolean;
}

/**
 * Documents not yet folded into the rows: each document's distinct keys as dense ids,
 * in slot order. Numeric keys are interned through a Map to ids; the common Han
 * characters need no lookup at all (their id is their key).
 */
class Batch {
  readonly keys: Key[] = [];
  private readonly numIds = new IntIdTable();
  private readonly strIds = new Map<string, number>();
  /** The last slot each id was logged for, to log a key once per document. */
  private lastSlot = new Int32Array(HAN_SPAN * 2).fill(-1);
  readonly ids = new IntList();
  readonly docSlots = new IntList();
  readonly docEnds = new IntList();

  constructor() {
    for (let k = 0; k < HAN_SPAN; k++) this.keys.push(k);
  }

  get entries(): number {
    return this.ids.length;
  }

  private log(id: number, slot: number): void {
    if (this.lastSlot[id] === slot) return;
    this.lastSlot[id] = slot;
    this.ids.push(id);
  }

  private newId(key: Key): number {
    const id = this.keys.length;
    this.keys.push(key);
    if (id === this.lastSlot.length) {
      const bigger = new Int32Array(id * 2).fill(-1);
      bigger.set(this.lastSlot);
      this.lastSlot = bigger;
    }
    return id;
  }

  logNumber(key: number, slot: number): void {
    if (key < HAN_SPAN) return this.log(key, slot);
    let id = this.numIds.get(key);
    if (id < 0) this.numIds.add(key, (id = this.newId(key)));
    this.log(id, slot);
  }

  logString(key: string, slot: number): void {
    let id = this.strIds.get(key);
    if (id === undefined) this.strIds.set(key, (id = this.newId(key)));
    this.log(id, slot);
  }

  /** Empties the log; the key ids stay (slots only ascend, so old `lastSlot` values never match again). */
  clear(): void {
    this.ids.clear();
    this.docSlots.clear();
    this.docEnds.clear();
  }

  endDocument(slot: number): void {
    this.docSlots.push(slot);
    this.docEnds.push(this.ids.length);
  }

  /** Calls `fn(key, slot)` for every logged entry, in slot order. */
  forEach(fn: (key: Key, slot: number) => void): void {
    let at = 0;
    for (let d = 0; d < this.docSlots.length; d++) {
      const slot = this.docSlots.get(d);
      const end = this.docEnds.get(d);
      for (; at < end; at++) fn(this.keys[this.ids.get(at)]!, slot);
    }
  }

  /** Entries per id. */
  counts(): Int32Array {
    const counts = new Int32Array(this.keys.length);
    for (let i = 0; i < this.ids.length; i++) counts[this.ids.get(i)]!++;
    return counts;
  }
}

export class GramIndex {
  private rows: Rows = EMPTY_ROWS;
  /** Slots added after the rows were last written, per key, ascending. */
  private side = new Map<Key, number[]>();
  private sideEntries = 0;
  private batch: Batch | null = null;
  private words: string[] | null = null;
  private reversedWords: string[] | null = null;
  /** Whether every document's pairs where Han text and a word meet are indexed (see GramIndexData.boundaries). */
  private boundaries = true;

  /** True when the pairs where Han text and a word meet are indexed (false for an index saved before they were). */
  get indexesBoundaries(): boolean {
    return this.boundaries;
  }

  /**
   * Indexes the normalised texts of one document. Slots must be added in ascending order.
   * The texts are read one after another, as a reader sees title, tags and body: a pair
   * of Han characters across two of them is indexed too, and a Han character meeting a
   * word (a Latin word is not, as joinNormalized keeps a space between two words).
   */
  add(slot: number, texts: string[]): void {
    const b = (this.batch ??= new Batch());
    const boundaries = this.boundaries;
    let prevHan = -1;
    // The previous character when it was a word character.
    let prevWord = -1;
    for (const text of texts) {
      let wordStart = -1;
      const n = text.length;
      for (let i = 0; i < n;) {
        const unit = text.charCodeAt(i);
        // The hot path: a Han character of the common block, no surrogate, no word.
        if (unit >= HAN_BASE && unit < 0xa000 && (unit >= 0x4e00 || unit <= 0x4dbf)) {
          if (wordStart >= 0) {
            b.logString(WORD_KEY + text.slice(wordStart, i), slot);
            wordStart = -1;
          }
          if (prevWord >= 0) {
            if (boundaries) this.logKey(b, boundaryKey(prevWord, unit), slot);
            prevWord = -1;
          }
          b.logNumber(unit - HAN_BASE, slot);
          if (prevHan >= HAN_BASE && prevHan < 0xa000) b.logNumber(HAN_SPAN + (prevHan - HAN_BASE) * HAN_SPAN + (unit - HAN_BASE), slot);
          else if (prevHan >= 0) this.logKey(b, pairKey(prevHan, unit), slot);
          prevHan = unit;
          i++;
          continue;
        }
        const code = text.codePointAt(i)!;
        const width = code > 0xffff ? 2 : 1;
        const word = isWordChar(code);
        if (word && wordStart < 0) wordStart = i;
        else if (!word && wordStart >= 0) {
          b.logString(WORD_KEY + text.slice(wordStart, i), slot);
          wordStart = -1;
        }
        if (boundaries && word && prevHan >= 0) this.logKey(b, boundaryKey(prevHan, code), slot);
        if (boundaries && prevWord >= 0 && isHan(code)) this.logKey(b, boundaryKey(prevWord, code), slot);
        prevWord = word ? code : -1;
        if (isHan(code)) {
          this.logKey(b, charKey(code), slot);
          if (prevHan >= 0) this.logKey(b, pairKey(prevHan, code), slot);
          prevHan = code;
        } else prevHan = -1;
        i += width;
      }
      if (wordStart >= 0) b.logString(WORD_KEY + text.slice(wordStart), slot);
    }
    b.endDocument(slot);
  }

  private logKey(b: Batch, key: Key, slot: number): void {
    if (typeof key === 'number') b.logNumber(key, slot);
    else b.logString(key, slot);
  }

  /**
   * Folds the pending batch into the side table (small) or rewrites the rows (large).
   * Every read does it first; a build calls it while it waits for other work.
   */
  compact(): void {
    const b = this.batch;
    if (!b || b.entries === 0) return;
    this.words = this.reversedWords = null;
    if ((b.entries + this.sideEntries) * SIDE_RATIO < this.rows.slots.length) {
      b.forEach((key, slot) => {
        const list = this.side.get(key);
        if (list) list.push(slot);
        else this.side.set(key, [slot]);
      });
      this.sideEntries += b.entries;
      // Kept for the next small batch: its key table is worth reusing.
      b.clear();
    } else {
      this.rewrite(b);
      // Dropped: after a build its key table is large and no longer needed.
      this.batch = null;
    }
  }

  /** New rows holding the current rows, the side table and the batch (their slots ascend in that order). */
  private rewrite(b: Batch): void {
    const old = this.rows;
    const counts = b.counts();
    const nums: number[] = [];
    const strs: string[] = [];
    const collect = (key: Key): void => void (typeof key === 'number' ? nums.push(key) : strs.push(key));
    for (const key of this.side.keys()) collect(key);
    for (let id = 0; id < counts.length; id++) if (counts[id]) collect(b.keys[id]!);
    const allNums = new Int32Array(old.numKeys.length + nums.length);
    allNums.set(old.numKeys);
    allNums.set(nums, old.numKeys.length);
    const rows: Rows = {
      numKeys: uniqueSorted(allNums.sort()),
      strKeys: [...new Set([...old.strKeys, ...strs])].sort(compareStrings),
      starts: EMPTY_ROWS.starts,
      slots: EMPTY_ROWS.slots,
    };
    const n = rows.numKeys.length;
    const lengths = new Int32Array(n + rows.strKeys.length);
    const oldRow = new Int32Array(old.numKeys.length + old.strKeys.length);
    for (let i = 0; i < oldRow.length; i++) {
      const r = rowOf(rows, i < old.numKeys.length ? old.numKeys[i]! : old.strKeys[i - old.numKeys.length]!);
      oldRow[i] = r;
      lengths[r]! += old.starts[i + 1]! - old.starts[i]!;
    }
    const sideRows = new Map<Key, number>();
    for (const [key, list] of this.side) {
      const r = rowOf(rows, key);
      sideRows.set(key, r);
      lengths[r]! += list.length;
    }
    const batchRow = new Int32Array(counts.length);
    for (let id = 0; id < counts.length; id++) {
      if (!counts[id]) continue;
      const r = rowOf(rows, b.keys[id]!);
      batchRow[id] = r;
      lengths[r]! += counts[id]!;
    }
    const starts = new Int32Array(lengths.length + 1);
    for (let r = 0; r < lengths.length; r++) starts[r + 1] = starts[r]! + lengths[r]!;
    const slots = new Int32Array(starts[lengths.length]!);
    const next = starts.slice(0, lengths.length);
    for (let i = 0; i < oldRow.length; i++) {
      const r = oldRow[i]!;
      slots.set(old.slots.subarray(old.starts[i]!, old.starts[i + 1]!), next[r]!);
      next[r]! += old.starts[i + 1]! - old.starts[i]!;
    }
    for (const [key, list] of this.side) {
      const r = sideRows.get(key)!;
      slots.set(list, next[r]!);
      next[r]! += list.length;
    }
    let at = 0;
    for (let d = 0; d < b.docSlots.length; d++) {
      const slot = b.docSlots.get(d);
      for (const end = b.docEnds.get(d); at < end; at++) slots[next[batchRow[b.ids.get(at)]!]!++] = slot;
      // The log read so far is let go of (a million posts: half a gigabyte), so that it and
      // the rows it becomes are not both in memory whole.
      if ((d & 1023) === 1023) b.ids.releaseBefore(at);
    }
    this.rows = { ...rows, starts, slots };
    this.side = new Map();
    this.sideEntries = 0;
  }

  /**
   * Slots of the documents that may contain `unit` (normalised), ascending; `null` when
   * the unit has nothing indexable and every document is a candidate. With
   * `openEdges`, a Latin word at the start (end) of the unit may be the tail (head) of a
   * longer word, as in `openai图片` for the query `ai图片`.
   */
  candidates(unit: string, openEdges: boolean): ArrayLike<number> | null {
    this.compact();
    const parts = pieces(unit);
    const lists: ArrayLike<number>[] = [];
    parts.forEach((p, i) => {
      const list = this.piecePostings(
        p,
        openEdges && i === 0 && p.start === 0,
        openEdges && i === parts.length - 1 && p.end === unit.length,
      );
      if (list) lists.push(list);
    });
    if (lists.length === 0) return null;
    if (this.boundaries) {
      for (let i = 0; i + 1 < parts.length; i++) {
        const p = parts[i]!;
        const next = parts[i + 1]!;
        if (p.end === next.start && p.kind !== next.kind)
          lists.push(this.list(boundaryKey(lastCodePoint(p.text), next.text.codePointAt(0)!)));
      }
    }
    return intersectAll(lists);
  }

  private list(key: Key): ArrayLike<number> {
    const r = findRow(this.rows, key);
    const stored = r >= 0 ? this.rows.slots.subarray(this.rows.starts[r]!, this.rows.starts[r + 1]!) : EMPTY_ROWS.slots;
    const added = this.side.get(key);
    if (!added) return stored;
    if (stored.length === 0) return added;
    // A row of a common character holds most posts: copied, not spread into an array.
    const both = new Int32Array(stored.length + added.length);
    both.set(stored);
    both.set(added, stored.length);
    return both;
  }

  private piecePostings(p: Piece, openStart: boolean, openEnd: boolean): ArrayLike<number> | null {
    if (p.kind === 'han') return intersectAll(hanKeys(p.text).map((k) => this.list(k)));
    if (!openStart && !openEnd) return this.list(WORD_KEY + p.text);
    const matches = openEnd && !openStart ? this.wordsWithPrefix(p.text) : openStart && !openEnd ? this.wordsWithSuffix(p.text) : null;
    if (!matches || matches.length > MAX_EXPANSION) return null;
    return unionAll(matches.map((w) => this.list(WORD_KEY + w)));
  }

  private vocabulary(): string[] {
    if (!this.words) {
      const words = new Set<string>();
      const keys = this.rows.strKeys;
      // WORD_KEY sorts first, so the Latin words are the leading string keys.
      for (let i = 0; i < keys.length && keys[i]!.startsWith(WORD_KEY); i++) words.add(keys[i]!.slice(1));
      for (const k of this.side.keys()) if (typeof k === 'string' && k.startsWith(WORD_KEY)) words.add(k.slice(1));
      this.words = [...words].sort(compareStrings);
    }
    return this.words;
  }

  private wordsWithPrefix(prefix: string): string[] {
    return rangeWithPrefix(this.vocabulary(), prefix);
  }

  private wordsWithSuffix(suffix: string): string[] {
    if (!this.reversedWords) this.reversedWords = this.vocabulary().map(reverse).sort(compareStrings);
    return rangeWithPrefix(this.reversedWords, reverse(suffix)).map(reverse);
  }

  /** Every Latin word of the index with the number of posts containing it. */
  latinWords(): Map<string, number> {
    this.compact();
    const out = new Map<string, number>();
    for (const w of this.vocabulary()) out.set(w, this.list(WORD_KEY + w).length);
    return out;
  }

  /** Every Han character of the index with the number of posts containing it. */
  hanCharCounts(): Map<string, number> {
    this.compact();
    const out = new Map<string, number>();
    const { numKeys, strKeys, starts } = this.rows;
    for (let i = 0; i < numKeys.length && numKeys[i]! < HAN_SPAN; i++)
      out.set(String.fromCharCode(numKeys[i]! + HAN_BASE), starts[i + 1]! - starts[i]!);
    strKeys.forEach((k, i) => {
      if ([...k].length === 1 && isHan(k.codePointAt(0)!)) out.set(k, starts[numKeys.length + i + 1]! - starts[numKeys.length + i]!);
    });
    for (const [k, list] of this.side) {
      const ch =
        typeof k === 'number'
          ? k < HAN_SPAN
            ? String.fromCharCode(k + HAN_BASE)
            : null
          : [...k].length === 1 && isHan(k.codePointAt(0)!)
            ? k
            : null;
      if (ch) out.set(ch, (out.get(ch) ?? 0) + list.length);
    }
    return out;
  }

  /** The index in saved form, slots renumbered through `remap` (-1 drops a slot). */
  serialize(remap: Int32Array): GramIndexData {
    this.compact();
    if (this.sideEntries > 0) this.rewrite(new Batch());
    const rows = remap.every((s, i) => s === i) ? this.rows : renumber(this.rows, remap);
    // The arrays themselves, not a copy: an index can be gigabytes.
    return {
      strKeys: rows.strKeys,
      data: [Int32Array.of(rows.numKeys.length), rows.numKeys, rows.starts, rows.slots],
      ...(this.boundaries ? { boundaries: true } : {}),
    };
  }

  /** Restores a saved index; the rows are views into `saved.data`. */
  static deserialize(saved: GramIndexData): GramIndex {
    const d = saved.data.length === 1 ? saved.data[0]! : concatInt32(saved.data);
    const n = d[0] ?? -1;
    const rowCount = n + saved.strKeys.length;
    if (n < 0 || 2 + n + rowCount > d.length || d[1 + n + rowCount] !== d.length - (2 + n + rowCount))
      throw new Error('gram index: sizes do not match');
    const g = new GramIndex();
    g.boundaries = saved.boundaries === true;
    g.rows = {
      numKeys: d.subarray(1, 1 + n),
      strKeys: saved.strKeys,
      starts: d.subarray(1 + n, 2 + n + rowCount),
      slots: d.subarray(2 + n + rowCount),
    };
    return g;
  }
}

function concatInt32(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The row of a key in `rows`, or -1. */
function findRow(rows: Rows, key: Key): number {
  if (typeof key === 'number') {
    const keys = rows.numKeys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo < keys.length && keys[lo] === key ? lo : -1;
  }
  const i = lowerBound(rows.strKeys, key, (k) => k);
  return i < rows.strKeys.length && rows.strKeys[i] === key ? rows.numKeys.length + i : -1;
}

/** The row of a key known to be in `rows`. */
function rowOf(rows: Rows, key: Key): number {
  const r = findRow(rows, key);
  if (r < 0) throw new Error(`gram index: key ${String(key)} missing from new rows`);
  return r;
}

function uniqueSorted(sorted: Int32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n);
}

/** Rows with slots renumbered through `remap`; dropped slots and emptied keys go. */
function renumber(r: Rows, remap: Int32Array): Rows {
  const slots = new Int32Array(r.slots.length);
  const starts: number[] = [0];
  const numKeys: number[] = [];
  const strKeys: string[] = [];
  let at = 0;
  const rowCount = r.numKeys.length + r.strKeys.length;
  for (let i = 0; i < rowCount; i++) {
    const start = at;
    for (let j = r.starts[i]!; j < r.starts[i + 1]!; j++) {
      const s = remap[r.slots[j]!]!;
      if (s >= 0) slots[at++] = s;
    }
    if (at === start) continue;
    if (i < r.numKeys.length) numKeys.push(r.numKeys[i]!);
    else strKeys.push(r.strKeys[i - r.numKeys.length]!);
    starts.push(at);
  }
  return { numKeys: Int32Array.from(numKeys), strKeys, starts: Int32Array.from(starts), slots: slots.slice(0, at) };
}

function lastCodePoint(s: string): number {
  const c = s.charCodeAt(s.length - 1);
  return c >= 0xdc00 && c <= 0xdfff && s.length > 1 ? s.codePointAt(s.length - 2)! : c;
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
