/**
 * What Jekyll itself published from a site, as the hook of ../shared/jekyll
 * (plugin/dump.rb) writes it: the answer test/jekyll-sites.test.ts and
 * scripts/jekyll-compare.ts hold zhsearch's index of the site against.
 */
import fs from 'node:fs';

/** One post Jekyll published (../shared/jekyll/README.md describes each field). */
export interface JekyllPost {
  path: string;
  id: string;
  url: string;
  date: string;
  categories: string[];
  tags: string[];
  title: string;
  text: string;
  sentences: string[];
  /** A document of another collection (test/fixtures/jekyll/plugin/documents.rb): its collection. */
  collection?: string;
}

export interface JekyllAnswer {
  /** `time`: when the site was built, the date of a document without one (documents.rb). */
  site: { timezone: string | null; time?: string };
  posts: JekyllPost[];
  unpublished: { path: string; reason: string }[];
  /** The collections but posts that Jekyll wrote, their documents, and their other files (documents.rb; absent when there are none). */
  collections?: string[];
  documents?: JekyllPost[];
  documents_left_out?: { path: string; reason: string }[];
}

/**
 * The id zhsearch gives each post or document (by path): its file name, or its path
 * without `_posts/` when another has the same name.
 */
export function zhsearchIds(posts: JekyllPost[]): Map<string, string> {
  const named = new Map<string, number>();
  for (const p of posts) named.set(p.id, (named.get(p.id) ?? 0) + 1);
  return new Map(posts.map((p) => [p.path, named.get(p.id)! > 1 ? p.path.replace(/(^|\/)_posts\//, '$1').replace(/\.[^./]+$/, '') : p.id]));
}

/**
 * An answer file, read for a comparison: the documents of the site's other collections
 * among its posts and their left-out files among its, held against Jekyll's alike; and
 * what the site is indexed with to compare: those collections, and when Jekyll built it
 * (a document without a date is dated then), when the answer says.
 */
export function readJekyllAnswer(file: string): { answer: JekyllAnswer; collections: string[]; builtAt?: number } {
  const read = JSON.parse(fs.readFileSync(file, 'utf8')) as JekyllAnswer;
  const answer = {
    ...read,
    posts: [...read.posts, ...(read.documents ?? [])],
    unpublished: [...read.unpublished, ...(read.documents_left_out ?? [])],
  };
  return { answer, collections: read.collections ?? [], ...(read.site.time ? { builtAt: Date.parse(read.site.time) } : {}) };
}
