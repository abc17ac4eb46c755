/**
 * The jieba words of titles and tags in a MiniSearch index, which serves fuzzy
 * corrections of Latin typos (`spotfy` → `spotify`). A loaded index keeps MiniSearch's
 * JSON and parses it on first use; a full build writes that JSON on the segmenter worker
 * ({@link WordIndexBuilder}).
 */
import MiniSearch, { type Suggestion } from 'minisearch';

interface WordDoc {
  id: number;
  title: string;
  tags: string;
}

const splitTerms = (s: string): string[] => s.split(' ');
const keepTerm = (t: string): string | null => t || null;
const OPTIONS = { fields: ['title', 'tags'], idField: 'id', tokenize: splitTerms, processTerm: keepTerm };

export class WordIndex {
  private index: MiniSearch<WordDoc> | null = null;
  /** The saved JSON, or a reader of its UTF-8 bytes in a data file (read on first use too). */
  private json: string | (() => Uint8Array) | null;
  /**
   * Posts added (with their terms) or discarded (null) while the JSON is not parsed yet,
   * applied in order when it is: a delta applied to a loaded index (store/delta.ts) does
   * not parse it (0.3 s at 100,000 posts) for a post or two.
   */
  private pending: [slot: number, terms: { title: string; tags: string } | null][] = [];

  /** @param json MiniSearch JSON from {@link toJSON} (or a reader of its UTF-8 bytes), parsed on first use. */
  constructor(json?: string | (() => Uint8Array)) {
    this.json = json ?? null;
  }

  private mini(): MiniSearch<WordDoc> {
    if (!this.index) {
      this.index = this.json ? MiniSearch.loadJSON<WordDoc>(this.text(), OPTIONS) : new MiniSearch<WordDoc>(OPTIONS);
      this.json = null;
      for (const [slot, terms] of this.pending) {
        if (terms) this.index.add({ id: slot, title: terms.title, tags: terms.tags });
        else this.index.discard(slot);
      }
      this.pending = [];
    }
    return this.index;
  }

  /** Indexes a post's space-separated title and tag terms under its slot. */
  add(slot: number, terms: { title: string; tags: string }): void {
    if (!this.index && this.json) this.pending.push([slot, terms]);
    else this.mini().add({ id: slot, title: terms.title, tags: terms.tags });
  }

  discard(slot: number): void {
    if (!this.index && this.json) this.pending.push([slot, null]);
    else this.mini().discard(slot);
  }

  /** Index words within a quarter of the text's length in edits, best first. */
  fuzzy(text: string): Suggestion[] {
    return this.mini().autoSuggest(text, { fuzzy: 0.25, prefix: false, combineWith: 'AND', boost: { title: 3, tags: 1.5 } });
  }

  toJSON(): string {
    return this.pending.length === 0 && this.json ? this.text() : JSON.stringify(this.mini());
  }

  /** {@link toJSON}, or the reader of the bytes it was read from while unchanged (a save writes them as they are). */
  saved(): string | (() => Uint8Array) {
    return this.pending.length === 0 && this.json ? this.json : this.toJSON();
  }

  private text(): string {
    if (typeof this.json === 'string') return this.json;
    const bytes = this.json!();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString();
  }
}

/**
 * Writes the JSON {@link WordIndex.toJSON} would give for posts added one by one, without
 * building the MiniSearch index itself: a full build only saves it. MiniSearch updates a
 * radix tree and a map per term and field for every word added; here a word's postings
 * are one growing list, written out once (100,000 posts: about a fifth of the time).
 * `MiniSearch.loadJSON` reads the result as its own (serialization version 2; a test
 * compares the two).
 */
export class WordIndexBuilder {
  private readonly slots: number[] = [];
  private readonly lengths: number[] = [];
  private readonly average = [0, 0];
  /** Per word, per field (title, tags): `[docNumber, count, docNumber, count, …]`. */
  private readonly postings = new Map<string, [number[] | null, number[] | null]>();

  add(slot: number, terms: { title: string; tags: string }): void {
    const doc = this.slots.length;
    this.slots.push(slot);
    this.addField(doc, 0, splitTerms(terms.title));
    this.addField(doc, 1, splitTerms(terms.tags));
  }

  private addField(doc: number, field: 0 | 1, words: string[]): void {
    // MiniSearch's field length counts distinct tokens (the empty one of an empty field
    // too), and its average is kept as a running mean, in this order of operations.
    const length = new Set(words).size;
    this.lengths.push(length);
    this.average[field] = (this.average[field]! * doc + length) / (doc + 1);
    for (const word of words) {
      if (!word) continue;
      let entry = this.postings.get(word);
      if (!entry) this.postings.set(word, (entry = [null, null]));
      const list = (entry[field] ??= []);
      if (list.length > 0 && list[list.length - 2] === doc) list[list.length - 1]!++;
      else list.push(doc, 1);
    }
  }

  toJSON(): string {
    return this.toBytes().toString();
  }

  /**
   * {@link toJSON} as UTF-8 bytes, written piece by piece: at a million posts the JSON is
   * 90 MB, and building it from arrays of small strings joined took a gigabyte at the
   * end of a build. A worker hands the bytes over without a copy.
   */
  toBytes(): Buffer {
    const out = new PieceWriter();
    const n = this.slots.length;
    out.add(`{"documentCount":${n},"nextId":${n},"documentIds":{`);
    for (let d = 0; d < n; d++) out.add(`${d ? ',' : ''}"${d}":${this.slots[d]}`);
    out.add('},"fieldIds":{"title":0,"tags":1},"fieldLength":{');
    for (let d = 0; d < n; d++) out.add(`${d ? ',' : ''}"${d}":[${this.lengths[2 * d]},${this.lengths[2 * d + 1]}]`);
    out.add(`},"averageFieldLength":${n === 0 ? '[]' : JSON.stringify(this.average)},"storedFields":{},"dirtCount":0,"index":[`);
    let first = true;
    for (const [word, entry] of this.postings) {
      out.add(`${first ? '' : ','}[${JSON.stringify(word)},{`);
      first = false;
      let firstField = true;
      entry.forEach((list, field) => {
        if (!list) return;
        out.add(`${firstField ? '' : ','}"${field}":{`);
        firstField = false;
        for (let i = 0; i < list.length; i += 2) out.add(`${i ? ',' : ''}"${list[i]}":${list[i + 1]}`);
        out.add('}');
      });
      out.add('}]');
    }
    out.add('],"serializationVersion":2}');
    return out.bytes();
  }
}

/** Text written in small pieces, kept as UTF-8 in buffers of about 64 KB. */
class PieceWriter {
  private readonly parts: Buffer[] = [];
  private pending: string[] = [];
  private chars = 0;

  add(piece: string): void {
    this.pending.push(piece);
    this.chars += piece.length;
    if (this.chars > 1 << 16) this.flush();
  }

  bytes(): Buffer {
    this.flush();
    return Buffer.concat(this.parts);
  }

  private flush(): void {
    this.parts.push(Buffer.from(this.pending.join('')));
    this.pending = [];
    this.chars = 0;
  }
}
