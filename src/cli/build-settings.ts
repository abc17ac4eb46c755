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
import type { SiteSource } from '../ingest/jekyll/site-config.js';
import { readManifest, type Manifest } from '../store/store.js';

function recorded(indexDir: string): Manifest | null {
  try {
    return readManifest(indexDir);
  } catch {
    return null;
  }
}

/** How a site is read, as given in the configuration: over what the index recorded, the settings given win. */
function siteReading(config: Config, site: SiteSource): SiteSource {
  return {
    ...site,
    ...(config.jekyllConfig.length > 0 ? { config: config.jekyllConfig } : {}),
    ...(config.drafts ? { drafts: true } : {}),
    ...(config.collections.length > 0 ? { collections: config.collections } : {}),
  };
}

/**
 * The reindex the configuration asks for. Throws when a setting that reads a Jekyll site
 * is given and there is no site to read (a bare folder of posts or a JSONL file).
 */
export function reindexOptions(config: Config): ReindexOptions {
  const manifest = recorded(config.indexDir);
  const sourceGiven = config.source !== DEFAULT_CONFIG.source;
  const site = config.site
    ? siteReading(config, { site: path.resolve(config.site), config: [], drafts: false })
    : !sourceGiven && manifest?.site
      ? siteReading(config, manifest.site)
      : undefined;
  if (!site) {
    const given = [
      config.collections.length > 0 && '--collections',
      config.drafts && '--drafts',
      config.jekyllConfig.length > 0 && '--jekyll-config',
    ].filter(Boolean);
    if (given.length > 0)
      throw new Error(`${given.join(', ')} read${given.length > 1 ? '' : 's'} a Jekyll site: give its root with --site DIR`);
  }
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
