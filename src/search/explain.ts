/**
 * A hit's score in its parts (`explain=1`, the library's `explain: true`): the tier, BM25
 * and each field's part of it, proximity, the title and the date, so that a site owner
 * can see why a post ranks where it does.
 */
import { scoreParts } from './page-order.js';
import { TIER, type FieldScores } from './matcher.js';
import { ALL_MET, MET_BITS, type Scored } from './match-list.js';
import type { QueryPlan, Requirement } from './query-plan.js';

/**
 * Why a hit ranks where it does (with `explain`). Hits are ordered by bucket (every word
 * before the fill-up; among those with every word, a title that is the query first),
 * then by `total` (BM25 plus the signals), then by date.
 */
export interface HitExplanation {
  /**
   * `whole-query` (the query verbatim), `other-spelling` (the query verbatim in another
   * Latin spelling only: `Tailwind CSS` for `TailwindCSS`), `every-part` (each
   * space-separated part), `every-word`, or `some-words` (fill-up, with the share of the
   * query's information covered).
   */
  tier: 'whole-query' | 'other-spelling' | 'every-part' | 'every-word' | 'some-words';
  /** Share of the query's information (IDF-weighted words) the post covers, for `some-words`. */
  coverage?: number;
  /** 2: the title is the query; 1: the title contains it; 0: neither. */
  titleMatch: number;
  /** BM25 over title, tags, categories and body with their boosts; the words scored, optional ones included. */
  bm25: number;
  /**
   * `bm25` field by field, each with its boost (`boost` in the engine's options): they sum
   * to `bm25`. Absent where a hit's score has no parts (`sort=date`, and posts that hold
   * only the characters of a word, ordered by BM25 alone).
   */
  fields?: FieldScores;
  /** How close together the required words stand, in any order: 1 side by side, towards 0 scattered. */
  proximity: number;
  /** Share of the query's information found in the title or tags. */
  titleWords: number;
  /**
   * How new the post is: 1 for the newest post, halving every `halfLifeDays` before it
   * (the engine's `freshness` option); 0 while freshness weighs nothing (the default),
   * when the date only breaks ties.
   */
  freshness: number;
  /** What coverage, proximity, the verbatim query, the title and freshness add to BM25 (rank.ts `SIGNAL_WEIGHTS`). */
  signals: number;
  /**
   * The share of its text that is the post's own: below 1 only for a post that lists the
   * others (an archive, a tag page), whose text is mostly their titles; 1 for every other.
   */
  ownShare: number;
  /** `(bm25 + signals) × ownShare`: the score that orders hits within their bucket. */
  total: number;
  /** The words BM25 scored: the query's words, optional ones included, and their spelling variants. */
  words: string[];
  /**
   * The words a post must contain to rank with every word, one entry per word
   * (alternatives such as `web assembly | webassembly` or synonyms side by side): the
   * query's words less the optional ones (question words, particles, very common words).
   */
  required: string[];
  /**
   * Which of `required` this post lacks: none with every word, some in the fill-up. A
   * `some-words` post lacking none has every word, but paragraphs apart in a query typed
   * as one run (intent/fill-up.ts `demoteScattered`): see its `proximity`.
   */
  missing: string[];
  /** The post's date, the last tie-breaker (newer first). */
  date: string | null;
}

/** The parts of a hit's score, as {@link HitExplanation} gives them. */
export function explanation(s: Scored, plan: QueryPlan, date: string | null): HitExplanation {
  const tier =
    s.tier >= TIER.WHOLE_QUERY
      ? 'whole-query'
      : s.tier >= TIER.OTHER_SPELLING
        ? 'other-spelling'
        : s.tier >= TIER.EVERY_PART
          ? 'every-part'
          : s.tier >= TIER.EVERY_WORD
            ? 'every-word'
            : 'some-words';
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const known = scoreParts(s);
  const parts = known ?? { bm25: s.score, proximity: 0, titleWords: 0, freshness: 0, signals: 0, ownShare: 1 };
  const required = plan.required.map(requirementText);
  return {
    tier,
    ...(s.coverage !== undefined ? { coverage: round(s.coverage) } : {}),
    titleMatch: s.title,
    bm25: round(parts.bm25),
    ...(known?.fields
      ? {
          fields: {
            title: round(known.fields.title),
            tags: round(known.fields.tags),
            categories: round(known.fields.categories),
            body: round(known.fields.body),
          },
        }
      : {}),
    proximity: round(parts.proximity),
    titleWords: round(parts.titleWords),
    freshness: round(parts.freshness),
    signals: round(parts.signals),
    ownShare: round(parts.ownShare),
    total: round(s.score),
    words: plan.rank.map((u) => u.text),
    required,
    missing: required.filter((_, i) => s.met !== ALL_MET && i < MET_BITS && !(s.met & (1 << i))),
    date,
  };
}

/** A requirement as a reader reads it: its alternatives side by side. */
function requirementText(req: Requirement): string {
  return req.map((alt) => alt.map((u) => u.text).join(' ')).join(' | ');
}
