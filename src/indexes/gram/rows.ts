/**
 * The gram index's postings in compressed sparse rows (see {@link Rows}), the common
 * keys' as bitmaps, and their writer.
 */
import { asList, Bitset, type Postings } from '../postings.js';
import { indexOfNumber, lowerBound } from '../sorted.js';
import type { Batch } from './batch.js';
import type { Key } from './keys.js';

/**
 * Postings in compressed sparse rows. Row i is numeric key `numKeys[i]` for i < N and
 * string key `strKeys[i - N]` after; its slots are `slots[starts[i]..starts[i+1])`, or,
 * for a row of `dense` (which has none there), that row's bitmap.
 */
export interface Rows {
  numKeys: Int32Array;
  strKeys: string[];
  starts: Int32Array;
  slots: Int32Array;
  dense: DenseRows | null;
}

/**
 * The rows that take less room as bitmaps than as lists (more than about a 32nd of the
 * slots: see {@link isDense}), as bitmaps of the slots below `universe`, `words` int32
 * each: the common characters and pairs (at 100,000 posts 635 rows, 15 MB less than as
 * lists; at a million posts, 148 MB less).
 */
export interface DenseRows {
  universe: number;
  /** Row numbers, ascending. */
  rows: Int32Array;
  /** Slots per row. */
  counts: Int32Array;
  /** Row `rows[j]`'s bitmap is `bits[j * words, (j + 1) * words)`. */
  bits: Int32Array;
  words: number;
}

/** Whether a row of `length` slots takes less room as a bitmap of `universe` slots (and its row number and count) than as a list. */
export function isDense(length: number, universe: number): boolean {
  return length > ((universe + 31) >>> 5) + 2;
}

export const EMPTY_ROWS: Rows = {
  numKeys: new Int32Array(0),
  strKeys: [],
  starts: new Int32Array(1),
  slots: new Int32Array(0),
  dense: null,
};

/** The slots of row `r`. */
export function rowPostings(rows: Rows, r: number): Postings {
  const start = rows.starts[r]!;
  const end = rows.starts[r + 1]!;
  const dense = rows.dense;
  if (end > start || !dense) return rows.slots.subarray(start, end);
  const j = indexOfNumber(dense.rows, r);
  if (j < 0) return rows.slots.subarray(start, end);
  return new Bitset(dense.bits.subarray(j * dense.words, (j + 1) * dense.words), dense.universe, dense.counts[j]!);
}

/** The number of slots of row `r`. */
export function rowLength(rows: Rows, r: number): number {
  const n = rows.starts[r + 1]! - rows.starts[r]!;
  if (n > 0 || !rows.dense) return n;
  const j = indexOfNumber(rows.dense.rows, r);
  return j < 0 ? 0 : rows.dense.counts[j]!;
}

/** Every slot of the rows. */
export function entryCount(rows: Rows): number {
  let n = rows.slots.length;
  if (rows.dense) for (const c of rows.dense.counts) n += c;
  return n;
}

/** The highest slot in the rows, or -1. */
export function highestSlot(rows: Rows): number {
  let max = rows.dense ? rows.dense.universe - 1 : -1;
  const { starts, slots } = rows;
  for (let r = 0; r + 1 < starts.length; r++) if (starts[r + 1]! > starts[r]!) max = Math.max(max, slots[starts[r + 1]! - 1]!);
  return max;
}

/**
 * Writes rows of known lengths, each row's slots in ascending order: a row that takes
 * less room so ({@link isDense}) goes into a bitmap of the slots below `universe`.
 */
export class RowsWriter {
  readonly starts: Int32Array;
  readonly slots: Int32Array;
  private readonly next: Int32Array;
  /** Per row, its index among the dense rows, or -1. */
  private readonly denseOf: Int32Array;
  private readonly dense: DenseRows | null;
  /** The dense rows' bitmaps and their length in int32s, held here for the hot loop of {@link push}. */
  private readonly bits: Int32Array;
  private readonly words: number;

