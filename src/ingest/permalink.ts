/**
 * Jekyll permalinks: the built-in styles (`date`, `pretty`, `ordinal`, `none`) or a
 * template with `:categories`, `:year`, `:month`, `:day`, `:title`…, plus `baseurl`.
 */
import type { PostDate } from './post-date.js';

/** Jekyll's default: `/:categories/:year/:month/:day/:title.html`. */
export const DEFAULT_PERMALINK = 'date';

const STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** What a permalink is made from. */
export interface PermalinkParts {
  slug: string;
  categories: string[];
  date: PostDate | null;
}

function dayOfYear(d: PostDate): string {
  const start = Date.UTC(Number(d.year), 0, 1);
  const day = Math.floor((Date.UTC(Number(d.year), Number(d.month) - 1, Number(d.day)) - start) / 86400000) + 1;
  return String(day).padStart(3, '0');
}

const escapeSegment = (s: string): string => encodeURIComponent(s).replace(/%2F/gi, '/');

/** The URL Jekyll publishes a post at, with `baseurl` in front. */
export function permalink(pattern: string, parts: PermalinkParts, baseurl = ''): string {
  const template = STYLES[pattern] ?? pattern;
  const d = parts.date;
  const values: Record<string, string> = {
    categories: parts.categories.map((c) => escapeSegment(c.toLowerCase())).join('/'),
    year: d?.year ?? '',
    month: d?.month ?? '',
    day: d?.day ?? '',
    i_month: d ? String(Number(d.month)) : '',
    i_day: d ? String(Number(d.day)) : '',
    short_year: d ? d.year.slice(2) : '',
    hour: d?.hour ?? '',
    minute: d?.minute ?? '',
    second: d?.second ?? '',
    y_day: d ? dayOfYear(d) : '',
    title: escapeSegment(parts.slug),
    slug: escapeSegment(parts.slug.toLowerCase()),
    output_ext: '.html',
  };
  const path = template
    .replace(/:(output_ext|categories|short_year|i_month|i_day|y_day|year|month|day|hour|minute|second|title|slug)/g, (_, k: string) => values[k] ?? '')
    .replace(/\/{2,}/g, '/');
  const base = baseurl.replace(/\/+$/, '');
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}
