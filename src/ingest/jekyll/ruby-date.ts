/**
 * The date strings Ruby's `Time.parse` reads (Jekyll's `Utils.parse_date`), read the way
 * its `Date._parse` reads them (ext/date/date_parse.c): characters other than letters,
 * digits and `-+',./:@[]` are spaces; a weekday name is dropped; the first clock
 * (`10:00`, `10:00:00.5`, `10pm`, `10h30`) is read with the zone written right after it,
 * if any; then the first date form found in what is left, in Ruby's order (`5 April
 * 2021`, `April 5, 2021`, `2021-04-05`, `05-Apr-2021`, `2021/4/5` and `5/4/2021`,
 * `2021.04.05`, `20210405`), whatever else the string holds (`2021-04-05 第一篇`). A zone
 * counts only as `Time.parse` takes it: `+08:00`, `+0800`, `+08` and the names of
 * `Time::ZoneOffset` (`CST` is US Central, the military letters); any other (`GMT+8`,
 * `JST`, a zone not right after the clock) leaves the site's local time. Checked against
 * Ruby 3.1 (test/ruby-date.test.ts); anything else is not a date.
 */

/** A date's fields as written; `offset` in minutes east of UTC (a fraction for `+08:00:30`), null when no zone was given. */
export interface WrittenDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offset: number | null;
}

/** `Time::ZoneOffset`: the zone names `Time.parse` applies, in hours east of UTC. */
const ZONE_HOURS: Record<string, number> = {
  utc: 0, z: 0, ut: 0, gmt: 0, est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7,
  a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, k: 10, l: 11, m: 12,
  n: -1, o: -2, p: -3, q: -4, r: -5, s: -6, t: -7, u: -8, v: -9, w: -10, x: -11, y: -12,
}; // prettier-ignore

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = `(${MONTHS.join('|')})`;
const ERA = '(?:c(?:e|\\.e\\.)|b(?:ce|\\.c\\.e\\.)|a(?:d|\\.d\\.)|b(?:c|\\.c\\.))';

/** `parse_day`: a weekday name and what follows it up to a digit, dash, slash or space. */
const WEEKDAY = /\b(?:sun|mon|tue|wed|thu|fri|sat)[^-/\d\s]*/;
/** `parse_time`: a clock, and the zone written right after it. */
const TIME = new RegExp(
  '((?:\\d+\\s*:\\s*\\d+(?:\\s*:\\s*\\d+(?:[,.]\\d*)?)?|\\d+\\s*h(?:\\s*\\d+m?(?:\\s*\\d+s?)?)?)(?:\\s*[ap](?:m\\b|\\.m\\.))?|\\d+\\s*[ap](?:m\\b|\\.m\\.))' +
    '(?:\\s*((?:gmt|utc?)?[-+]\\d+(?:[,.:]\\d+(?::\\d+)?)?|[\\p{L}.\\s]+(?:standard|daylight)\\stime\\b|\\p{L}+(?:\\sdst)?\\b))?',
  'u',
);
/** The parts of a clock `TIME` found. */
const CLOCK = /^(\d+)h?(?:\s*:?\s*(\d+)m?(?:\s*:?\s*(\d+)(?:[,.](\d+))?s?)?)?(?:\s*([ap])(?:m\b|\.m\.))?/;

/** A month name's number, as text (`s3e` is given numbers). */
const monthOf = (name: string): string => String(MONTHS.indexOf(name) + 1);

/** Year, month (a number, a name's too) and day as written, in the order each form gives them to `s3e`. */
type Parts = [y: string | undefined, m: string, d: string | undefined];

