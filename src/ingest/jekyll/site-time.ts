/**
 * Post dates as Jekyll 4.3 reads them, in the site's time zone (`timezone:` in
 * `_config.yml`, else UTC, as GitHub Pages builds):
 * - a YAML timestamp without an offset (`2021-03-16 20:00:00`) is UTC (YAML's rule);
 * - one with an offset is that instant;
 * - a date alone (`2021-05-01`, or the file name's `2021-3-19`) is midnight in the site's zone;
 * - any other string is parsed like Ruby's `Time.parse`: with its offset if it has one,
 *   else in the site's zone.
 * The instant is then shown in the site's zone: that day is the URL's day.
 */
import { inRubyTimeRange } from '../post-date.js';
import { readWrittenDate } from './ruby-date.js';

/** A post's date in the site's time zone: the parts URLs are made of. */
export interface SiteTime {
  /** Milliseconds since the epoch. */
  time: number;
  /** ISO 8601 with the zone's offset, `2021-03-15T12:30:00+08:00`. */
  iso: string;
  /** That offset, in minutes east of UTC. */
  offset: number;
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** Day of the year, `001`–`366`. */
  yearDay: string;
  isoWeek: string;
  isoWeekYear: string;
  /** 1 (Monday) – 7 (Sunday). */
  isoWeekDay: string;
  shortDay: string;
  longDay: string;
  shortMonth: string;
  longMonth: string;
}

const YAML_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const YAML_TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d\d):(\d\d)(?:\.(\d*))?(?:[ \t]*(Z|[-+]\d{1,2}(?::?\d\d)?))?$/;
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time zone this Node knows. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

const offsets = new Map<string, Map<number, number>>();
/** Offsets change on quarter hours at the finest, so one lookup serves a quarter hour. */
const QUARTER_HOUR = 15 * 60 * 1000;

/** The zone's offset from UTC at `time`, in minutes (Intl is slow: answers are kept per quarter hour). */
function offsetAt(zone: string, time: number): number {
  if (zone === 'UTC') return 0;
  let known = offsets.get(zone);
  if (!known) offsets.set(zone, (known = new Map()));
  const bucket = Math.floor(time / QUARTER_HOUR);
  let offset = known.get(bucket);
  if (offset === undefined) {
    offset = intlOffset(zone, bucket * QUARTER_HOUR);
    if (known.size > 100_000) known.clear();
    known.set(bucket, offset);
  }
  return offset;
}

function intlOffset(zone: string, time: number): number {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(new Date(time))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(time / 1000) * 1000) / 60000);
}

/** The instant of a wall-clock time in `zone` (the earlier one when a clock change repeats it). */
function zonedTime(zone: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = wall - offsetAt(zone, wall) * 60000;
  guess = wall - offsetAt(zone, guess) * 60000;
  return guess;
}

function offsetMinutes(zone: string): number {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const m = /^([-+])(\d{1,2})(?::?(\d\d))?$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `time` as seen in `zone`. */
export function siteTime(time: number, zone: string): SiteTime {
  const offset = offsetAt(zone, time);
  const local = new Date(time + offset * 60000); // its UTC fields are the zone's wall clock
  const y = local.getUTCFullYear();
  const dayOfYear = Math.floor((Date.UTC(y, local.getUTCMonth(), local.getUTCDate()) - Date.UTC(y, 0, 1)) / 86400000) + 1;
  const weekDay = local.getUTCDay() || 7;
  // ISO week: the week with the year's first Thursday is week 1.
  const thursday = new Date(Date.UTC(y, local.getUTCMonth(), local.getUTCDate() + 4 - weekDay));
  const weekYear = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / 86400000 + 1) / 7);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return {
    time,
    offset,
    iso: `${y}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`,
    year: String(y),
    month: pad(local.getUTCMonth() + 1),
    day: pad(local.getUTCDate()),
    hour: pad(local.getUTCHours()),
    minute: pad(local.getUTCMinutes()),
    second: pad(local.getUTCSeconds()),
    yearDay: pad(dayOfYear, 3),
    isoWeek: pad(week),
    isoWeekYear: String(weekYear),
    isoWeekDay: String(weekDay),
    shortDay: DAYS[local.getUTCDay()]!.slice(0, 3),
    longDay: DAYS[local.getUTCDay()]!,
    shortMonth: MONTHS[local.getUTCMonth()]!.slice(0, 3),
    longMonth: MONTHS[local.getUTCMonth()]!,
  };
}

/**
 * A front matter `date` (as the YAML text it was written as) or a file name's date, read
 * as Jekyll reads it; null when it is not a date. `quoted`: written in quotes, a string
 * to YAML, read by `Time.parse` alone (`"2021-04-05 10:00:00"` is the site's 10 o'clock,
 * unquoted it is a YAML timestamp, 10 o'clock UTC).
 */
export function parseSiteDate(text: string, zone: string, quoted = false): SiteTime | null {
  const t = text.trim();
  let m = quoted ? null : YAML_DATE.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return inRubyTimeRange(mo, d) ? siteTime(zonedTime(zone, y, mo, d), zone) : null;
  }
  m = quoted ? null : YAML_TIMESTAMP.exec(t);
  if (m) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m![i]));
    // Out of range (`29:39:08`), YAML leaves it a string, which Time.parse reads below.
    if (inRubyTimeRange(mo!, d!, h, mi, s)) {
      const ms = Number(`0.${m[7] ?? '0'}`) * 1000;
      const utc = Date.UTC(y!, mo! - 1, d!, h, mi, s) + Math.round(ms);
      return siteTime(utc - offsetMinutes(m[8] ?? 'Z') * 60000, zone);
    }
  }
  // Any other string as Ruby's Time.parse reads it (`2021/04/05 10:00`, `Apr 5, 2021`, `CST`): ruby-date.ts.
  const w = readWrittenDate(t);
  // With a zone, an hour past 23 runs into the next day (`29:39:08 +0800`); without, it is no time.
  if (!w || !inRubyTimeRange(w.month, w.day, w.offset !== null && w.hour < 100 ? 0 : w.hour, w.minute, w.second)) return null;
  const time =
    w.offset === null
      ? zonedTime(zone, w.year, w.month, w.day, w.hour, w.minute, w.second) + w.millisecond
      : Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - w.offset * 60000;
  return siteTime(time, zone);
}
