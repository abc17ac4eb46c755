/**
 * A post as a loaded data file holds it: its id and time are read from the file's
 * sections when asked (the id kept once read); its normalised title and tags, which
 * every match of a common word reads, are sliced from their chunk on first read and
 * kept; its normalised body is sliced on each read (holding the bodies was 10 MB of heap
 * at 100,000 posts, 100 MB at a million, and searches read them for few posts);
 * categories, tags and anchors stay in the file's int32 references, and its source text
 * and other fields (title, URL, hashes, index terms: a JSON line) stay in the file itself
 * until something reads them (a small file's are read at load, store/data-file.ts).
 * Decoding every post's fields up front was most of a load (100,000 posts: JSON lines
 * 290 ms of 760 ms, and much of the garbage collection), and holding them was a fifth of
 * a million-post index's memory; now a server answers once the postings are in, and the
 * rest is read as hits are shown or while its lookups are built in the background.
 */
import { copyDoc, type AnalyzedDoc, type Field } from '../indexes/analyze.js';
import type { IntList } from '../indexes/int-list.js';
import type { LazyFile } from './lazy-file.js';

/** Posts' ids by their number in the file: {@link JoinedIds}, or an array of them. */
export interface PostIds {
  readonly length: number;
  at(line: number): string | undefined;
}

/** True for ids a data file gave: its id section's, or an array of strings from its header. */
export function isPostIds(ids: unknown): ids is PostIds {
  return ids instanceof JoinedIds || (Array.isArray(ids) && ids.every((id) => typeof id === 'string'));
}

/**
 * A data file's post ids as it saves them, one per line in UTF-8, each decoded when read:
 * a string each was a million allocations of a million-post load, copied by its
 * young-generation collections, and one string of them all was a copy in every search
 * thread (the bytes may be memory the threads share: store/data-file.ts
 * `readSharedSections`).
 */
export class JoinedIds implements PostIds {
  /** Where each id starts in `bytes`, and one more entry: one past the end of the last, as if a newline followed it. */
  private readonly starts: Int32Array;

  constructor(private readonly bytes: Buffer) {
    // Counted first, so that the starts go straight into their array.
    let newlines = 0;
    for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) newlines++;
    const count = bytes.length === 0 ? 0 : newlines + 1;
    this.starts = new Int32Array(count + 1);
    for (let i = 1, at = -1; i < count; i++) this.starts[i] = (at = bytes.indexOf(10, at + 1)) + 1;
    if (count > 0) this.starts[count] = bytes.length + 1;
  }

  get length(): number {
    return this.starts.length - 1;
  }

  at(line: number): string | undefined {
    return line >= 0 && line < this.length ? this.bytes.toString('utf8', this.starts[line], this.starts[line + 1]! - 1) : undefined;
  }
}

/**
 * A chunk of normalised texts: a string, or its UTF-16 bytes in memory shared by a
 * server's search threads (store/data-file.ts `readSharedSections`), each text then
 * decoded when read. Strings cannot be shared between threads: as strings, every thread
 * held a copy of every chunk (100,000 posts: 20 MB a thread).
 */
export type TextChunk = string | Buffer;

/** The characters of `chunk`. */
export function chunkChars(chunk: TextChunk): number {
  return typeof chunk === 'string' ? chunk.length : chunk.length >> 1;
}

/** The text of `chunk` from character `start` to `end`. */
export function chunkText(chunk: TextChunk, start: number, end: number): string {
  return typeof chunk === 'string' ? chunk.slice(start, end) : chunk.toString('utf16le', 2 * start, 2 * end);
}

/** The sections of one data file that its posts read their fields from. */
export interface DocSections {
  /** The posts' ids, by their number in the file. */
  ids: PostIds;
  /** Chunks of normalised text (UTF-16): a text is a slice of one. */
  chunks: TextChunk[];
  /** Per post (see data-file.ts): text references, facet ids, anchors. */
  refs: Int32Array;
  /** Where each post's entry starts in `refs`, by its number in the file. */
  refStarts: Int32Array;
  /** Per post, its time (NaN for none). */
  times: Float64Array;
  /** `AnalyzedDoc.ownChars` of the posts that list the others, by post number; null when none does. */
  ownChars: ReadonlyMap<number, number> | null;
  categoryNames: string[];
  tagNames: string[];
  /** The data file, open. */
  file: LazyFile;
  /** Where the chunks of source text (UTF-16) are in the file, and their lengths in characters. */
  sourceChunks: { at: number; chars: number }[];
  /** Where the JSON lines ({@link ColdFields}, UTF-8) start in the file. */
  coldAt: number;
  /** Where each post's line starts among them, and one more entry: where the last ends. */
  lineStarts: Int32Array;
  /** The posts whose parsed lines are kept. */
  kept: KeptLines;
  /** The ids and normalised tags read so far, by post number: see {@link StoredDoc}. */
  textsKept: KeptTexts;
}

/** The fields of a post kept as a JSON line until read. */
export interface ColdFields {
  title: string;
  date: string | null;
  url: string;
  hash: string;
  stamp?: string;
  terms: Record<'title' | 'tags', string>;
  /** `Post.undated`, only when true. */
  undated?: true;
}

