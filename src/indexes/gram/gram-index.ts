/**
 * The exact-text index: for every document, its Han characters, its pairs of adjacent
 * Han characters, its whole Latin words, and the pairs of characters where Han text and
 * a Latin word meet (`成a` of `生成ai`). Intersecting these lists gives the only
 * documents that can contain a query string, whatever jieba made of either side; the
 * engine then checks each candidate against its stored text. This is what makes
 * "the post contains what I typed" always a hit.
 *
 * Storage is built for size and for the garbage collector: the postings live in one
 * Int32Array (compressed sparse rows, keys sorted for binary search), the common keys'
 * as bitmaps after them, so a loaded index is a handful of typed arrays, not a
 * JavaScript array per key. New documents are
 * logged as key ids in typed arrays and folded into the rows when the index is next
 * read; a small batch goes to a side table instead, so adding one post to a large
 * index does not rewrite it.
 */
import { isHan, isWordChar } from '../../text/normalize.js';
import { pieces, type Piece } from '../../text/tokenize.js';
import { asList, Bitset, intersectPostings, unionPostings, type Postings } from '../postings.js';
import { lowerBound } from '../sorted.js';
import { Batch } from './batch.js';
import { boundaryKey, charKey, HAN_BASE, HAN_SPAN, hanKeys, pairKey, WORD_KEY, type Key } from './keys.js';
import {
  EMPTY_ROWS,
  denseRowsOf,
  entryCount,
  findRow,
  highestSlot,
  rowLength,
  rowOf,
  rowPostings,
  RowsWriter,
  withBitmaps,
  renumber,
  type Rows,
} from './rows.js';

