/**
 * Completions for a search box: index words (jieba words of titles and tags, Latin words
 * of all text) and titles that start with what the reader has typed, most frequent first.
 */
import type { AnalyzedDoc } from './analyze.js';
import { areDictionaryWords } from '../text/jieba.js';
import { lowerBound } from './sorted.js';
import { sortInSteps, type Steps } from './steps.js';

/** One completion. */
export interface Suggestion {
  /** The completed text, as it is written in the posts. */
  text: string;
  /** `pinyin`: a Chinese word whose pinyin or initials start with what was typed. */
  kind: 'word' | 'title' | 'pinyin';
  /** Posts containing it. */
  count: number;
}

interface Entry {
  key: string;
  kind: 'word' | 'title';
  count: number;
  /**
   * A title's post: its title as written is read when the completion is offered. Read for
   * every post while the lookup was built, it parsed every post's line and kept every
   * title twice (200,000 posts with distinct titles: the first suggestion 2.7–2.9 s →
   * 1.6 s, 58 → 44 MB of heap).
   */
  post?: AnalyzedDoc;
}

/**
 * Posts whose titles must use a word jieba's dictionary does not have for it to be offered
 * as a word (特人 of 特人…, 我造, 值高: runs of characters its model joined).
 */
export const MIN_POSTS_MADE_UP = 3;
const HAN_ONLY = /^\p{Script=Han}+$/u;

/** A sorted vocabulary built once per index version. */
export class SuggestionIndex {
  private constructor(private readonly entries: Entry[]) {}

  /**
   * Built from the posts, `termCounts` (the title and tag words with the number of posts
   * using them) and the Latin words, pausing between posts (see steps.ts).
   */
  static *build(docs: Iterable<AnalyzedDoc>, termCounts: Map<string, number>, latinWords: Map<string, number>): Steps<SuggestionIndex> {
    const words = new Map<string, number>();
    for (const [t, n] of termCounts) if (t.length > 1) words.set(t, n);
    // A word jieba's model made of the characters of a title or two (安卓会 of
    // 安卓会剥离照片的位置信息): offered as a title, not as a word, unless its dictionary has it.
    const rare = [...words].filter(([t, n]) => n < MIN_POSTS_MADE_UP && HAN_ONLY.test(t)).map(([t]) => t);
    const known = areDictionaryWords(rare);
    if (known) rare.forEach((t, i) => known[i] || words.delete(t));
    yield;
    const titles = new Map<string, Entry>();
    let n = 0;
    for (const d of docs) {
      if (++n % 1024 === 0) yield;
      if (d.norm.title) {
        const e = titles.get(d.norm.title);
        if (e) e.count++;
        else titles.set(d.norm.title, { key: d.norm.title, kind: 'title', count: 1, post: d });
      }
    }
    for (const [w, c] of latinWords) if (w.length > 1) words.set(w, Math.max(words.get(w) ?? 0, c));
    yield;
    const entries = [...[...words].map(([key, count]): Entry => ({ key, kind: 'word', count })), ...titles.values()];
    yield* sortInSteps(entries, (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return new SuggestionIndex(entries);
  }

  /** Completions of a normalised prefix: words first by frequency, then titles. */
  complete(prefix: string, limit: number): Suggestion[] {
    if (!prefix) return [];
    const words: Entry[] = [];
    const titles: Entry[] = [];
    for (let i = lowerBound(this.entries, prefix, (e) => e.key); i < this.entries.length && this.entries[i]!.key.startsWith(prefix); i++) {
      const e = this.entries[i]!;
      if (e.key === prefix && e.kind === 'word') continue;
      (e.kind === 'word' ? words : titles).push(e);
      if (words.length + titles.length > 5000) break;
    }
    // A Chinese word that each title using it uses inside a longer one (特斯 of 特斯拉, as
    // jieba's search cut names the parts of a word) is left for that one; not a Latin word
    // (java beside javascript). The words are in the order of their text: a word's longer
    // ones follow it.
    const pieces = new Set<Entry>();
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (!HAN_ONLY.test(w.key)) continue;
      for (let j = i + 1; j < words.length && words[j]!.key.startsWith(w.key); j++) {
        if (words[j]!.count >= w.count && HAN_ONLY.test(words[j]!.key)) {
          pieces.add(w);
          break;
        }
      }
    }
    const offered = pieces.size > 0 ? words.filter((w) => !pieces.has(w)) : words;
    offered.sort((a, b) => b.count - a.count || a.key.length - b.key.length);
    titles.sort((a, b) => b.count - a.count || a.key.length - b.key.length);
    const wordShare = Math.min(offered.length, Math.max(limit - titles.length, Math.ceil(limit / 2)));
    return [...offered.slice(0, wordShare), ...titles.slice(0, limit - wordShare)].map(({ key, kind, count, post }) => ({
      text: post ? post.title : key,
      kind,
      count,
    }));
  }
}