/**
 * Posts whose parsed line is kept: the ones most recently read. A search reads a page
 * of hits a few fields at a time; a pass over every post (suggestions, term counts, a
 * build's look at every hash) keeps none of them (100,000 posts: 36 MB). A few pages'
 * worth, no more: lines kept for 1,024 reads lived about as long as a hundred searches,
 * just long enough for the young generation's collections to copy them twice and
 * promote them, and the copying was a fifth of each collection's pause, which every
 * search that meets one waits for (13,607 posts, bench-child: median pause 2.2-2.6 ms in
 * the main thread and 1.2-1.3 ms on a search thread, against 1.7-2.0 and 0.85-0.9 ms
 * with 64).
 */
const KEPT_LINES = 64;

/**
 * The posts whose parsed lines are kept, oldest first to go: one ring per data file, or
 * per build for the batches it packs (store/pack-docs.ts); and the posts with a field of
 * their line set since, whose line is kept for good (the one in the file is no longer theirs).
 */
export class KeptLines {
  readonly docs = new Array<StoredDoc | undefined>(KEPT_LINES);
  next = 0;
  readonly changed = new Set<StoredDoc>();
}

/**
 * The ids and normalised tags of one file's posts read so far, by post number: a hit
 * reads its id, every match of a common word its tags. Held here, not on the posts (see
 * {@link StoredDoc}); each array is made on its first use.
 */
export class KeptTexts {
  id: (string | undefined)[] | null = null;
  tags: (string | undefined)[] | null = null;

  constructor(readonly count: number) {}
}

/** The normalised fields in the order a post's {@link TEXT_REFS} give them, after its source text's. */
export const NORM_ORDER: readonly Field[] = ['body', 'title', 'tags'];
/** Int32s in front of a post's facet ids: a text reference of three (chunk, start, end) for its source text and each normalised field. */
export const TEXT_REFS = 3 * (1 + NORM_ORDER.length);
/** Where among a post's {@link TEXT_REFS} the reference of each normalised field is. */
export const NORM_REFS = Object.fromEntries(NORM_ORDER.map((f, i) => [f, 3 * (i + 1)])) as Readonly<Record<Field, number>>;

/** A post's {@link ColdFields} as its JSON line, newline included. */
export function coldLine(d: AnalyzedDoc): string {
  const fields: ColdFields = { title: d.title, date: d.date, url: d.url, hash: d.hash, stamp: d.stamp, terms: d.terms };
  if (d.undated) fields.undated = true;
  return JSON.stringify(fields) + '\n';
}

/** Names as small integer ids, in order of first use. */
export class NameIds {
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

/** The references that follow a post's {@link TEXT_REFS}: its category and tag ids, its anchors. */
export function pushFacetsAndAnchors(refs: IntList, d: AnalyzedDoc, categories: NameIds, tags: NameIds): void {
  categories.push(refs, d.categories);
  tags.push(refs, d.tags);
  const anchors = d.anchors;
  refs.push(anchors.title.length);
  refs.push(anchors.body.length);
  for (let k = 0; k < anchors.title.length; k++) refs.push(anchors.title[k]!);
  for (let k = 0; k < anchors.body.length; k++) refs.push(anchors.body[k]!);
}

/** The normalised text of the reference at `at` (chunk, start, end). */
function textAt(s: DocSections, at: number): string {
  return chunkText(s.chunks[s.refs[at]!]!, s.refs[at + 1]!, s.refs[at + 2]!);
}

/**
 * A post's normalised texts, each read when asked: the title and tags kept once read
 * (every match of a common word reads them), the body read from its chunk each time.
 * Both were read when either was: the completion lookup, which reads every title, kept
 * every post's tags too (1,000,000 generated posts: a warm-up added 73 MB of heap, 49 MB
 * now).
 */
class NormTexts implements Record<Field, string> {
  constructor(private readonly doc: StoredDoc) {}

  get title(): string {
    return this.doc.normTitle();
  }

  get tags(): string {
    return this.doc.normTags();
  }

  get body(): string {
    return this.doc.normBody();
  }
}

/**
 * A post of a loaded data file (or of a build's packed batch): its file's sections, its
 * number in the file, and what searches read most once read (its normalised title, which
 * every match of a common word reads, and its parsed line while a hit shows it). Every
 * thread that loads an index holds one per post, so its fields are what a post costs
 * each thread: with its id, tags, where its references start and whether its line
 * changed on the object as well (eight fields), a million posts were 84 MB of each
 * thread's heap, 56 MB with these four. The id and tags kept once read are held by the
 * sections ({@link KeptTexts}).
 */
export class StoredDoc implements AnalyzedDoc {
  private readonly sections: DocSections;
  /** The post's number in its file: its references, JSON line, id and time. */
  private readonly line: number;
  /** The normalised title, sliced on first read and kept (a load slices none). */
  private normTitleText: string | undefined = undefined;
  /** The parsed line, while {@link KeptLines} keeps it. */
  private coldFields: ColdFields | null = null;

