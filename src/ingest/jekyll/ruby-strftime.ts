/**
 * Ruby's `Time#strftime`, which Liquid's `date` filter prints with in Jekyll: the
 * conversions, the flags `-` (no padding), `_` (spaces), `0` (zeros), `^` (upper case)
 * and `#` (other case), a width, `%:z`/`%::z`, `E` and `O` (ignored, as Ruby does), the
 * combined ones (`%F`, `%T`, `%D`, `%c`, `%v`…), and the zone's abbreviation for `%Z` as the time zone database gives it
 * (`CST` in Shanghai). A conversion Ruby does not know is printed as written. Checked
 * against Ruby 3.1 (test/ruby-strftime.test.ts).
 */
import type { WrittenDate } from './ruby-date.js';
import { siteTime, type SiteTime } from './site-time.js';

/** The time zone database's abbreviations of zones whose names ICU gives only as `GMT+8` in the locales below. */
const ABBREVIATIONS: Record<string, string> = {
  'Asia/Shanghai': 'CST', 'Asia/Chongqing': 'CST', 'Asia/Harbin': 'CST', 'Asia/Taipei': 'CST', 'Asia/Macau': 'CST',
  'Asia/Hong_Kong': 'HKT', 'Asia/Tokyo': 'JST', 'Asia/Seoul': 'KST', 'Asia/Kolkata': 'IST', 'Asia/Jerusalem': 'IST',
  'Asia/Manila': 'PST', 'Asia/Jakarta': 'WIB', 'Asia/Karachi': 'PKT', 'Europe/Moscow': 'MSK', UTC: 'UTC', 'Etc/UTC': 'UTC',
}; // prettier-ignore

/** Combined conversions, as Ruby expands them. */
const COMBINED: Record<string, string> = {
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  x: '%m/%d/%y',
  F: '%Y-%m-%d',
  T: '%H:%M:%S',
  X: '%H:%M:%S',
  R: '%H:%M',
  r: '%I:%M:%S %p',
  v: '%e-%^b-%4Y',
};

/** What a conversion prints from: the time's fields in the zone, as numbers, and its names of day and month. */
interface Clock
  extends
    Pick<WrittenDate, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'>,
    Pick<SiteTime, 'time' | 'offset' | 'longDay' | 'shortDay' | 'longMonth' | 'shortMonth'> {
  weekDay: number;
  yearDay: number;
  isoYear: number;
  isoWeek: number;
  /** The zone (IANA), named only for `%Z`. */
  zone: string;
}

/** The clocks read last: a list of posts prints each one's date, often twice (`post.date`, `post.next.date`). */
const clocks = new Map<string, Clock>();
const CLOCKS_KEPT = 4096;

function clockOf(time: number, zone: string): Clock {
  const key = `${zone}\0${time}`;
  let clock = clocks.get(key);
  if (!clock) {
    if (clocks.size >= CLOCKS_KEPT) clocks.clear();
    clocks.set(key, (clock = readClock(time, zone)));
  }
  return clock;
}

function readClock(time: number, zone: string): Clock {
  const t = siteTime(time, zone);
  return {
    ...t,
    zone,
    year: Number(t.year),
    month: Number(t.month),
    day: Number(t.day),
    hour: Number(t.hour),
    minute: Number(t.minute),
    second: Number(t.second),
    weekDay: Number(t.isoWeekDay) % 7,
    yearDay: Number(t.yearDay),
    isoYear: Number(t.isoWeekYear),
    isoWeek: Number(t.isoWeek),
  };
}

