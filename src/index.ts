/**
 * zhsearch as a library: build an engine from a folder, a JSONL file or records; search
 * it; save and load it. Importing this module loads no HTTP code; the service is
 * `zhsearch/server`.
 *
 * @example
 * import { buildIndex, saveIndex, loadIndex } from 'zhsearch';
 * const { engine } = await buildIndex('_posts');
 * engine.search('乳山绿茶', { limit: 5 }).hits[0].snippet;
 */
export { SearchEngine } from './search/engine.js';
export type { EngineOptions, SearchOptions, SearchResult, SearchHit } from './search/engine.js';
export type { HitExplanation } from './search/explain.js';
export type { BoostedField, Freshness } from './search/defaults.js';
export { buildIndex } from './build/build.js';
export type { BuildOptions, BuildReport } from './build/build.js';
export { reindex, summaryLine } from './build/reindex.js';
export type { ReindexOptions, ReindexResult } from './build/reindex.js';
export { saveIndex, loadIndex, readManifest, IndexLoadError, FORMAT_VERSION, REBUILDABLE } from './store/store.js';
export { QueryTooComplexError } from './search/query-bounds.js';
export type { Manifest, LoadedIndex, IndexErrorCode } from './store/store.js';
export { ANALYZER } from './text/analyzer.js';
export { IndexHolder } from './store/index-holder.js';
export type { Suggestion } from './indexes/suggest.js';
export type { Post, PostRecord, PostOptions } from './ingest/post.js';
export { normalize } from './text/normalize.js';
