/**
 * Post dates as Jekyll reads them: the front matter `date`, else the `YYYY-MM-DD-` prefix
 * of the file name. Kept as written (local date and offset), because the permalink uses
 * the local date.
 */

/** A post date: its ISO text as written and the instant it denotes. */
export interface PostDate {
  /** ISO 8601, e.g. `2022-06-10T13:49:56+08:00`; no offset when the source gave none. */
  iso: string;
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** Milliseconds since the epoch (a date without offset is read as UTC). */
  time: number;
}

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$/i;
const pad = (s: string | undefined): string => (s ?? '0').padStart(2, '0');

/** Parses a front matter date (string or Date); null when it is missing or unreadable. */
export function parseDate(value: unknown): PostDate | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : parseDate(value.toISOString());
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, zone] = m as unknown as [string, string, string, string, string?, string?, string?, string?];
  const offset = zone ? (zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`) : '';
  const iso = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${offset}`;
  const time = Date.parse(offset ? iso : `${iso}Z`);
  if (Number.isNaN(time) || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  return { iso, year: y, month: pad(mo), day: pad(d), hour: pad(h), minute: pad(mi), second: pad(s), time };
}

/** The date in a Jekyll post file name (`2022-06-10-slug.md`), if any. */
export function dateFromFileName(name: string): PostDate | null {
  const m = /^(\d{4}-\d{2}-\d{2})-/.exec(name);
  return m ? parseDate(m[1]) : null;
}
