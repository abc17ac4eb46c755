/**
 * Jekyll's post URLs (`Jekyll::URL` with a `UrlDrop`, Jekyll 4.3): a permalink style or
 * template filled with the post's placeholders, each value path-escaped, then cleaned
 * (`..` and `./` removed, slashes squeezed).
 */
import { slugify } from './slugify.js';
import type { SiteTime } from './site-time.js';

/** The built-in styles (`permalink: pretty` …). */
export const PERMALINK_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** A `permalink` setting as a template: a style name, or the template itself. */
export function permalinkTemplate(permalink: string): string {
  return PERMALINK_STYLES[permalink] ?? permalink;
}

/** What a post's URL is made of. */
export interface UrlParts {
  /** `posts`, or the collection of the document. */
  collection: string;
  /** The post's `slug` (front matter, else from the file name). */
  slug: string;
  /** File name without extension (`2021-04-03-name-placeholder`), for `:name`. */
  basename: string;
  /** The file's path below the collection folder without extension, for `:path` (`/_posts/x`). */
  path: string;
  categories: string[];
  /** Null for a post without a date: the date placeholders are empty. */
  date: SiteTime | null;
  /** `.html` for Markdown and HTML posts. */
  outputExt: string;
}

/** Characters a path keeps as they are (RFC 3986 pchar and `/`), as Addressable's PATH class. */
const KEPT = /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/;

/** `URL.escape_path`: everything outside the kept set percent-encoded as UTF-8. */
export function escapePath(value: string): string {
  if (value === '' || /^[a-zA-Z0-9./-]+$/.test(value)) return value;
  let out = '';
  for (const ch of value)
    out += KEPT.test(ch) ? ch : encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return out;
}

const NO_DATE = Object.fromEntries(
  [
    'year',
    'month',
    'day',
    'hour',
    'minute',
    'second',
    'yearDay',
    'isoWeek',
    'isoWeekYear',
    'isoWeekDay',
    'shortDay',
    'longDay',
    'shortMonth',
    'longMonth',
  ].map((k) => [k, '']),
) as unknown as SiteTime;

/** Each placeholder's value, computed only when a template uses it. */
const PLACEHOLDERS: Record<string, (p: UrlParts, d: SiteTime) => string> = {
  collection: (p) => p.collection,
  path: (p) => p.path,
  output_ext: (p) => p.outputExt,
  name: (p) => slugify(p.basename),
  title: (p) => slugify(p.slug, 'pretty', true),
  slug: (p) => slugify(p.slug),
  categories: (p) => [...new Set(p.categories.map((c) => c.toLowerCase()))].join('/'),
  slugified_categories: (p) => [...new Set(p.categories.map((c) => slugify(c)))].join('/'),
  year: (_, d) => d.year,
  month: (_, d) => d.month,
  day: (_, d) => d.day,
  hour: (_, d) => d.hour,
  minute: (_, d) => d.minute,
  second: (_, d) => d.second,
  i_day: (_, d) => d.day && String(Number(d.day)),
  i_month: (_, d) => d.month && String(Number(d.month)),
  short_month: (_, d) => d.shortMonth,
  long_month: (_, d) => d.longMonth,
  short_year: (_, d) => d.year.slice(-2),
  w_year: (_, d) => d.isoWeekYear,
  week: (_, d) => d.isoWeek,
  w_day: (_, d) => d.isoWeekDay,
  short_day: (_, d) => d.shortDay,
  long_day: (_, d) => d.longDay,
  y_day: (_, d) => d.yearDay,
};

/** Thrown for a template with a placeholder Jekyll does not know (Jekyll stops the build). */
export class PermalinkError extends Error {}

/** A template as text and placeholders in turn: what each post's URL fills in. */
type CompiledTemplate = (string | ((p: UrlParts, d: SiteTime) => string))[];

/**
 * Templates read so far. A site has one, and a few posts their own `permalink:`; the
 * cache stops growing at this many (a site whose every post has its own).
 */
const compiled = new Map<string, CompiledTemplate>();
const MAX_COMPILED = 1000;

/** Splits a template into text and placeholders; throws {@link PermalinkError} for one Jekyll does not know. */
function compile(template: string): CompiledTemplate {
  let pieces = compiled.get(template);
  if (pieces) return pieces;
  pieces = [];
  let at = 0;
  for (const m of template.matchAll(/:([a-z_]+)/g)) {
    const name = m[1]!;
    // `:month_:day` means :month then _:day: a key followed by `_` may not include it.
    const key = name in PLACEHOLDERS ? name : name.endsWith('_') && name.slice(0, -1) in PLACEHOLDERS ? name.slice(0, -1) : null;
    if (key === null) throw new PermalinkError(`unknown permalink placeholder :${name}`);
    pieces.push(template.slice(at, m.index), PLACEHOLDERS[key]!, name.slice(key.length));
    at = m.index + m[0].length;
  }
  pieces.push(template.slice(at));
  if (compiled.size < MAX_COMPILED) compiled.set(template, pieces);
  return pieces;
}

/** The URL of a post (without `baseurl`), from its template: the site's or the post's own `permalink:`. */
export function jekyllUrl(template: string, parts: UrlParts): string {
  const date = parts.date ?? NO_DATE;
  let filled = '/';
  for (const piece of compile(template)) filled += typeof piece === 'string' ? piece : escapePath(piece(parts, date));
  return filled
    .replaceAll('..', '/')
    .replaceAll('./', '')
    .replace(/\/{2,}/g, '/');
}

/**
 * Whether a post's own `permalink:` keeps it on the site: no `\`, which browsers read as
 * `/` (`/\evil.example/x` would be another host), no `//host` and no scheme.
 */
export function permalinkStaysOnSite(permalink: string): boolean {
  const p = permalink.trim();
  return !p.includes('\\') && !p.startsWith('//') && !/^[a-z][a-z0-9+.-]*:/i.test(p);
}

/**
 * Whether a URL stays on the site: a path starting with exactly one `/`, without `\`
 * (which browsers read as `/`, so `/\evil.example/x` would leave the site).
 */
export function staysOnSite(url: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  return /^\/(?!\/)/.test(url) && !url.includes('\\') && !/[\u0000-\u001f\u007f]/.test(url);
}

/**
 * Where a post is published: its URL from `template` (without `baseurl`, as Jekyll's
 * `page.url`) and with `baseurl` in front. Throws {@link PermalinkError} for a template
 * Jekyll does not know or one that would leave the site.
 */
export function publishedUrl(template: string, parts: UrlParts, baseurl: string): { url: string; full: string } {
  if (!permalinkStaysOnSite(template)) throw new PermalinkError(`permalink ${JSON.stringify(template)} does not stay on the site`);
  const url = jekyllUrl(template, parts);
  const full = `${baseurl.replace(/\/+$/, '').replace(/^(?=[^/])/, '/')}${url}`;
  if (!staysOnSite(full)) throw new PermalinkError(`permalink ${JSON.stringify(url)} does not stay on the site`);
  return { url, full };
}
