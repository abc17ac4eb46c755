/**
 * What a query may ask of the engine: queries beyond these bounds are refused with a
 * {@link QueryTooComplexError} before any matching starts, so no request can hold a
 * search thread for long. The bounds are in {@link DEFAULT_SEARCH_OPTIONS}.
 */
import { DEFAULT_SEARCH_OPTIONS } from './defaults.js';
import type { ParsedQuery } from './query-syntax.js';

/** A query refused for the work it would take; `code` is data for callers to branch on. */
export class QueryTooComplexError extends Error {
  readonly code = 'QUERY_TOO_COMPLEX';
}

/** OR alternatives of a parsed query: terms of groups with more than one, and title alternatives. */
export function alternativesOf(parsed: ParsedQuery): number {
  let n = 0;
  for (const g of parsed.groups) if (g.length > 1) n += g.length;
  for (const g of parsed.titles) if (g.length > 1) n += g.length;
  return n;
}

/** Throws {@link QueryTooComplexError} when `parsed` has more OR alternatives than allowed. */
export function assertQueryBounds(parsed: ParsedQuery): void {
  const n = alternativesOf(parsed);
  const max = DEFAULT_SEARCH_OPTIONS.maxAlternatives;
  if (n > max) throw new QueryTooComplexError(`the query has ${n} OR alternatives; at most ${max} are searched`);
}
