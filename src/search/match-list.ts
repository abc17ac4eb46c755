/**
 * A query's matches. Matching a common word at a million posts finds tens of thousands
 * (`一个开源工具`: 73,000), so they are kept as parallel typed arrays, one entry per post,
 * rather than an object each: collecting those objects took 28% of such a search. Only
 * the matches a page's ranking reads become {@link Scored} objects (page-order.ts).
 */

/** A matching post: its slot, tier (matcher.ts `TIER`), title match (0 none, 1 contains the query, 2 is the query) and score. */
export interface Scored {
  slot: number;
  tier: number;
  title: number;
  /** The ranking score within the post's bucket (rank.ts): BM25 plus, with every word, the signals. */
  score: number;
  /** Fill-up posts: the share of the query's information (IDF-weighted words) the post has. */
  coverage?: number;
  /**
   * Fill-up posts: bit i set when the post meets requirement i (the others it does not
   * contain, so scoring need not look for them); {@link ALL_MET} when all or not known.
   */
  met: number;
}

/** {@link Scored.met} of a post meeting every requirement (or not known to miss any). */
export const ALL_MET = -1;
/** Requirements whose meeting {@link Scored.met} can record (bits of an int32, the sign bit kept for ALL_MET). */
export const MET_BITS = 31;

/**
 * A match. Every one is made here with all its fields, so that the hot loops over
 * thousands of matches see objects of one shape (V8 slows down on mixed ones).
 */
export function scoredMatch(slot: number, tier: number, title = 0, coverage?: number, met: number = ALL_MET): Scored {
  return { slot, tier, title, score: 0, coverage, met };
}

/** Matches as parallel arrays: entry i is post `slots[i]` with its tier and title match. */
export class MatchList {
  length = 0;
  slots: Int32Array;
  tiers: Float64Array;
  titles: Uint8Array;
  /** Per entry, {@link Scored.coverage} (NaN for none); null while no entry has one. */
  private coverage: Float64Array | null = null;
  /** Per entry, {@link Scored.met}; null while every entry is ALL_MET. */
  private met: Int32Array | null = null;

  /** An empty list with room for `capacity` entries (it grows beyond). */
  constructor(capacity = 16) {
    const n = Math.max(1, capacity);
    this.slots = new Int32Array(n);
    this.tiers = new Float64Array(n);
    this.titles = new Uint8Array(n);
  }

  push(slot: number, tier: number, title = 0, coverage?: number, met: number = ALL_MET): void {
    if (this.length === this.slots.length) this.grow();
    const i = this.length++;
    this.slots[i] = slot;
    this.tiers[i] = tier;
    this.titles[i] = title;
    if (coverage !== undefined) this.setCoverage(i, coverage);
    if (met !== ALL_MET) (this.met ??= new Int32Array(this.slots.length).fill(ALL_MET))[i] = met;
  }

  /** Entry i's coverage (see {@link Scored.coverage}), as the fill-up and demoteScattered (intent/fill-up.ts) set it. */
  setCoverage(i: number, coverage: number): void {
    (this.coverage ??= new Float64Array(this.slots.length).fill(NaN))[i] = coverage;
  }

  /** Entry i as a {@link Scored} of its own (score 0). */
  at(i: number): Scored {
    return scoredMatch(this.slots[i]!, this.tiers[i]!, this.titles[i]!, this.coverageAt(i), this.metAt(i));
  }

  /** Entry i's {@link Scored.coverage}. */
  coverageAt(i: number): number | undefined {
    const c = this.coverage?.[i];
    return c === undefined || Number.isNaN(c) ? undefined : c;
  }

  /** Entry i's {@link Scored.met}. */
  metAt(i: number): number {
    return this.met?.[i] ?? ALL_MET;
  }

  /** Every entry as a {@link Scored}. */
  toArray(): Scored[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }

  /** The entries whose post `keep` keeps, in order. */
  filter(keep: (slot: number) => boolean): MatchList {
    const kept = new Uint8Array(this.length);
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      if (!keep(this.slots[i]!)) continue;
      kept[i] = 1;
      n++;
    }
    const out = new MatchList(n);
    for (let i = 0; i < this.length; i++) if (kept[i]) out.copyFrom(this, i);
    return out;
  }

  /** This list's entries, then `other`'s. */
  concat(other: MatchList): MatchList {
    const out = new MatchList(this.length + other.length);
    for (let i = 0; i < this.length; i++) out.copyFrom(this, i);
    for (let i = 0; i < other.length; i++) out.copyFrom(other, i);
    return out;
  }

  /** True when some entry has the tier or a higher one. */
  hasTierFrom(tier: number): boolean {
    for (let i = 0; i < this.length; i++) if (this.tiers[i]! >= tier) return true;
    return false;
  }

  /** The slots, as a view of the first `length`. */
  slotView(): Int32Array {
    return this.slots.subarray(0, this.length);
  }

  private copyFrom(from: MatchList, i: number): void {
    this.push(from.slots[i]!, from.tiers[i]!, from.titles[i]!, from.coverageAt(i), from.metAt(i));
  }

  private grow(): void {
    const n = this.slots.length * 2;
    const slots = new Int32Array(n);
    slots.set(this.slots);
    const tiers = new Float64Array(n);
    tiers.set(this.tiers);
    const titles = new Uint8Array(n);
    titles.set(this.titles);
    this.slots = slots;
    this.tiers = tiers;
    this.titles = titles;
    if (this.coverage) {
      const coverage = new Float64Array(n).fill(NaN);
      coverage.set(this.coverage);
      this.coverage = coverage;
    }
    if (this.met) {
      const met = new Int32Array(n).fill(ALL_MET);
      met.set(this.met);
      this.met = met;
    }
  }
}