  constructor(lengths: Int32Array, universe: number) {
    const rowCount = lengths.length;
    this.denseOf = new Int32Array(rowCount).fill(-1);
    const denseRows: number[] = [];
    for (let r = 0; r < rowCount; r++) {
      if (isDense(lengths[r]!, universe)) {
        this.denseOf[r] = denseRows.length;
        denseRows.push(r);
      }
    }
    this.starts = new Int32Array(rowCount + 1);
    for (let r = 0; r < rowCount; r++) this.starts[r + 1] = this.starts[r]! + (this.denseOf[r]! >= 0 ? 0 : lengths[r]!);
    this.slots = new Int32Array(this.starts[rowCount]!);
    this.next = this.starts.slice(0, rowCount);
    this.words = (universe + 31) >>> 5;
    this.bits = new Int32Array(denseRows.length * this.words);
    this.dense =
      denseRows.length === 0
        ? null
        : {
            universe,
            rows: Int32Array.from(denseRows),
            counts: Int32Array.from(denseRows, (r) => lengths[r]!),
            bits: this.bits,
            words: this.words,
          };
  }

  /** Adds `slot` (below the universe, above the row's slots so far) to row `r`. */
  push(r: number, slot: number): void {
    const j = this.denseOf[r]!;
    if (j < 0) this.slots[this.next[r]!++] = slot;
    else this.bits[j * this.words + (slot >>> 5)]! |= 1 << (slot & 31);
  }

  /** Adds the slots of `list` (ascending, above the row's slots so far) to row `r`. */
  pushAll(r: number, list: ArrayLike<number>): void {
    if (this.denseOf[r]! >= 0) {
      for (let i = 0; i < list.length; i++) this.push(r, list[i]!);
      return;
    }
    this.slots.set(list, this.next[r]!);
    this.next[r]! += list.length;
  }

  /** Adds the slots of row `i` of `old` (below any added to `r` after) to row `r`. */
  pushRow(r: number, old: Rows, i: number): void {
    const p = rowPostings(old, i);
    const j = this.denseOf[r]!;
    if (p instanceof Bitset && j >= 0) {
      // Bitmap to bitmap: the old one covers a prefix of the new one's slots.
      const bits = this.bits;
      const at = j * this.words;
      for (let w = 0; w < p.words.length; w++) bits[at + w]! |= p.words[w]!;
      return;
    }
    this.pushAll(r, asList(p));
  }

  /**
   * Adds a batch's log (its slots above every row's so far); `rowOf[id]` is the row of
   * key id. The hot loop of a large build's last step (a hundred million entries or more
   * at 1,000,000 posts), so each key's place is looked up once: the next position in the
   * slots of a listed row, or (negated) the start of a dense row's bitmap. Then an entry
   * costs one read of its key's place and one write, where a row lookup, its kind and its
   * next position were three more scattered reads.
   */
  pushLog(b: Batch, rowOf: Int32Array, counts: Int32Array): void {
    const place = new Int32Array(rowOf.length);
    for (let id = 0; id < rowOf.length; id++) {
      if (!counts[id]) continue;
      const r = rowOf[id]!;
      const j = this.denseOf[r]!;
      place[id] = j < 0 ? this.next[r]! : ~(j * this.words);
    }
    const { slots, bits } = this;
    const ids = b.ids;
    let at = 0;
    for (let d = 0; d < b.docSlots.length; d++) {
      const slot = b.docSlots.get(d);
      const word = slot >>> 5;
      const bit = 1 << (slot & 31);
      for (const end = b.docEnds.get(d); at < end; at++) {
        const id = ids.get(at);
        const p = place[id]!;
        if (p >= 0) {
          slots[p] = slot;
          place[id] = p + 1;
        } else bits[~p + word]! |= bit;
      }
      // The log read so far is let go of (a million posts: half a gigabyte), so that it and
      // the rows it becomes are not both in memory whole.
      if ((d & 1023) === 1023) ids.releaseBefore(at);
    }
    for (let id = 0; id < rowOf.length; id++) if (counts[id] && place[id]! >= 0) this.next[rowOf[id]!] = place[id]!;
  }

