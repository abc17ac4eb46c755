/**
 * The layout of an index's data files: the main one (`index-*.zsi`, every post and the
 * gram postings) and the delta segments beside it (`delta-*.zsd`, store/delta.ts: the
 * posts a change added or replaced, the ids it removed, and no postings, which a load
 * rebuilds for so few posts).
 *
 * `ZHSIDX03`, then its sections: the posts' normalised texts as UTF-16 in chunks, their
 * source texts likewise, one JSON line per post with its other fields
 * ({@link ColdFields}), per post its references as int32 (four texts, its category and
 * tag ids, its anchors), where each JSON line starts (int32), the posts' times
 * (float64), their ids one per line, the gram postings (int32) (format 8: then a
 * MiniSearch index of title and tag words, now skipped); then the header JSON (every
 * section's size, the string gram keys, the category and tag names, the title and tag
 * word counts; a delta's removed ids and new file stamps), its length as uint32 and
 * `ZHSIDX03` again. The header comes last so that a save writes each section as it is
 * made. A normalised text loads as a slice of its chunk: no per-post decoding. A loaded
 * post ({@link StoredDoc}) reads its source text and JSON line from the file, which
 * stays open, only when they are asked for (a small file's are read at load:
 * {@link loadSettings}).
 *
 * `ZHSIDX02` (formats 6 and 7) is still read: per post the
 * places of its source text and normalised body and its anchors, and a JSON line with
 * every other field.
 */
import fs from 'node:fs';
import { runSteps, type Steps } from '../indexes/steps.js';
import { IntList } from '../indexes/int-list.js';
import type { EngineSnapshot } from '../search/engine.js';
import type { AnalyzedDoc, Field } from '../indexes/analyze.js';
import { LazyFile, readAt, readBytes } from './lazy-file.js';
import {
  coldLine,
  isPostIds,
  JoinedIds,
  KeptLines,
  KeptTexts,
  NameIds,
  NORM_ORDER,
  NORM_REFS,
  pushFacetsAndAnchors,
  StoredDoc,
  TEXT_REFS,
  chunkChars,
  chunkText,
  type TextChunk,
  type DocSections,
  type PostIds,
} from './stored-doc.js';

const MAGIC = Buffer.from('ZHSIDX03');
/**
 * Source texts and JSON lines (a file's lazily read stretch) up to `preloadBytes` are read
 * with the rest at load: left in the file, a page of hits reads about 17 pieces of them
 * (51 µs a search), which only a large site's memory is worth. The 13,607 shared posts:
 * 7.6 MB, read at load; 100,000 generated posts: 44 MB (40 MB of RSS), left in the file.
 * A setting, so that tests can see both ways.
 */
export const loadSettings = { preloadBytes: 16 * 1024 * 1024 };
/** The data files of formats 6 and 7. */
const MAGIC_02 = Buffer.from('ZHSIDX02');
/**
 * Characters per text chunk of a data file: a loaded post's text is a slice of its
 * chunk's string. Each chunk passes through one reused read buffer of this size (twice
 * the characters, in UTF-16).
 */
const CHUNK_CHARS = 4 * 1024 * 1024;
/** The reused read buffer of a load: one chunk of text, or a piece of the post lines. */
const SCRATCH_BYTES = CHUNK_CHARS * 2;
/**
 * The largest read of {@link readSharedSections}, which reads each section straight into
 * its shared memory: a whole section but the largest, in one read on libuv's threads,
 * since each read's end waits for the reading thread's event loop, and a server's main
 * thread loading its modules meanwhile (cli/serve.ts) turns it seldom.
 */
const SHARED_READ_BYTES = 1024 * 1024 * 1024;

/** What a delta segment holds besides its posts (empty in a main data file). */
export interface ChangeExtras {
  /** Ids of the posts removed (a replaced post is not listed: its new version replaces it). */
  removed: string[];
  /** `[id, stamp]` of unchanged posts whose file stamp is new (read again, found the same). */
  stamps: [string, string][];
}

