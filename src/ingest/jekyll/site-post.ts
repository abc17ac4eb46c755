/**
 * A post of a Jekyll site as Jekyll 4.3 publishes it: front matter over the site's
 * `defaults:`, categories from its folders then its front matter, its date in the site's
 * time zone, `published:` and future dates decided as Jekyll's publisher does, its URL,
 * and the text its rendered content shows (Liquid, then Markdown).
 */
import path from 'node:path';
import { parseFrontMatter } from '../front-matter.js';
import { frontMatterWarning, PostError, type Post } from '../post.js';
import { visibleText } from '../visible-text.js';
import { DATED_PATH, type FilterResult, type SitePostFile } from './discover.js';
import { hasLiquid, liquidTime, MARKDOWN_HIGHLIGHTER, renderLiquid } from './liquid.js';
import type { SiteListing } from './site-posts.js';
import type { DefaultsSet, SiteSettings } from './site-config.js';
import { parseSiteDate, siteTime, type SiteTime } from './site-time.js';
import { titleizeSlug } from './slugify.js';
import { PermalinkError, permalinkTemplate, publishedUrl } from './url.js';

/** A post Jekyll would not publish, with the reason (counted in the reindex report). */
export interface NotPublished {
  notPublished: NonNullable<FilterResult>;
}

const UNDATED = /^(?:.+\/)*(.*)(\.[^.]+)$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

function deepMerge(target: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...target };
  for (const [k, v] of Object.entries(over))
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** A scope's `type` as Jekyll reads it (`update_deprecated_types`: `post` is `posts`). */
const scopeType = (type: unknown): string => (String(type) === 'post' ? 'posts' : String(type));

/**
 * `FrontmatterDefaults#all`: the values of every set whose scope covers the document (of
 * the collection `type`), the more specific scope winning.
 */
export function defaultsFor(sets: DefaultsSet[], relative: string, collectionsDir: string, type = 'posts'): Record<string, unknown> {
  const clean = (p: string | undefined): string => (p ? p.replace(/^\/+/, '').replace(/\/+$/, '') : '');
  const strip = (p: string): string => (collectionsDir && p.startsWith(`${collectionsDir}/`) ? p.slice(collectionsDir.length + 1) : p);
  const applies = (s: DefaultsSet): boolean => {
    const scope = s.scope ?? {};
    if (scope.type !== undefined && scopeType(scope.type) !== type) return false;
    const p = clean(scope.path);
    if (!p) return true;
    if (p.includes('*'))
      return new RegExp(
        `^${strip(p)
          .replace(/[.+^${}()|\\]/g, '\\$&')
          .replace(/\*/g, '[^/]*')}`,
      ).test(relative);
    return relative.startsWith(strip(p));
  };
  let values: Record<string, unknown> = {};
  let old: DefaultsSet['scope'] | null = null;
  for (const set of sets.filter(applies)) {
    const scope = set.scope ?? {};
    const wins =
      old === null ||
      clean(scope.path).length > clean(old.path).length ||
      (clean(scope.path).length === clean(old.path).length && (scope.type !== undefined || old.type === undefined));
    if (wins) {
      values = deepMerge(values, set.values);
      old = scope;
    } else values = deepMerge(set.values, values);
  }
  return values;
}

/** Jekyll's `merge_categories!`: a string is split on white space; a list is joined to the categories so far. */
function mergeCategories(data: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...over };
  if (over.categories !== undefined && over.categories !== null) {
    const incoming = typeof over.categories === 'string' ? over.categories.split(/\s+/).filter(Boolean) : over.categories;
    merged.categories =
      Array.isArray(data.categories) && Array.isArray(incoming) ? [...new Set([...data.categories, ...incoming])] : incoming;
  }
  return { ...data, ...merged };
}

const text = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v));

/** `pluralized_array_from_hash`: the singular key as it is, else the plural one (a string split on white space). */
function pluralized(data: Record<string, unknown>, singular: string, plural: string): unknown[] {
  let value: unknown;
  if (singular in data) value = data[singular];
  if (value === undefined || value === null) {
    const p = data[plural];
    value =
      typeof p === 'string'
        ? p.split(/\s+/).filter(Boolean)
        : Array.isArray(p)
          ? p.filter((x) => x !== null && x !== undefined)
          : undefined;
  }
  return [value].flat(Infinity).filter((x) => x !== null && x !== undefined);
}

/**
 * A post of a site as read, before its Liquid runs: what its `page` is to Liquid, its
 * body, and how it is converted. What {@link postFromSiteFile} renders, and what another
 * post's Liquid sees of it in `site.posts` (site-posts.ts).
 */
