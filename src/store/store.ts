/**
 * Saved indexes. A folder (default `index-data/`) holds the data file of the last full
 * save (`index-*.zsi`), the delta segments saved since (`delta-*.zsd`: the posts each
 * small change added, replaced or removed, store/delta.ts) and a `manifest.json` naming
 * them with their checksums. Every file is written under a temporary name, fsynced and
 * renamed, the manifest last: a crash at any point leaves the previous manifest naming
 * complete files. The files' layout is in data-file.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CHECKSUM, checksumInBackground, startChecksum } from './checksum.js';
import { snapshotSteps, encodeDataFile, isDataFileName, type DataFileContents, type SharedSections } from './data-file.js';
import { fsyncDir, writeAtomic, writeNamedByHash } from './write-file.js';
import { applyDeltas, encodeChange, readChangeSteps, type SavedChange } from './delta.js';
import { runSteps, runStepsInSlices, type Steps } from '../indexes/steps.js';
import { ANALYZER, ANALYZER_OF_FORMAT_6 } from '../text/analyzer.js';
import type { SiteSource } from '../ingest/jekyll/site-config.js';
import { SearchEngine, type EngineOptions, type EngineSettings } from '../search/engine.js';

/**
 * The manifest's format: 10 keeps the gram postings of common keys as bitmaps
 * (indexes/gram/rows.ts `DenseRows`); 9 dropped the data files' word index (a MiniSearch index of
 * every post's title and tag words; typo corrections look words up in the term counts
 * instead); 8 changed the data files (`ZHSIDX03`: posts whose fields are read when
 * asked, store/data-file.ts); 7 added delta segments (`deltas`); 6, 7, 8 and 9 are still
 * read (the `ZHSIDX02` data files of 6 and 7 too). 6 also marked the compact jieba
 * dictionary, which the manifest's `analyzer` records since (text/analyzer.ts);
 * CHANGELOG.md lists the bumps.
 */
export const FORMAT_VERSION = 10;
/** Older formats this version reads as they are. */
const READABLE_FORMATS = [6, 7, 8, 9, FORMAT_VERSION];
const MANIFEST = 'manifest.json';

/** A delta segment the manifest names: a small change saved beside the data file (store/delta.ts). */
export interface DeltaRef {
  /** `delta-<version>.zsd` in the index folder. */
  file: string;
  bytes: number;
  checksum: string;
  /** The version it changes. */
  from: string;
  /** The version it makes. */
  version: string;
  /** Posts it adds or replaces. */
  posts: number;
  /** Posts it removes. */
  removed: number;
}

/** What `manifest.json` records about the current index. */
export interface Manifest {
  format: 'zhsearch-index';
  formatVersion: number;
  /** The analyzer the posts were analysed with (text/analyzer.ts); another one means a rebuild. */
  analyzer: string;
  /** Unique per build; served as `X-Index-Version`. */
  version: string;
  buildTime: string;
  documentCount: number;
  source: string;
  settings: EngineSettings;
  /** Words added to jieba's dictionary for this build. */
  userWords: string[];
  /** The Jekyll site the index was built from, so that a later reindex reads it the same way. */
  site?: SiteSource;
  /** The data file of the last full save, its size and checksum. */
  dataFile: string;
  bytes: number;
  checksum: string;
  /** Changes saved since the data file, applied over it in this order (none after a full save). */
  deltas?: DeltaRef[];
}

/** Why a saved index cannot be used. */
export type IndexErrorCode =
  /** No manifest: nothing was built here yet. */
  | 'INDEX_MISSING'
  /** Written by a zhsearch with another file format. */
  | 'INDEX_OLD_FORMAT'
  /** Written with another analyzer (dictionary, normalisation, text extraction). */
  | 'INDEX_OLD_ANALYZER'
  /** The manifest is not zhsearch's, or names a bad data file. */
  | 'INDEX_NOT_ZHSEARCH'
  /** The data file does not match its checksum or cannot be decoded. */
  | 'INDEX_CORRUPT'
  /** A file cannot be read (permissions, I/O). */
  | 'INDEX_UNREADABLE';

/** Codes of indexes that a build from the source replaces without loss: there is none, or one another version wrote. */
export const REBUILDABLE: readonly IndexErrorCode[] = ['INDEX_MISSING', 'INDEX_OLD_FORMAT', 'INDEX_OLD_ANALYZER'];

/**
 * A saved index that cannot be used, with the reason; `code` says which kind.
 *
 * @example
 * try { loadIndex(dir); } catch (err) {
 *   if (err instanceof IndexLoadError && REBUILDABLE.includes(err.code)) await reindex({ source, indexDir: dir });
 * }
 */
