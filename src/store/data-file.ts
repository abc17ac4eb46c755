/**
 * The layout of an index's data files: the main one (`index-*.zsi`, every post and the
 * gram postings) and the delta segments beside it (`delta-*.zsd`, store/delta.ts: the
 * posts a change added or replaced, the ids it removed, and no postings, which a load
 * rebuilds for so few posts).
 *
 * `ZHSIDX02`, a uint32 header length, the header JSON (word index, string gram keys,
 * sizes; a delta's removed ids and new file stamps), zero padding to 4 bytes, the gram
 * postings as int32 (read straight into their own array), per post the places of its two
 * texts and its anchors as int32, the body texts (source and normalised) as UTF-16 in
 * chunks, then one JSON line per post with its other fields. A text loads as a slice of
 * its chunk: no per-post decoding, and the chunks sit outside the JavaScript heap.
 */
import fs from 'node:fs';
import { runSteps, type Steps } from '../indexes/steps.js';
import { IntList } from '../indexes/int-list.js';
import type { EngineSnapshot } from '../search/engine.js';
import type { AnalyzedDoc } from '../indexes/analyze.js';

const MAGIC = Buffer.from('ZHSIDX02');
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
  removed?: string[];
  stamps?: [string, string][];
}

function bytesOf(a: Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A data file, piece by piece, so that it never has to be in memory whole. */
export function* encodeDataFile(snapshot: EngineSnapshot, extras: ChangeExtras = { removed: [], stamps: [] }): Generator<Uint8Array> {
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
export function readSnapshot(file: string, pieceBytes = SCRATCH_BYTES): DataFileContents {
  return runSteps(snapshotSteps(file, pieceBytes));
}

/** {@link readSnapshot}, pausing between sections and between posts (see indexes/steps.ts). */
export function* snapshotSteps(file: string, pieceBytes = SCRATCH_BYTES): Steps<DataFileContents> {
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
    const removed = header.removed ?? [];
    const stamps = header.stamps ?? [];
    if (!Array.isArray(removed) || !removed.every((id) => typeof id === 'string')) throw new Error('bad removed ids');
    if (!Array.isArray(stamps) || !stamps.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string'))
      throw new Error('bad stamps');
    return { docs, words: header.words, grams: { strKeys: header.strKeys, data: [grams] }, removed, stamps };
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