/** Beyond this many Latin words sharing a prefix or suffix, that piece is left to verification. */
const MAX_EXPANSION = 256;
/** A batch smaller than 1/SIDE_RATIO of the rows goes to the side table instead of a rewrite. */
const SIDE_RATIO = 16;

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
    if ((b.entries + this.sideEntries) * SIDE_RATIO < entryCount(this.rows)) {
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
      dense: null,
    };
    const n = rows.numKeys.length;
    const lengths = new Int32Array(n + rows.strKeys.length);
    const oldRow = new Int32Array(old.numKeys.length + old.strKeys.length);
    for (let i = 0; i < oldRow.length; i++) {
      const r = rowOf(rows, i < old.numKeys.length ? old.numKeys[i]! : old.strKeys[i - old.numKeys.length]!);
      oldRow[i] = r;
      lengths[r]! += rowLength(old, i);
    }
    // Slots ascend: the old rows', then the side table's, then the batch's.
    let highest = highestSlot(old);
    const sideRows = new Map<Key, number>();
    for (const [key, list] of this.side) {
      const r = rowOf(rows, key);
      sideRows.set(key, r);
      lengths[r]! += list.length;
      highest = Math.max(highest, list[list.length - 1]!);
    }
    if (b.docSlots.length > 0) highest = Math.max(highest, b.docSlots.get(b.docSlots.length - 1));
    const batchRow = new Int32Array(counts.length);
    for (let id = 0; id < counts.length; id++) {
      if (!counts[id]) continue;
      const r = rowOf(rows, b.keys[id]!);
      batchRow[id] = r;
      lengths[r]! += counts[id]!;
    }
    const out = new RowsWriter(lengths, highest + 1);
    for (let i = 0; i < oldRow.length; i++) out.pushRow(oldRow[i]!, old, i);
    for (const [key, list] of this.side) out.pushAll(sideRows.get(key)!, list);
    out.pushLog(b, batchRow, counts);
    this.rows = out.rows(rows.numKeys, rows.strKeys);
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
    const p = this.postings(unit, openEdges);
    return p && asList(p);
  }

  /**
   * {@link candidates} as postings: a unit that is one common key (`的`) stays its
   * bitmap, for intersecting with others (postings.ts `intersectPostings`) or counting,
   * rather than being listed.
   */
  postings(unit: string, openEdges: boolean): Postings | null {
    const lists = this.postingsOf(unit, openEdges);
    if (!lists) return null;
    return lists.length === 1 ? lists[0]! : intersectPostings(lists);
  }

  /** How many documents {@link candidates} gives, or null. */
  candidateCount(unit: string, openEdges: boolean): number | null {
    return this.postings(unit, openEdges)?.length ?? null;
  }

  /** The postings whose intersection is {@link candidates}, or null. */
  private postingsOf(unit: string, openEdges: boolean): Postings[] | null {
    this.compact();
    const parts = pieces(unit);
    const lists: Postings[] = [];
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
    return lists;
  }

  private list(key: Key): Postings {
    const r = findRow(this.rows, key);
    const stored = r >= 0 ? rowPostings(this.rows, r) : EMPTY_ROWS.slots;
    const added = this.side.get(key);
    if (!added) return stored;
    if (stored instanceof Bitset) return stored.with(added);
    if (stored.length === 0) return added;
    // A row of a common character holds most posts: copied, not spread into an array.
    const both = new Int32Array(stored.length + added.length);
    both.set(stored);
    both.set(added, stored.length);
    return both;
  }

  private piecePostings(p: Piece, openStart: boolean, openEnd: boolean): Postings | null {
    if (p.kind === 'han') {
      const keys = hanKeys(p.text);
      return keys.length === 1 ? this.list(keys[0]!) : intersectPostings(keys.map((k) => this.list(k)));
    }
    if (!openStart && !openEnd) return this.list(WORD_KEY + p.text);
    const matches = openEnd && !openStart ? this.wordsWithPrefix(p.text) : openStart && !openEnd ? this.wordsWithSuffix(p.text) : null;
    if (!matches || matches.length > MAX_EXPANSION) return null;
    return unionPostings(matches.map((w) => this.list(WORD_KEY + w)));
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
    const rows = this.rows;
    const { numKeys, strKeys } = rows;
    for (let i = 0; i < numKeys.length && numKeys[i]! < HAN_SPAN; i++)
      out.set(String.fromCharCode(numKeys[i]! + HAN_BASE), rowLength(rows, i));
    strKeys.forEach((k, i) => {
      if ([...k].length === 1 && isHan(k.codePointAt(0)!)) out.set(k, rowLength(rows, numKeys.length + i));
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
    const rows = remap.every((s, i) => s === i) ? withBitmaps(this.rows) : renumber(this.rows, remap);
    // The arrays themselves, not a copy: an index can be gigabytes.
    const data = [Int32Array.of(rows.numKeys.length), rows.numKeys, rows.starts, rows.slots];
    const dense = rows.dense;
    if (dense) data.push(Int32Array.of(dense.universe, dense.rows.length), dense.rows, dense.counts, dense.bits);
    return { strKeys: rows.strKeys, data, ...(this.boundaries ? { boundaries: true } : {}) };
  }

  /** Restores a saved index; the rows are views into `saved.data`. */
  static deserialize(saved: GramIndexData): GramIndex {
    const d = saved.data.length === 1 ? saved.data[0]! : concatInt32(saved.data);
    const n = d[0] ?? -1;
    const rowCount = n + saved.strKeys.length;
    const slotsAt = 2 + n + rowCount;
    const slotsEnd = slotsAt + (d[1 + n + rowCount] ?? -1);
    if (n < 0 || slotsAt > d.length || slotsEnd < slotsAt || slotsEnd > d.length) throw new Error('gram index: sizes do not match');
    const g = new GramIndex();
    g.boundaries = saved.boundaries === true;
    g.rows = {
      numKeys: d.subarray(1, 1 + n),
      strKeys: saved.strKeys,
      starts: d.subarray(1 + n, slotsAt),
      slots: d.subarray(slotsAt, slotsEnd),
      dense: slotsEnd === d.length ? null : denseRowsOf(d.subarray(slotsEnd), rowCount),
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

function uniqueSorted(sorted: Int32Array): Int32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return sorted.slice(0, n);
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