export class IndexLoadError extends Error {
  constructor(
    readonly code: IndexErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Files zhsearch writes or reads in an index folder; anything else means the folder is someone else's. */
const OWN_FILE =
  /^(manifest\.json|index-[\w-]+\.zsi|delta-[\w-]+\.zsd|.*\.tmp|user-dict\.txt|synonyms\.txt|stop-words\.txt|README\.md|shared-eval\.json)$/;

/**
 * Refuses to write into a folder holding files zhsearch did not write (or another
 * program's manifest.json): an `--index` typo must not overwrite someone's data.
 */
export function assertIndexFolder(dir: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const foreign = entries.filter((f) => !OWN_FILE.test(f));
  if (foreign.length > 0) {
    throw new IndexLoadError(
      'INDEX_NOT_ZHSEARCH',
      `${dir} holds files zhsearch did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); choose an empty folder or an index folder`,
    );
  }
  if (entries.includes(MANIFEST)) {
    let manifest: Partial<Manifest> | null;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Partial<Manifest>;
    } catch {
      manifest = null;
    }
    if (!manifest || manifest.format !== 'zhsearch-index')
      throw new IndexLoadError('INDEX_NOT_ZHSEARCH', `${path.join(dir, MANIFEST)} is not a zhsearch manifest; not overwriting it`);
  }
}

/** Options of {@link saveIndex}. */
export interface SaveOptions {
  source?: string;
  /** The Jekyll site the engine was built from (recorded in the manifest). */
  site?: SiteSource;
  userWords?: string[];
  /** Keep this many older data files besides the current one. Default 1. */
  keep?: number;
}

/**
 * Saves the engine into `dir` atomically (data file written, fsynced and renamed, the
 * manifest last) and returns the new manifest.
 *
 * @example
 * const manifest = saveIndex(engine, 'index-data', { source: '_posts' });
 * manifest.version; // '20261130052157-cb4faf6d', served as X-Index-Version
 */
export function saveIndex(engine: SearchEngine, dir: string, options: SaveOptions = {}): Manifest {
  assertIndexFolder(dir);
  fs.mkdirSync(dir, { recursive: true });
  const previous = manifestOnDisk(dir);
  const buildTime = new Date().toISOString();
  // Written and hashed as it is encoded; named after its hash.
  const written = writeNamedByHash(
    dir,
    encodeDataFile(engine.snapshot()),
    CHECKSUM,
    (digest) => `index-${versionOf(buildTime, digest)}.zsi`,
  );
  const manifest: Manifest = {
    format: 'zhsearch-index',
    formatVersion: FORMAT_VERSION,
    analyzer: ANALYZER,
    version: versionOf(buildTime, written.digest),
    buildTime,
    documentCount: engine.documentCount,
    source: options.source ?? '',
    settings: engine.settings,
    userWords: options.userWords ?? [],
    ...(options.site ? { site: options.site } : {}),
    dataFile: written.file,
    bytes: written.bytes,
    checksum: `${CHECKSUM}:${written.digest}`,
  };
  publish(dir, manifest, previous, options.keep ?? 1);
  return manifest;
}

/**
 * Saves a small change of the index `base` describes as a delta segment beside its files
 * (store/delta.ts) and returns the new manifest: `change` holds the posts added or
 * replaced, the ids removed and new file stamps; `documentCount` is the count after it.
 * Atomic as {@link saveIndex} is, and far smaller: nothing of the unchanged posts is written.
 */
export function saveDelta(dir: string, base: Manifest, change: SavedChange, documentCount: number): Manifest {
  assertIndexFolder(dir);
  const buildTime = new Date().toISOString();
  const written = writeNamedByHash(dir, encodeChange(change), CHECKSUM, (digest) => `delta-${versionOf(buildTime, digest)}.zsd`);
  const version = versionOf(buildTime, written.digest);
  const delta: DeltaRef = {
    file: written.file,
    bytes: written.bytes,
    checksum: `${CHECKSUM}:${written.digest}`,
    from: base.version,
    version,
    posts: change.docs.length,
    removed: change.removed.length,
  };
  const manifest: Manifest = {
    ...base,
    formatVersion: FORMAT_VERSION,
    version,
    buildTime,
    documentCount,
    deltas: [...(base.deltas ?? []), delta],
  };
  publish(dir, manifest, base, 1);
  return manifest;
}

/** A version name: the save's time to the second, then the start of its file's hash. */
function versionOf(buildTime: string, digest: string): string {
  return `${buildTime.replace(/[-:.TZ]/g, '').slice(0, 14)}-${digest.slice(0, 8)}`;
}

/** The manifest now on disk, or null (none, or unreadable). */
function manifestOnDisk(dir: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Replaces the manifest with `manifest` (atomically, durably), then removes the files neither it nor `previous` names. */
function publish(dir: string, manifest: Manifest, previous: Manifest | null, keep: number): void {
  writeAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  fsyncDir(dir);
  pruneFiles(dir, manifest, previous, keep);
}

/**
 * Removes old files: the files neither the current manifest nor the previous one names
 * (a server may still be loading the previous version), but the `keep` - 1 newest other
 * data files; files no manifest names only once they are a minute old (another reindex
 * may be about to name them; otherwise they are what a crash left).
 */
function pruneFiles(dir: string, current: Manifest, previous: Manifest | null, keep: number): void {
  const named = new Set([current, previous].flatMap((m) => (m ? [m.dataFile, ...(m.deltas ?? []).map((d) => d.file)] : [])));
  const now = Date.now();
  const candidates = fs
    .readdirSync(dir)
    .filter((f) => /^(index-.*\.zsi|delta-.*\.zsd|.*\.tmp)$/.test(f) && !named.has(f))
    .flatMap((f) => {
      try {
        return [{ f, t: fs.statSync(path.join(dir, f)).mtimeMs }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.t - a.t);
  const spare = new Set(
    candidates
      .filter(({ f }) => f.endsWith('.zsi'))
      .slice(0, keep - 1)
      .map(({ f }) => f),
  );
  for (const { f, t } of candidates) if (!spare.has(f) && now - t > 60_000) fs.rmSync(path.join(dir, f), { force: true });
}

/**
 * Reads and checks `manifest.json`; throws {@link IndexLoadError} when it is missing or wrong.
 *
 * @example
 * readManifest('index-data').documentCount; // 13607
 */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new IndexLoadError('INDEX_MISSING', `${file}: no index found (run \`npm run reindex\` first)`);
    if ((err as NodeJS.ErrnoException).code)
      throw new IndexLoadError('INDEX_UNREADABLE', `${file}: unreadable manifest (${(err as Error).message})`);
    throw new IndexLoadError('INDEX_NOT_ZHSEARCH', `${file}: unreadable manifest (${(err as Error).message})`);
  }
  if (!manifest || manifest.format !== 'zhsearch-index') throw new IndexLoadError('INDEX_NOT_ZHSEARCH', `${file}: not a zhsearch manifest`);
  if (!READABLE_FORMATS.includes(manifest.formatVersion)) {
    throw new IndexLoadError(
      'INDEX_OLD_FORMAT',
      `${file}: index format ${manifest.formatVersion} is not supported by this version (expects ${FORMAT_VERSION}); rebuild with npm run reindex -- --full`,
    );
  }
  manifest.analyzer ??= ANALYZER_OF_FORMAT_6;
  if (manifest.analyzer !== ANALYZER) {
    throw new IndexLoadError(
      'INDEX_OLD_ANALYZER',
      `${file}: index analysed with ${manifest.analyzer}, this version analyses with ${ANALYZER}; rebuild with npm run reindex -- --full`,
    );
  }
  if (!isDataFileName(manifest.dataFile)) throw new IndexLoadError('INDEX_NOT_ZHSEARCH', `${file}: bad data file name`);
  if (!deltasChain(manifest)) throw new IndexLoadError('INDEX_NOT_ZHSEARCH', `${file}: bad list of deltas`);
  return manifest;
}

/** True when the manifest's deltas are well named and each changes the version the one before made, the last making the manifest's. */
function deltasChain(manifest: Manifest): boolean {
  const deltas = manifest.deltas ?? [];
  if (!Array.isArray(deltas)) return false;
  return deltas.every(
    (d, i) =>
      typeof d === 'object' &&
      d !== null &&
      typeof d.file === 'string' &&
      /^delta-[\w-]+\.zsd$/.test(d.file) &&
      typeof d.checksum === 'string' &&
      typeof d.from === 'string' &&
      (i === 0 || d.from === deltas[i - 1]!.version) &&
      (i < deltas.length - 1 || d.version === manifest.version),
  );
}

/** A loaded index: the engine and the manifest it came from. */
export interface LoadedIndex {
  engine: SearchEngine;
  manifest: Manifest;
}

/**
 * Loads the current index of `dir` (or the one `manifest` names, read earlier), verifying
 * format version and checksum. The engine takes its settings (stop words, permalink)
 * from the manifest, overridden by `options`.
 *
 * @example
 * const { engine, manifest } = loadIndex('index-data'); // throws IndexLoadError (with its code) when unusable
 * engine.search('乳山绿茶', { limit: 5 });
 */
export function loadIndex(dir: string, options: EngineOptions = {}, manifest: Manifest = readManifest(dir)): LoadedIndex {
  const job = startLoad(dir, manifest);
  let checksum: () => string;
  try {
    // Hashed beside the decoding; nothing decoded is used unless the checksum matches.
    checksum = startChecksum(job.file, CHECKSUM);
  } catch (err) {
    throw job.unreadable(err);
  }
  const decoded = runSteps(decodeSteps(job.file));
  let digest: string;
  try {
    digest = checksum();
  } catch (err) {
    throw job.unreadable(err);
  }
  const changes = readDeltas(dir, manifest.deltas ?? []);
  return withChanges(finishLoad(job, decoded, digest, options), changes);
}

/**
 * {@link loadIndex} for a thread that serves requests meanwhile: the checksum is computed
 * on another thread and awaited, the file is decoded in slices of a few milliseconds
 * (see indexes/steps.ts), so no request waits for a load longer than one slice. With
 * `shared` (its data file's sections in shared memory, read once for every search thread),
 * those sections are not read again.
 */
export async function loadIndexInSlices(
  dir: string,
  options: EngineOptions = {},
  manifest: Manifest = readManifest(dir),
  shared?: SharedSections,
): Promise<LoadedIndex> {
  const job = startLoad(dir, manifest);
  const digest = checksumInBackground(job.file, CHECKSUM).catch((err: unknown) => err as Error);
  const decoded = await runStepsInSlices(decodeSteps(job.file, shared));
  const d = await digest;
  if (d instanceof Error) throw job.unreadable(d);
  const changes = await runStepsInSlices(readDeltasSteps(dir, manifest.deltas ?? []));
  return withChanges(finishLoad(job, decoded, d, options), changes);
}

/** `loaded` with `changes` (its deltas, read) applied. */
function withChanges(loaded: LoadedIndex, changes: SavedChange[]): LoadedIndex {
  applyDeltas(loaded.engine, changes, loaded.manifest.version);
  return loaded;
}

/**
 * The changes saved in deltas `refs` of `dir`, each checked against its size and checksum;
 * throws {@link IndexLoadError} when one cannot be used. Nothing is applied here, so a
 * failure leaves whatever engine they were meant for as it was.
 */
export function readDeltas(dir: string, refs: DeltaRef[]): SavedChange[] {
  return runSteps(readDeltasSteps(dir, refs));
}

/** {@link readDeltas}, pausing between deltas. */
export function* readDeltasSteps(dir: string, refs: DeltaRef[]): Steps<SavedChange[]> {
  const changes: SavedChange[] = [];
  for (const ref of refs) {
    try {
      changes.push(yield* readChangeSteps(dir, ref));
    } catch (err) {
      const file = path.join(dir, ref.file);
      const code = (err as NodeJS.ErrnoException).code;
      if (code) throw new IndexLoadError('INDEX_UNREADABLE', `${file}: cannot read delta (${code})`);
      throw new IndexLoadError(
        'INDEX_CORRUPT',
        `${file}: the delta is corrupt or truncated (${(err as Error).message}); rebuild with npm run reindex -- --full`,
      );
    }
    yield;
  }
  return changes;
}

interface LoadJob {
  manifest: Manifest;
  file: string;
  corrupt: string;
  unreadable: (err: unknown) => IndexLoadError;
}

/** A load's manifest and data file, refused at once when the file's size is not the recorded one. */
function startLoad(dir: string, manifest: Manifest): LoadJob {
  const file = path.join(dir, manifest.dataFile);
  const corrupt = `${file}: checksum mismatch, the index file is corrupt or truncated; rebuild with npm run reindex -- --full`;
  const unreadable = (err: unknown): IndexLoadError =>
    new IndexLoadError(
      'INDEX_UNREADABLE',
      `${file}: cannot read index data (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    throw unreadable(err);
  }
  if (size !== manifest.bytes) throw new IndexLoadError('INDEX_CORRUPT', corrupt);
  return { manifest, file, corrupt, unreadable };
}

type Decoded = { snapshot: DataFileContents } | { failure: Error };

function* decodeSteps(file: string, shared?: SharedSections): Steps<Decoded> {
  try {
    return { snapshot: yield* snapshotSteps(file, undefined, shared) };
  } catch (err) {
    return { failure: err as Error };
  }
}

/** The engine of a decoded data file whose checksum was `digest`, or the load's error. */
function finishLoad(job: LoadJob, decoded: Decoded, digest: string, options: EngineOptions): LoadedIndex {
  const { manifest, file } = job;
  if (digest !== manifest.checksum) throw new IndexLoadError('INDEX_CORRUPT', job.corrupt);
  if ('failure' in decoded) {
    const { failure } = decoded;
    const code = (failure as NodeJS.ErrnoException).code;
    throw code ? job.unreadable(failure) : new IndexLoadError('INDEX_CORRUPT', `${file}: cannot decode index data (${failure.message})`);
  }
  const engine = SearchEngine.restore(decoded.snapshot, {
    stopWords: manifest.settings.stopWords,
    permalink: manifest.settings.permalink,
    baseurl: manifest.settings.baseurl,
    siteUrl: manifest.settings.siteUrl ?? '',
    ...options,
  });
  return { engine, manifest };
}