/** Sections of a data file read into shared memory ({@link readSharedSections}), by position. */
export interface SharedSections {
  /** The data file they were read from (a data file never changes once written). */
  file: string;
  at: ReadonlyMap<number, SharedArrayBuffer>;
}

/** What a data file holds. */
export type DataFileContents = EngineSnapshot & ChangeExtras;

interface Header {
  /** Format 8: the byte length of a word index section (MiniSearch JSON), skipped when read. */
  wordsBytes?: number;
  strKeys: string[];
  /** The gram index holds the pairs where Han text and a word meet (GramIndexData.boundaries); absent before. */
  gramBoundaries?: true;
  gramBytes: number;
  /** Per post: its references (see {@link encodeDataFile}). */
  refBytes: number;
  /** Byte length of each text chunk (`ZHSIDX03`: of the normalised texts). */
  chunkBytes: number[];
  /** `ZHSIDX03`: byte length of each chunk of source texts, read when asked for. */
  sourceChunkBytes?: number[];
  /** `ZHSIDX03`: where each post's JSON line starts in theirs, and where the last ends (int32). */
  lineStartsBytes?: number;
  docCount: number;
  removed?: string[];
  stamps?: [string, string][];
  /**
   * From `ZHSIDX03` on: the posts' ids, one per line (`idsBytes`), or here when one of
   * them holds a line break; and their times (`AnalyzedDoc.time`, NaN for none) as float64.
   */
  idsBytes?: number;
  ids?: string[];
  timesBytes?: number;
  categoryNames?: string[];
  tagNames?: string[];
  /** Byte length of the JSON lines. */
  coldBytes?: number;
  /**
   * The posts' title and tag words, each followed by the number of posts using it
   * (EngineSnapshot.termCounts); absent before 2026-12-03, when a load counted them.
   */
  termCounts?: (string | number)[];
  /**
   * The posts that list the others, each as its number in the file and its
   * `AnalyzedDoc.ownChars`, one after the other; absent when none does (and before 2026-12-05).
   */
  ownChars?: number[];
}

/** True for a name a manifest may give its data file (`index-<version>.zsi`, in the index folder). */
export function isDataFileName(name: unknown): name is string {
  return typeof name === 'string' && /^index-[\w-]+\.zsi$/.test(name);
}