  constructor(sections: DocSections, line: number) {
    this.sections = sections;
    this.line = line;
  }

  get id(): string {
    const kept = this.sections.textsKept;
    const ids = (kept.id ??= new Array<string | undefined>(kept.count));
    return (ids[this.line] ??= this.sections.ids.at(this.line)!);
  }

  /** The id, read without keeping it: for a pass over every post (the id table). */
  idUnkept(): string {
    return this.sections.textsKept.id?.[this.line] ?? this.sections.ids.at(this.line)!;
  }

  /** Where the post's entry starts in `sections.refs`. */
  private get at(): number {
    return this.sections.refStarts[this.line]!;
  }

  /** The normalised texts: the title and tags kept once read, the body sliced from its chunk when read (a string a post fewer). */
  get norm(): Record<Field, string> {
    return new NormTexts(this);
  }

  /** The normalised title, kept once read. @internal */
  normTitle(): string {
    return (this.normTitleText ??= textAt(this.sections, this.at + NORM_REFS.title));
  }

  /** The normalised tags, kept once read. @internal */
  normTags(): string {
    const kept = this.sections.textsKept;
    const tags = (kept.tags ??= new Array<string | undefined>(kept.count));
    return (tags[this.line] ??= textAt(this.sections, this.at + NORM_REFS.tags));
  }

  /** The normalised body, read from its chunk. @internal */
  normBody(): string {
    return textAt(this.sections, this.at + NORM_REFS.body);
  }

  get time(): number | null {
    const time = this.sections.times[this.line]!;
    return Number.isNaN(time) ? null : time;
  }

  get ownChars(): number | undefined {
    return this.sections.ownChars?.get(this.line);
  }

  private get cold(): ColdFields {
    if (!this.coldFields) {
      const { file, coldAt, lineStarts } = this.sections;
      const start = lineStarts[this.line]!;
      this.coldFields = JSON.parse(file.text(coldAt + start, lineStarts[this.line + 1]! - start - 1, 'utf8')) as ColdFields;
      this.keep();
    }
    return this.coldFields;
  }

  /** Keeps this post's parsed line, letting go of the one read {@link KEPT_LINES} posts ago. */
  private keep(): void {
    const ring = this.sections.kept;
    const old = ring.docs[ring.next];
    // A changed line is the post's only copy of it: kept for good.
    if (old && !ring.changed.has(old)) old.coldFields = null;
    ring.docs[ring.next] = this;
    ring.next = (ring.next + 1) % KEPT_LINES;
  }

  get title(): string {
    return this.cold.title;
  }

  get date(): string | null {
    return this.cold.date;
  }

  get url(): string {
    return this.cold.url;
  }

  get undated(): true | undefined {
    return this.cold.undated;
  }

  get hash(): string {
    return this.cold.hash;
  }

  get stamp(): string | undefined {
    return this.cold.stamp;
  }

  set stamp(stamp: string | undefined) {
    this.cold.stamp = stamp;
    this.sections.kept.changed.add(this);
  }

  get terms(): Record<'title' | 'tags', string> {
    return this.cold.terms;
  }

  set terms(terms: Record<'title' | 'tags', string>) {
    this.cold.terms = terms;
    this.sections.kept.changed.add(this);
  }

  get text(): string {
    const { refs, sourceChunks, file } = this.sections;
    const at = this.at;
    const start = refs[at + 1]!;
    return file.text(sourceChunks[refs[at]!]!.at + 2 * start, 2 * (refs[at + 2]! - start), 'utf16le');
  }

  get categories(): string[] {
    return this.facet(this.at + TEXT_REFS, this.sections.categoryNames);
  }

  get tags(): string[] {
    const { refs } = this.sections;
    const at = this.at + TEXT_REFS;
    return this.facet(at + 1 + refs[at]!, this.sections.tagNames);
  }

  get anchors(): AnalyzedDoc['anchors'] {
    const { refs } = this.sections;
    let at = this.at + TEXT_REFS;
    at += 1 + refs[at]!;
    at += 1 + refs[at]!;
    const title = refs[at]!;
    const body = refs[at + 1]!;
    at += 2;
    return { title: refs.subarray(at, at + title), body: refs.subarray(at + title, at + title + body) };
  }

  /**
   * Where the post's JSON line (newline included) is in its file, while it is still the
   * post's: a save copies it as it is.
   */
  savedLine(): { file: LazyFile; start: number; end: number } | null {
    if (this.sections.kept.changed.has(this)) return null;
    const { file, coldAt, lineStarts } = this.sections;
    return { file, start: coldAt + lineStarts[this.line]!, end: coldAt + lineStarts[this.line + 1]! };
  }

  /** The post as a plain object (what `JSON.stringify` and a copy see). */
  toJSON(): AnalyzedDoc {
    return copyDoc(this);
  }

  private facet(at: number, names: string[]): string[] {
    const { refs } = this.sections;
    const out: string[] = [];
    for (let i = at + 1, end = at + 1 + refs[at]!; i < end; i++) out.push(names[refs[i]!]!);
    return out;
  }
}
