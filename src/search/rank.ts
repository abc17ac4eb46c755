/**
 * BM25 of one field, counted on the stored text. Term frequency is the number of exact
 * matches of a query word in the normalised field, so the score does not depend on how
 * jieba happened to cut the document: a word that is there always counts. Document
 * frequency comes from the gram index, length is counted in characters.
 */
import { countIn, type Unit } from './match.js';
import { TIER } from './matcher.js';
import type { Scored } from './match-list.js';

/** Buckets of posts with every word split by tier and title match (`walled`), above all others. */
const WALLED = 20;

/**
 * The bucket a match ranks in; its score orders a bucket. Posts with every word come
 * first, those whose title is the query above the rest of them; then the fill-up, by
 * the share of the query's information covered. Within the first bucket the verbatim
 * query, the title and proximity are parts of the score, not walls; `walled` (one-word
 * queries, and very many full matches: see page-order.ts) makes them walls again: title
 * is the query, then tier (whole query, each part, every word), then title holds the query.
 */
export function rankBucket(s: Scored, walled = false): number {
  return bucketOf(s.tier, s.title, walled);
}

/** {@link rankBucket} of a match's tier and title match. */
export function bucketOf(tier: number, title: number, walled = false): number {
  if (tier < TIER.EVERY_WORD) return tier * 10;
  if (!walled) return TIER.EVERY_WORD * 10 + (title === 2 ? 2 : 0);
  const level = tier >= TIER.OTHER_SPELLING ? 2 : tier >= TIER.EVERY_PART ? 1 : 0;
  return WALLED + (title === 2 ? 8 : 0) + 2 * level + (title >= 1 ? 1 : 0);
}

/** Largest score within a bucket: buckets are this far apart in a hit's `score`. */
const BUCKET_SPAN = 1000;

/**
 * A hit's `score`: bucket and score in one number that orders hits as the ranking does
 * (10,000 and up: every word; 12,000 and up: the title is the query; below: the fill-up).
 */
export function hitScore(s: Scored, bucket = rankBucket(s)): number {
  return Math.round((bucket * BUCKET_SPAN + Math.min(s.score, BUCKET_SPAN - 1)) * 1000) / 1000;
}

/**
 * What counts beside BM25 for a post with every word, each in units of the query's
 * information (the IDFs of its required words summed), so they weigh the same against
 * BM25 for a two-word query as for a five-word one.
 */
export const SIGNAL_WEIGHTS = {
  /** Share of the query's information the post has: 1 with every word, less in the fill-up. */
  coverage: 5,
  /** The words stand close together, in any order (proximity.ts), 0 to 1. */
  proximity: 2,
  /** The whole query occurs verbatim. */
  verbatim: 3,
  /**
   * The whole query occurs verbatim in another Latin spelling only (`Tailwind CSS` for
   * `TailwindCSS`): as much as typed, but for a tie-breaker's worth, so that of two posts
   * alike the one with the spelling typed comes first.
   */
  otherSpelling: 2.75,
  /** Each space-separated part occurs verbatim. */
  parts: 1,
  /** The title contains the whole query. */
  titleQuery: 1,
  /** Share of the query's information found in the title or tags, 0 to 1. */
  titleWords: 0.5,
};

const K1 = 1.2;
const B = 0.75;

/** The most one word scores in one field, in units of its IDF: BM25's term frequency part tends to k1 + 1. */
export const BM25_SATURATION = K1 + 1;

/** Inverse document frequency, as BM25 defines it. */
export function idf(documentCount: number, df: number): number {
  return Math.log(1 + (documentCount - df + 0.5) / (df + 0.5));
}

/**
 * BM25 of a field's text for the given words and their IDFs; `avgLength` is the field's
 * mean length. Words whose bit is set in `absent` are known not to occur: not looked for.
 */
export function fieldBm25(text: string, words: Unit[], idfs: Float64Array, avgLength: number, absent = 0): number {
  let score = 0;
  const norm = 1 - B + (B * text.length) / Math.max(1, avgLength);
  for (let i = 0; i < words.length; i++) {
    if (absent & (1 << i)) continue;
    const tf = countIn(text, words[i]!);
    if (tf > 0) score += (idfs[i]! * tf * (K1 + 1)) / (tf + K1 * norm);
  }
  return score;
}

/**
 * {@link fieldBm25} of term frequencies counted before (`tfs[i]` of `words[i]`), for a text
 * of `length` characters: the same sum in the same order, so the same number.
 */
export function fieldBm25OfCounts(tfs: Float64Array, idfs: Float64Array, length: number, avgLength: number, absent = 0): number {
  let score = 0;
  for (let i = 0; i < idfs.length; i++) if (!(absent & (1 << i))) score += wordBm25(idfs[i]!, tfs[i]!, length, avgLength);
  return score;
}

/** One word's BM25 in a field of `length` characters, `tf` times (a term of {@link fieldBm25}'s sum). */
export function wordBm25(idf: number, tf: number, length: number, avgLength: number): number {
  const norm = 1 - B + (B * length) / Math.max(1, avgLength);
  return tf > 0 ? (idf * tf * (K1 + 1)) / (tf + K1 * norm) : 0;
}

/** Term frequencies of spellings gathered on the first of their word (see fieldBm25Spelt), left zeroed. */
const spellingTf = new Float64Array(64);

/**
 * {@link fieldBm25} where some words are spellings of one word (`tailwindcss`,
 * `tailwind css`): `firstSpelling` gives for each word the index of the first of its
 * spellings (its own when it has none). The spellings' occurrences count as one word's,
 * with that word's IDF, saturating together, so that a post writing the word both ways
 * is not scored for two words. The formula is written out as in fieldBm25: with the two
 * sharing helpers for it, searches at 100,000 posts took about 2.5% longer (latency-ab).
 */
export function fieldBm25Spelt(
  text: string,
  words: Unit[],
  idfs: Float64Array,
  avgLength: number,
  absent: number,
  firstSpelling: Int32Array,
): number {
  let score = 0;
  const norm = 1 - B + (B * text.length) / Math.max(1, avgLength);
  for (let i = 0; i < words.length; i++) if (!(absent & (1 << i))) spellingTf[firstSpelling[i]!]! += countIn(text, words[i]!);
  for (let i = 0; i < words.length; i++) {
    if (firstSpelling[i] !== i) continue;
    const tf = spellingTf[i]!;
    spellingTf[i] = 0;
    if (tf > 0) score += (idfs[i]! * tf * (K1 + 1)) / (tf + K1 * norm);
  }
  return score;
}
