/**
 * Links as kramdown reads them where markdown-it reads them otherwise, line by line: a
 * title holding its own quote, a definition whose address has spaces, a reference whose
 * text has escapes.
 */
import { mapCodeSpans } from './code-span.js';
import { KRAMDOWN_ESCAPE } from './escapes.js';
import { addressEnds } from './link-destination.js';

/**
 * A link's title holding its own quote (`[126](u "on "A is B" fail")`): kramdown's title
 * (LINK_INLINE_TITLE_RE) ends at the first quote like its opening one that `)` follows,
 * CommonMark's at the next quote, so the link was text. The inner quotes are given to
 * markdown-it escaped. An empty title makes no link to kramdown: the link is given as
 * text. The address ends as kramdown's does: at the parenthesis closing it (no title) or
 * at white space before a quote. Code spans are left as typed: looked for on the line
 * with its code spans masked. One pass each way, where a regular expression from each
 * `](` would take a line of `[a](b "c" ` quadratic time.
 */
export function quotedTitles(line: string): string {
  const masked = line.includes('`') ? mapCodeSpans(line, (span) => 'x'.repeat(span.length)) : line;
  const n = masked.length;
  const white = (k: number): boolean => masked[k] === ' ' || masked[k] === '\t';
  // Each `(`'s closing `)` and the white spaces before quotes (kramdown's address scan).
  const { closing, title: spaceQuote } = addressEnds(masked);
  // From each position on: the next `"` and `'` that `)` follows (white space between).
  const closes: Record<string, Int32Array> = { '"': new Int32Array(n + 1).fill(-1), "'": new Int32Array(n + 1).fill(-1) };
  let nextSolid = n;
  for (let k = n - 1; k >= 0; k--) {
    const c = masked[k]!;
    for (const q of ['"', "'"]) closes[q]![k] = c === q && masked[nextSolid] === ')' ? k : closes[q]![k + 1]!;
    if (!white(k)) nextSolid = k;
  }
  let out = '';
  let done = 0;
  for (let at = masked.indexOf('](', done); at >= 0; at = masked.indexOf('](', at + 2)) {
    if (at < done) continue;
    const space = spaceQuote[at + 1]!;
    const paren = closing[at + 1]!;
    if (space < 0 || (paren >= 0 && paren < space)) continue;
    const quote = masked[space + 1]!;
    const end = space + 3 <= n ? closes[quote]![space + 3]! : -1;
    if (end < 0) {
      // An empty title (`![图](a.png "")`, no closing quote further on): kramdown's takes one
      // character at least, so the link is text, as typed (its `(` escaped for markdown-it,
      // whose title may be empty).
      let k = space + 3;
      while (white(k)) k++;
      if (masked[space + 2] === quote && masked[k] === ')') {
        out += `${line.slice(done, at + 1)}\\(`;
        done = at + 2;
      }
      continue;
    }
    const title = line.slice(space + 2, end);
    const close = masked.indexOf(')', end);
    if (!title.includes(quote) || line.slice(space, close + 1) !== masked.slice(space, close + 1)) continue;
    const escaped = title.replace(quote === '"' ? /(?<!\\)"/g : /(?<!\\)'/g, `\\${quote}`);
    out += `${line.slice(done, space)} ${quote}${escaped}${quote})`;
    done = close + 1;
  }
  return done === 0 ? line : out + line.slice(done);
}

/** kramdown's link id of a label (`normalize_link_id`): white space runs as one space, lower case. */
const linkId = (label: string): string => label.replace(/\s+/g, ' ').toLowerCase();
/** The labels of a text's link definitions (`[id]: address`), as ids. */
const LINK_DEFINITION = /^ {0,3}\[([^\n\]]+)\]:/gm;
/** A line holding a definition (or a footnote's), as {@link LINK_DEFINITION}. */
export const LINK_DEFINITION_LINE = /^ {0,3}\[[^\n\]]+\]:/;
/** A definition (kramdown's LINK_DEFINITION_START) whose address has white space in it: the start, the address, its title. */
const SPACED_DEFINITION = /^( {0,3}\[(?!\^)[^\n\]]+\]:[ \t]*)([^\s<][^<>\n]*?[ \t][^<>\n]*?[^\s<>])(?:[ \t]+(["'])(.+?)\3)?[ \t]*$/;
/**
 * A collapsed or shortcut reference whose text has a backslash escape (`[tern\_for\_vim][]`).
 * kramdown looks its text up with the escapes undone (`tern_for_vim`), CommonMark as typed.
 * A full reference's id (`[文字][tsp\_问题]`) is looked up as typed by both.
 */
const ESCAPED_REFERENCE = /(?<![\\\]])\[((?:[^[\]\\\n]|\\.)*\\[^\n](?:[^[\]\\\n]|\\.)*)\](\[\])?(?![([:])/g;

/**
 * Such references as kramdown reads them: a link by the id it finds them by when the text
 * defines it, else text (brackets escaped) even where a definition matches them as typed.
 */
export function escapedReferences(line: string, ids: ReadonlySet<string>): string {
  return line.replace(ESCAPED_REFERENCE, (whole, label: string, collapsed: string | undefined) => {
    const id = linkId(label.replace(KRAMDOWN_ESCAPE, '$1'));
    if (/[[\]]/.test(id)) return whole;
    if (ids.has(id)) return `[${label}][${id}]`;
    return ids.has(linkId(label)) ? `\\[${label}\\]${collapsed ? '\\[\\]' : ''}` : whole;
  });
}

/** The ids of a text's link definitions. */
export function definitionIds(text: string): Set<string> {
  return new Set([...text.matchAll(LINK_DEFINITION)].map((m) => linkId(m[1]!)));
}

/**
 * A definition whose address has spaces (`[ref]: /pdf/real time monitoring.pdf`), written
 * with the address in `<…>` for markdown-it: kramdown takes the address up to the title or
 * the line's end, CommonMark only so. Null for any other line.
 */
export function spacedDefinition(line: string): string | null {
  const spaced = SPACED_DEFINITION.exec(line);
  if (!spaced || /[ \t]["']/.test(spaced[2]!)) return null;
  const title = spaced[4] === undefined ? '' : ` "${spaced[4].replace(/["\\]/g, '\\$&')}"`;
  return `${spaced[1]}<${spaced[2]}>${title}`;
}