function bytesOf(a: Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Texts placed one after another in UTF-16 chunks, each recorded in `refs` as chunk,
 * start and end. A chunk is written into one reused buffer: fresh memory costs about 3 ms
 * per MB on this VM, and a million posts' texts are a hundred 8 MB chunks.
 */
class TextChunks {
  readonly sizes: number[] = [];
  private buffer = Buffer.allocUnsafeSlow(CHUNK_CHARS * 2);
  private at = 0;

  /** True when `text` does not fit after what is placed: {@link cut} first. */
  full(text: string): boolean {
    return this.at + text.length > CHUNK_CHARS && this.at > 0;
  }

  place(text: string, refs: IntList): void {
    if (2 * (this.at + text.length) > this.buffer.length) {
      // A text longer than a chunk has one of its own.
      const bigger = Buffer.allocUnsafeSlow(2 * (this.at + text.length));
      this.buffer.copy(bigger, 0, 0, 2 * this.at);
      this.buffer = bigger;
    }
    this.buffer.write(text, 2 * this.at, 'utf16le');
    refs.push(this.sizes.length);
    refs.push(this.at);
    refs.push((this.at += text.length));
  }

  /** The chunk so far, valid until the next text is placed (a save writes it before). */
  cut(): Buffer {
    const chunk = this.buffer.subarray(0, 2 * this.at);
    this.sizes.push(chunk.length);
    this.at = 0;
    return chunk;
  }

  /** The last chunk, if any text waits. */
  finish(): Buffer | null {
    return this.at > 0 ? this.cut() : null;
  }
}

/** Int32s of a post's normalised texts' references: its {@link TEXT_REFS} after its source text's. */
const HOT_REFS = TEXT_REFS - 3;

/**
 * A data file, piece by piece, written as it is made: a million posts' texts are never
 * all in memory at once. A piece is valid until the next is asked for (the writer writes
 * each before). Per post the references are: chunk, start and end of its source
 * text, normalised body, normalised title and normalised tags; its category count and
 * ids, its tag count and ids; its two anchor counts and its anchors. The header, which
 * records every section's size, comes last.
 */
export function* encodeDataFile(snapshot: EngineSnapshot, extras: ChangeExtras = { removed: [], stamps: [] }): Generator<Uint8Array> {
  const { docs } = snapshot;
  yield MAGIC;
  // The normalised texts, then the source texts: two runs of chunks, each written as it
  // fills. The source texts and the JSON lines after them are what a load leaves in the
  // file, in one stretch.
  const hotRefs = new IntList();
  const hot = new TextChunks();
  for (const d of docs) {
    const norm = d.norm;
    for (const f of NORM_ORDER) {
      const text = norm[f];
      if (hot.full(text)) yield hot.cut();
      hot.place(text, hotRefs);
    }
  }
  const lastHot = hot.finish();
  if (lastHot) yield lastHot;
  const refs = new IntList();
  const source = new TextChunks();
  const categories = new NameIds();
  const tags = new NameIds();
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i]!;
    const text = d.text;
    if (source.full(text)) yield source.cut();
    source.place(text, refs);
    for (let k = HOT_REFS * i; k < HOT_REFS * (i + 1); k++) refs.push(hotRefs.get(k));
    pushFacetsAndAnchors(refs, d, categories, tags);
  }
  const lastSource = source.finish();
  if (lastSource) yield lastSource;
  // One JSON line per post: the fields a load leaves in the file until they are read. A
  // loaded post's line is copied as it is, with its neighbours' in one piece.
  const lineStarts = new IntList();
  let coldBytes = 0;
  let lines: Buffer[] = [];
  let run: { file: LazyFile; start: number; end: number } | null = null;
  function* flush(): Generator<Uint8Array> {
    if (lines.length) yield Buffer.concat(lines);
    lines = [];
    if (run) yield run.file.bytes(run.start, run.end - run.start);
    run = null;
  }
  for (const d of docs) {
    lineStarts.push(coldBytes);
    const line = d instanceof StoredDoc ? d.savedLine() : null;
    if (line) {
      if (lines.length) yield* flush();
      if (run?.file !== line.file || run.end !== line.start) {
        yield* flush();
        run = { ...line };
      } else run.end = line.end;
      coldBytes += line.end - line.start;
      // A run of a million posts' lines is read back in pieces of this size.
      if (run.end - run.start > SCRATCH_BYTES) yield* flush();
    } else {
      if (run) yield* flush();
      const bytes = Buffer.from(coldLine(d));
      lines.push(bytes);
      coldBytes += bytes.length;
      if (lines.length === 1000) yield* flush();
    }
  }
  yield* flush();
  lineStarts.push(coldBytes);
  for (const part of refs.parts()) yield bytesOf(part);
  for (const part of lineStarts.parts()) yield bytesOf(part);
  const times = new Float64Array(docs.length);
  docs.forEach((d, i) => (times[i] = d.time ?? NaN));
  yield new Uint8Array(times.buffer);
  const ownChars: number[] = [];
  docs.forEach((d, i) => d.ownChars !== undefined && ownChars.push(i, d.ownChars));
  const ids = docs.map((d) => d.id);
  const idLines = ids.some((id) => id.includes('\n')) ? null : Buffer.from(ids.join('\n'));
  if (idLines) yield idLines;
  for (const part of snapshot.grams.data) yield bytesOf(part);
  const header: Header = {
    sourceChunkBytes: source.sizes,
    chunkBytes: hot.sizes,
    coldBytes,
    refBytes: refs.length * 4,
    lineStartsBytes: lineStarts.length * 4,
    timesBytes: times.byteLength,
    ...(idLines ? { idsBytes: idLines.length } : { ids }),
    gramBytes: snapshot.grams.data.reduce((n, p) => n + p.byteLength, 0),
    strKeys: snapshot.grams.strKeys,
    ...(snapshot.grams.boundaries ? { gramBoundaries: true } : {}),
    docCount: docs.length,
    categoryNames: categories.names,
    tagNames: tags.names,
    ...(snapshot.termCounts ? { termCounts: [...snapshot.termCounts].flat() } : {}),
    ...(ownChars.length ? { ownChars } : {}),
    ...(extras.removed.length ? { removed: extras.removed } : {}),
    ...(extras.stamps.length ? { stamps: extras.stamps } : {}),
  };
  const head = Buffer.from(JSON.stringify(header));
  const trailer = Buffer.alloc(4 + MAGIC.length);
  trailer.writeUInt32LE(head.length);
  MAGIC.copy(trailer, 4);
  yield head;
  yield trailer;
}

