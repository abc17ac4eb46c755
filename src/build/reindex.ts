/**
 * `reindex`: load the saved index (unless `full`), rebuild from the source reusing
 * unchanged posts, save atomically. Shared by the CLI and the admin route.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildIndex, type BuildReport, type SourceFiles } from './build.js';
import type { ChangeMark, EngineOptions, SearchEngine } from '../search/engine.js';
import { fitsDelta, mergeDue } from '../store/delta.js';
import {
  assertIndexFolder,
  IndexLoadError,
  loadIndex,
  readManifest,
  saveDelta,
  saveIndex,
  type LoadedIndex,
  type Manifest,
} from '../store/store.js';
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
  /**
   * The index in `indexDir`, already loaded: used instead of reading it again when its
   * version is still the one on disk (a build process that stays keeps the index it wrote).
   */
  previousIndex?: LoadedIndex;
  /** The source files found by the build that made `previousIndex` (its result's `files`). */
  previousFiles?: SourceFiles;
  /**
   * Files changed since that build (absolute paths, as `--watch` saw them): only these are
   * read when they allow it (build/changed-files.ts), else the whole source is scanned.
   */
  changedFiles?: string[];
  /**
   * Save even when the source yields no post, or the new index would hold fewer than half
   * the posts of the one it replaces (a wrong `--source` must not wipe a site's index).
   * Default false.
   */
  allowShrink?: boolean;
}

/** A reindex refused before anything was written, with the reason as a code. */
export class ReindexRefusedError extends Error {
  constructor(
    readonly code: 'EMPTY_SOURCE' | 'SHRINK',
    message: string,
  ) {
    super(message);
  }
}

/** What {@link reindex} did, and the manifest of the index it saved. */
export interface ReindexResult {
  report: BuildReport;
  /** The index now in `indexDir` (the new one, or the previous one when nothing changed). */
  engine: SearchEngine;
  manifest: Manifest;
  /** True when nothing changed and nothing was written: `manifest` is the index on disk. */
  unchanged: boolean;
  /** How the index was saved: in full, as a delta segment beside the data file (store/delta.ts), or not at all. */
  saved: 'full' | 'delta' | 'none';
  /** The post files the build found, for the next build's `previousFiles` (none for a JSONL file). */
  files?: SourceFiles;
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
  const {
    source,
    site: siteSource,
    indexDir,
    full,
    onWarning,
    allowShrink,
    previousIndex,
    previousFiles,
    changedFiles,
    ...engineOptions
  } = options;
  const site = siteSource && { ...siteSource, site: path.resolve(siteSource.site) };
  // Said in the option's words, where the build would fail on a bare `ENOENT … stat`.
  if (!site && !fs.existsSync(source)) throw new Error(`source not found: ${source} (give a folder of posts or a JSONL file)`);
  assertIndexFolder(indexDir);
  let before: Manifest | null;
  try {
    before = readManifest(indexDir);
  } catch {
    before = null; // none yet, or unusable: nothing to compare with
  }
  let previous;
  let files: SourceFiles | undefined;
  let changedWords: string[] = [];
  let reuseTerms = false;
  // The index the build starts from, and the moment it started: a small change of it is
  // saved as a delta segment.
  let base: { manifest: Manifest; mark: ChangeMark } | null = null;
  if (!full) {
    try {
      const kept = previousIndex && previousIndex.manifest.version === before?.version;
      const loaded = kept ? previousIndex : loadIndex(indexDir, engineOptions);
      previous = loaded.engine;
      if (kept) files = previousFiles;
      base = { manifest: loaded.manifest, mark: previous.changeMark() };
      const had = new Set(loaded.manifest.userWords);
      const want = new Set(options.userWords ?? []);
      changedWords = [...[...want].filter((w) => !had.has(w)), ...[...had].filter((w) => !want.has(w))];
      // Terms segmented with other stop words are not reused.
      reuseTerms = JSON.stringify(previous.settings.stopWords) === JSON.stringify(loaded.manifest.settings.stopWords);
    } catch (err) {
      if (!(err instanceof IndexLoadError && err.code === 'INDEX_MISSING'))
        onWarning?.(`previous index not reused: ${(err as Error).message}`);
    }
  }
  const built = await buildIndex(site ?? source, {
    ...engineOptions,
    previous,
    changedWords,
    reuseTerms,
    ...(files && changedFiles && changedWords.length === 0 ? { previousFiles: files, changedFiles } : {}),
  });
  const { engine, report } = built;
  if (!allowShrink && report.documents === 0) {
    throw new ReindexRefusedError(
      'EMPTY_SOURCE',
      `${site ? site.site : source} yields no posts (${report.skipped.length} skipped); nothing written (--allow-shrink to write an empty index)`,
    );
  }
  if (!allowShrink && before && report.documents < before.documentCount / 2) {
    throw new ReindexRefusedError(
      'SHRINK',
      `the new index would hold ${report.documents} posts, the current one ${before.documentCount}; nothing written (--allow-shrink if that is meant)`,
    );
  }
  // Nothing changed: the index on disk stays (no new version, no reload for the server).
  const unchanged =
    previous && before && report.added + report.updated + report.removed + report.resegmented + report.restamped === 0 && !full;
  const recorded = { source: site ? site.site : source, site, userWords: options.userWords ?? [] };
  if (unchanged && recordsSame(before!, recorded)) {
    return { report, engine: previous!, manifest: before!, unchanged: true, saved: 'none', files: built.files };
  }
  const change = base && deltaOf(base, engine, before, recorded, changedWords);
  if (change && base) {
    const manifest = saveDelta(indexDir, base.manifest, change, engine.documentCount);
    return { report, engine, manifest, unchanged: false, saved: 'delta', files: built.files };
  }
  const manifest = saveIndex(engine, indexDir, recorded);
  return { report, engine, manifest, unchanged: false, saved: 'full', files: built.files };
}

