/**
 * The date strings Ruby's `Time.parse` reads (Jekyll's `Utils.parse_date`): `YYYY-MM-DD
 * hh:mm:ss ±hh:mm` and `YYYY/M/D hh:mm` with any part left out, English month names
 * (`Apr 5, 2021`, `5 April 2021`, `Mon Apr  5 10:00:00 CST 2021`), `DD/MM/YYYY`,
 * `YYYY.MM.DD`, `YYYYMMDD`, 12-hour clocks (`10:00 PM`), and zones by name (`CST` is US
 * Central, as Ruby reads it) or as `GMT+8`. Checked against Ruby 3.1's `Time.parse`
 * (test/ruby-date.test.ts); anything else is not a date.
 */

/** A date's fields as written; `offset` in minutes east of UTC, null when no zone was given. */
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

/**
 * The zone names `Time.parse` applies (`Time::ZoneOffset`), in minutes east of UTC. It
 * reads the others `Date._parse` knows (`JST`, `HKT`, `CET`…) and ignores them: the time
 * is then the site's local time.
 */
const ZONES: Record<string, number | null> = {
  utc: 0, ut: 0, gmt: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  ...Object.fromEntries(
    ('wet west cet cest met mest mewt mesz eet eest bst msk sast cat eat wat idt ist pkt ict wib cct hkt sgt awst pht ' +
      'jst kst acst aest gst chst nzst nzt nzdt akst akdt hst hast hadt ast adt nst ndt brt art clt').split(' ').map((z) => [z, null]),
  ),
}; // prettier-ignore

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = /\b(?:sun|mon|tue|wed|thu|fri|sat)[a-z]*\.?,?/g;
// A numeric offset follows a space or a clock (`2021-04-05` ends with no offset).
const ZONE = new RegExp(
  `(?:\\b(utc|gmt)\\s*([-+]\\d{1,2}(?::?\\d\\d)?)|(?:(?<=\\s)|(?<=\\d:\\d\\d))([-+]\\d{1,2}(?::?\\d\\d)?)|\\b(${Object.keys(ZONES).join('|')}))\\s*$`,
);
const CLOCK = /\b(\d{1,2}):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?(?:\s*([ap])\.?m\b\.?)?|\b(\d{1,2})\s*([ap])\.?m\b\.?/;
const DATES: [RegExp, (m: RegExpExecArray) => [number, number, number]][] = [
  [/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [+m[3]!, +m[2]!, +m[1]!]],
  [/^(\d{4})(\d\d)(\d\d)$/, (m) => [+m[1]!, +m[2]!, +m[3]!]],
  [new RegExp(`^${MONTH}\\s*(\\d{1,2})(?:st|nd|rd|th)?,?\\s*(\\d{4})$`), (m) => [+m[3]!, monthOf(m[1]!), +m[2]!]],
  [new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s*${MONTH},?\\s*(\\d{4})$`), (m) => [+m[3]!, monthOf(m[2]!), +m[1]!]],
];

const monthOf = (name: string): number => MONTHS.indexOf(name.slice(0, 3)) + 1;

/** Minutes east of UTC of `+8`, `+08`, `+0800`, `+08:00`. */
function offsetOf(text: string): number {
  const m = /^([-+])(\d{1,2})(?::?(\d\d))?$/.exec(text)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** The fields of a date string as Ruby reads it, or null when it is none of the forms above. */
export function readWrittenDate(text: string): WrittenDate | null {
  // `2021-04-05T10:00`: the T parts date and time.
  let rest = ` ${text
    .toLowerCase()
    .replace(WEEKDAY, ' ')
    .replace(/(\d)t(\d)/, '$1 $2')} `;
  let offset: number | null = null;
  // Minutes with a fraction (`18:00.000000000 +09:00`, as some editors write): Ruby reads
  // the time and ignores what follows, the zone too (the site's local time).
  const fraction = /(\d:\d\d)[.,]\d+(?!\d|:).*$/.exec(rest);
  if (fraction) rest = `${rest.slice(0, fraction.index)}${fraction[1]} `;
  // The zone comes last, after the year when the time precedes it (`10:00:00 CST 2021`).
  const year = /\s(\d{4})\s*$/.exec(rest);
  const beforeYear = year ? rest.slice(0, year.index).trimEnd() : rest.trimEnd();
  const zone = ZONE.exec(beforeYear) ?? ZONE.exec(rest.trimEnd());
  if (zone) {
    offset = zone[1] ? offsetOf(zone[2]!) : zone[3] ? offsetOf(zone[3]) : (ZONES[zone[4]!] ?? null);
    rest = rest.slice(0, zone.index) + ' ' + rest.slice(zone.index + zone[0].length);
  }
  let hour = 0;
  let minute = 0;
  let second = 0;
  let millisecond = 0;
  const clock = CLOCK.exec(rest);
  if (clock) {
    hour = +(clock[1] ?? clock[6]!);
    minute = +(clock[2] ?? 0);
    second = +(clock[3] ?? 0);
    millisecond = Math.round(Number(`0.${clock[4] ?? '0'}`) * 1000);
    const half = clock[5] ?? clock[7];
    if (half === 'p' && hour < 12) hour += 12;
    if (half === 'a' && hour === 12) hour = 0;
    rest = rest.slice(0, clock.index) + ' ' + rest.slice(clock.index + clock[0].length);
  }
  // A zone after a date alone is ignored (the site's midnight), as Time.parse ignores it,
  // but one written `+08:00` is read as the time 08:00.
  if (!clock) {
    const time = zone?.[3] && /^[-+](\d{1,2}):(\d\d)$/.exec(zone[3]);
    if (time) [hour, minute] = [Number(time[1]), Number(time[2])];
    offset = null;
  }
  const date = rest.replace(/[\s,]+/g, ' ').trim();
  for (const [re, fields] of DATES) {
    const m = re.exec(date);
    if (!m) continue;
    const [y, mo, d] = fields(m);
    return { year: y, month: mo, day: d, hour, minute, second, millisecond, offset };
  }
  return null;
}