export interface SitePostPage {
  post: Omit<Post, 'text'>;
  /** What Jekyll's document gives Liquid as `page` (its front matter, `url` without `baseurl`, `date` a Ruby time...). */
  page: Record<string, unknown>;
  /** The content below the front matter. */
  body: string;
  /** How Jekyll converts it after Liquid. */
  format: 'markdown' | 'html' | 'text';
  /** False when `render_with_liquid: false`. */
  liquid: boolean;
}

/** Reads a post file of a site (not rendering it); `now` decides what is in the future. */
export function readSitePost(file: SitePostFile, raw: string, site: SiteSettings, now = Date.now()): SitePostPage | NotPublished {
  const collection = file.collection === 'posts' ? null : site.collections.find((c) => c.label === file.collection);
  // A collection's file without front matter is no document: Jekyll copies it as it is
  // (`Utils.has_yaml_header?`). A post needs none.
  if (collection && !/^---\s*\r?\n/.test(raw))
    return { notPublished: { kind: 'static', reason: 'no front matter: Jekyll copies the file as it is' } };
  const fm = parseFrontMatter(raw);
  let data: Record<string, unknown> = { categories: file.categories };
  data = mergeCategories(data, defaultsFor(site.defaults, file.relative, site.collectionsDir, file.collection));
  data = mergeCategories(data, fm.data);
  // Front matter Jekyll cannot read: it logs the error and goes on without reading the
  // post's name (`read_post_data` is not reached), so the post has no title, is dated at
  // the build and keeps its whole file name in its URL.
  const unreadable = fm.error !== undefined;

  const published = 'published' in data ? data.published : true;
  if ((published === false || published === null) && !site.unpublished)
    return { notPublished: { kind: 'unpublished', reason: 'published: false in front matter' } };

  const folder = `_${file.draft ? 'drafts' : file.collection}/`;
  const inner = file.relative.slice(file.relative.indexOf(folder) + folder.length);
  const dated = file.draft ? null : DATED_PATH.exec(inner);
  let fileSlug = dated ? dated[2]! : (UNDATED.exec(inner)?.[1] ?? path.posix.basename(inner));
  fileSlug = unreadable ? path.posix.basename(file.path, path.extname(file.path)) : fileSlug.replace(/\.*$/, '');

  let date: SiteTime | null = null;
  if (unreadable) date = siteTime(now, site.timezone);
  else if (data.date !== undefined && data.date !== null && data.date !== '') {
    date = parseSiteDate(text(data.date), site.timezone, fm.dateQuoted === true && data.date === fm.data.date);
    if (!date) throw new PostError(file.path, `invalid date ${JSON.stringify(text(data.date))} in front matter`);
  } else if (dated) date = parseSiteDate(dated[1]!, site.timezone);
  // A draft without a date is dated by its file's modification time (Jekyll's rule), given as `now` here when unknown.
  const undated = date === null && !file.draft;
  date ??= siteTime(now, site.timezone);
  if (!site.future && date.time > now) return { notPublished: { kind: 'future', reason: `future date (${date.iso}) and future: false` } };

  const slug = data.slug !== undefined && data.slug !== null ? text(data.slug) : fileSlug;
  const title = unreadable ? '' : data.title === undefined || data.title === null ? titleizeSlug(fileSlug) : text(data.title);
  const categories = [
    ...new Set(
      [...(Array.isArray(data.categories) ? data.categories : []), ...pluralized(data, 'category', 'categories')].flat().map(text),
    ),
  ];
  const tags = pluralized(data, 'tag', 'tags').map(text);

  // Jekyll's converters: Markdown by `markdown_ext` (any case) to `.html`; any other file
  // as it is, keeping its extension (`.htm`, `.txt`), HTML shown as HTML.
  const ext = path.extname(file.path);
  const markdown = site.markdownExt.includes(ext.slice(1).toLowerCase());
  const template =
    typeof data.permalink === 'string' && data.permalink
      ? data.permalink
      : collection
        ? collection.permalink
        : permalinkTemplate(site.permalink);
  let url: string;
  let full: string;
  try {
    ({ url, full } = publishedUrl(
      template,
      {
        collection: file.collection,
        slug,
        basename: path.posix.basename(file.path, path.extname(file.path)),
        path: cleanedRelativePath(file.relative, ext, file.collection),
        categories,
        date,
        outputExt: markdown ? '.html' : ext,
      },
      site.baseurl,
    ));
  } catch (err) {
    if (err instanceof PermalinkError) throw new PostError(file.path, err.message);
    throw err;
  }

  // What Jekyll's post gives `page`: `path` from the collections folder, `id` its URL's
  // folder and its slug, times shown as Ruby shows them.
  const page = {
    ...data,
    title,
    date: liquidTime(date.iso),
    url,
    categories,
    tags,
    slug,
    path: file.relative,
    relative_path: file.relative,
    name: path.posix.basename(file.path),
    ext,
    collection: file.collection,
    draft: file.draft,
    id: `${urlFolder(url)}/${slug}`,
  };
  const format = markdown ? 'markdown' : /^\.(?:html?|xhtml)$/i.test(ext) ? 'html' : 'text';
  const warning = frontMatterWarning(fm);
  const post: Omit<Post, 'text'> = { id: file.id, title, date: date.iso, categories, tags, url: full, ...(undated ? { undated } : {}) };
  return {
    post: warning === undefined ? post : { ...post, warning },
    page,
    body: fm.body,
    format,
    liquid: data.render_with_liquid !== false,
  };
}

