/**
 * Query syntax: `"精确短语"`, `-排除词`, `-"排除短语"`, `A OR B`, `title:…`, `tag:…`,
 * `category:…`, `date:2022-01-01..2022-06-30`. Anything malformed (an unclosed quote, a
 * lone `-`, an unknown field, a bad date) is read as plain text, never as an error.
 */

/** One positive term: plain text (its words must all occur) or a quoted phrase. */
export interface Term {
  text: string;
  phrase: boolean;
}

export interface ParsedQuery {
  /** Groups of alternatives: a post must match at least one term of every group. */
  groups: Term[][];
  /** Texts a post must not contain. */
  excludes: string[];
  /** Texts the title must contain. */
  /** Texts the title must contain: every group, one text of each (`title:茶 OR title:酒` is one group). */
  titles: string[][];
  tags: string[];
  categories: string[];
  from?: number;
  to?: number;
  /** True when any syntax beyond plain words was used. */
  syntax: boolean;
}

const FIELD = /^(title|tag|category|date):(.+)$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(s: string, endOfDay: boolean): number | undefined {
  if (!DAY.test(s)) return undefined;
  const t = Date.parse(`${s}T00:00:00Z`);
  if (Number.isNaN(t)) return undefined;
  return endOfDay ? t + 86_399_999 : t;
}

interface Token {
  text: string;
  quoted: boolean;
  negated: boolean;
}

/** Splits on white space, keeping quoted runs together; an unclosed quote is plain text. */
function tokenize(query: string): Token[] {
  const out: Token[] = [];
  const re = /(-?)"([^"]*)"|(\S+)/gu;
  const text = query.replace(/[“”＂]/g, '"');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[2] !== undefined) {
      if (m[2].trim()) out.push({ text: m[2].trim(), quoted: true, negated: m[1] === '-' });
    } else {
      const raw = m[3]!;
      if (raw.startsWith('-') && raw.length > 1 && !raw.startsWith('--'))
        out.push({ text: raw.slice(1).replace(/"/g, ''), quoted: false, negated: true });
      else if (raw !== '-') {
        const plain = raw.replace(/"/g, '');
        if (plain) out.push({ text: plain, quoted: false, negated: false });
      }
    }
  }
  return out;
}

export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { groups: [], excludes: [], titles: [], tags: [], categories: [], syntax: false };
  const tokens = tokenize(query);
  let joinNext = false;
  let joinTitle = false;
  let lastWasTitle = false;
  for (const tok of tokens) {
    if (!tok.quoted && !tok.negated && tok.text === 'OR') {
      if (lastWasTitle) joinTitle = true;
      else if (parsed.groups.length > 0) {
        joinNext = true;
        parsed.syntax = true;
      }
      continue;
    }
    const field = tok.quoted || tok.negated ? null : FIELD.exec(tok.text);
    const isTitle = !!field && field[1]!.toLowerCase() === 'title';
    if (isTitle) {
      const value = field![2]!.replace(/^"|"$/g, '');
      if (joinTitle && parsed.titles.length > 0) parsed.titles[parsed.titles.length - 1]!.push(value);
      else parsed.titles.push([value]);
      parsed.syntax = true;
      joinTitle = false;
      lastWasTitle = true;
      continue;
    }
    lastWasTitle = false;
    joinTitle = false;
    if (tok.negated) {
      parsed.excludes.push(tok.text);
      parsed.syntax = true;
      continue;
    }
    if (field && applyField(parsed, field[1]!.toLowerCase(), field[2]!.replace(/^"|"$/g, ''))) {
      parsed.syntax = true;
      continue;
    }
    const term: Term = { text: tok.text, phrase: tok.quoted };
    if (tok.quoted) parsed.syntax = true;
    if (joinNext) parsed.groups[parsed.groups.length - 1]!.push(term);
    else parsed.groups.push([term]);
    joinNext = false;
  }
  return parsed;
}

function applyField(p: ParsedQuery, name: string, value: string): boolean {
  if (name === 'tag') p.tags.push(value);
  else if (name === 'category') p.categories.push(value);
  else {
    const [a, b] = value.split('..');
    if (b === undefined) {
      const from = parseDay(a!, false);
      if (from === undefined) return false;
      p.from = from;
      p.to = parseDay(a!, true);
      return true;
    }
    const from = a ? parseDay(a, false) : undefined;
    const to = b ? parseDay(b, true) : undefined;
    if ((a && from === undefined) || (b && to === undefined) || (!a && !b)) return false;
    p.from = from;
    p.to = to;
  }
  return true;
}
