/**
 * `reindex`: load the saved index (unless `full`), rebuild from the source reusing
 * unchanged posts, save atomically. Shared by the CLI and the admin route.
 */
import path from 'node:path';
import { buildIndex, type BuildReport } from './build.js';
import type { EngineOptions } from '../search/engine.js';
import { IndexLoadError, loadIndex, saveIndex, type Manifest } from '../store/store.js';
import type { SiteSource } from '../ingest/jekyll/site-config.js';

/** Options of {@link reindex}: where from, where to, and the engine's options. */
export interface ReindexOptions extends EngineOptions {
  /** A folder of posts or a JSONL file; ignored when `site` is given. */
  source: string;
  /** A Jekyll site (its root, optionally its `--config` files and drafts): read as Jekyll reads it. */
  site?: SiteSource;
  indexDir: string;
  /** Ignore the saved index and analyse every post again. */
  full?: boolean;
  userWords?: string[];
  onProgress?: (done: number, total: number) => void;
  /** Told when the saved index could not be reused. */
  onWarning?: (message: string) => void;
}

/** What {@link reindex} did, and the manifest of the index it saved. */
export interface ReindexResult {
  report: BuildReport;
  manifest: Manifest;
}

/**
 * Rebuilds the index in `indexDir` from a site, a folder or a JSONL file, reusing the
 * posts of the saved index that did not change, and saves it atomically.
 *
 * @example
 * const { report, manifest } = await reindex({ source: '', site: { site: '/home/me/blog' }, indexDir: 'index-data' });
 * console.log(summaryLine(report), manifest.version);
 */
export async function reindex(options: ReindexOptions): Promise<ReindexResult> {
  const { source, site: siteSource, indexDir, full, onWarning, ...engineOptions } = options;
  const site = siteSource && { ...siteSource, site: path.resolve(siteSource.site) };
  let previous;
  let changedWords: string[] = [];
  let reuseTerms = false;
  if (!full) {
    try {
      const loaded = loadIndex(indexDir, engineOptions);
      previous = loaded.engine;
      const before = new Set(loaded.manifest.userWords);
      const after = new Set(options.userWords ?? []);
      changedWords = [...[...after].filter((w) => !before.has(w)), ...[...before].filter((w) => !after.has(w))];
      // Terms segmented with other stop words are not reused.
      reuseTerms = JSON.stringify(previous.settings.stopWords) === JSON.stringify(loaded.manifest.settings.stopWords);
    } catch (err) {
      if (!(err instanceof IndexLoadError && err.code === 'INDEX_MISSING'))
        onWarning?.(`previous index not reused: ${(err as Error).message}`);
    }
  }
  const { engine, report } = await buildIndex(site ?? source, { ...engineOptions, previous, changedWords, reuseTerms });
  const manifest = saveIndex(engine, indexDir, { source: site ? site.site : source, site, userWords: options.userWords ?? [] });
  return { report, manifest };
}

/**
 * The one-line summary the CLI prints.
 *
 * @example
 * summaryLine(report); // 'indexed 12 posts: 1 added, 0 updated, 0 removed, 11 unchanged, 0 skipped in 0.40 s'
 */
export function summaryLine(r: BuildReport): string {
  const reseg = r.resegmented > 0 ? `, ${r.resegmented} segmented again for dictionary changes` : '';
  const counts = new Map<string, number>();
  for (const n of r.notPublished) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const unpublished =
    r.notPublished.length > 0
      ? `, ${r.notPublished.length} not published (${[...counts].map(([why, n]) => `${n} ${why}`).join(', ')})`
      : '';
  return `indexed ${r.documents} posts: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged${reseg}, ${r.skipped.length} skipped${unpublished} in ${r.seconds.toFixed(2)} s`;
}
