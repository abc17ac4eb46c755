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

/**
 * Whether Ruby's `Time.local` takes these fields: any day up to 31, which runs past the
 * month's end (`2015-09-31` is October 1st), as Jekyll's dates do.
 */
export function inRubyTimeRange(month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

/** Parses a front matter date (string or Date); null when it is missing or unreadable. */
export function parseDate(value: unknown): PostDate | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : parseDate(value.toISOString());
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  if (!inRubyTimeRange(mo, d, h, mi, s)) return null;
  const wall = new Date(0);
  wall.setUTCFullYear(y, mo - 1, d); // Date.UTC would read years 0-99 as 1900-1999
  wall.setUTCHours(h, mi, s);
  const zone = m[7];
  const offset = zone ? (zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`) : '';
  const parts = [wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds()].map((n) =>
    String(n).padStart(2, '0'),
  ) as [string, string, string, string, string];
  const [month, day, hour, minute, second] = parts;
  const year = String(wall.getUTCFullYear()).padStart(4, '0');
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`;
  const time = Date.parse(offset ? iso : `${iso}Z`);
  if (Number.isNaN(time)) return null;
  return { iso, year, month, day, hour, minute, second, time };
}

/** The date in a Jekyll post file name (`2022-06-10-slug.md`), if any. */
export function dateFromFileName(name: string): PostDate | null {
  const m = /^(\d{4}-\d{2}-\d{2})-/.exec(name);
  return m ? parseDate(m[1]) : null;
}