  rows(numKeys: Int32Array, strKeys: string[]): Rows {
    return { numKeys, strKeys, starts: this.starts, slots: this.slots, dense: this.dense };
  }
}

/** The bitmap rows saved after the lists (see serialize): universe, row count, rows, counts, bits. */
export function denseRowsOf(d: Int32Array, rowCount: number): DenseRows {
  const universe = d[0]!;
  const m = d[1] ?? -1;
  const words = (universe + 31) >>> 5;
  if (!(universe > 0 && m > 0 && d.length === 2 + 2 * m + m * words)) throw new Error('gram index: sizes do not match');
  const rows = d.subarray(2, 2 + m);
  for (let j = 0; j < m; j++)
    if (!(rows[j]! >= 0 && rows[j]! < rowCount && (j === 0 || rows[j]! > rows[j - 1]!))) throw new Error('gram index: bad bitmap rows');
  return { universe, rows, counts: d.subarray(2 + m, 2 + 2 * m), bits: d.subarray(2 + 2 * m), words };
}

/** The row of a key in `rows`, or -1. */
export function findRow(rows: Rows, key: Key): number {
  if (typeof key === 'number') return indexOfNumber(rows.numKeys, key);
  const i = lowerBound(rows.strKeys, key, (k) => k);
  return i < rows.strKeys.length && rows.strKeys[i] === key ? rows.numKeys.length + i : -1;
}

/** The row of a key known to be in `rows`. */
export function rowOf(rows: Rows, key: Key): number {
  const r = findRow(rows, key);
  if (r < 0) throw new Error(`gram index: key ${String(key)} missing from new rows`);
  return r;
}

/** The rows with their common keys as bitmaps: as they are, or rewritten when read from a format of lists only. */
export function withBitmaps(rows: Rows): Rows {
  if (rows.dense) return rows;
  const universe = highestSlot(rows) + 1;
  for (let r = 0; r + 1 < rows.starts.length; r++)
    if (isDense(rows.starts[r + 1]! - rows.starts[r]!, universe))
      return renumber(
        rows,
        Int32Array.from({ length: universe }, (_, i) => i),
      );
  return rows;
}

/** Rows with slots renumbered through `remap` (which keeps their order); dropped slots and emptied keys go. */
export function renumber(r: Rows, remap: Int32Array): Rows {
  const rowCount = r.numKeys.length + r.strKeys.length;
  const kept = new Int32Array(rowCount);
  let highest = -1;
  for (let i = 0; i < rowCount; i++) {
    const list = asList(rowPostings(r, i));
    for (let j = 0; j < list.length; j++) {
      const s = remap[list[j]!]!;
      if (s >= 0) {
        kept[i]!++;
        highest = Math.max(highest, s);
      }
    }
  }
  const numKeys: number[] = [];
  const strKeys: string[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < rowCount; i++) {
    if (kept[i] === 0) continue;
    if (i < r.numKeys.length) numKeys.push(r.numKeys[i]!);
    else strKeys.push(r.strKeys[i - r.numKeys.length]!);
    lengths.push(kept[i]!);
  }
  const out = new RowsWriter(Int32Array.from(lengths), highest + 1);
  for (let i = 0, row = 0; i < rowCount; i++) {
    if (kept[i] === 0) continue;
    const list = asList(rowPostings(r, i));
    for (let j = 0; j < list.length; j++) {
      const s = remap[list[j]!]!;
      if (s >= 0) out.push(row, s);
    }
    row++;
  }
  return out.rows(Int32Array.from(numKeys), strKeys);
}
