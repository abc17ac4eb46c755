/**
 * Filters whose liquidjs version gives other text than Jekyll 4.3's (Ruby Liquid 4 and
 * Jekyll::Filters), checked against the real Jekyll (test/fixtures/jekyll): what a post
 * prints with them is what its reader sees.
 */
import { slugify, type SlugMode } from './slugify.js';

const SLUG_MODES = new Set(['raw', 'default', 'pretty', 'ascii']);

/** Ruby's `String#to_i`: the leading integer, 0 when there is none. */
function rubyToI(s: string): number {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/**
 * The value a liquidjs drop stands for (its `nil` literal is a drop whose value is null);
 * any other value as it is. Told by shape: liquidjs is loaded only when a post has Liquid.
 */
function dropValue(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || input instanceof Date || Array.isArray(input)) return input;
  const value = (input as { valueOf(): unknown }).valueOf();
  return value === input ? input : value;
}

/** Ruby's `split(" ")`: the words between runs of ASCII white space (an ideographic space is none). */
function rubyWords(text: string): string[] {
  const trimmed = text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  return trimmed ? trimmed.split(/[ \t\n\v\f\r]+/) : [];
}

/** A value as Ruby's `to_s` prints it in Liquid (nil as the empty string). */
function rubyString(input: unknown): string {
  const value = dropValue(input);
  return value === null || value === undefined ? '' : String(value);
}

/** A property of a hash, as Jekyll's `item_property` reads it. */
function property(item: unknown, name: string): unknown {
  return item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[name] : undefined;
}

/**
 * I18n's `transliterate` (English locale), which Jekyll's `latin` slug mode applies: Latin
 * letters lose their accents, every other character becomes `?`.
 */
function transliterate(s: string): string {
  const special: Record<string, string> = {
    ß: 'ss',
    æ: 'ae',
    Æ: 'AE',
    ø: 'o',
    Ø: 'O',
    đ: 'd',
    Đ: 'D',
    ł: 'l',
    Ł: 'L',
    þ: 'th',
    Þ: 'Th',
    œ: 'oe',
    Œ: 'OE',
  };
  let out = '';
  for (const ch of s.normalize('NFKD').replace(/\p{M}/gu, '')) out += ch.charCodeAt(0) < 0x80 ? ch : (special[ch] ?? '?');
  return out;
}

/** The escapes of Ruby's `String#inspect`; `#` only before `{`, `$` or `@`, where it would interpolate. */
const RUBY_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\f': '\\f',
  '\v': '\\v',
  '\x07': '\\a',
  '\b': '\\b',
  '\x1b': '\\e',
  '#': '\\#',
};
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Ruby's `inspect`: strings quoted with Ruby's escapes, `nil`, arrays `[a, b]`, hashes `{"k"=>v}`; a time as Ruby shows it. */
function rubyInspect(value: unknown): string {
  // liquidjs's `nil` is a drop whose value is null.
  if (value === null || value === undefined || (typeof value === 'object' && (value as { valueOf(): unknown }).valueOf() === null))
    return 'nil';
  // eslint-disable-next-line no-control-regex -- Ruby writes BEL and ESC as \a and \e
  if (typeof value === 'string') return `"${value.replace(/["\\\n\t\r\f\v\x07\b\x1b]|#(?=[{$@])/g, (c) => RUBY_ESCAPES[c]!)}"`;
  if (Array.isArray(value)) return `[${value.map(rubyInspect).join(', ')}]`;
  if (value instanceof Date) return String(value);
  if (typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${rubyInspect(k)}=>${rubyInspect(v)}`)
      .join(', ')}}`;
  return String(value);
}

/** The filters, by name, for `Liquid#registerFilter`. */
export const JEKYLL_FILTERS: Record<string, (input: unknown, ...args: unknown[]) => unknown> = {
  // Integer by integer is Ruby's floor division (`{{ words | divided_by: 180 }}` minutes to read).
  // liquidjs reads the literal `2.0` as the integer 2, which Ruby divides by as a float.
  divided_by: (input, divisor) => {
    const a = Number(input);
    const b = Number(divisor);
    return Number.isInteger(a) && Number.isInteger(b) && b !== 0 ? Math.floor(a / b) : a / b;
  },
  to_integer: (input) =>
    input === true ? 1 : input === false ? 0 : typeof input === 'number' ? Math.trunc(input) : rubyToI(rubyString(input)),
  normalize_whitespace: (input) => rubyString(input).replace(/\s+/g, ' ').trim(),
  // Jekyll's `inspect`: Ruby's, XML-escaped (liquidjs printed JSON).
  inspect: (input) => rubyInspect(input).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!),
  // `CGI.unescape`: `+` is a space and runs of `%XX` are UTF-8 bytes; anything else stays,
  // where liquidjs's decodeURIComponent threw on a lone `%` and the post lost all its Liquid.
  url_decode: (input) =>
    input === null || input === undefined
      ? input
      : rubyString(input)
          .replaceAll('+', ' ')
          .replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replaceAll('%', ''), 'hex').toString('utf8')),
  // Each group with its size, as Jekyll gives it (`{{ group.size }}`).
  group_by: (input, name) => {
    if (!Array.isArray(input)) return input;
    const groups = new Map<string, unknown[]>();
    for (const item of input) {
      const key = rubyString(property(item, String(name)));
      const list = groups.get(key);
      if (list) list.push(item);
      else groups.set(key, [item]);
    }
    return [...groups].map(([key, items]) => ({ name: key, items, size: items.length }));
  },
  // Ruby's `to_json`: nil is `null`, where liquidjs printed nothing for an undefined variable.
  jsonify: (input) => {
    const value = dropValue(input);
    return value === null || value === undefined ? 'null' : JSON.stringify(value);
  },
  // An array's first and last item; a string has none in Ruby, where liquidjs gave its characters.
  first: (input) => (Array.isArray(input) ? input[0] : undefined),
  last: (input) => (Array.isArray(input) ? input[input.length - 1] : undefined),
  // Ruby's `split`: a single space splits at runs of white space, leading white space
  // ignored (`"  a  b" | split: " "` is two words); the empty string splits characters.
  split: (input, pattern) => {
    const text = rubyString(input);
    const by = rubyString(pattern);
    if (by === ' ') return rubyWords(text);
    if (by === '') return [...text];
    const parts = text.split(by);
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    return parts;
  },
  // Ruby Liquid's: the text as it is unless it has more words than asked for (liquidjs
  // appended the ellipsis to a text of exactly that many).
  truncatewords: (value, count = 15, omission = '...') => {
    const input = dropValue(value);
    if (input === null || input === undefined) return input;
    const text = rubyString(input);
    const n = Math.max(1, Math.trunc(Number(count)) || 0);
    const words = rubyWords(text);
    return words.length <= n ? text : words.slice(0, n).join(' ') + rubyString(omission);
  },
  // Jekyll's modes, `latin` after I18n's transliteration; any other only lower-cases (our `none`).
  slugify: (value, mode = 'default', cased = false) => {
    const input = dropValue(value);
    if (input === null || input === undefined) return input;
    const m = String(mode);
    if (m === 'latin') return slugify(transliterate(String(input)), 'default', !!cased);
    return slugify(String(input), SLUG_MODES.has(m) ? (m as SlugMode) : 'none', !!cased);
  },
};
