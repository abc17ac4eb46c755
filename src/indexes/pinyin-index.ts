/**
 * Pinyin lookups over the index vocabulary (jieba words of titles and tags): `rushan` or
 * `rs` to 乳山, `zhibo` to 直播. Only Latin input is ever turned into Chinese words, so
 * homophones never leak into ordinary Chinese queries.
 */
import { pinyinKeys, readings } from '../text/pinyin.js';
import { lowerBound } from './sorted.js';
import { sortInSteps, type Steps } from './steps.js';

interface Entry {
  key: string;
  word: string;
  count: number;
}

/**
 * Initials are spelled into the posts' strings for two letters only, whose pairs of
 * characters the gram index counts exactly and at once. Three letters or more
 * read as title and tag words only ({@link PinyinIndex.exact}, {@link PinyinIndex.complete}):
 * a beam over the posts' strings, the most frequent kept at each letter, found
 * fragments of common phrases (`sjk` 司就会 and 算机科, `yygq` 有一个前, `xyzzy` 需要增长一),
 * and took 80-240 ms a keystroke at 1,000,000 posts.
 */
const SPELLED_INITIALS = 2;

export class PinyinIndex {
  private readonly entries: Entry[] = [];
  private readonly homophones = new Map<string, string[]>();
  private readonly byInitial = new Map<string, string[]>();
  private longestSyllable = 0;

  private constructor() {}

  /**
   * Built from `words` (Chinese words with the number of posts using them) and `chars`
   * (Han characters with theirs), pausing between words (see steps.ts).
   */
  static *build(words: Map<string, number>, chars: Map<string, number>): Steps<PinyinIndex> {
    const index = new PinyinIndex();
    let n = 0;
    for (const [word, count] of words) {
      if (++n % 64 === 0) yield;
      const keys = pinyinKeys(word);
      if (!keys || word.length < 2) continue;
      index.entries.push({ key: keys.full, word, count });
      if (keys.initials !== keys.full) index.entries.push({ key: `\u0000${keys.initials}`, word, count });
    }
    yield* sortInSteps(index.entries, (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : b.count - a.count));
    const byFrequency = [...chars];
    yield* sortInSteps(byFrequency, (a, b) => b[1] - a[1]);
    for (const [ch] of byFrequency) {
      if (++n % 64 === 0) yield;
      const initials = new Set<string>();
      for (const r of readings(ch)) {
        const list = index.homophones.get(r);
        if (list) list.push(ch);
        else index.homophones.set(r, [ch]);
        initials.add(r[0]!);
      }
      for (const i of initials) {
        const list = index.byInitial.get(i);
        if (list) list.push(ch);
        else index.byInitial.set(i, [ch]);
      }
    }
    index.longestSyllable = Math.max(0, ...[...index.homophones.keys()].map((k) => k.length));
    return index;
  }

  /** `latin` cut into known syllables (fewest pieces), or null. */
  private syllables(latin: string): string[] | null {
    const best: (string[] | null)[] = [[]];
    for (let end = 1; end <= latin.length; end++) {
      best[end] = null;
      for (let len = 1; len <= Math.min(this.longestSyllable, end); len++) {
        const prev = best[end - len];
        const piece = latin.slice(end - len, end);
        if (prev && this.homophones.has(piece) && (!best[end] || prev.length + 1 < best[end]!.length)) best[end] = [...prev, piece];
      }
    }
    return best[latin.length] ?? null;
  }

  /**
   * Chinese strings of the corpus spelled by `latin` in full pinyin (`rushan`) or by the
   * initials of two characters (`rs`), found by extending character by character while
   * `df` (posts containing the string) stays above zero; most frequent first. `byInitials`:
   * read as initials, where most strings found are not words (`rs`: 然是 beside 人生).
   * Longer initials are not spelled here (see {@link SPELLED_INITIALS}).
   */
  spell(latin: string, df: (text: string) => number, limit = 8): { texts: string[]; byInitials: boolean } {
    const full = this.syllables(latin);
    const steps = full && full.length >= 2 && full.length <= 6 ? full.map((s) => this.homophones.get(s)!) : null;
    const initials = !steps && latin.length === SPELLED_INITIALS ? [...latin].map((c) => this.byInitial.get(c) ?? []) : null;
    const options = steps ?? initials;
    const byInitials = !steps;
    if (!options) return { texts: [], byInitials };
    let beam: { text: string; n: number }[] = [{ text: '', n: Infinity }];
    for (const chars of options) {
      const next: { text: string; n: number }[] = [];
      for (const b of beam) {
        for (const ch of chars.slice(0, 60)) {
          const text = b.text + ch;
          const n = text.length === 1 ? Infinity : df(text);
          if (n > 0) next.push({ text, n });
        }
      }
      next.sort((a, b) => b.n - a.n);
      beam = next.slice(0, 40);
      if (beam.length === 0) return { texts: [], byInitials };
    }
    return { texts: beam.slice(0, limit).map((b) => b.text), byInitials };
  }

  /** Words whose full pinyin is exactly `latin` (no spaces), then words with these initials; most used first. */
  exact(latin: string, limit = 10): string[] {
    const out: Entry[] = [];
    for (const key of [latin, `\u0000${latin}`]) {
      for (let i = lowerBound(this.entries, key, (e) => e.key); i < this.entries.length && this.entries[i]!.key === key; i++)
        out.push(this.entries[i]!);
      if (out.length > 0) break;
    }
    return dedupe(out.sort((a, b) => b.count - a.count)).slice(0, limit);
  }

  /** Words whose full pinyin or initials start with `latin`, most used first. */
  complete(latin: string, limit = 8): string[] {
    if (!latin) return [];
    const out: Entry[] = [];
    for (const key of [latin, `\u0000${latin}`]) {
      for (
        let i = lowerBound(this.entries, key, (e) => e.key);
        i < this.entries.length && this.entries[i]!.key.startsWith(key) && out.length < 2000;
        i++
      )
        out.push(this.entries[i]!);
    }
    return dedupe(out.sort((a, b) => b.count - a.count || a.word.length - b.word.length)).slice(0, limit);
  }

  /** Characters that read like `ch` (any reading), most used first, without `ch` itself. */
  soundAlikes(ch: string, limit = 12): string[] {
    const out = new Set<string>();
    for (const r of readings(ch)) for (const c of this.homophones.get(r) ?? []) if (c !== ch) out.add(c);
    return [...out].slice(0, limit);
  }
}

function dedupe(entries: Entry[]): string[] {
  return [...new Set(entries.map((e) => e.word))];
}