/** `page.next`, `page.previous` (or `page["next"]`) in a post's Liquid. */
const NEIGHBOURS = /\bpage\s*(?:\.\s*(?:next|previous)\b|\[\s*['"](?:next|previous)['"]\s*\])/;

/**
 * A post's content once its Liquid has run. With `listing` (site-posts.ts), `site.posts`,
 * `site.tags`, `site.categories`, `site.related_posts`, `site.<label>` of each collection
 * indexed and `page.next`/`page.previous` are
 * the site's; without, they are empty, and `listsPosts` tells whether the Liquid looked at them.
 */
export function renderSitePost(
  read: SitePostPage,
  site: SiteSettings,
  now: number,
  listing?: SiteListing,
): { content: string; listsPosts: boolean } {
  if (!read.liquid || !hasLiquid(read.body)) return { content: read.body, listsPosts: false };
  let listsPosts = false;
  const scope = listing?.scopeFor(read.post.id);
  const siteScope: Record<string, unknown> = { ...site.liquidSite, time: liquidTime(siteTime(now, site.timezone).iso) };
  const page: Record<string, unknown> = { ...read.page };
  const looked = (target: Record<string, unknown>, key: string, value: () => unknown): void => {
    Object.defineProperty(target, key, {
      enumerable: true,
      get: () => {
        listsPosts = true;
        return value();
      },
    });
  };
  looked(siteScope, 'posts', () => scope?.posts ?? []);
  looked(siteScope, 'tags', () => scope?.tags ?? {});
  looked(siteScope, 'categories', () => scope?.categories ?? {});
  looked(siteScope, 'related_posts', () => scope?.relatedPosts ?? []);
  // A collection's documents, by its label (Jekyll's `SiteDrop#[]` gives them before any setting of that name).
  for (const { label } of site.collections) if (label !== 'posts') looked(siteScope, label, () => scope?.collections[label] ?? []);
  // liquidjs reads `next` of every value it meets (is it an iterator?), `page` too: that
  // says nothing, so a post asks for its neighbours when its text names them.
  if (scope) Object.assign(page, { next: scope.next, previous: scope.previous });
  else if (NEIGHBOURS.test(read.body)) listsPosts = true;
  const render = (): string =>
    renderLiquid(
      read.body,
      { site: siteScope, page, ...(read.format === 'markdown' ? MARKDOWN_HIGHLIGHTER : {}) },
      site.root,
      site.timezone,
      site.collectionsDir,
      site.kramdown,
    ).text;
  const content = listing ? listing.renderingAs(read.post.id, render) : render();
  return { content, listsPosts };
}

/** Reads and renders a post file of a site; `now` decides what is in the future. See {@link renderSitePost} for `listing`. */
export function postFromSiteFile(
  file: SitePostFile,
  raw: string,
  site: SiteSettings,
  now = Date.now(),
  listing?: SiteListing,
): (Post & { listsPosts?: true }) | NotPublished {
  const read = readSitePost(file, raw, site, now);
  if ('notPublished' in read) return read;
  const { content, listsPosts } = renderSitePost(read, site, now, listing);
  const post: Post = { ...read.post, text: visibleText(content, read.format, 'jekyll', site.kramdown) };
  return listsPosts ? { ...post, listsPosts } : post;
}

/**
 * `Document#cleaned_relative_path`, the `:path` placeholder: the path from the collections
 * folder without its extension, the first `_<collection>` in it taken out wherever it is,
 * and trailing dots. So `tech/_posts/a.md` is `tech//a` (the URL squeezes the slashes), a
 * draft keeps its `_drafts` (`_drafts/d`: posts' folder is `_posts`), and `my_posts_x/_posts/e.md`
 * is `my_x/_posts/e`, as Jekyll 4.3 publishes them.
 */
function cleanedRelativePath(relative: string, ext: string, collection: string): string {
  return relative
    .slice(0, relative.length - ext.length)
    .replace(`_${collection}`, '')
    .replace(/\.*$/, '');
}

/** Ruby's `File.dirname` of a URL path, '' for the root (File.join then gives `/slug`): trailing slashes dropped, then the last part (`/a/b/` → `/a`, `/x.html` → ''). */
function urlFolder(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.slice(0, Math.max(0, trimmed.lastIndexOf('/')));
}