/** Bytes a load reads before it may pause: fresh memory is slow to fill on some machines (see readSnapshot). */
const READ_STEP_BYTES = 2 << 20;

/**
 * `bytes` (a whole number of 4-byte values) at `position`, read straight into their own
 * aligned array, pausing between pieces.
 */
function* readInt32s(fd: number, bytes: number, position: number, shared?: ReadonlyMap<number, SharedArrayBuffer>): Steps<Int32Array> {
  const read = sharedSection(shared, position, bytes);
  if (read) return new Int32Array(read);
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
 * The sections of a `ZHSIDX03` data file that a load keeps (normalised texts, references,
 * line starts, times, ids, gram postings; a small file's source texts and post lines)
 * read into shared memory, by their position in the file. The search threads of a
 * server each decode the file into an index of their own; given these
 * ({@link snapshotSteps}), they take those sections from here, so that every thread reads
 * the same bytes and one more thread costs no copy of them. The sections are read
 * asynchronously, all at once; a file of another format or layout gives no sections (each
 * thread then reads its own, and reports what is wrong).
 */
export async function readSharedSections(file: string): Promise<SharedSections> {
  // Where the sections are, from the file's header, at once; their reads then all start
  // together: each read's end waits for this thread's event loop, which a server's main
  // thread turns seldom while it loads its modules (cli/serve.ts). A file that cannot be
  // opened rejects.
  const wanted = sharedSectionsOf(file);
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffers = await Promise.all(
      wanted.map(async ([from, bytes]) => {
        const buffer = new SharedArrayBuffer(bytes);
        const view = new Uint8Array(buffer);
        for (let done = 0; done < bytes;) {
          const { bytesRead } = await handle.read(view, done, Math.min(SHARED_READ_BYTES, bytes - done), from + done);
          if (bytesRead === 0) return null;
          done += bytesRead;
        }
        return buffer;
      }),
    );
    const at = new Map<number, SharedArrayBuffer>();
    for (const [i, [from]] of wanted.entries()) {
      const buffer = buffers[i];
      if (!buffer) return { file, at: new Map() };
      at.set(from, buffer);
    }
    return { file, at };
  } catch {
    return { file, at: new Map() };
  } finally {
    await handle.close();
  }
}

/**
 * The position and size of each section {@link readSharedSections} reads, from the file's
 * header; none for a file of another format or layout. Throws when it cannot be opened.
 */
function sharedSectionsOf(file: string): [at: number, bytes: number][] {
  const fd = fs.openSync(file, 'r');
  try {
    return sectionsInHeader(fd);
  } catch {
    return [];
  } finally {
    fs.closeSync(fd);
  }
}

/** Where a `ZHSIDX03` file's header lies: its length and the magic again end the file. Throws what is wrong. */
function headerAtEnd(fd: number, size: number): { headerAt: number; headerLength: number } {
  const trailer = Buffer.alloc(4 + MAGIC.length);
  if (size < MAGIC.length + trailer.length) throw new Error('not a zhsearch data file');
  readAt(fd, trailer, size - trailer.length);
  if (!trailer.subarray(4).equals(MAGIC)) throw new Error('data file cut short (no trailer)');
  const headerLength = trailer.readUInt32LE(0);
  const headerAt = size - trailer.length - headerLength;
  if (headerAt < MAGIC.length) throw new Error('header runs past the start of the file');
  return { headerAt, headerLength };
}

/** A data file's JSON header, `headerLength` bytes at `headerAt`. */
function readHeader(fd: number, headerAt: number, headerLength: number): Header {
  const head = Buffer.allocUnsafe(headerLength);
  readAt(fd, head, headerAt);
  try {
    return JSON.parse(head.toString('utf8')) as Header;
  } catch {
    throw new Error('unreadable header');
  }
}

/** {@link sharedSectionsOf} of an open file; throws when its header cannot be read. */
function sectionsInHeader(fd: number): [at: number, bytes: number][] {
  const { headerAt, headerLength } = headerAtEnd(fd, fs.fstatSync(fd).size);
  const header = readHeader(fd, headerAt, headerLength);
  // Their positions: the sections in the order encodeDataFile writes them: the chunks of
  // normalised text, then the source texts and post lines, shared when a load would read
  // them whole (see loadSettings), and so on.
  const sum = (sizes: unknown): number => (Array.isArray(sizes) ? sizes.reduce((a: number, b: unknown) => a + Number(b), 0) : NaN);
  const lazyBytes = sum(header.sourceChunkBytes) + Number(header.coldBytes);
  let position = MAGIC.length;
  const wanted: [at: number, bytes: number][] = [];
  const sections: [bytes: unknown, shared: boolean][] = [
    ...(Array.isArray(header.chunkBytes) ? header.chunkBytes : [NaN]).map((bytes): [unknown, boolean] => [bytes, true]),
    [lazyBytes, lazyBytes <= loadSettings.preloadBytes],
    [header.refBytes, true],
    [header.lineStartsBytes, true],
    [header.timesBytes, true],
    [header.idsBytes ?? 0, header.idsBytes !== undefined],
    [header.gramBytes, true],
  ];
  for (const [bytes, shared] of sections) {
    if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0 || !Number.isInteger(position)) return [];
    if (shared) wanted.push([position, bytes]);
    position += bytes;
  }
  return position > headerAt ? [] : wanted;
}

