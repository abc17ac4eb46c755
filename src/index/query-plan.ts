/** A query turned into the strings the engine matches and ranks with. */
import { normalize } from '../text/normalize.js';
import type { Tokenizer } from '../text/tokenize.js';
import { makeUnit, type Unit } from './match.js';

/** What a plain-text query asks for, normalised. */
export interface QueryPlan {
  /** The whole query; posts containing it verbatim rank first. */
  whole: Unit | null;
  /** The parts the reader separated with spaces; posts containing each verbatim come next. */
  segments: Unit[];
  /** jieba's words of the query; by default a post must contain every one. */
  words: Unit[];
  /** Word-index terms for BM25 scoring. */
  terms: string[];
}

export function planQuery(query: string, tokenizer: Tokenizer): QueryPlan {
  const whole = normalize(query);
  const segments = [...new Set(query.split(/[\s\u3000]+/u).map(normalize).filter(Boolean))];
  const words = whole ? tokenizer.queryWords(whole) : [];
  const terms = whole ? [...new Set([...tokenizer.indexTerms(whole), ...words])] : [];
  return {
    whole: whole ? makeUnit(whole) : null,
    segments: segments.map(makeUnit),
    words: words.map(makeUnit),
    terms,
  };
}

/** The units to highlight, longest first. */
export function highlightUnits(plan: QueryPlan): Unit[] {
  const all = [plan.whole, ...plan.segments, ...plan.words].filter((u): u is Unit => !!u);
  const seen = new Set<string>();
  return all.filter((u) => !seen.has(u.text) && seen.add(u.text)).sort((a, b) => b.text.length - a.text.length);
}
