/**
 * Posts from files or records: front matter read, date resolved, visible text extracted,
 * permalink computed. Anything that makes a post unreadable throws a `PostError` with
 * the reason, so a folder build can report it and go on.
 */
import path from 'node:path';
import { parseFrontMatter, scalar, toList, type FrontMatter } from './front-matter.js';
import { hasLiquid, MARKDOWN_HIGHLIGHTER, renderLiquid } from './jekyll/liquid.js';
import type { SiteSettings } from './jekyll/site-config.js';
import { siteTime } from './jekyll/site-time.js';
import { titleizeSlug } from './jekyll/slugify.js';
import { PermalinkError, permalinkTemplate, publishedUrl } from './jekyll/url.js';
import { dateFromFileName, parseDate, type PostDate } from './post-date.js';
import { visibleText } from './visible-text.js';

/** A post ready to be indexed. */
export interface Post {
  /** The file name without extension (or the record's `id`). */
  id: string;
  title: string;
  /** ISO 8601 date as written, or null when the post has none. */
  date: string | null;
  /**
   * A site's document with no date in its front matter or file name: `date` is the time
   * of the build that read it (Jekyll's `site.time`), and Jekyll orders it among the
   * others of its collection by its path alone.
   */
  undated?: true;
  categories: string[];
  tags: string[];
  /** Visible body text. */
  text: string;
  /** Where Jekyll publishes the post. */
  url: string;
  /** What the build's report should tell about a post that is indexed but likely not as its author meant. */
  warning?: string;
}

/** How posts become URLs and what a post may weigh. */
export interface PostOptions {
  /** Jekyll `permalink` style or template. Default `date` (`/:categories/:year/:month/:day/:title.html`). */
  permalink?: string;
  /** Jekyll `baseurl`, put in front of every URL. Default ''. */
  baseurl?: string;
  /** Largest post file accepted, in bytes. Default 10 MiB. */
  maxPostBytes?: number;
  /**
   * Longest time reading and analysing one post may take, in ms; a post that takes longer
   * is reported and skipped (a pathological body must not hold a build for hours). Default 2000.
   */
  postTimeLimitMs?: number;
  /** For `{% include %}` in a folder of posts: the folder holding `_includes`. Default: the current folder. */
  liquidRoot?: string;
  /** A Jekyll site's settings: its posts are read as Jekyll reads them (see jekyll/site-post.ts). */
  jekyllSite?: SiteSettings;
  /** What counts as the future for `future: false`, in ms since the epoch. Default: the build's start. */
  now?: number;
}

/** A post that could not be read, with the reason. */
export class PostError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** A document given as data (library API and JSONL sources). */
export interface PostRecord {
  id: string;
  title?: string;
  date?: string | Date | null;
  categories?: string[] | string;
  tags?: string[] | string;
  /** HTML or Markdown source; see `format`. */
  body?: string;
  /** Plain text, used as is when given instead of `body`. */
  text?: string;
  /** How `body` is written. Default `html`. */
  format?: 'html' | 'markdown';
  /** A URL to use instead of the computed permalink. */
  url?: string;
}

export const POST_EXTENSIONS = /\.(md|markdown|html|htm)$/i;
/** Largest post file accepted by default, in bytes. */
export const DEFAULT_MAX_POST_BYTES = 10 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a post file, refusing binary data and invalid UTF-8. */
export function decodePost(file: string, bytes: Uint8Array, options: PostOptions = {}): string {
  const max = options.maxPostBytes ?? DEFAULT_MAX_POST_BYTES;
  if (bytes.length > max) throw new PostError(file, `file too large (${bytes.length} bytes, limit ${max})`);
  if (bytes.includes(0)) throw new PostError(file, 'binary file (contains NUL bytes)');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new PostError(file, 'not valid UTF-8');
  }
}

function resolvedDate(value: unknown, fileName: string): PostDate | null {
  return parseDate(value) ?? dateFromFileName(fileName);
}

/** Jekyll's default permalink style. */
export const DEFAULT_PERMALINK = 'date';

/** A post file name: its date, its slug and its extension (Jekyll's `DATE_FILENAME_MATCHER`). */
const DATED_NAME = /^(\d{2,4}-\d{1,2}-\d{1,2})-(.*?)(\.[^.]+)?$/;