/**
 * Reads a data file. The postings and text references go straight into the typed arrays
 * they stay in; the texts and post lines pass through one reused buffer on their way to
 * strings. Memory touched for the first time is slow to get on some machines (a virtual
 * machine here: 0.5 s for a 144 MB buffer, 7 ms to fill it again), so a load touches
 * little besides what it keeps. `pieceBytes` (the size of the pieces the post lines are
 * read in) is there for tests.
 */
export function readSnapshot(file: string, pieceBytes = SCRATCH_BYTES): DataFileContents {
  return runSteps(snapshotSteps(file, pieceBytes));
}

/**
 * {@link readSnapshot}, pausing between sections and between posts (see indexes/steps.ts).
 * With `shared` (of this file), the sections it holds are taken from there instead of read.
 */
export function* snapshotSteps(file: string, pieceBytes = SCRATCH_BYTES, shared?: SharedSections): Steps<DataFileContents> {
  const reads = shared?.file === file ? shared.at : undefined;
  const fd = fs.openSync(file, 'r');
  /** Set once the posts read from the file (`ZHSIDX03`) keep it open. */
  let kept = false;
  try {
    const size = fs.fstatSync(fd).size;
    const lead = Buffer.alloc(Math.min(size, MAGIC.length + 4));
    readAt(fd, lead, 0);
    const magic = lead.subarray(0, MAGIC.length);
    const older = magic.equals(MAGIC_02);
    if (lead.length < MAGIC.length + 4 || (!older && !magic.equals(MAGIC))) throw new Error('not a zhsearch data file');
    // ZHSIDX02: the header after the magic, padded to 4 bytes; ZHSIDX03: the header at
    // the end, followed by its length and the magic again.
    let headerAt: number;
    let headerLength: number;
    let at: number;
    let end: number;
    if (older) {
      headerAt = lead.length;
      headerLength = lead.readUInt32LE(MAGIC.length);
      at = headerAt + headerLength + ((4 - ((headerAt + headerLength) % 4)) % 4);
      end = size;
      if (at > size) throw new Error('header runs past the end of the file');
    } else {
      ({ headerAt, headerLength } = headerAtEnd(fd, size));
      at = MAGIC.length;
      end = headerAt;
    }
    const header = readHeader(fd, headerAt, headerLength);
    // Each section's size is checked against the file before anything is allocated for it.
    const section = (bytes: number, what: string, unit = 1): number => {
      if (!Number.isInteger(bytes) || bytes < 0 || bytes % unit !== 0 || at + bytes > end) throw new Error(`bad ${what} size`);
      at += bytes;
      return at - bytes;
    };
    let scratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
    const readChunks = function* (sizes: unknown): Steps<TextChunk[]> {
      if (!Array.isArray(sizes)) throw new Error('bad text chunk sizes');
      const chunks: TextChunk[] = [];
      for (const n of sizes as number[]) {
        const from = section(n, 'text chunk');
        const kept = sharedSection(reads, from, n);
        if (kept) {
          chunks.push(Buffer.from(kept));
          continue;
        }
        if (n > scratch.length) scratch = Buffer.allocUnsafeSlow(n);
        readAt(fd, scratch.subarray(0, n), from);
        chunks.push(scratch.toString('utf16le', 0, n));
        yield;
      }
      return chunks;
    };
    if (older) {
      const grams = yield* readInt32s(fd, header.gramBytes, section(header.gramBytes, 'postings', 4));
      yield;
      const refs = yield* readInt32s(fd, header.refBytes, section(header.refBytes, 'references', 4));
      yield;
      const chunks = yield* readChunks(header.chunkBytes);
      const docs = yield* decodeDocs02(chunks, refs, linesOf(fd, at, size, scratch.subarray(0, Math.min(scratch.length, pieceBytes))));
      return contentsOf(header, docs, grams);
    }
    const chunks = yield* readChunks(header.chunkBytes);
    // Left in the file until asked for: the source texts and the JSON lines.
    if (!Array.isArray(header.sourceChunkBytes)) throw new Error('bad source text sizes');
    const sourceChunks = header.sourceChunkBytes.map((n) => ({ at: section(n, 'source text chunk', 2), chars: n / 2 }));
    const coldAt = section(header.coldBytes ?? -1, 'post lines');
    const lazyFrom = sourceChunks[0]?.at ?? coldAt;
    const lazyBytes = at - lazyFrom;
    const refs = yield* readInt32s(fd, header.refBytes, section(header.refBytes, 'references', 4), reads);
    yield;
    const lineStarts = yield* readInt32s(fd, header.lineStartsBytes ?? -1, section(header.lineStartsBytes ?? -1, 'line starts', 4), reads);
    const times = readFloat64s(fd, header.timesBytes ?? -1, section(header.timesBytes ?? -1, 'times', 8), reads);
    const ids =
      header.idsBytes === undefined ? header.ids : new JoinedIds(readOrShared(reads, fd, header.idsBytes, section(header.idsBytes, 'ids')));
    const grams = yield* readInt32s(fd, header.gramBytes, section(header.gramBytes, 'postings', 4), reads);
    yield;
    if (header.wordsBytes !== undefined) section(header.wordsBytes, 'word index');
    if (at !== end) throw new Error('sections do not fill the file');
    const lazy = new LazyFile(fd);
    kept = true;
    // A small site's are read now and the file closed: reading them for each page of hits
    // costs more than they weigh.
    if (lazyBytes <= loadSettings.preloadBytes) lazy.holdAndClose(lazyFrom, readOrShared(reads, fd, lazyBytes, lazyFrom));
    const { docs, fieldChars } = yield* decodeDocs(header, chunks, refs, { file: lazy, coldAt, lineStarts, ids, times, sourceChunks });
    const termCounts = termCountsOf(header);
    return { ...contentsOf(header, docs, grams), fieldChars, ...(termCounts ? { termCounts } : {}) };
  } finally {
    if (!kept) fs.closeSync(fd);
  }
}

