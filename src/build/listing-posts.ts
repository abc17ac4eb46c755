/**
 * The posts of a site whose Liquid lists the others (`site.posts`, `site.tags`,
 * `page.next`...: ingest/jekyll/site-posts.ts). A parse cannot give them what it has not
 * read yet, so the build reads them without the others first, and renders them again here
 * once every post is known. They are read again by every build that changes another post
 * (their hash is never a file's: build/analyze-task.ts).
 */
import type { AnalyzedDoc } from '../indexes/analyze.js';
import { SiteListing, type ListedPost } from '../ingest/jekyll/site-posts.js';
import type { SiteSettings } from '../ingest/jekyll/site-config.js';
import type { SearchEngine } from '../search/engine.js';
import { listsPosts, runTask, runTasks, type Task } from './analyze-task.js';
import type { BuildOptions, SourceFiles } from './build.js';

/** A post whose Liquid lists the site's posts, as first read (without them), and as the build before had it. */
export interface ListingTask {
  task: Task;
  doc: AnalyzedDoc;
  old: AnalyzedDoc | undefined;
}

/** The files of `previous` whose posts list the others (see site-posts.ts). */
export function listingFiles(previous: SourceFiles, engine: SearchEngine): string[] {
  if (!previous.site) return [];
  const out: string[] = [];
  for (const [file, entry] of previous.byFile) {
    const doc = entry.id === undefined ? undefined : engine.get(entry.id);
    if (doc && listsPosts(doc)) out.push(file);
  }
  return out;
}

/**
 * The posts of `listing` rendered again, now that every post of the site is known, with
 * them in `site.posts` and the rest (site-posts.ts); each within the post time limit, as
 * first read when it cannot be. A post found as the build before had it is left out (it
 * stands, unchanged).
 */
export function renderListingPosts(
  listing: ListingTask[],
  site: SiteSettings,
  files: SourceFiles,
  engine: SearchEngine,
  options: BuildOptions,
  salt: string,
): AnalyzedDoc[] {
  const pending = new Map(listing.map((l) => [l.doc.id, l.doc]));
  const listed: ListedPost[] = [];
  for (const entry of files.byFile.values()) {
    if (entry.id === undefined || !entry.post) continue;
    const doc = pending.get(entry.id) ?? engine.get(entry.id);
    if (!doc?.date) continue;
    const { id, title, date, url: fullUrl, categories, tags } = doc;
    listed.push({ id, file: entry.post, title, date, fullUrl, categories, tags });
  }
  const siteListing = new SiteListing(listed, site, options.now!);
  const out: AnalyzedDoc[] = [];
  for (const { task, doc, old } of listing) {
    const fresh: Task = task.kind === 'record' ? task : { kind: 'unread', file: task.file, relative: task.relative, salt, post: task.post };
    const [result] = runTasks([fresh], options, (t, o) => runTask(t, o, siteListing));
    const again = result?.ok && result.doc.id === doc.id ? result.doc : doc;
    if (old && listsPosts(old) && sameShown(old, again)) continue;
    out.push(again);
  }
  return out;
}

/** True when two readings of a post show the same: title, date, URL, categories, tags and text. */
function sameShown(a: AnalyzedDoc, b: AnalyzedDoc): boolean {
  return (
    a.title === b.title &&
    a.date === b.date &&
    a.url === b.url &&
    a.text === b.text &&
    a.categories.join('\n') === b.categories.join('\n') &&
    a.tags.join('\n') === b.tags.join('\n')
  );
}