/**
 * The change of `engine` since `base` when it may be saved as a delta segment: the index
 * on disk is still `base`, it was built with the same settings, sources and dictionary,
 * its deltas are not due to be merged, and the change is small. Null: a full save.
 */
function deltaOf(
  base: { manifest: Manifest; mark: ChangeMark },
  engine: SearchEngine,
  onDisk: Manifest | null,
  recorded: Recorded,
  changedWords: string[],
): ReturnType<SearchEngine['changesSince']> | null {
  const m = base.manifest;
  if (onDisk?.version !== m.version || changedWords.length > 0 || mergeDue(m)) return null;
  if (!same(m.settings, engine.settings) || m.source !== recorded.source || !recordsSame(m, recorded)) return null;
  const change = engine.changesSince(base.mark);
  return fitsDelta(change, engine.documentCount) ? change : null;
}

/** What a save records of the source: where from, the site, the dictionary's added words. */
interface Recorded {
  source: string;
  site?: unknown;
  userWords: string[];
}

/** True when `manifest` records the same site and added words as `recorded`. */
function recordsSame(manifest: Manifest, recorded: Recorded): boolean {
  return same(manifest.site, recorded.site) && same(manifest.userWords, recorded.userWords);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * Merges the deltas of `index` (the index in `indexDir`, as a build process keeps it)
 * into a full save, when they are due (store/delta.ts) and nothing else has written
 * the folder since; returns the index now there.
 */
export function mergeWhenDue(indexDir: string, index: LoadedIndex): LoadedIndex {
  if (!mergeDue(index.manifest)) return index;
  let onDisk: Manifest | null;
  try {
    onDisk = readManifest(indexDir);
  } catch {
    onDisk = null;
  }
  if (onDisk?.version !== index.manifest.version) return index;
  const { source, site, userWords } = index.manifest;
  return { engine: index.engine, manifest: saveIndex(index.engine, indexDir, { source, site, userWords }) };
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
  // A warning is about a post (front matter Jekyll cannot read) or the site (collections not indexed).
  const warned = r.warnings.length > 0 ? `, ${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}` : '';
  return `indexed ${r.documents} posts: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged${reseg}, ${r.skipped.length} skipped${warned}${unpublished} in ${r.seconds.toFixed(2)} s`;
}
