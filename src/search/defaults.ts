/**
 * The defaults and bounds of a search, in one place: the engine, the HTTP routes and the
 * OpenAPI document all read them from here.
 */
import type { Field } from '../indexes/analyze.js';

export const DEFAULT_SEARCH_OPTIONS = {
  /** Hits per page. */
  limit: 10,
  /** Largest `limit` the HTTP API accepts. */
  maxLimit: 100,
  /** Largest `offset` the HTTP API accepts. */
  maxOffset: 10_000,
  /** Markup before and after a match. */
  highlightPre: '<mark>',
  highlightPost: '</mark>',
  /** Snippet length in characters, and the range the HTTP API accepts. */
  snippetLength: 120,
  minSnippetLength: 20,
  maxSnippetLength: 1000,
  /** Longest highlight marker the HTTP API accepts. */
  maxMarkerLength: 64,
  /** Facet entries per facet. */
  facetLimit: 20,
  /** Suggestions per request, and the most the HTTP API gives. */
  suggestLimit: 8,
  maxSuggestLimit: 20,
  /**
   * Most OR alternatives in one query (`a OR b OR c` has 3): each is matched on its own,
   * so a query of 52 common characters joined by OR cost 120 ms. More is refused.
   */
  maxAlternatives: 16,
  /**
   * Most query words scored by BM25 for each hit: the rarest ones. Scoring reads each
   * matching post's text once per word, and common words add little to the ranking.
   */
  maxScoredWords: 12,
  /** Related posts per request, and the most the HTTP API gives. */
  relatedLimit: 5,
  maxRelatedLimit: 20,
} as const;

/**
 * The fields a site may weigh: the searchable ones, and the categories, which only
 * weigh: a query word in a post's category names and not in its text does not make it
 * a match (a post filed under 工具 is not about every 工具 a query names).
 */
export type BoostedField = Field | 'categories';

/**
 * BM25 weight of each field, unless the engine's `boost` option (a server's `boost`
 * setting) says otherwise: a word in a title counts three times a word in the body.
 * Categories weigh nothing unless a site says so: on many sites they are slugs or broad
 * sections (`gongju`, `随笔`) that say little of what a post is about.
 */
export const DEFAULT_BOOST: Readonly<Record<BoostedField, number>> = { title: 3, tags: 1.5, categories: 0, body: 1 };

/** How much a newer post outranks an older one of the same relevance (the engine's `freshness` option). */
export interface Freshness {
  /**
   * The signal's weight, in the units of rank.ts `SIGNAL_WEIGHTS` (the verbatim query
   * weighs 3, the title holding the query 1): the newest post gains all of it, one a
   * half-life older half. 0, the default: a post's date only breaks ties.
   */
  weight: number;
  /**
   * Days after which a post's freshness has halved, counted back from the newest post's
   * date (not from today: a blog that stopped writing keeps its order, and an answer
   * stays the same until the posts change), or from today when a post is dated later
   * (a post scheduled ahead, with Jekyll's `future: true`).
   */
  halfLifeDays: number;
}

/** Freshness weighs nothing unless a site says so: relevance decides, the date breaks ties. */
export const DEFAULT_FRESHNESS: Readonly<Freshness> = { weight: 0, halfLifeDays: 365 };

/**
 * How freshness weighs in a search that asks for what is newest (`最新的iPhone`,
 * intent/question-words.ts `RECENCY`) on a site that weighs none: for the newest post a
 * little more than the whole query verbatim (3), halving every year back from it. At 2,
 * a post of 2018 on the subject still came before the site's posts of this year.
 */
export const RECENCY_FRESHNESS: Readonly<Freshness> = { weight: 4, halfLifeDays: 365 };
