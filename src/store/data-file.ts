/**
 * The layout of an index's data files: the main one (`index-*.zsi`, every post and the
 * gram postings) and the delta segments beside it (`delta-*.zsd`, store/delta.ts: the
 * posts a change added or replaced, the ids it removed, and no postings, which a load
 * rebuilds for so few posts).
 *
 * `ZHSIDX03`, a uint32 header length, the header JSON (string gram keys, sizes, the
 * category and tag names; a delta's removed ids and new file stamps), zero padding to 4
 * bytes, the gram postings as int32 (read straight into their own array), per post its
 * references as int32 (four texts, its category and tag ids, its anchors), the texts
 * (source and normalised) as UTF-16 in chunks, one JSON line per post with its other
 * fields ({@link ColdFields}), the posts' ids one per line, their times as float64, then
 * the word index's JSON. A text
 * loads as a slice of its chunk: no per-post decoding. A loaded post ({@link StoredDoc})
 * reads its JSON line, its source text and its anchors only when they are asked for.
 *
 * `ZHSIDX02` (formats 6 and 7) is still read: the word index in the header, per post the
 * places of its source text and normalised body and its anchors, and a JSON line with
 * every other field.
 */
import fs from 'node:fs';
import { runSteps, type Steps } from '../indexes/steps.js';
import { IntList } from '../indexes/int-list.js';
import type { EngineSnapshot } from '../search/engine.js';
import type { AnalyzedDoc } from '../indexes/analyze.js';
import { LazyFile } from './lazy-file.js';
import { StoredDoc, TEXT_REFS, type ColdFields, type DocSections } from './stored-doc.js';

const MAGIC = Buffer.from('ZHSIDX03');
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

/** What a delta segment holds besides its posts (empty in a main data file). */
export interface ChangeExtras {
  /** Ids of the posts removed (a replaced post is not listed: its new version replaces it). */
  removed: string[];
  /** `[id, stamp]` of unchanged posts whose file stamp is new (read again, found the same). */
  stamps: [string, string][];
}

/** What a data file holds. */
export type DataFileContents = EngineSnapshot & ChangeExtras;

interface Header {
  /** `ZHSIDX02`: the word index's JSON (`ZHSIDX03`: its own section, `wordsBytes`). */
  words?: string;
  wordsBytes?: number;
  strKeys: string[];
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
}

