/**
 * The defaults and bounds of a search, in one place: the engine, the HTTP routes and the
 * OpenAPI document all read them from here.
 */
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
  /** Related posts per request, and the most the HTTP API gives. */
  relatedLimit: 5,
  maxRelatedLimit: 20,
} as const;
