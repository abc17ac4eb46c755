/**
 * What a reindex reads, and how, from the configuration and from what the index on disk
 * recorded: a setting given (flag, environment, config file) wins; one left at its
 * default takes the recorded value, so a later `reindex` without `--site` (or a cron job,
 * or the admin route) builds from the same site with the same URLs.
 */
import path from 'node:path';
import { DEFAULT_CONFIG, readLines, readUserWords, type Config } from '../config.js';
import type { ReindexOptions } from '../build/reindex.js';
import type { EngineOptions } from '../search/engine.js';
import { readManifest, type Manifest } from '../store/store.js';

function recorded(indexDir: string): Manifest | null {
  try {
    return readManifest(indexDir);
  } catch {
    return null;
  }
}

/** The reindex the configuration asks for. */
export function reindexOptions(config: Config): ReindexOptions {
  const manifest = recorded(config.indexDir);
  const sourceGiven = config.source !== DEFAULT_CONFIG.source;
  const site = config.site
    ? {
        site: path.resolve(config.site),
        config: config.jekyllConfig,
        drafts: config.drafts,
        ...(config.collections.length > 0 ? { collections: config.collections } : {}),
      }
    : !sourceGiven && manifest?.site
      ? manifest.site
      : undefined;
  const source = sourceGiven || !manifest?.source || manifest.site ? config.source : manifest.source;
  const fromSettings = !site && manifest && !sourceGiven ? manifest.settings : null;
  return {
    source,
    site,
    indexDir: config.indexDir,
    permalink: config.permalink !== DEFAULT_CONFIG.permalink ? config.permalink : (fromSettings?.permalink ?? config.permalink),
    baseurl: config.baseurl !== DEFAULT_CONFIG.baseurl ? config.baseurl : (fromSettings?.baseurl ?? config.baseurl),
    ...(config.siteUrl ? { siteUrl: config.siteUrl } : {}),
    stopWords: readLines(config.stopWordsFile),
    userWords: readUserWords(config.userDictFile),
  };
}

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
