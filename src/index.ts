/**
 * zhsearch as a library. Build an engine from a folder, a JSONL file or records; search
 * it; save and load it.
 *
 * @example
 * import { buildIndex, saveIndex, loadIndex } from 'zhsearch';
 * const { engine } = await buildIndex('_posts');
 * engine.search('乳山绿茶', { limit: 5 }).hits[0].snippet;
 */
export { SearchEngine } from './index/engine.js';
export type { EngineOptions, SearchOptions, SearchResult, SearchHit } from './index/engine.js';
export { buildIndex } from './index/build.js';
export type { BuildOptions, BuildReport } from './index/build.js';
export { reindex, summaryLine } from './index/reindex.js';
export type { ReindexOptions, ReindexResult } from './index/reindex.js';
export { saveIndex, loadIndex, readManifest, IndexLoadError, FORMAT_VERSION } from './index/store.js';
export type { Manifest, LoadedIndex } from './index/store.js';
export type { Suggestion } from './index/suggest.js';
export type { Post, PostRecord, PostOptions } from './ingest/post.js';
export { normalize } from './text/normalize.js';
export { createApp } from './server/app.js';
export { IndexHolder } from './server/index-holder.js';
export { loadConfig, DEFAULT_CONFIG } from './config.js';
export type { Config } from './config.js';