/** The slug Jekyll takes from a file name (date and extension removed, trailing dots dropped). */
export function slugOfName(name: string): string {
  const m = DATED_NAME.exec(name);
  return (m ? m[2]! : name.replace(/\.[^.]+$/, '')).replace(/\.*$/, '');
}

function build(
  where: string,
  id: string,
  slug: string,
  data: Record<string, unknown>,
  text: string,
  date: PostDate | null,
  options: PostOptions,
  url?: string,
  untitled: () => string = () => '',
): Post {
  const categories = toList(data.categories ?? data.category);
  const tags = toList(data.tags ?? data.tag);
  const title = scalar(data.title)?.trim() ?? (data.title === undefined ? untitled() : '');
  const ownSlug = scalar(data.slug);
  const pattern =
    typeof data.permalink === 'string' && data.permalink ? data.permalink : permalinkTemplate(options.permalink ?? DEFAULT_PERMALINK);
  if (url === undefined) {
    // A folder has no time zone: the date's own wall clock gives the URL's day.
    const wall =
      date &&
      Date.UTC(Number(date.year), Number(date.month) - 1, Number(date.day), Number(date.hour), Number(date.minute), Number(date.second));
    try {
      url = publishedUrl(
        pattern,
        {
          collection: 'posts',
          slug: ownSlug ?? slug,
          basename: id,
          path: `/${id}`,
          categories,
          date: wall === null ? null : siteTime(wall, 'UTC'),
          outputExt: '.html',
        },
        options.baseurl ?? '',
      ).full;
    } catch (err) {
      if (err instanceof PermalinkError) throw new PostError(where, err.message);
      throw err;
    }
  }
  return { id, title, date: date?.iso ?? null, categories, tags, text, url };
}

/** The report's warning for a post whose front matter Jekyll does not read, if so. */
export function frontMatterWarning(fm: FrontMatter): string | undefined {
  if (fm.error !== undefined)
    return `front matter is not valid YAML (${fm.error}): indexed as Jekyll publishes it, without its front matter, untitled, dated at the build`;
  if (fm.late) return 'blank line before the front matter: indexed as Jekyll publishes it, the front matter read as text';
  return undefined;
}

/** The build's clock as a date without offset (a folder has no time zone: the machine's wall clock, as Jekyll's without a `timezone`). */
function wallClock(now: number): PostDate {
  const t = new Date(now);
  const two = (n: number): string => String(n).padStart(2, '0');
  return parseDate(
    `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())} ${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`,
  )!;
}

/** Reads a Jekyll post from its file name and decoded contents. */
export function postFromFile(fileName: string, raw: string, options: PostOptions = {}): Post {
  const base = path.basename(fileName);
  const id = base.replace(POST_EXTENSIONS, '');
  if (!id) throw new PostError(fileName, 'empty post id');
  const fm = parseFrontMatter(raw);
  const format = /\.html?$/i.test(base) ? 'html' : 'markdown';
  // Liquid runs as on a site without settings.
  let body = fm.body;
  if (fm.data.render_with_liquid !== false && hasLiquid(body))
    body = renderLiquid(
      body,
      { site: {}, page: fm.data, ...(format === 'markdown' ? MARKDOWN_HIGHLIGHTER : {}) },
      options.liquidRoot ?? process.cwd(),
    ).text;
  const text = visibleText(body, format);
  const warning = frontMatterWarning(fm);
  // As site-post.ts: with front matter it cannot read, Jekyll reads neither it nor the
  // post's name (no title, dated at the build, the whole file name as the slug).
  const slug = slugOfName(base);
  const post =
    fm.error !== undefined
      ? build(fileName, id, id, {}, text, wallClock(options.now ?? Date.now()), options)
      : build(fileName, id, slug, fm.data, text, resolvedDate(fm.data.date, base), options, undefined, () => titleizeSlug(slug));
  return warning === undefined ? post : { ...post, warning };
}

/** Reads a post given as a record. */
export function postFromRecord(record: PostRecord, options: PostOptions = {}): Post {
  if (!record || typeof record.id !== 'string' || !record.id) throw new PostError(String(record?.id ?? '?'), 'record without a string id');
  const text = record.text ?? visibleText(record.body ?? '', record.format ?? 'html');
  return build(
    record.id,
    record.id,
    slugOfName(record.id),
    record as unknown as Record<string, unknown>,
    text,
    resolvedDate(record.date, record.id),
    options,
    record.url,
  );
}
