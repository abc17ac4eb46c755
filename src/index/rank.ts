/**
 * BM25 of the body, counted on the stored text. Term frequency is the number of exact
 * matches of a query word in the normalised body, so the score does not depend on how
 * jieba happened to cut the body: a word that is there always counts.
 */
import { countIn, type Unit } from './match.js';

const K1 = 1.2;
const B = 0.75;

/** Inverse document frequency, as BM25 defines it. */
export function idf(documentCount: number, df: number): number {
  return Math.log(1 + (documentCount - df + 0.5) / (df + 0.5));
}

/** BM25 of `body` for the given words and their IDFs; `avgLength` is the mean body length. */
export function bodyBm25(body: string, words: Unit[], idfs: number[], avgLength: number): number {
  let score = 0;
  const norm = 1 - B + (B * body.length) / Math.max(1, avgLength);
  for (let i = 0; i < words.length; i++) {
    const tf = countIn(body, words[i]!);
    if (tf > 0) score += (idfs[i]! * tf * (K1 + 1)) / (tf + K1 * norm);
  }
  return score;
}