function bytesOf(a: Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Texts placed one after another in UTF-16 chunks, each recorded in `refs` as chunk, start and end. */
class TextChunks {
  private readonly chunks: Buffer[] = [];
  private pending: string[] = [];
  private at = 0;

  constructor(private readonly refs: IntList) {}

  place(text: string): void {
    if (this.at + text.length > CHUNK_CHARS && this.at > 0) this.cut();
    this.pending.push(text);
    this.at += text.length;
    this.refs.push(this.chunks.length);
    this.refs.push(this.at - text.length);
    this.refs.push(this.at);
  }

  finish(): Buffer[] {
    if (this.pending.length) this.cut();
    return this.chunks;
  }

  private cut(): void {
    this.chunks.push(Buffer.from(this.pending.join(''), 'utf16le'));
    this.pending = [];
    this.at = 0;
  }
}

/** Names as small integer ids, in order of first use. */
class NameIds {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  push(refs: IntList, names: readonly string[]): void {
    refs.push(names.length);
    for (const name of names) {
      let id = this.ids.get(name);
      if (id === undefined) this.ids.set(name, (id = this.names.push(name) - 1));
      refs.push(id);
    }
  }
}

/**
 * A data file, piece by piece, so that it never has to be in memory whole. Per post the
 * references are: chunk, start and end of its source text, normalised body, normalised
 * title and normalised tags; its category count and ids, its tag count and ids; its two
 * anchor counts and its anchors.
 */
export function* encodeDataFile(snapshot: EngineSnapshot, extras: ChangeExtras = { removed: [], stamps: [] }): Generator<Uint8Array> {
  // Texts first: the header records the chunk sizes.
  const refs = new IntList();
  const hot = new TextChunks(refs);
  const source = new TextChunks(refs);
  const categories = new NameIds();
  const tags = new NameIds();
  for (const d of snapshot.docs) {
    source.place(d.text);
    hot.place(d.norm.body);
    hot.place(d.norm.title);
    hot.place(d.norm.tags);
    categories.push(refs, d.categories);
    tags.push(refs, d.tags);
    const anchors = d.anchors;
    refs.push(anchors.title.length);
    refs.push(anchors.body.length);
    for (let i = 0; i < anchors.title.length; i++) refs.push(anchors.title[i]!);
    for (let i = 0; i < anchors.body.length; i++) refs.push(anchors.body[i]!);
  }
  const chunks = hot.finish();
  const sourceChunks = source.finish();
  // One JSON line per post: the fields a load leaves in the file until they are read. A
  // loaded post's line is copied as it is, with its neighbours' in one piece.
  const cold: Buffer[] = [];
  const lineStarts = new IntList();
  let coldBytes = 0;
  let lines: Buffer[] = [];
  let run: { file: LazyFile; start: number; end: number } | null = null;
  const flush = (): void => {
    if (lines.length) cold.push(Buffer.concat(lines));
    lines = [];
    if (run) cold.push(run.file.bytes(run.start, run.end - run.start));
    run = null;
  };
  for (const d of snapshot.docs) {
    lineStarts.push(coldBytes);
    const line = d instanceof StoredDoc ? d.savedLine() : null;
    if (line) {
      if (run?.file !== line.file || run.end !== line.start) {
        flush();
        run = { ...line };
      } else run.end = line.end;
      coldBytes += line.end - line.start;
    } else {
      if (run) flush();
      const fields: ColdFields = { title: d.title, date: d.date, url: d.url, hash: d.hash, stamp: d.stamp, terms: d.terms };
      const bytes = Buffer.from(JSON.stringify(fields) + '\n');
      lines.push(bytes);
      coldBytes += bytes.length;
      if (lines.length === 1000) flush();
    }
    // A run of a million posts' lines is read back in pieces of this size.
    if (run && run.end - run.start > SCRATCH_BYTES) flush();
  }
  flush();
  lineStarts.push(coldBytes);
  const gramBytes = snapshot.grams.data.reduce((n, p) => n + p.byteLength, 0);
  const words =
    typeof snapshot.words === 'string'
      ? Buffer.from(snapshot.words)
      : typeof snapshot.words === 'function'
        ? snapshot.words()
        : snapshot.words;
  const ids = snapshot.docs.map((d) => d.id);
  const idLines = ids.some((id) => id.includes('\n')) ? null : Buffer.from(ids.join('\n'));
  const times = new Float64Array(snapshot.docs.length);
  snapshot.docs.forEach((d, i) => (times[i] = d.time ?? NaN));
  const header: Header = {
    wordsBytes: words.length,
    strKeys: snapshot.grams.strKeys,
    gramBytes,
    refBytes: refs.length * 4,
    chunkBytes: chunks.map((c) => c.length),
    sourceChunkBytes: sourceChunks.map((c) => c.length),
    lineStartsBytes: lineStarts.length * 4,
    docCount: snapshot.docs.length,
    ...(idLines ? { idsBytes: idLines.length } : { ids }),
    timesBytes: times.byteLength,
    categoryNames: categories.names,
    tagNames: tags.names,
    coldBytes,
    ...(extras.removed.length ? { removed: extras.removed } : {}),
    ...(extras.stamps.length ? { stamps: extras.stamps } : {}),
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
  for (const part of lineStarts.parts()) yield bytesOf(part);
  yield new Uint8Array(times.buffer);
  if (idLines) yield idLines;
  // What a load leaves in the file until asked for.
  yield* sourceChunks;
  yield* cold;
  // Its own section, not a string in the header: JSON would escape every quote of it,
  // and reading it back cost a million-post load 0.6 s.
  yield words;
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
export function readSnapshot(file: string, pieceBytes = SCRATCH_BYTES): DataFileContents {
  return runSteps(snapshotSteps(file, pieceBytes));
}

/** {@link readSnapshot}, pausing between sections and between posts (see indexes/steps.ts). */
export function* snapshotSteps(file: string, pieceBytes = SCRATCH_BYTES): Steps<DataFileContents> {
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
    let docs: AnalyzedDoc[];
    let words: EngineSnapshot['words'] | undefined;
    if (older) {
      docs = yield* decodeDocs02(chunks, refs, linesOf(fd, at, size, scratch.subarray(0, Math.min(scratch.length, pieceBytes))));
      words = header.words;
    } else {
      const lineStarts = yield* readInt32s(fd, header.lineStartsBytes ?? -1, section(header.lineStartsBytes ?? -1, 'line starts', 4));
      const times = readFloat64s(fd, header.timesBytes ?? -1, section(header.timesBytes ?? -1, 'times', 8));
      const ids = header.idsBytes === undefined ? header.ids : idsOf(readBytes(fd, header.idsBytes, section(header.idsBytes, 'ids')));
      // Left in the file: the source texts, the JSON lines and the word index.
      if (!Array.isArray(header.sourceChunkBytes)) throw new Error('bad source text sizes');
      const sourceChunks = header.sourceChunkBytes.map((n) => ({ at: section(n, 'source text chunk', 2), chars: n / 2 }));
      const coldAt = section(header.coldBytes ?? -1, 'post lines');
      const wordsBytes = header.wordsBytes ?? -1;
      const wordsAt = section(wordsBytes, 'word index');
      const lazy = new LazyFile(fd);
      kept = true;
      docs = yield* decodeDocs(header, chunks, refs, { file: lazy, coldAt, lineStarts, ids, times, sourceChunks });
      // Read and decoded when first used (a correction of a Latin typo): 86 MB for a million posts.
      words = () => lazy.bytes(wordsAt, wordsBytes);
    }
    if (typeof words !== 'string' && typeof words !== 'function') throw new Error('no word index');
    if (docs.length !== header.docCount) throw new Error(`expected ${header.docCount} posts, found ${docs.length}`);
    const removed = header.removed ?? [];
    const stamps = header.stamps ?? [];
    if (!Array.isArray(removed) || !removed.every((id) => typeof id === 'string')) throw new Error('bad removed ids');
    if (!Array.isArray(stamps) || !stamps.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string'))
      throw new Error('bad stamps');
    return { docs, words, grams: { strKeys: header.strKeys, data: [grams] }, removed, stamps };
  } finally {
    if (!kept) fs.closeSync(fd);
  }
}

/** The ids of a `ZHSIDX03` file's id section. */
function idsOf(lines: Buffer): string[] {
  return lines.length === 0 ? [] : lines.toString().split('\n');
}

function readFloat64s(fd: number, bytes: number, position: number): Float64Array {
  const values = new Float64Array(bytes / 8);
  readAt(fd, new Uint8Array(values.buffer), position);
  return values;
}

/** `bytes` at `position`, in a buffer of their own. */
function readBytes(fd: number, bytes: number, position: number): Buffer {
  const out = Buffer.allocUnsafeSlow(bytes);
  readAt(fd, out, position);
  return out;
}

/** The posts of a `ZHSIDX03` file: each reads its fields from the sections, or the file, when asked (see stored-doc.ts). */
function* decodeDocs(
  header: Header,
  chunks: string[],
  refs: Int32Array,
  lazy: Pick<DocSections, 'file' | 'coldAt' | 'lineStarts' | 'times' | 'sourceChunks'> & { ids: string[] | undefined },
): Steps<AnalyzedDoc[]> {
  const { categoryNames, tagNames } = header;
  const { ids, times, lineStarts, sourceChunks } = lazy;
  const n = header.docCount;
  if (!Array.isArray(ids) || ids.length !== n || times.length !== n) throw new Error('bad post ids or times');
  if (!Array.isArray(categoryNames) || !Array.isArray(tagNames)) throw new Error('bad category or tag names');
  if (lineStarts.length !== n + 1 || lineStarts[0] !== 0 || lineStarts[n] !== header.coldBytes) throw new Error('bad line starts');
  for (let i = 0; i < n; i++) if (!(lineStarts[i]! < lineStarts[i + 1]!)) throw new Error('bad line starts');
  const sections: DocSections = { chunks, refs, categoryNames, tagNames, ...lazy };
  // Every reference is checked here, so that a post read later cannot find one out of range.
  const checkText = (at: number, lengths: (c: number) => number | undefined): void => {
    const length = lengths(refs[at]!);
    const start = refs[at + 1]!;
    const end = refs[at + 2]!;
    if (length === undefined || start < 0 || end > length || start > end) throw new Error('text reference out of range');
  };
  const hotLength = (c: number): number | undefined => chunks[c]?.length;
  const sourceLength = (c: number): number | undefined => sourceChunks[c]?.chars;
  const checkCount = (at: number, names?: string[]): number => {
    const count = refs[at]!;
    if (at >= refs.length || count < 0 || at + 1 + count > refs.length) throw new Error('references run past their section');
    if (names) for (let i = at + 1; i <= at + count; i++) if (!(refs[i]! >= 0 && refs[i]! < names.length)) throw new Error('bad name id');
    return at + 1 + count;
  };
  const docs: AnalyzedDoc[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (i % 64 === 63) yield;
    const id = ids[i];
    if (typeof id !== 'string') throw new Error('bad post id');
    if (at + TEXT_REFS > refs.length) throw new Error('text references end early');
    checkText(at, sourceLength);
    for (let t = 3; t < TEXT_REFS; t += 3) checkText(at + t, hotLength);
    let next = checkCount(at + TEXT_REFS, categoryNames);
    next = checkCount(next, tagNames);
    if (next + 2 > refs.length) throw new Error('anchors out of range');
    const anchorCount = refs[next]! + refs[next + 1]!;
    if (refs[next]! < 0 || refs[next + 1]! < 0 || next + 2 + anchorCount > refs.length) throw new Error('anchors out of range');
    docs.push(new StoredDoc(sections, id, at, i));
    at = next + 2 + anchorCount;
  }
  if (at !== refs.length) throw new Error('references run on');
  return docs;
}

/** The posts of the JSON `lines` of a `ZHSIDX02` file, with their texts and anchors from the sections. */
function* decodeDocs02(chunks: string[], refs: Int32Array, lines: Iterable<string>): Steps<AnalyzedDoc[]> {
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