function contentsOf(header: Header, docs: AnalyzedDoc[], grams: Int32Array): DataFileContents {
  if (docs.length !== header.docCount) throw new Error(`expected ${header.docCount} posts, found ${docs.length}`);
  const removed = header.removed ?? [];
  const stamps = header.stamps ?? [];
  if (!Array.isArray(removed) || !removed.every((id) => typeof id === 'string')) throw new Error('bad removed ids');
  if (!Array.isArray(stamps) || !stamps.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string'))
    throw new Error('bad stamps');
  return { docs, grams: { strKeys: header.strKeys, data: [grams], boundaries: header.gramBoundaries === true }, removed, stamps };
}

/** The posts' `ownChars` a header holds, by post number; null when it holds none. */
function ownCharsOf(header: Header): Map<number, number> | null {
  const pairs = header.ownChars;
  if (pairs === undefined) return null;
  const ok = (v: unknown, below: number): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) < below;
  if (!Array.isArray(pairs) || pairs.length % 2 !== 0) throw new Error('bad own text lengths');
  const out = new Map<number, number>();
  for (let i = 0; i < pairs.length; i += 2) {
    if (!ok(pairs[i], header.docCount) || !ok(pairs[i + 1], 2 ** 31)) throw new Error('bad own text lengths');
    out.set(pairs[i]!, pairs[i + 1]!);
  }
  return out;
}

