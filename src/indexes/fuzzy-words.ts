/**
 * The Latin words of titles and tags in MiniSearch's radix tree (its SearchableMap), for
 * typo corrections (`spotfy` → `spotify`): the words within a few edits of what was typed,
 * and the words it begins (`chro` → `chrome`, a word still being typed).
 *
 * Why the words and not the posts: a MiniSearch index of every post's title and tag words
 * (what corrections were looked up in before) holds a map per word of the posts using
 * it. At 1,000,000 posts its first use parsed 90 MB of JSON for 11 s and kept 380 MB of
 * heap. The words alone, with the number of posts using each, are a few thousand entries.
 */
import SearchableMap from 'minisearch/SearchableMap';

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
  private constructor(private readonly words: SearchableMap<number>) {}

  /** The Latin words of `termCounts` (title and tag words with the number of posts using them). */
  static of(termCounts: Map<string, number>): FuzzyWords {
    const words = new SearchableMap<number>();
    for (const [word, count] of termCounts) if (LATIN_WORD.test(word)) words.set(word, count);
    return new FuzzyWords(words);
  }

  /**
   * The words within `maxDistance` edits of `typed` (itself included when it is one),
   * closest first, then most used. Two letters typed the wrong way round are one edit
   * (`chorme` is one from chrome, as from chore), where the radix tree's Levenshtein
   * distance counts two: its words are looked up one edit further and measured again.
   */
  near(typed: string, maxDistance: number): NearWord[] {
    const found: NearWord[] = [];
    if (maxDistance > 0) {
      for (const [word, [count]] of this.words.fuzzyGet(typed, maxDistance + 1)) {
        const distance = editDistance(typed, word);
        if (distance <= maxDistance) found.push({ word, distance, count });
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

function byDistanceThenUse(a: NearWord, b: NearWord): number {
  return a.distance - b.distance || b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);
}

/** Edits from `a` to `b`, a swap of two letters side by side counting one (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const change = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + change);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length]!;
}
