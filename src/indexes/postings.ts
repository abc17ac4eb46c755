/** Sorted lists of document slots and the set operations the search needs on them. */
import { indexOfNumber } from './sorted.js';

/** Intersection of two ascending lists. */
export function intersect(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  if (a.length > b.length) [a, b] = [b, a];
  const out: number[] = [];
  if (a.length === 0) return out;
  if (b.length > 16 * a.length) {
    // Galloping: binary search each element of the short list in the long one.
    let lo = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      let hi = b.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      if (lo < b.length && b[lo] === x) out.push(x);
    }
    return out;
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** Intersection of several ascending lists, shortest first. */
export function intersectAll(lists: ArrayLike<number>[]): ArrayLike<number> {
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0]!;
  // Shortest first, by insertion: a few lists, and Array#sort's work arrays were garbage
  // every search makes.
  const sorted = lists.slice();
  for (let i = 1; i < sorted.length; i++) {
    const list = sorted[i]!;
    let j = i - 1;
    for (; j >= 0 && sorted[j]!.length > list.length; j--) sorted[j + 1] = sorted[j]!;
    sorted[j + 1] = list;
  }
  let acc: ArrayLike<number> = sorted[0]!;
  for (let i = 1; i < sorted.length && acc.length > 0; i++) acc = intersect(acc, sorted[i]!);
  return acc;
}

/**
 * The slots of a common key as bits: bit `s` of the words is set when slot `s` (below
 * `universe`) holds the key, and `extra` lists, ascending, the slots added since (all at
 * or above `universe`). A key in more than a 32nd of the slots takes less room so than
 * as a list (gram/rows.ts `isDense`), and testing a slot is one read.
 */
export class Bitset {
  constructor(
    readonly words: Int32Array,
    readonly universe: number,
    /** Set bits in `words`. */
    readonly count: number,
    readonly extra: ArrayLike<number> = EMPTY,
  ) {}

  /** The number of slots. */
  get length(): number {
    return this.count + this.extra.length;
  }

  has(slot: number): boolean {
    if (slot < this.universe) return ((this.words[slot >>> 5]! >>> (slot & 31)) & 1) === 1;
    return indexOfNumber(this.extra, slot) >= 0;
  }

  /** The same slots with `more` (ascending, above the others) added. */
  with(more: ArrayLike<number>): Bitset {
    if (this.extra.length === 0) return new Bitset(this.words, this.universe, this.count, more);
    const extra = new Int32Array(this.extra.length + more.length);
    extra.set(this.extra);
    extra.set(more, this.extra.length);
    return new Bitset(this.words, this.universe, this.count, extra);
  }

  /** The slots as an ascending list. */
  toList(): Int32Array {
    const out = new Int32Array(this.length);
    setBitsInto(this.words, out);
    // At `count`, not `n`: bits that disagree with a saved count (a damaged file that
    // passed its checksum) give a wrong list, never an exception.
    out.set(this.extra, this.count);
    return out;
  }
}

const EMPTY = new Int32Array(0);

/** Writes the slots whose bits are set in `words` (32 a word) into `out`, ascending; returns how many. */
function setBitsInto(words: Int32Array, out: Int32Array): number {
  let n = 0;
  for (let w = 0; w < words.length; w++) {
    let bits = words[w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      out[n++] = (w << 5) + 31 - Math.clz32(low);
      bits ^= low;
    }
  }
  return n;
}

/** A key's slots: an ascending list, or a {@link Bitset} for a common key. */
export type Postings = ArrayLike<number> | Bitset;

/**
 * Intersection of postings: the lists first, shortest first, and what they leave tested
 * against the bitsets; the bitsets alone are read as a list from the smallest.
 */
export function intersectPostings(postings: Postings[]): ArrayLike<number> {
  const lists: ArrayLike<number>[] = [];
  const sets: Bitset[] = [];
  for (const p of postings) {
    if (p instanceof Bitset) sets.push(p);
    else lists.push(p);
  }
  if (sets.length === 0) return intersectAll(lists);
  sets.sort((x, y) => x.length - y.length);
  const acc = lists.length > 0 ? intersectAll(lists) : sets.shift()!.toList();
  if (sets.length === 0 || acc.length === 0) return acc;
  const out = new Int32Array(acc.length);
  let n = 0;
  for (let i = 0; i < acc.length; i++) {
    const slot = acc[i]!;
    let all = true;
    for (let k = 0; k < sets.length && all; k++) all = sets[k]!.has(slot);
    if (all) out[n++] = slot;
  }
  return out.subarray(0, n);
}

/** True when the postings hold `slot`. */
export function holds(p: Postings, slot: number): boolean {
  return p instanceof Bitset ? p.has(slot) : indexOfNumber(p, slot) >= 0;
}

/** Postings as an ascending list (a bitmap listed). */
export function asList(p: Postings): ArrayLike<number> {
  return p instanceof Bitset ? p.toList() : p;
}

/**
 * Union of postings, ascending and without duplicates. Many slots (a Latin prefix's
 * words, `ai…`, at 100,000 posts: a dense key and hundreds of lists) are marked in a
 * bitmap of 32 slots a word, bitsets merged into it a word at a time, and its set bits
 * read in order: the cost is the slots and a thirty-second of the highest, where a byte
 * per slot up to the highest cost a scan of every slot.
 */
export function unionPostings(postings: Postings[]): ArrayLike<number> {
  if (postings.length === 1) return asList(postings[0]!);
  let total = 0;
  let max = -1;
  for (const p of postings) {
    total += p.length;
    max = Math.max(max, highestOf(p));
  }
  if (total === 0) return EMPTY;
  // A bitmap when the slots are many and dense enough that it is not much larger than they are.
  if (total > 4096 && total * 4 > max >>> 3) return unionByBits(postings, total, max);
  const all = new Int32Array(total);
  let at = 0;
  for (const p of postings) {
    const l = asList(p);
    for (let i = 0; i < l.length; i++) all[at++] = l[i]!;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}

/** The highest slot of postings, -1 if none. */
function highestOf(p: Postings): number {
  if (p instanceof Bitset) {
    if (p.extra.length > 0) return p.extra[p.extra.length - 1]!;
    // Bits never reach past the universe.
    return p.count > 0 ? p.universe - 1 : -1;
  }
  return p.length > 0 ? p[p.length - 1]! : -1;
}

function unionByBits(postings: Postings[], total: number, max: number): Int32Array {
  const words = new Int32Array((max >>> 5) + 1);
  const mark = (l: ArrayLike<number>): void => {
    for (let i = 0; i < l.length; i++) {
      const s = l[i]!;
      words[s >>> 5]! |= 1 << (s & 31);
    }
  };
  for (const p of postings) {
    if (p instanceof Bitset) {
      const bits = p.words;
      for (let w = 0; w < bits.length; w++) words[w]! |= bits[w]!;
      mark(p.extra);
    } else mark(p);
  }
  const out = new Int32Array(total);
  return out.subarray(0, setBitsInto(words, out));
}