/** The word counts a header holds, or undefined (a file saved before them). */
function termCountsOf(header: Header): Map<string, number> | undefined {
  const flat = header.termCounts;
  if (flat === undefined) return undefined;
  if (!Array.isArray(flat) || flat.length % 2 !== 0) throw new Error('bad word counts');
  const counts = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 2) {
    const word = flat[i];
    const count = flat[i + 1];
    if (typeof word !== 'string' || !Number.isInteger(count) || (count as number) <= 0) throw new Error('bad word counts');
    counts.set(word, count as number);
  }
  return counts;
}

/** The `bytes` at `position` of `fd`: a view of `shared` when it holds them whole, else read. */
function readOrShared(shared: ReadonlyMap<number, SharedArrayBuffer> | undefined, fd: number, bytes: number, position: number): Buffer {
  const kept = sharedSection(shared, position, bytes);
  return kept ? Buffer.from(kept) : readBytes(fd, bytes, position);
}

/** The section of `bytes` at `position` when `shared` holds it whole. */
function sharedSection(
  shared: ReadonlyMap<number, SharedArrayBuffer> | undefined,
  position: number,
  bytes: number,
): SharedArrayBuffer | undefined {
  const read = shared?.get(position);
  return read && read.byteLength === bytes ? read : undefined;
}

function readFloat64s(fd: number, bytes: number, position: number, shared?: ReadonlyMap<number, SharedArrayBuffer>): Float64Array {
  const read = sharedSection(shared, position, bytes);
  if (read) return new Float64Array(read);
  const values = new Float64Array(bytes / 8);
  readAt(fd, new Uint8Array(values.buffer), position);
  return values;
}

/**
 * The posts of a `ZHSIDX03` file: each reads its fields from the sections, or the file,
 * when asked (see stored-doc.ts); and the characters of each normalised field over them,
 * read from the references (counting them on the posts sliced every text: a third of a load).
 */
