/**
 * Saved indexes. A folder (default `index-data/`) holds one data file per build and a
 * `manifest.json` naming the current one with its checksum. A save writes the data file
 * under a temporary name, fsyncs and renames it, then replaces the manifest the same
 * way: a crash at any point leaves the previous manifest pointing at a complete file.
 *
 * Data file: `ZHSIDX02`, a uint32 header length, the header JSON (word index, string gram
 * keys, sizes), zero padding to 4 bytes, the gram postings as int32 (read straight into
 * their own array), per post the places of its two texts and its anchors as int32, the
 * body texts (source and normalised) as UTF-16 in chunks, then one JSON line per post
 * with its other fields. A text loads as a slice of its chunk: no per-post decoding,
 * and the chunks sit outside the JavaScript heap.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { checksumInBackground, startChecksum } from './checksum.js';
import { runSteps, runStepsInSlices, type Steps } from '../indexes/steps.js';
import { IntList } from '../indexes/int-list.js';
import { ANALYZER, ANALYZER_OF_FORMAT_6 } from '../text/analyzer.js';
import type { SiteSource } from '../ingest/jekyll/site-config.js';
import { SearchEngine, type EngineOptions, type EngineSnapshot, type EngineSettings } from '../search/engine.js';
import type { AnalyzedDoc } from '../indexes/analyze.js';

/**
 * The data file's layout. 6 also marked the compact jieba dictionary, which the manifest's
 * `analyzer` records since (text/analyzer.ts); CHANGELOG.md lists the bumps.
 */
export const FORMAT_VERSION = 6;
const MAGIC = Buffer.from('ZHSIDX02');
/**
 * Characters per text chunk of a data file: a loaded post's text is a slice of its
 * chunk's string. Each chunk passes through one reused read buffer of this size (twice
 * the characters, in UTF-16).
 */
const CHUNK_CHARS = 4 * 1024 * 1024;
/** The reused read buffer of a load: one chunk of text, or a piece of the post lines. */
const SCRATCH_BYTES = CHUNK_CHARS * 2;
const MANIFEST = 'manifest.json';

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
  dataFile: string;
  bytes: number;
  checksum: string;
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

// SHA-1 guards against corruption (not forgery) at four times SHA-256's speed here.
const CHECKSUM = 'sha1';

/** Writes a new file through `fill` and fsyncs it. */
/** Writes a new file through `fill` and fsyncs it; on any failure (a full disk) the partial file is removed. */
function writeSynced(file: string, fill: (write: (part: Uint8Array) => void) => void): void {
  const fd = fs.openSync(file, 'w');
  let ok = false;
  try {
    fill((part) => {
      for (let off = 0; off < part.length;) off += fs.writeSync(fd, part, off, part.length - off);
    });
    fs.fsyncSync(fd);
    ok = true;
  } finally {
    fs.closeSync(fd);
    if (!ok) fs.rmSync(file, { force: true });
  }
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeSynced(tmp, (write) => write(Buffer.from(text)));
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Files zhsearch writes or reads in an index folder; anything else means the folder is someone else's. */
const OWN_FILE = /^(manifest\.json|index-[\w-]+\.zsi|.*\.tmp|user-dict\.txt|synonyms\.txt|stop-words\.txt|README\.md|shared-eval\.json)$/;

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

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    // Not supported on every platform; the renames are still atomic.
  }
}

/** A post as a JSON line: its texts and anchors are in the binary sections. */
type StoredDoc = Omit<AnalyzedDoc, 'text' | 'norm' | 'anchors'> & { norm: Omit<AnalyzedDoc['norm'], 'body'> };

interface Header {
  words: string;
  strKeys: string[];
  gramBytes: number;
  /** Per post: chunk, start and end of its source text and of its normalised body, the two anchor counts, the anchors. */
  refBytes: number;
  /** Byte length of each text chunk. */
  chunkBytes: number[];
  docCount: number;
}