/** The date forms, in the order `Date._parse` tries them: the first found wins. */
const DATE_FORMS: [RegExp, (m: RegExpExecArray) => Parts][] = [
  // parse_eu: 5 April 2021
  [
    new RegExp(`('?\\d+)[^-\\d\\s]*\\s*${MONTH}[^-\\d\\s']*(?:\\s*(?:\\s*${ERA}?\\s*('?-?\\d+(?:(?:st|nd|rd|th)\\b)?)))?`),
    (m) => [m[3], monthOf(m[2]!), m[1]],
  ],
  // parse_us: April 5, 2021
  [new RegExp(`\\b${MONTH}[^-\\d\\s']*\\s*('?\\d+)[^-\\d\\s']*(?:\\s*,?\\s*${ERA}?\\s*('?-?\\d+))?`), (m) => [m[3], monthOf(m[1]!), m[2]]],
  // parse_iso: 2021-04-05
  [/('?[-+]?\d+)-(\d+)-('?-?\d+)/, (m) => [m[1], m[2]!, m[3]]],
  // parse_vms: 05-Apr-2021, Apr-05-2021
  [new RegExp(`('?-?\\d+)-${MONTH}[^-/.]*-('?-?\\d+)`), (m) => [m[3], monthOf(m[2]!), m[1]]],
  [new RegExp(`\\b${MONTH}[^-/.]*-('?-?\\d+)(?:-('?-?\\d+))?`), (m) => [m[3], monthOf(m[1]!), m[2]]],
  // parse_sla: 2021/4/5, 5/4/2021
  [/('?-?\d+)\/\s*('?\d+)(?:\D\s*('?-?\d+))?/, (m) => [m[1], m[2]!, m[3]]],
  // parse_dot: 2021.04.05
  [/('?-?\d+)\.\s*('?\d+)\.\s*('?-?\d+)/, (m) => [m[1], m[2]!, m[3]]],
];
/** parse_ddd's forms read here: `20210405`, with a time after it (`20210405 1000`, `20210405T100000`). */
const DIGITS = /(?<!\d)(\d{4})(\d\d)(\d\d)(?:(\d\d)(\d\d)(\d\d)?)?(?:\s*t?\s*(\d\d)(\d\d)?(\d\d)?)?(?!\d)/;

const isLong = (s: string | undefined): boolean => s !== undefined && (s.startsWith("'") || s.length > 2);

/** `s3e`: which of three numbers is the year, the month and the day (`5/4/2021` is the 5th of April). */
function s3e([y, m, d]: Parts): { year: string | undefined; month: string; day: string | undefined } | null {
  if (y !== undefined && d === undefined) [y, m, d] = [undefined, y, m];
  if (y === undefined && isLong(d)) [y, d] = [d, undefined];
  // A month that looks like a year: the order was day, year, month… as date_parse.c reorders.
  if (isLong(m)) [y, m, d] = [m, d ?? '', y];
  if (isLong(d)) [y, d] = [d, y];
  return m === '' ? null : { year: y, month: m, day: d };
}

/** A year as `Date._parse` completes it: one or two digits (`21`, `'21`) are 1969–2068. */
function yearOf(text: string): number {
  const digits = text.replace("'", '');
  const n = Number(digits);
  return /^\d{1,2}$/.test(digits) ? n + (n >= 69 ? 1900 : 2000) : n;
}

/** `Time.zone_offset`: minutes east of UTC, null for a zone `Time.parse` does not apply. */
function zoneOffset(zone: string): number | null {
  const numeric = /^([-+])(\d\d)(:?)(\d\d)(?:\3(\d\d))?$/.exec(zone) ?? /^([-+])(\d\d)()()$/.exec(zone);
  if (numeric) return (numeric[1] === '-' ? -1 : 1) * (Number(numeric[2]) * 60 + Number(numeric[4] || 0) + Number(numeric[5] ?? 0) / 60);
  return zone in ZONE_HOURS ? ZONE_HOURS[zone]! * 60 : null;
}

/** The fields of a date string as Ruby reads it, or null when it holds none of the date forms above with a year. */
export function readWrittenDate(text: string): WrittenDate | null {
  let rest = ` ${text.toLowerCase().replace(/[^-+',./:@\p{L}\p{N}[\]]+/gu, ' ')} `.replace(WEEKDAY, ' ');
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  let offset: number | null = null;
  const time = TIME.exec(rest);
  if (time) {
    const clock = CLOCK.exec(time[1]!)!;
    hour = Number(clock[1]);
    minute = Number(clock[2] ?? 0);
    second = Number(clock[3] ?? 0);
    millisecond = Math.round(Number(`0.${clock[4] ?? '0'}`) * 1000);
    if (clock[5] === 'p' && hour < 12) hour += 12;
    if (clock[5] === 'a' && hour === 12) hour = 0;
    if (time[2]) offset = zoneOffset(time[2].trim());
    rest = `${rest.slice(0, time.index)} ${rest.slice(time.index + time[0].length)}`;
  }
  for (const [re, parts] of DATE_FORMS) {
    const m = re.exec(rest);
    if (!m) continue;
    const date = s3e(parts(m));
    if (!date || date.year === undefined || date.day === undefined) return null;
    return {
      year: yearOf(date.year),
      month: Number(date.month.replace("'", '')),
      day: Number(date.day.replace(/\D+$/, '').replace("'", '')),
      hour,
      minute,
      second,
      millisecond,
      offset,
    };
  }
  const digits = DIGITS.exec(rest);
  if (!digits) return null;
  if (!time && (digits[4] ?? digits[7]) !== undefined) {
    hour = Number(digits[4] ?? digits[7]);
    minute = Number(digits[5] ?? digits[8] ?? 0);
    second = Number(digits[6] ?? digits[9] ?? 0);
  }
  return { year: +digits[1]!, month: +digits[2]!, day: +digits[3]!, hour, minute, second, millisecond, offset };
}
