/**
 * `reindex`: load the saved index (unless `full`), rebuild from the source reusing
 * unchanged posts, save atomically. Shared by the CLI and the admin route.
 */
import { buildIndex, type BuildReport } from './build.js';
import type { EngineOptions } from '../search/engine.js';
import { loadIndex, saveIndex, type Manifest } from '../store/store.js';

export interface ReindexOptions extends EngineOptions {
  source: string;
  indexDir: string;
  /** Ignore the saved index and analyse every post again. */
  full?: boolean;
  userWords?: string[];
  onProgress?: (done: number, total: number) => void;
  /** Told when the saved index could not be reused. */
  onWarning?: (message: string) => void;
}

export interface ReindexResult {
  report: BuildReport;
  manifest: Manifest;
}

export async function reindex(options: ReindexOptions): Promise<ReindexResult> {
  const { source, indexDir, full, onWarning, ...engineOptions } = options;
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
      if (!/no index found/.test((err as Error).message)) onWarning?.(`previous index not reused: ${(err as Error).message}`);
    }
  }
  const { engine, report } = await buildIndex(source, { ...engineOptions, previous, changedWords, reuseTerms });
  const manifest = saveIndex(engine, indexDir, { source, userWords: options.userWords ?? [] });
  return { report, manifest };
}

/** The one-line summary the CLI prints. */
export function summaryLine(r: BuildReport): string {
  const reseg = r.resegmented > 0 ? `, ${r.resegmented} segmented again for dictionary changes` : '';
  return `indexed ${r.documents} posts: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged${reseg}, ${r.skipped.length} skipped in ${r.seconds.toFixed(2)} s`;
}