function bytesOf(a: Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** The data file, piece by piece, so that it never has to be in memory whole. */
function* encode(snapshot: EngineSnapshot): Generator<Uint8Array> {
  // Texts first: the header records the chunk sizes.
  const chunks: Buffer[] = [];
  let pending: string[] = [];
  let at = 0;
  const refs = new IntList();
  const place = (text: string): void => {
    if (at + text.length > CHUNK_CHARS && at > 0) {
      chunks.push(Buffer.from(pending.join(''), 'utf16le'));
      pending = [];
      at = 0;
    }
    pending.push(text);
    at += text.length;
    refs.push(chunks.length);
    refs.push(at - text.length);
    refs.push(at);
  };
  for (const d of snapshot.docs) {
    place(d.text);
    place(d.norm.body);
    refs.push(d.anchors.title.length);
    refs.push(d.anchors.body.length);
    for (let i = 0; i < d.anchors.title.length; i++) refs.push(d.anchors.title[i]!);
    for (let i = 0; i < d.anchors.body.length; i++) refs.push(d.anchors.body[i]!);
  }
  if (pending.length) chunks.push(Buffer.from(pending.join(''), 'utf16le'));
  pending = [];
  const gramBytes = snapshot.grams.data.reduce((n, p) => n + p.byteLength, 0);
  const header: Header = {
    words: snapshot.words,
    strKeys: snapshot.grams.strKeys,
    gramBytes,
    refBytes: refs.length * 4,
    chunkBytes: chunks.map((c) => c.length),
    docCount: snapshot.docs.length,
  };
  const head = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  yield MAGIC;
  yield len;
  yield head;
  yield Buffer.alloc((4 - ((MAGIC.length + 4 + head.length) % 4)) % 4);
  for (const part of snapshot.grams.data) yield bytesOf(part);
  for (const part of refs.parts()) yield bytesOf(part);
  yield* chunks;
  // One JSON line per post, its texts and anchors left to the sections above.
  let batch: string[] = [];
  for (const d of snapshot.docs) {
    const { text: _text, norm, anchors: _anchors, ...rest } = d;
    const { body: _body, ...normRest } = norm;
    batch.push(JSON.stringify({ ...rest, norm: normRest } satisfies StoredDoc));
    if (batch.length === 1000) {
      yield Buffer.from(batch.join('\n') + '\n');
      batch = [];
    }
  }
  if (batch.length) yield Buffer.from(batch.join('\n') + '\n');
}

function readAt(fd: number, into: Uint8Array, position: number): void {
  for (let at = 0; at < into.length;) {
    const n = fs.readSync(fd, into, at, Math.min(1 << 30, into.length - at), position + at);
    if (n === 0) throw new Error('file shrank while reading');
    at += n;
  }
}

/** Bytes a load reads before it may pause: fresh memory is slow to fill on some machines (see readSnapshot). */
const READ_STEP_BYTES = 2 << 20;

/**
 * `bytes` (a whole number of 4-byte values) at `position`, read straight into their own
 * aligned array, pausing between pieces.
 */
function* readInt32s(fd: number, bytes: number, position: number): Steps<Int32Array> {
  const values = new Int32Array(bytes / 4);
  const view = new Uint8Array(values.buffer);
  for (let at = 0; at < bytes; at += READ_STEP_BYTES) {
    readAt(fd, view.subarray(at, Math.min(bytes, at + READ_STEP_BYTES)), position + at);
    yield;
  }
  return values;
}

/** The lines from `at` to `end`, read in pieces through `piece`; a line cut by a piece's end starts the next one. */
function* linesOf(fd: number, at: number, end: number, piece: Buffer): Generator<string> {
  let carry = 0;
  while (at < end) {
    if (carry === piece.length) piece = Buffer.concat([piece, Buffer.allocUnsafeSlow(piece.length)]);
    const n = Math.min(piece.length - carry, end - at);
    readAt(fd, piece.subarray(carry, carry + n), at);
    at += n;
    const filled = carry + n;
    let from = 0;
    for (let nl = piece.indexOf(10, 0); nl >= 0 && nl < filled; nl = piece.indexOf(10, from)) {
      yield piece.toString('utf8', from, nl);
      from = nl + 1;
    }
    if (at === end && from < filled) {
      yield piece.toString('utf8', from, filled);
      from = filled;
    }
    piece.copy(piece, 0, from, filled);
    carry = filled - from;
  }
}

/**
 * Reads a data file. The postings and text references go straight into the typed arrays
 * they stay in; the texts and post lines pass through one reused buffer on their way to
 * strings. Memory touched for the first time is slow to get on some machines (a virtual
 * machine here: 0.5 s for a 144 MB buffer, 7 ms to fill it again), so a load touches
 * little besides what it keeps. `pieceBytes` (the size of the pieces the post lines are
 * read in) is there for tests.
 */
export function readSnapshot(file: string, pieceBytes = SCRATCH_BYTES): EngineSnapshot {
  return runSteps(snapshotSteps(file, pieceBytes));
}

/** {@link readSnapshot}, pausing between sections and between posts (see indexes/steps.ts). */
function* snapshotSteps(file: string, pieceBytes = SCRATCH_BYTES): Steps<EngineSnapshot> {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const lead = Buffer.alloc(Math.min(size, MAGIC.length + 4));
    readAt(fd, lead, 0);
    if (lead.length < MAGIC.length + 4 || !lead.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a zhsearch data file');
    const start = lead.length;
    const headerLength = lead.readUInt32LE(MAGIC.length);
    const headEnd = start + headerLength + ((4 - ((start + headerLength) % 4)) % 4);
    if (headEnd > size) throw new Error('header runs past the end of the file');
    const head = Buffer.allocUnsafe(headEnd - start);
    readAt(fd, head, start);
    let header: Header;
    try {
      header = JSON.parse(head.toString('utf8', 0, headerLength)) as Header;
    } catch {
      throw new Error('unreadable header');
    }
    // Each section's size is checked against the file before anything is allocated for it.
    let at = headEnd;
    const section = (bytes: number, what: string, unit = 1): number => {
      if (!Number.isInteger(bytes) || bytes < 0 || bytes % unit !== 0 || at + bytes > size) throw new Error(`bad ${what} size`);
      at += bytes;
      return at - bytes;
    };
    const grams = yield* readInt32s(fd, header.gramBytes, section(header.gramBytes, 'postings', 4));
    yield;
    const refs = yield* readInt32s(fd, header.refBytes, section(header.refBytes, 'references', 4));
    yield;
    let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
    const chunks: string[] = [];
    for (const n of header.chunkBytes) {
      const from = section(n, 'text chunk');
      if (n > scratch.length) scratch = Buffer.allocUnsafeSlow(n);
      readAt(fd, scratch.subarray(0, n), from);
      chunks.push(scratch.toString('utf16le', 0, n));
      yield;
    }
    const docs = yield* decodeDocs(chunks, refs, linesOf(fd, at, size, scratch.subarray(0, Math.min(scratch.length, pieceBytes))));
    if (docs.length !== header.docCount) throw new Error(`expected ${header.docCount} posts, found ${docs.length}`);
    return { docs, words: header.words, grams: { strKeys: header.strKeys, data: [grams] } };
  } finally {
    fs.closeSync(fd);
  }
}

/** The posts of the JSON `lines`, with their texts and anchors from the sections. */
function* decodeDocs(chunks: string[], refs: Int32Array, lines: Iterable<string>): Steps<AnalyzedDoc[]> {
  let r = 0;
  const next = (): number => {
    if (r >= refs.length) throw new Error('text references end early');
    return refs[r++]!;
  };
  const text = (): string => {
    const c = chunks[next()];
    const from = next();
    const to = next();
    if (c === undefined || from < 0 || to > c.length || from > to) throw new Error('text reference out of range');
    return c.slice(from, to);
  };
  const view = (n: number): Int32Array => {
    if (n < 0 || r + n > refs.length) throw new Error('anchors out of range');
    r += n;
    return refs.subarray(r - n, r);
  };
  const docs: AnalyzedDoc[] = [];
  for (const line of lines) {
    if (docs.length % 64 === 63) yield;
    const doc = JSON.parse(line) as AnalyzedDoc;
    doc.text = text();
    doc.norm.body = text();
    const titleAnchors = next();
    const bodyAnchors = next();
    doc.anchors = { title: view(titleAnchors), body: view(bodyAnchors) };
    docs.push(doc);
  }
  return docs;
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
  const buildTime = new Date().toISOString();
  // Written and hashed as it is encoded, under a temporary name; named after its hash.
  const tmp = path.join(dir, `index-new.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const hash = createHash(CHECKSUM);
  let bytes = 0;
  writeSynced(tmp, (write) => {
    for (const part of encode(engine.snapshot())) {
      hash.update(part);
      bytes += part.length;
      write(part);
    }
  });
  const digest = hash.digest('hex');
  const version = `${buildTime.replace(/[-:.TZ]/g, '').slice(0, 14)}-${digest.slice(0, 8)}`;
  const dataFile = `index-${version}.zsi`;
  try {
    fs.renameSync(tmp, path.join(dir, dataFile));
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  const manifest: Manifest = {
    format: 'zhsearch-index',
    formatVersion: FORMAT_VERSION,
    analyzer: ANALYZER,
    version,
    buildTime,
    documentCount: engine.documentCount,
    source: options.source ?? '',
    settings: engine.settings,
    userWords: options.userWords ?? [],
    ...(options.site ? { site: options.site } : {}),
    dataFile,
    bytes,
    checksum: `${CHECKSUM}:${digest}`,
  };
  writeAtomic(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  fsyncDir(dir);
  pruneDataFiles(dir, dataFile, options.keep ?? 1);
  return manifest;
}

function pruneDataFiles(dir: string, current: string, keep: number): void {
  const old = fs
    .readdirSync(dir)
    .filter((f) => /^index-.*\.zsi$/.test(f) && f !== current)
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of old.slice(keep)) fs.rmSync(path.join(dir, f), { force: true });
  for (const f of fs.readdirSync(dir)) {
    // Leftovers of writes that crashed before their rename.
    if (f.endsWith('.tmp') && Date.now() - fs.statSync(path.join(dir, f)).mtimeMs > 60_000) fs.rmSync(path.join(dir, f), { force: true });
  }
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
  if (manifest.formatVersion !== FORMAT_VERSION) {
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
  if (typeof manifest.dataFile !== 'string' || !/^index-[\w-]+\.zsi$/.test(manifest.dataFile))
    throw new IndexLoadError('INDEX_NOT_ZHSEARCH', `${file}: bad data file name`);
  return manifest;
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
  return finishLoad(job, decoded, digest, options);
}

/**
 * {@link loadIndex} for a thread that serves requests meanwhile: the checksum is computed
 * on another thread and awaited, the file is decoded in slices of a few milliseconds
 * (see indexes/steps.ts), so no request waits for a load longer than one slice.
 */
export async function loadIndexInSlices(
  dir: string,
  options: EngineOptions = {},
  manifest: Manifest = readManifest(dir),
): Promise<LoadedIndex> {
  const job = startLoad(dir, manifest);
  const digest = checksumInBackground(job.file, CHECKSUM).catch((err: unknown) => err as Error);
  const decoded = await runStepsInSlices(decodeSteps(job.file));
  const d = await digest;
  if (d instanceof Error) throw job.unreadable(d);
  return finishLoad(job, decoded, d, options);
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

type Decoded = { snapshot: EngineSnapshot } | { failure: Error };

function* decodeSteps(file: string): Steps<Decoded> {
  try {
    return { snapshot: yield* snapshotSteps(file) };
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
