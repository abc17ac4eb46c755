/** A post turned into what the indexes need: normalised fields and word-index terms. */
import type { Post } from '../ingest/post.js';
import { normalize } from '../text/normalize.js';
import type { Tokenizer } from '../text/tokenize.js';
import { anchorsOf } from '../text/mapped-text.js';

/** The searchable fields, in boost order. */
export const FIELDS = ['title', 'tags', 'body'] as const;
export type Field = (typeof FIELDS)[number];

/** A post with its normalised text and index terms: what the index stores per document. */
export interface AnalyzedDoc extends Post {
  /** `date` as milliseconds since the epoch, or null. */
  time: number | null;
  /** Hash of the source the post was read from; unchanged hash means no re-analysis. */
  hash: string;
  /** The stamp of the file the post was read from (see `fileStamp`): unchanged, the file is not read again. */
  stamp?: string;
  /** Normalised field text, matched against queries. */
  norm: Record<Field, string>;
  /** Offset anchors from normalised to source text of the title and body, for highlighting (see text/mapped-text.ts). */
  anchors: { title: ArrayLike<number>; body: ArrayLike<number> };
  /** Word-index terms of the title and tags, space separated (the body is matched by its text). */
  terms: Record<'title' | 'tags', string>;
  /**
   * For a post whose Liquid lists the site's other posts (an archive, a tag page: see
   * build/listing-posts.ts), the characters of its text without them: the ranking weighs
   * it by the share of its text that is its own (search/post-weights.ts). Absent for
   * every other post.
   */
  ownChars?: number;
  /**
   * The id, read without keeping it: a loaded post slices it from its data file's ids on
   * each call, where `id` keeps the string once read (store/stored-doc.ts). For a pass
   * over every post (the id table, indexes/id-slots.ts), which would otherwise keep them
   * all; absent: `id`.
   */
  idUnkept?(): string;
}

/** Normalises a post; `terms` stay empty until {@link segmentDoc} (or a segmenter worker) fills them. */
export function analyzePost(post: Post, hash: string): AnalyzedDoc {
  const title = anchorsOf(post.title);
  const body = anchorsOf(post.text);
  const norm = { title: title.norm, tags: normalize(post.tags.join(' ')), body: body.norm };
  const anchors = { title: title.anchors, body: body.anchors };
  const terms = { title: '', tags: '' };
  const time = post.date ? Date.parse(/[Z+-]\d\d:\d\d$|Z$/.test(post.date) ? post.date : `${post.date}Z`) : NaN;
  return { ...post, time: Number.isNaN(time) ? null : time, hash, norm, anchors, terms };
}

/** The word-index terms of a normalised title and tags. */
export function segmentTerms(tokenizer: Tokenizer, title: string, tags: string): Record<'title' | 'tags', string> {
  return segmentTermsOfEach(tokenizer, [[title, tags]])[0]!;
}

/** The words {@link countTermWords} has counted for the post it is counting. */
const countedWords = new Set<string>();

/**
 * Adds `by` to the count of each word of a post's title and tag terms in `counts`, once
 * per post; a count of 0 leaves the map. The words are read off the strings in place: a
 * Set of a split of the two joined was 3–8 µs a post (a million posts' build: seconds).
 */
export function countTermWords(counts: Map<string, number>, terms: Record<'title' | 'tags', string>, by: 1 | -1): void {
  countedWords.clear();
  countWordsOf(counts, terms.title, by);
  countWordsOf(counts, terms.tags, by);
}

/** {@link countTermWords} of one field's space-separated words. */
function countWordsOf(counts: Map<string, number>, words: string, by: 1 | -1): void {
  for (let from = 0; from < words.length;) {
    let end = words.indexOf(' ', from);
    if (end < 0) end = words.length;
    if (end > from) {
      const word = words.slice(from, end);
      if (!countedWords.has(word)) {
        countedWords.add(word);
        const n = (counts.get(word) ?? 0) + by;
        if (n > 0) counts.set(word, n);
        else counts.delete(word);
      }
    }
    from = end + 1;
  }
}

/** {@link segmentTerms} of several posts, segmented together. */
export function segmentTermsOfEach(tokenizer: Tokenizer, items: [title: string, tags: string][]): Record<'title' | 'tags', string>[] {
  const terms = tokenizer.indexTermsOfEach(items.flat());
  return items.map((_, i) => ({ title: terms[2 * i]!.join(' '), tags: terms[2 * i + 1]!.join(' ') }));
}

/**
 * A plain copy of a post, every field its own (a loaded post reads most of its fields
 * from its data file, store/stored-doc.ts, which a spread would not copy).
 */
export function copyDoc(d: AnalyzedDoc): AnalyzedDoc {
  const copy: AnalyzedDoc = {
    id: d.id,
    title: d.title,
    date: d.date,
    categories: d.categories,
    tags: d.tags,
    text: d.text,
    url: d.url,
    time: d.time,
    hash: d.hash,
    norm: { title: d.norm.title, tags: d.norm.tags, body: d.norm.body },
    anchors: d.anchors,
    terms: d.terms,
  };
  if (d.stamp !== undefined) copy.stamp = d.stamp;
  if (d.ownChars !== undefined) copy.ownChars = d.ownChars;
  if (d.undated) copy.undated = true;
  return copy;
}