function* decodeDocs(
  header: Header,
  chunks: TextChunk[],
  refs: Int32Array,
  lazy: Pick<DocSections, 'file' | 'coldAt' | 'lineStarts' | 'times' | 'sourceChunks'> & { ids: PostIds | undefined },
): Steps<{ docs: AnalyzedDoc[]; fieldChars: Record<Field, number> }> {
  const { categoryNames, tagNames } = header;
  const { ids, times, lineStarts, sourceChunks } = lazy;
  const n = header.docCount;
  if (!isPostIds(ids) || ids.length !== n || times.length !== n) throw new Error('bad post ids or times');
  if (!Array.isArray(categoryNames) || !Array.isArray(tagNames)) throw new Error('bad category or tag names');
  if (lineStarts.length !== n + 1 || lineStarts[0] !== 0 || lineStarts[n] !== header.coldBytes) throw new Error('bad line starts');
  for (let i = 0; i < n; i++) if (!(lineStarts[i]! < lineStarts[i + 1]!)) throw new Error('bad line starts');
  const refStarts = new Int32Array(n);
  const sections: DocSections = {
    chunks,
    refs,
    refStarts,
    categoryNames,
    tagNames,
    ...lazy,
    ids,
    ownChars: ownCharsOf(header),
    kept: new KeptLines(),
    textsKept: new KeptTexts(n),
  };
  // Every reference is checked here, so that a post read later cannot find one out of range.
  const checkText = (at: number, lengths: (c: number) => number | undefined): void => {
    const length = lengths(refs[at]!);
    const start = refs[at + 1]!;
    const end = refs[at + 2]!;
    if (length === undefined || start < 0 || end > length || start > end) throw new Error('text reference out of range');
  };
  const hotLength = (c: number): number | undefined => (c >= 0 && c < chunks.length ? chunkChars(chunks[c]!) : undefined);
  const sourceLength = (c: number): number | undefined => sourceChunks[c]?.chars;
  const checkCount = (at: number, names?: string[]): number => {
    const count = refs[at]!;
    if (at >= refs.length || count < 0 || at + 1 + count > refs.length) throw new Error('references run past their section');
    if (names) for (let i = at + 1; i <= at + count; i++) if (!(refs[i]! >= 0 && refs[i]! < names.length)) throw new Error('bad name id');
    return at + 1 + count;
  };
  const docs: AnalyzedDoc[] = [];
  const fieldChars = { title: 0, tags: 0, body: 0 };
  const lengthAt = (at: number): number => refs[at + 2]! - refs[at + 1]!;
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (i % 64 === 63) yield;
    if (at + TEXT_REFS > refs.length) throw new Error('text references end early');
    checkText(at, sourceLength);
    for (const f of NORM_ORDER) {
      checkText(at + NORM_REFS[f], hotLength);
      fieldChars[f] += lengthAt(at + NORM_REFS[f]);
    }
    let next = checkCount(at + TEXT_REFS, categoryNames);
    next = checkCount(next, tagNames);
    if (next + 2 > refs.length) throw new Error('anchors out of range');
    const anchorCount = refs[next]! + refs[next + 1]!;
    if (refs[next]! < 0 || refs[next + 1]! < 0 || next + 2 + anchorCount > refs.length) throw new Error('anchors out of range');
    refStarts[i] = at;
    docs.push(new StoredDoc(sections, i));
    at = next + 2 + anchorCount;
  }
  if (at !== refs.length) throw new Error('references run on');
  return { docs, fieldChars };
}

/** The posts of the JSON `lines` of a `ZHSIDX02` file, with their texts and anchors from the sections. */
function* decodeDocs02(chunks: TextChunk[], refs: Int32Array, lines: Iterable<string>): Steps<AnalyzedDoc[]> {
  let r = 0;
  const next = (): number => {
    if (r >= refs.length) throw new Error('text references end early');
    return refs[r++]!;
  };
  const text = (): string => {
    const c = chunks[next()];
    const from = next();
    const to = next();
    if (c === undefined || from < 0 || to > chunkChars(c) || from > to) throw new Error('text reference out of range');
    return chunkText(c, from, to);
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
