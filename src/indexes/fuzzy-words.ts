/**
 * The Latin words of titles and tags, for typo corrections (`spotfy` → `spotify`): the
 * words within a few edits of what was typed, and the words it begins (`chro` → `chrome`,
 * a word still being typed, from MiniSearch's radix tree, its SearchableMap).
 *
 * Why the words and not the posts: a MiniSearch index of every post's title and tag words
 * (what corrections were looked up in before) holds a map per word of the posts using
 * it. At 1,000,000 posts its first use parsed 90 MB of JSON for 11 s and kept 380 MB of
 * heap. The words alone, with the number of posts using each, are a few thousand entries.
 *
 * The words near a typo are measured one by one among those of a length it may have,
 * after two cheap tests of the letters they share with it (a letter one has and the other
 * lacks takes an edit). MiniSearch's own fuzzy search, used before, counts two letters
 * typed the wrong way round as two edits, so it was asked for one edit more than allowed
 * and went through much more of the tree: on the 7,000 Latin title and tag words of the
 * shared posts, 30,000 lookups of seeded random typos took 0.77 ms each that way and 0.20
 * ms this way, with the same words found, and more where two pairs were swapped. A search
 * for a misspelt Latin word, which offers the word meant, took 0.78 ms instead of 0.39 ms
 * (13,607 posts), 1.0-1.1 ms instead of 0.46-0.56 ms (100,000 posts).
 */
import SearchableMap from 'minisearch/SearchableMap';
import { bitCount } from './bit-count.js';

/** A word as corrections spell it: what a Latin query may hold. */
const LATIN_WORD = /^[a-z0-9][a-z0-9.-]*$/;

/** A word near the one typed. */
export interface NearWord {
  word: string;
  /** Edits from the word typed: letters added, dropped or changed, and two side by side swapped, each one. */
  distance: number;
  /** Posts using it in their title or tags. */
  count: number;
}

export class FuzzyWords {
  private constructor(
    private readonly words: SearchableMap<number>,
    /** The words by their length, each with its {@link letterBits}. */
    private readonly byLength: { words: string[]; bits: number[] }[],
  ) {}

  /** The Latin words of `termCounts` (title and tag words with the number of posts using them). */
  static of(termCounts: Map<string, number>): FuzzyWords {
    const words = new SearchableMap<number>();
    const byLength: { words: string[]; bits: number[] }[] = [];
    for (const [word, count] of termCounts) {
      if (!LATIN_WORD.test(word)) continue;
      words.set(word, count);
      const same = (byLength[word.length] ??= { words: [], bits: [] });
      same.words.push(word);
      same.bits.push(letterBits(word));
    }
    return new FuzzyWords(words, byLength);
  }

  /**
   * The words within `maxDistance` edits of `typed` (itself included when it is one),
   * closest first, then most used. Two letters typed the wrong way round are one edit
   * (`chorme` is one from chrome, as from chore).
   */
  near(typed: string, maxDistance: number): NearWord[] {
    const found: NearWord[] = [];
    if (maxDistance > 0) {
      const shared = new SharedLetters(typed, typed.length + maxDistance);
      const typedBits = letterBits(typed);
      for (let length = Math.max(1, typed.length - maxDistance); length <= typed.length + maxDistance; length++) {
        const same = this.byLength[length];
        if (!same) continue;
        // A word lacking more of the typo's letters, or holding more others, than edits allowed is too far.
        const fewest = Math.max(length, typed.length) - maxDistance;
        for (let w = 0; w < same.words.length; w++) {
          const bits = same.bits[w]!;
          if (bitCount(bits & ~typedBits) > maxDistance || bitCount(typedBits & ~bits) > maxDistance) continue;
          const word = same.words[w]!;
          if (shared.with(word) < fewest) continue;
          const distance = editDistance(typed, word, maxDistance);
          if (distance <= maxDistance) found.push({ word, distance, count: this.words.get(word)! });
        }
      }
    } else if (this.words.has(typed)) found.push({ word: typed, distance: 0, count: this.words.get(typed)! });
    return found.sort(byDistanceThenUse);
  }

  /** The words that begin with `typed` and go on (`chro` → chrome), most used first; `distance`: the letters added. */
  completions(typed: string, limit: number): NearWord[] {
    const found: NearWord[] = [];
    for (const [word, count] of this.words.atPrefix(typed))
      if (word !== typed) found.push({ word, distance: word.length - typed.length, count });
    return found.sort((a, b) => b.count - a.count || byDistanceThenUse(a, b)).slice(0, limit);
  }
}

/**
 * The letters of a word as bits, one per letter a-z, the other characters folded onto the
 * six bits left: each letter one of two words has and the other lacks (each bit set in one
 * and not the other) takes an edit, a first test cheaper than {@link SharedLetters}.
 */
function letterBits(word: string): number {
  let bits = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    bits |= 1 << (c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6));
  }
  return bits;
}

/**
 * How many letters words share with a typo, counted with repeats (`spotify` and `spotfy`
 * share 6): an edit adds, drops or changes one letter and a swap none, so a word of `n`
 * letters sharing `k` with the typo is at least `max(n, typo's length) - k` edits from it.
 * Letters are told apart by their code's last 7 bits (a Latin word's are ASCII): two that
 * are not may count as shared, which only lowers that bound.
 */
class SharedLetters {
  /** The typo's letters not yet matched, by code. */
  private readonly left = new Int32Array(128);
  /** The codes matched in the word being counted, to put back. */
  private readonly taken: Int32Array;

  constructor(typed: string, longest: number) {
    for (let i = 0; i < typed.length; i++) this.left[typed.charCodeAt(i) & 127]!++;
    this.taken = new Int32Array(longest);
  }

  with(word: string): number {
    const { left, taken } = this;
    let shared = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i) & 127;
      if (left[c]! > 0) {
        left[c]!--;
        taken[shared++] = c;
      }
    }
    for (let k = 0; k < shared; k++) left[taken[k]!]!++;
    return shared;
  }
}

function byDistanceThenUse(a: NearWord, b: NearWord): number {
  return a.distance - b.distance || b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);
}

/**
 * Edits from `a` to `b`, a swap of two letters side by side counting one (optimal string
 * alignment); with `max`, any distance over it is given as `max + 1`, found as soon as a
 * whole row of the table is over it.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + change);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      if (d < least) least = d;
    }
    // No later row comes back under it: a cell is one of this row's plus 0 or 1, or one to
    // its left plus 1, or, for a swap, one of the row before's plus 1, which the cell of
    // this row diagonally after it is at most.
    if (least > max) return max + 1;
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length]!, max + 1);
}
