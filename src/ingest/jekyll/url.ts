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
  for (const ch of value) out += KEPT.test(ch) ? ch : encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return out;
}

const NO_DATE = Object.fromEntries(['year', 'month', 'day', 'hour', 'minute', 'second', 'yearDay', 'isoWeek', 'isoWeekYear', 'isoWeekDay', 'shortDay', 'longDay', 'shortMonth', 'longMonth'].map((k) => [k, ''])) as unknown as SiteTime;

function placeholders(p: UrlParts): Record<string, string> {
  const d = p.date ?? NO_DATE;
  return {
    collection: 'posts',
    path: p.path,
    output_ext: p.outputExt,
    name: slugify(p.basename),
    title: slugify(p.slug, 'pretty', true),
    slug: slugify(p.slug),
    categories: [...new Set(p.categories.map((c) => c.toLowerCase()))].join('/'),
    slugified_categories: [...new Set(p.categories.map((c) => slugify(c)))].join('/'),
    year: d.year,
    month: d.month,
    day: d.day,
    hour: d.hour,
    minute: d.minute,
    second: d.second,
    i_day: d.day && String(Number(d.day)),
    i_month: d.month && String(Number(d.month)),
    short_month: d.shortMonth,
    long_month: d.longMonth,
    short_year: d.year.slice(-2),
    w_year: d.isoWeekYear,
    week: d.isoWeek,
    w_day: d.isoWeekDay,
    short_day: d.shortDay,
    long_day: d.longDay,
    y_day: d.yearDay,
  };
}

/** Thrown for a template with a placeholder Jekyll does not know (Jekyll stops the build). */
export class PermalinkError extends Error {}

/** The URL of a post (without `baseurl`), from its template: the site's or the post's own `permalink:`. */
export function jekyllUrl(template: string, parts: UrlParts): string {
  const values = placeholders(parts);
  const filled = template.replace(/:([a-z_]+)/g, (match, name: string) => {
    // `:month_:day` means :month then _:day: a key followed by `_` may not include it.
    const key = name in values ? name : name.endsWith('_') && name.slice(0, -1) in values ? name.slice(0, -1) : null;
    if (key === null) throw new PermalinkError(`unknown permalink placeholder :${name}`);
    const escaped = escapePath(values[key]!);
    return match.replace(`:${key}`, () => escaped);
  });
  return `/${filled}`.replaceAll('..', '/').replaceAll('./', '').replace(/\/{2,}/g, '/');
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
  return /^\/(?!\/)/.test(url) && !url.includes('\\') && !/[\u0000-\u001f\u007f]/.test(url);
}
