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
import { isHan, isWordChar } from '../text/normalize.js';
import { pieces, type Piece } from '../text/tokenize.js';
import { asList, Bitset, intersectPostings, unionPostings, type Postings } from './postings.js';
import { IntIdTable } from './int-id-table.js';
import { IntList } from './int-list.js';
import { indexOfNumber, lowerBound } from './sorted.js';

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
 * string key `strKeys[i - N]` after; its slots are `slots[starts[i]..starts[i+1])`, or,
 * for a row of `dense` (which has none there), that row's bitmap.
 */
interface Rows {
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
interface DenseRows {
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
function isDense(length: number, universe: number): boolean {
  return length > ((universe + 31) >>> 5) + 2;
}

const EMPTY_ROWS: Rows = { numKeys: new Int32Array(0), strKeys: [], starts: new Int32Array(1), slots: new Int32Array(0), dense: null };

/** The slots of row `r`. */
function rowPostings(rows: Rows, r: number): Postings {
  const start = rows.starts[r]!;
  const end = rows.starts[r + 1]!;
  const dense = rows.dense;
  if (end > start || !dense) return rows.slots.subarray(start, end);
  const j = indexOfNumber(dense.rows, r);
  if (j < 0) return rows.slots.subarray(start, end);
  return new Bitset(dense.bits.subarray(j * dense.words, (j + 1) * dense.words), dense.universe, dense.counts[j]!);
}

/** The number of slots of row `r`. */
function rowLength(rows: Rows, r: number): number {
  const n = rows.starts[r + 1]! - rows.starts[r]!;
  if (n > 0 || !rows.dense) return n;
  const j = indexOfNumber(rows.dense.rows, r);
  return j < 0 ? 0 : rows.dense.counts[j]!;
}

/** Every slot of the rows. */
function entryCount(rows: Rows): number {
  let n = rows.slots.length;
  if (rows.dense) for (const c of rows.dense.counts) n += c;
  return n;
}

/** The highest slot in the rows, or -1. */
function highestSlot(rows: Rows): number {
  let max = rows.dense ? rows.dense.universe - 1 : -1;
  const { starts, slots } = rows;
  for (let r = 0; r + 1 < starts.length; r++) if (starts[r + 1]! > starts[r]!) max = Math.max(max, slots[starts[r + 1]! - 1]!);
  return max;
}

/**
 * Writes rows of known lengths, each row's slots in ascending order: a row that takes
 * less room so ({@link isDense}) goes into a bitmap of the slots below `universe`.
 */
class RowsWriter {
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

/** The bitmap rows saved after the lists (see serialize): universe, row count, rows, counts, bits. */
function denseRowsOf(d: Int32Array, rowCount: number): DenseRows {
  const universe = d[0]!;
  const m = d[1] ?? -1;
  const words = (universe + 31) >>> 5;
  if (!(universe > 0 && m > 0 && d.length === 2 + 2 * m + m * words)) throw new Error('gram index: sizes do not match');
  const rows = d.subarray(2, 2 + m);
  for (let j = 0; j < m; j++)
    if (!(rows[j]! >= 0 && rows[j]! < rowCount && (j === 0 || rows[j]! > rows[j - 1]!))) throw new Error('gram index: bad bitmap rows');
  return { universe, rows, counts: d.subarray(2 + m, 2 + 2 * m), bits: d.subarray(2 + 2 * m), words };
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
  if (typeof key === 'number') return indexOfNumber(rows.numKeys, key);
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

/** The rows with their common keys as bitmaps: as they are, or rewritten when read from a format of lists only. */
function withBitmaps(rows: Rows): Rows {
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
function renumber(r: Rows, remap: Int32Array): Rows {
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
