/**
 * BM25 of one field, counted on the stored text. Term frequency is the number of exact
 * matches of a query word in the normalised field, so the score does not depend on how
 * jieba happened to cut the document: a word that is there always counts. Document
 * frequency comes from the gram index, length is counted in characters.
 */
import { countIn, type Unit } from './match.js';
import type { Scored } from './matcher.js';

/** The bucket a match ranks in: tier first, then its title match; BM25 orders a bucket. */
export function rankBucket(s: Scored): number {
  return s.tier * 10 + s.title;
}

/**
 * A hit's `score`: tier, title match and BM25 in one number that orders hits as the
 * ranking does (thousands: tier; hundreds: title match; the rest: BM25, below 100).
 */
export function hitScore(s: Scored): number {
  return Math.round((s.tier * 1000 + s.title * 100 + s.score) * 1000) / 1000;
}

const K1 = 1.2;
const B = 0.75;

/** Inverse document frequency, as BM25 defines it. */
export function idf(documentCount: number, df: number): number {
  return Math.log(1 + (documentCount - df + 0.5) / (df + 0.5));
}

/** BM25 of a field's text for the given words and their IDFs; `avgLength` is the field's mean length. */
export function fieldBm25(text: string, words: Unit[], idfs: number[], avgLength: number): number {
  let score = 0;
  const norm = 1 - B + (B * text.length) / Math.max(1, avgLength);
  for (let i = 0; i < words.length; i++) {
    const tf = countIn(text, words[i]!);
    if (tf > 0) score += (idfs[i]! * tf * (K1 + 1)) / (tf + K1 * norm);
  }
  return score;
}
