/**
 * The posts of a site whose Liquid lists the others (`site.posts`, `site.tags`,
 * `page.next`...: ingest/jekyll/site-posts.ts). A parse cannot give them what it has not
 * read yet, so the build reads them without the others first, and renders them again here
 * once every post is known. A later build renders them again only when what they show of
 * the others may have changed ({@link needsRendering}); their hash, never a file's, marks
 * them (build/analyze-task.ts).
 */
import type { AnalyzedDoc } from '../indexes/analyze.js';
import { SiteListing, type ListedPost } from '../ingest/jekyll/site-posts.js';
import type { SiteSettings } from '../ingest/jekyll/site-config.js';
import type { SearchEngine } from '../search/engine.js';
import { listsPosts, runTask, runTasks, showsPostContent, type Task } from './analyze-task.js';
import type { BuildOptions, SourceFiles } from './build.js';

/** A post whose Liquid lists the site's posts, as first read (without them), and as the build before had it. */
export interface ListingTask {
  task: Task;
  doc: AnalyzedDoc;
  old: AnalyzedDoc | undefined;
}

/**
 * The posts of `previous` that list the others and that this build did not read (a build
 * told the changed files reads those alone), as listing tasks: read again only if what
 * they show may have changed (see {@link needsRendering}).
 */
export function unreadListingPosts(previous: SourceFiles, engine: SearchEngine, read: ReadonlySet<string>, salt: string): ListingTask[] {
  if (!previous.site) return [];
  const out: ListingTask[] = [];
  for (const [file, entry] of previous.byFile) {
    const doc = entry.id === undefined || read.has(entry.id) ? undefined : engine.get(entry.id);
    if (doc && listsPosts(doc))
      out.push({ task: { kind: 'unread', file, relative: entry.relative, salt, post: entry.post }, doc, old: doc });
  }
  return out;
}

/** What a post that lists the others shows of them may have changed. */
export interface ListedChange {
  /** A post added or gone, or one whose title, date, URL, categories or tags changed. */
  listed: boolean;
  /** Any post changed at all (its text, its front matter). */
  any: boolean;
}

/** True when a listing post's own file is new or changed since the build before (its hash, its marks aside). */
export function ownFileChanged(doc: AnalyzedDoc, old: AnalyzedDoc | undefined): boolean {
  const own = (hash: string): string => hash.replace(/^~+/, '');
  return !old || own(old.hash) !== own(doc.hash);
}

/**
 * Gives `doc`, a listing post read again from an unchanged file, the date `old` had. A
 * document without a date of its own is dated at the build that reads it (Jekyll's
 * `site.time`), and a listing post is read by every build: without this, each build
 * would find it, and every post listing it, changed. A post's date otherwise comes from
 * its file (and the site's settings, whose change reads every post anew).
 */
export function keepDate(doc: AnalyzedDoc, old: AnalyzedDoc | undefined): void {
  if (!old || ownFileChanged(doc, old) || doc.date === old.date) return;
  doc.date = old.date;
  doc.time = old.time;
}

/** True when a listing post must be rendered again: its own file changed, or what it shows of the others may have. */
export function needsRendering(l: ListingTask, change: ListedChange): boolean {
  if (ownFileChanged(l.doc, l.old)) return true;
  return change.listed || (change.any && showsPostContent(l.old!));
}

/** True when two readings of a post give the others the same title, date, URL, categories and tags. */
export function sameListed(a: AnalyzedDoc, b: AnalyzedDoc): boolean {
  return (
    a.title === b.title &&
    a.date === b.date &&
    a.url === b.url &&
    a.categories.join('\n') === b.categories.join('\n') &&
    a.tags.join('\n') === b.tags.join('\n')
  );
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
    listed.push({ id, file: entry.post, title, date, undated: !!doc.undated, fullUrl, categories, tags });
  }
  const siteListing = new SiteListing(listed, site, options.now!);
  const out: AnalyzedDoc[] = [];
  for (const { task, doc, old } of listing) {
    const fresh: Task = task.kind === 'record' ? task : { kind: 'unread', file: task.file, relative: task.relative, salt, post: task.post };
    const [result] = runTasks([fresh], options, (t, o) => runTask(t, o, siteListing));
    const again = result?.ok && result.doc.id === doc.id ? result.doc : doc;
    if (again !== old) keepDate(again, old);
    // Marked `~~` when it showed more of the others than the build knows of them.
    if (again !== doc && siteListing.showedContent(again.id)) again.hash = `~${again.hash}`;
    // Its own text's length: as first read in this build, else as the build before knew it.
    const ownChars = doc !== old ? doc.text.length : (old.ownChars ?? ownText(fresh, options, doc).length);
    if (again !== old) again.ownChars = ownChars;
    // Found as the build before had it (same file, same showing, same text): it stands.
    if (old && old.hash === again.hash && old.ownChars === again.ownChars && sameShown(old, again)) continue;
    out.push(again);
  }
  return out;
}

/**
 * The text of a listing post as first read, without the others: for a post this build
 * did not read (its own file unchanged), from an index saved before `ownChars` was kept.
 */
function ownText(task: Task, options: BuildOptions, doc: AnalyzedDoc): string {
  const [result] = runTasks([task], options, (t, o) => runTask(t, o));
  return result?.ok ? result.doc.text : doc.text;
}

/** True when two readings of a post show the same: title, date, URL, categories, tags and text. */
function sameShown(a: AnalyzedDoc, b: AnalyzedDoc): boolean {
  return sameListed(a, b) && a.text === b.text;
}
