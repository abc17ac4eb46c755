/**
 * The engine options a server loads its indexes with, from the configuration alone: a
 * module of its own, light enough for `serve` to import before its search threads start
 * (cli/serve.ts), so that they can begin loading the index at once.
 */
import { DEFAULT_CONFIG, readSynonyms, type Config } from '../config.js';
import type { EngineOptions } from '../search/engine.js';

/** Engine options set explicitly in the configuration (they override what a loaded index recorded), the field weights and freshness. */
export function servingOptions(config: Config): EngineOptions {
  return {
    ...(config.permalink !== DEFAULT_CONFIG.permalink ? { permalink: config.permalink } : {}),
    ...(config.baseurl !== DEFAULT_CONFIG.baseurl ? { baseurl: config.baseurl } : {}),
    ...(config.siteUrl ? { siteUrl: config.siteUrl } : {}),
    boost: config.boost,
    freshness: config.freshness,
  };
}

/**
 * The options of a server's first load: {@link servingOptions} with the synonyms file read
 * now, as the index holder reads it at each load (store/index-holder.ts `nextOptions`).
 */
export function firstLoadOptions(config: Config): EngineOptions {
  return { ...servingOptions(config), synonyms: readSynonyms(config.synonymsFile) };
}