/** Formatters made once each: a post's Liquid may print many dates. */
const namers = new Map<string, Intl.DateTimeFormat>();
function zoneNamer(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale}\0${zone}`;
  let namer = namers.get(key);
  if (!namer) namers.set(key, (namer = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' })));
  return namer;
}

/** Locales whose short zone names ICU gives as abbreviations: `EDT` (en-US), `CEST` and `BST` (en-GB), `AEST` (en-AU), `IST` (en-IN). */
const NAMING_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];

/**
 * `%Z`: the zone's abbreviation at that time (`CEST` in summer, `CET` in winter): from
 * the table above, else the first of ICU's short names that is one, else `+08` as the
 * database writes zones without one.
 */
function zoneName({ time, zone, offset }: Clock): string {
  if (ABBREVIATIONS[zone]) return ABBREVIATIONS[zone];
  for (const locale of NAMING_LOCALES) {
    const short = zoneNamer(locale, zone)
      .formatToParts(time)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (short && /^[A-Z]{2,5}$/.test(short)) return short;
  }
  const abs = Math.abs(offset);
  return `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${abs % 60 ? String(abs % 60).padStart(2, '0') : ''}`;
}

/** `%z`: `+0800`; with colons `+08:00`, `+08:00:00`. */
function offsetText(offset: number, colons: number): string {
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  const sign = offset < 0 ? '-' : '+';
  return colons === 0 ? `${sign}${hh}${mm}` : colons === 1 ? `${sign}${hh}:${mm}` : `${sign}${hh}:${mm}:00`;
}

/** Week of the year with weeks starting on `first` (0 Sunday, 1 Monday): `%U`, `%W`. */
const weekOfYear = (c: Clock, first: number): number => Math.floor((c.yearDay - 1 + 7 - ((c.weekDay - first + 7) % 7)) / 7);

/** A number, text, and how each conversion pads by default. */
type Field = { n: number; width: number; pad: '0' | ' ' } | { s: string };

function field(c: Clock, conversion: string, width: number | null): Field | null {
  const hour12 = c.hour % 12 || 12;
  switch (conversion) {
    case 'Y': return { n: c.year, width: 0, pad: '0' };
    case 'C': return { n: Math.floor(c.year / 100), width: 2, pad: '0' };
    case 'y': return { n: c.year % 100, width: 2, pad: '0' };
    case 'm': return { n: c.month, width: 2, pad: '0' };
    case 'B': return { s: c.longMonth };
    case 'b': case 'h': return { s: c.shortMonth };
    case 'd': return { n: c.day, width: 2, pad: '0' };
    case 'e': return { n: c.day, width: 2, pad: ' ' };
    case 'j': return { n: c.yearDay, width: 3, pad: '0' };
    case 'H': return { n: c.hour, width: 2, pad: '0' };
    case 'k': return { n: c.hour, width: 2, pad: ' ' };
    case 'I': return { n: hour12, width: 2, pad: '0' };
    case 'l': return { n: hour12, width: 2, pad: ' ' };
    case 'P': return { s: c.hour < 12 ? 'am' : 'pm' };
    case 'p': return { s: c.hour < 12 ? 'AM' : 'PM' };
    case 'M': return { n: c.minute, width: 2, pad: '0' };
    case 'S': return { n: c.second, width: 2, pad: '0' };
    // Fractions: as many digits as the width asks (3 and 9 by default), never padded.
    case 'L': case 'N': {
      const digits = String(((c.time % 1000) + 1000) % 1000).padStart(3, '0') + '000000000000000000';
      return { s: digits.slice(0, width ?? (conversion === 'L' ? 3 : 9)) };
    }
    case 'A': return { s: c.longDay };
    case 'a': return { s: c.shortDay };
    case 'u': return { n: c.weekDay || 7, width: 1, pad: '0' };
    case 'w': return { n: c.weekDay, width: 1, pad: '0' };
    case 'G': return { n: c.isoYear, width: 0, pad: '0' };
    case 'g': return { n: c.isoYear % 100, width: 2, pad: '0' };
    case 'V': return { n: c.isoWeek, width: 2, pad: '0' };
    case 'U': return { n: weekOfYear(c, 0), width: 2, pad: '0' };
    case 'W': return { n: weekOfYear(c, 1), width: 2, pad: '0' };
    case 's': return { n: Math.floor(c.time / 1000), width: 1, pad: '0' };
    case 'Z': return { s: zoneName(c) };
    case 'n': return { s: '\n' };
    case 't': return { s: '\t' };
    case '%': return { s: '%' };
    default: return null;
  }
} // prettier-ignore

const SPEC = /%([-_0^#]*)(\d*)(:{0,2})([EO]?)([a-zA-Z%+])/g;
/** The conversions `E` and `O` may modify. */
const MODIFIED = { E: 'cCxXyY', O: 'deHImMSuUVwWy' };

function format(c: Clock, pattern: string): string {
  return pattern.replace(SPEC, (whole, flags: string, widthText: string, colons: string, modifier: string, conversion: string) => {
    const width = widthText ? Number(widthText) : null;
    if (modifier && !MODIFIED[modifier as 'E' | 'O'].includes(conversion)) return whole;
    let text: string;
    let padWith: '0' | ' ' = ' ';
    if (conversion === 'z') {
      text = offsetText(c.offset, colons.length);
      // Padded, zeros go after the sign (`%10z` is `+000000800`, `-` changes nothing);
      // spaces before it, the hour without its zero (`%_10z` is `      +800`).
      if (width !== null && text.length < width) {
        if (!flags.includes('_')) return text[0] + text.slice(1).padStart(width - 1, '0');
        return (text[0] + text.slice(1).replace(/^0/, '')).padStart(width, ' ');
      }
      padWith = '0';
    } else if (colons) return whole;
    else if (COMBINED[conversion]) text = format(c, COMBINED[conversion]);
    else {
      const f = field(c, conversion, width);
      if (!f) return whole;
      if ('s' in f) {
        text = f.s;
        if (conversion === 'L' || conversion === 'N') return text;
      } else {
        const minus = f.n < 0;
        const digits = String(Math.abs(f.n));
        padWith = flags.includes('_') ? ' ' : flags.includes('0') ? '0' : f.pad;
        const w = flags.includes('-') ? 0 : (width ?? f.width);
        text = (minus ? '-' : '') + digits.padStart(Math.max(0, w - (minus ? 1 : 0)), padWith);
        return text;
      }
    }
    // `#` changes the case: `%#p` and `%#Z` down, names up.
    if (flags.includes('^') || (flags.includes('#') && conversion !== 'p' && conversion !== 'Z')) text = text.toUpperCase();
    else if (flags.includes('#')) text = text.toLowerCase();
    if (flags.includes('-') || width === null) return text;
    padWith = flags.includes('_') ? ' ' : flags.includes('0') ? '0' : padWith;
    return text.padStart(width, padWith);
  });
}

/** `time` (ms since the epoch) in `zone` as Ruby's `strftime(pattern)` prints it. */
export function rubyStrftime(time: number, zone: string, pattern: string): string {
  return format(clockOf(time, zone), pattern);
}
