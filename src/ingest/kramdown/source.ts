/**
 * The forms of a post's Markdown source that kramdown reads otherwise than markdown-it,
 * rewritten before markdown-it parses it (outside fenced code): its extensions
 * (`{::comment}`), its fences, its tables, its raw HTML blocks, `1)`, links: addresses with
 * spaces or escaped parentheses, references whose text has escapes.
 */
import { codeSpanAt, lastRuns, mapCodeSpans } from './code-span.js';
import { KRAMDOWN_ESCAPE } from './escapes.js';
import { addressEnds } from './link-destination.js';
import {
  commentEndAt,
  HTML_BLOCK_LINE,
  HTML_SPAN_ELEMENTS,
  isAutolinkAt,
  KEEPS_BLANK_LINES,
  rawHtmlBlock,
  SPAN_TAG_LINE,
  spanHtmlAt,
} from './html.js';
import { OpenBlockHtml, readsMarkdown, spanElement } from './block-html.js';
import type { KramdownOptions } from './options.js';

/** kramdown's table separator lines inside a table body (`|----+----|`), which are not rows. */
/** A line starting with an element whose content is Markdown (`<div class="x" markdown="1">…`): its start, name, the rest of its tag, what follows it. */
const MARKDOWN_ATTRIBUTE_LINE = /^(\s*<([a-zA-Z][\w-]*)\b[^>]*?)\s+markdown=(["']?)(?:1|block|span)\3([^>]*>)(.*)$/;

const BODY_SEPARATOR = /^\s*\|?\s*[-=]+(?:\s*[+|]\s*:?[-=]+:?)*\s*\|?\s*$/;

/**
 * The fence line `i` opens a fenced code block with as kramdown reads it (its GFM parser's
 * FENCED_CODEBLOCK_MATCH), or null: the fence, at most one word (the language), and a
 * closing fence of the same character, at least as long, further down. With no closing
 * fence as long, the regular expression takes a shorter one, the rest of the run part of
 * the language (```` ````[链接][ref] ```` over a ```` ``` ```` line opens with three). CommonMark also
 * takes an info string of several words (`~~~——OneV 2012.5.14~~~`) and a fence never
 * closed, which then holds the rest of the post as code.
 */
export function kramdownFence(lines: { length: number; at(k: number): string }, i: number): string | null {
  const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines.at(i));
  if (!m) return null;
  const run = m[1]!;
  for (let length = run.length; length >= 3; length--) {
    if (!/^\s*\S*\s*$/.test(run.slice(length) + m[2]!)) continue;
    const close = new RegExp(`^ {0,3}${run[0] === '`' ? '`' : '~'}{${length},}\\s*$`);
    for (let k = i + 1; k < lines.length; k++) if (close.test(lines.at(k))) return run.slice(0, length);
  }
  return null;
}

/** True when line `i` opens a fenced code block as kramdown reads it ({@link kramdownFence}). */
export function isKramdownFence(lines: { length: number; at(k: number): string }, i: number): boolean {
  return kramdownFence(lines, i) !== null;
}

/**
 * Where in `text` the end tag is of an element named `name` whose start tag came before
 * it, or null; others of its name may open and close in `text` before it.
 */
function endTagAt(text: string, name: string): { start: number; end: number } | null {
  let depth = 1;
  for (const m of text.matchAll(new RegExp(`<(/?)${name}\\b[^>]*>`, 'gi'))) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return { start: m.index, end: m.index + m[0].length };
  }
  return null;
}

/** kramdown's comment extension, inline or over lines: `{::comment}…{:/comment}` (or `{:/}`). */
const KRAMDOWN_COMMENT = /\{::comment\}[\s\S]*?\{:\/(?:comment)?\}/g;
/** The marks of its other extensions: `{::nomarkdown}…{:/nomarkdown}` keeps what is between, `{::options … /}` is a setting. */
const KRAMDOWN_MARK = /\{::(?:nomarkdown|options)\b[^{}\n]*\}|\{:\/(?:nomarkdown)?\}/g;

/**
 * A comment that is a block of its own (after a blank line, its lines to itself) ends a
 * list in kramdown as any block at the margin does: it becomes an HTML comment, which does
 * so in markdown-it, where lines left blank would not (the indented code after a list
 * would go into its last item). Within a paragraph it is nothing.
 */
function withoutComments(text: string): string {
  return text.replace(KRAMDOWN_COMMENT, (comment, at: number) =>
    afterBlankLine(text, at) && endsLine(text, at + comment.length) ? '<!-- -->' : '',
  );
}

const isBlankChar = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** True when only spaces and tabs stand between `at` and the start of the text, or a blank line above `at`'s line. */
function afterBlankLine(text: string, at: number): boolean {
  let k = at;
  while (k > 0 && isBlankChar(text[k - 1])) k--;
  if (k === 0) return true;
  if (text[k - 1] !== '\n') return false;
  k--;
  while (k > 0 && isBlankChar(text[k - 1])) k--;
  return k > 0 && text[k - 1] === '\n';
}

/** True when only spaces and tabs follow `from` to the end of its line. */
function endsLine(text: string, from: number): boolean {
  let k = from;
  while (isBlankChar(text[k])) k++;
  return k === text.length || text[k] === '\n';
}

/** The source without kramdown's extension marks and comments, outside fenced code. */
function withoutExtensions(source: string): string {
  if (!source.includes('{::')) return source;
  // Split at fenced code blocks (odd parts), whose text stays as written.
  const parts = source.split(/^(\s{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s{0,3}\2[`~]*[ \t]*$)/m);
  let out = '';
  for (let i = 0; i < parts.length; i += 3) {
    out += withoutComments(parts[i]!).replace(KRAMDOWN_MARK, '');
    if (i + 1 < parts.length) out += parts[i + 1];
  }
  return out;
}

/** A line starting with an end tag (up to three spaces in). */
const LINE_END_TAG = /^ {0,3}<\/([A-Za-z][\w:.-]*)\s*>/;
/** Elements whose end tag at a line's start goes on a paragraph (kramdown's LAZY_END_HTML_SPAN_ELEMENTS): the span ones and `script`. */
const LAZY_END_EXCEPT = new Set([...HTML_SPAN_ELEMENTS, 'script']);
/** An ordered list's item numbered other than 1 (`2. 项`). */
const ORDERED_ITEM_NOT_ONE = /^ {0,3}(?!1\.)\d{1,9}\.[ \t]+\S/;
/** A line that goes on a paragraph (not blank, and starting no other block: heading, list, quote, fence, table, HTML, code). */
const PARAGRAPH_LINE = /^(?! {4}|\t)(?!\s*$)(?! {0,3}(?:[#>|<]|[-*+][ \t]|\d+[.)][ \t]|`{3}|~{3}))/;
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
function quotedTitles(line: string): string {
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
const LINK_DEFINITION_LINE = /^ {0,3}\[[^\n\]]+\]:/;
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
function escapedReferences(line: string, ids: ReadonlySet<string>): string {
  return line.replace(ESCAPED_REFERENCE, (whole, label: string, collapsed: string | undefined) => {
    const id = linkId(label.replace(KRAMDOWN_ESCAPE, '$1'));
    if (/[[\]]/.test(id)) return whole;
    if (ids.has(id)) return `[${label}][${id}]`;
    return ids.has(linkId(label)) ? `\\[${label}\\]${collapsed ? '\\[\\]' : ''}` : whole;
  });
}

/** GFM's delimiter row (`|:---|---:|`), which makes the row above it a table's header. */
const DELIMITER_ROW = /^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
/** A line kramdown goes on a table with (its TABLE_LINE): one starting with a pipe or holding one not escaped. */
const KRAMDOWN_TABLE_LINE = /^ {0,3}\||[^\\\n]\|/;
/** A line starting a kramdown table: a pipe first (one cell is a table: `| 一行`). */
const TABLE_START = /^ {0,3}\|/;
/** A fence's opening or closing line. */
const FENCE_START = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * True when the table rows from line `i` (lines holding a pipe) end where a block may
 * (kramdown's before_block_boundary?: a blank line, `{:`, `^` or the end); else kramdown
 * takes the lines back as a paragraph (`| 甲 | 乙 |` right above a line of text).
 */
function endsAtBlockBoundary(lines: string[], i: number): boolean {
  return isBlockBoundary(lines, tableEnd(lines, i));
}

/** True when line `k` (or the text's end) is a block boundary after a table's rows. */
function isBlockBoundary(lines: string[], k: number): boolean {
  return k === lines.length || /^\s*$|^\^\s*$|^ {0,3}\{:/.test(lines[k]!);
}

/** The line after the rows of the table starting at line `i` (kramdown's TABLE_LINE: each has a pipe). */
function tableEnd(lines: string[], i: number): number {
  let k = i;
  while (k < lines.length && KRAMDOWN_TABLE_LINE.test(lines[k]!)) k++;
  return k;
}

/** kramdown's TABLE_PIPE_CHECK: a pipe first, or one not escaped. */
const PIPE_CHECK = /^(?:\||.*?[^\\\n]\|)/;

/** A string's lines as Ruby's `split("\n")` gives them: empty ones at the end left out. */
function rubyLines(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The table's text as kramdown's span parser with code spans and span HTML reads it (a
 * table's last test): text, comments and code spans (code-span.ts, as kramdown closes
 * them), which may run over lines; an HTML element and its content are left out, pipes
 * and line breaks in it included (html.ts `spanHtmlAt`).
 */
function spanParts(text: string): { code: boolean; value: string }[] {
  const parts: { code: boolean; value: string }[] = [];
  const last = lastRuns(text);
  let plain = 0;
  const flush = (to: number): void => {
    if (to > plain) parts.push({ code: false, value: text.slice(plain, to) });
  };
  const starts = /[`<]/g;
  for (let at = text.search(starts); at >= 0 && at < text.length;) {
    let next: number;
    if (text[at] === '`') {
      const { open, close } = codeSpanAt(text, at, last);
      if (close < 0) next = open;
      else {
        flush(at);
        // Inside a delimiter of two or more, one space each side is the delimiter's.
        const code = text.slice(open, close);
        parts.push({ code: true, value: open - at > 1 ? code.replace(/^ /, '').replace(/ $/, '') : code });
        next = plain = close + (open - at);
      }
    } else {
      const html = spanHtmlAt(text, at);
      next = html.end;
      if (html.kind !== 'text') {
        flush(at);
        if (html.kind === 'comment') parts.push({ code: false, value: text.slice(at, html.end) });
        plain = html.end;
      }
    }
    starts.lastIndex = next;
    at = starts.exec(text)?.index ?? -1;
  }
  flush(text.length);
  return parts;
}

/**
 * kramdown's last test of a table (parser/kramdown/table.rb), its lines read as text,
 * comments, code spans and span HTML: each line keeps a pipe outside code and elements,
 * and a code span may take a line break only after one. Rows whose code spans held only
 * Liquid (`{{sessionId}}`), rendered empty, leave runs of two backticks that pair from row
 * to row: a code span over a line break with no pipe before it, and the lines are a
 * paragraph, pipes shown as typed. So are lines whose pipes an element holds (`<c>` never
 * closed, `<span>甲|乙</span>`).
 */
function tableKeepsPipes(rows: readonly string[]): boolean {
  const text = rows.join('\n');
  if (!text.includes('`') && !text.includes('<')) return true;
  let pipeOnLine = false;
  for (const part of spanParts(text)) {
    const lines = rubyLines(part.value);
    if (part.code) {
      if (lines.length > 2 || (lines.length === 2 && !pipeOnLine)) break;
      if (lines.length === 2) pipeOnLine = false;
    } else {
      if (lines.length > 1 && !pipeOnLine && !PIPE_CHECK.test(lines[0]!)) break;
      pipeOnLine = (lines.length > 1 ? false : pipeOnLine) || (lines.length > 0 && PIPE_CHECK.test(lines[lines.length - 1]!));
    }
  }
  return pipeOnLine;
}

/** A header or delimiter row given `missing` more cells (`pad` each), for markdown-it to see as many as the widest row has. */
function widened(row: string, missing: number, pad: string): string {
  return missing > 0 ? `${row.trimEnd().replace(/\|?$/, '|')}${pad.repeat(missing)}` : row;
}

/**
 * A line that starts a block kramdown tries before a table (its parsers' order: code,
 * fence, quote, heading, rule, list, definition, HTML, math), or a table row with its
 * leading pipe (tables of those are made below). Footnote, link and abbreviation
 * definitions and `{:` come after the table: `[1]: https://… "进程模型 | Tauri"` last
 * before a blank line is a table's row, and `[1]` is no link.
 */
const OTHER_BLOCK_START = /^(?: {4}|\t| {0,3}(?:[#>|]|[-*+][ \t]|\d{1,9}\.[ \t]|`{3}|~{3}|\$\$|[:~][ \t]))/;

/**
 * True when a line starts a block kramdown tries before a table: {@link OTHER_BLOCK_START},
 * an HTML comment, or a tag of block HTML. A span element's tag (`<kbd>Ctrl</kbd> | 复制`)
 * or an autolink (`<https://…>`) starts no HTML block (parse_block_html), so a line it
 * starts may be a table's row.
 */
function startsOtherBlock(line: string): boolean {
  if (OTHER_BLOCK_START.test(line)) return true;
  const html = /^ {0,3}<(?:!--|\/?([A-Za-z][\w:.-]*)(?=[\s/>]|$))/.exec(line);
  if (!html || isAutolinkAt(line, line.indexOf('<'))) return false;
  return html[1] === undefined || !HTML_SPAN_ELEMENTS.has(html[1].toLowerCase());
}

/** True when a line has a pipe not escaped and not inside a code span: what makes it a row of kramdown's table. */
function hasCellPipe(line: string): boolean {
  return line.includes('|') && KRAMDOWN_TABLE_LINE.test(line.includes('`') ? mapCodeSpans(line, () => '') : line);
}

/**
 * A table row with its code spans' pipes escaped: kramdown splits no cell there, markdown-it
 * (as GFM) does unless escaped. A pipe escaped in a code span keeps its backslash in
 * kramdown's code (`` `a \| b` ``), where markdown-it takes one away.
 */
function codePipesEscaped(row: string): string {
  return row.includes('`') ? mapCodeSpans(row, (code) => code.replace(/\\?\|/g, (pipe) => (pipe === '|' ? '\\|' : '\\\\|'))) : row;
}

/** A table's header row, widened to `columns` cells, and its delimiter row, each after `quote` and `indent`. */
function tableHead(header: string, columns: number, indent = '', quote = ''): string[] {
  return [
    `${quote}${indent}${widened(header, columns - tableCells(header), ' |')}`,
    `${quote}${' '.repeat(indent.length)}|${'---|'.repeat(columns)}`,
  ];
}

/**
 * The rows of the table kramdown makes of the block starting at line `i` though no line
 * of it starts with a pipe (`上文编译自[论题 | TED Talk](https://…)`, `a | b`): after a
 * blank line, every line up to the next blank one holding a pipe outside code spans;
 * null when the block is no such table (or its last test turns it down: tableKeepsPipes).
 * kramdown splits the rows into cells before it reads links, so a link with a pipe in its
 * text is no link but its pieces.
 */
function pipeBlockRows(lines: string[], i: number): string[] | null {
  if (startsOtherBlock(lines[i]!) || !hasCellPipe(lines[i]!)) return null;
  if (i + 1 < lines.length && DELIMITER_ROW.test(lines[i + 1]!)) return null;
  let end = i;
  while (end + 1 < lines.length && lines[end + 1]!.trim() && hasCellPipe(lines[end + 1]!)) end++;
  if (end + 1 < lines.length && lines[end + 1]!.trim()) return null;
  if (!tableKeepsPipes(lines.slice(i, end + 1))) return null;
  const rows: string[] = [];
  for (const line of lines.slice(i, end + 1)) {
    if (BODY_SEPARATOR.test(line)) continue;
    rows.push(asRow(line));
  }
  return rows.length > 0 ? rows : null;
}

/** A line of kramdown's table as a row with outer pipes, its code spans' pipes escaped (kramdown splits no cell there). */
function asRow(line: string): string {
  const row = codePipesEscaped(line.trim());
  return `${row.startsWith('|') ? '' : '| '}${row}${/(?:^|[^\\])\|$/.test(row) ? '' : ' |'}`;
}

/** A line of an indented code block: four spaces or a tab, then text. */
const INDENTED_CODE = /^(?: {4}|\t| {1,3}\t)\s*\S/;

/** True when the last line written that is not blank is a paragraph's or a heading's at the margin: in no list or quote. */
function atMargin(out: string[]): boolean {
  let k = out.length - 1;
  while (k >= 0 && !out[k]!.trim()) k--;
  if (k < 0) return true;
  const last = out[k]!;
  return /^\S/.test(last) && !LIST_ITEM.test(last) && !/^>/.test(last) && !INDENTED_CODE.test(last);
}

/** A list item's quote markers (`> `, none outside a quote), its marker and the space after it (`- `, `1. `), its text. */
// The quote markers before a line's text are matched once, all of them (`(?=(…))\k<…>`:
// an atomic group). As `(?: {0,3}>[ \t]?)*` each space between two `>` is the first
// one's or the second's, and a line of n nested markers that did not match took 2^n
// steps: 24 took 0.2 s, 50 did not end.
const LIST_ITEM = /^(?<quotes>(?=(?<q>(?: {0,3}>[ \t]?)*))\k<q>)(?<marker> {0,3}(?:[-*+]|\d{1,9}\.)[ \t]+)(?<text>\S.*)$/;
/** A blank line, or one of a quote's. */
const BLANK_IN_QUOTE = /^(?=(?<q>(?: {0,3}>[ \t]?)*))\k<q>\s*$/;

/**
 * A list item of one line whose text kramdown makes a table (`- [标题 | 站名](https://…)`):
 * the item with that table, for markdown-it; null for any other line. The item ends at a
 * blank line, the next item or the end; in a quote (`> - …`) too.
 */
function pipeItem(lines: string[], i: number): string[] | null {
  const m = LIST_ITEM.exec(lines[i]!)?.groups;
  if (!m || startsOtherBlock(m.text!) || !hasCellPipe(m.text!)) return null;
  const next = lines[i + 1];
  if (next !== undefined && !BLANK_IN_QUOTE.test(next) && !LIST_ITEM.test(next)) return null;
  if (!tableKeepsPipes([m.text!])) return null;
  const row = asRow(m.text!);
  return tableHead(row, tableCells(row), m.marker, m.quotes);
}

/** The cells markdown-it makes of a table row (split at pipes not escaped, the outer ones dropped). */
function tableCells(row: string): number {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/**
 * A CommonMark list item numbered `1)` (kramdown knows only `1.`), at a line's start or
 * after the markers of the lists and quotes it is in (`* 3) 文字`, `> 4) 文字`).
 */
const PAREN_LIST_ITEM = /^((?=(?<markers>(?: {0,3}(?:>[ \t]?|[*+-][ \t]+|\d{1,9}\.[ \t]+))*))\k<markers> {0,3}\d{1,9})\)(?=[ \t]|$)/;
/** Such a number at the start of a line inside a list item, however indented (see lazyListMarkers). */
const PAREN_NUMBER = /^( *\d{1,9})\)(?=[ \t]|$)/;
/** A line's part in a fenced code block, or in a block HTML comment (see {@link fenceLines}). */
const FENCE = { NONE: 0, OPENS: 1, IN: 2, CLOSES: 3, COMMENT: 4 } as const;
/** A block's first line that is an HTML comment's start to kramdown's block HTML parser. */
const COMMENT_LINE = /^ {0,3}<!--/;
/** An ATX heading's line: the block after it starts on the next line. */
const ATX_LINE = /^#{1,6}[ \t]/;

/**
 * Each line's part in a fenced code block as kramdown reads fences ({@link isKramdownFence}):
 * read once for the passes over the lines below. A block HTML element is raw to kramdown
 * up to its end tag (rawHtmlBlock), so backticks at a line's start inside it (another
 * post's HTML shown by `{{ p.content }}`, its ```` ``` ```` lines text in an `<li>`) open
 * no fence, unless an element in it holds Markdown (`markdown="1"`: read as the passes
 * below read it).
 */
function fenceLines(lines: string[], text: string, starts: Int32Array, options: KramdownOptions, raws: RawBlocks): Uint8Array {
  const fences = new Uint8Array(lines.length);
  const all = { length: lines.length, at: (k: number) => lines[k]! };
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = FENCE_START.exec(line);
    if (fence) {
      const closes = !!f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && !line.trim().slice(f[1]!.length).trim();
      fences[i] = closes ? FENCE.CLOSES : FENCE.IN;
      if (closes) fence = null;
    } else if (f && (fence = kramdownFence(all, i)) !== null) {
      // A shorter fence than its run (kramdownFence): written as that fence alone for markdown-it.
      if (fence.length < f[1]!.length) lines[i] = line.slice(0, line.indexOf(f[1]!)) + fence;
      fences[i] = FENCE.OPENS;
    } else if (!f) {
      const last = blockCommentEnd(lines, text, starts, i);
      if (last < 0) i = rawHtmlEnd(lines, text, starts, i, options, raws);
      else {
        fences.fill(FENCE.COMMENT, i, last + 1);
        i = last;
      }
    }
  }
  return fences;
}

/**
 * The last line of the HTML comment a block starts with at line `i`, or -1: kramdown's
 * block HTML parser takes the whole comment as one block, whatever its lines look like
 * (`<h2>举例</h2><p>` in it starts no element, a fence in it none either). A comment
 * right under a paragraph's line is that paragraph's, and one that never ends is text.
 */
function blockCommentEnd(lines: string[], text: string, starts: Int32Array, i: number): number {
  const line = lines[i]!;
  if (!COMMENT_LINE.test(line) || (i > 0 && lines[i - 1]!.trim() && !ATX_LINE.test(lines[i - 1]!))) return -1;
  const end = commentEndAt(text, starts[i]! + line.indexOf('<!--'));
  if (end < 0) return -1;
  let last = i;
  while (last + 1 < lines.length && starts[last + 1]! < end) last++;
  return last;
}

/** Where what follows a block comment's `-->` starts on its last line (see {@link blockCommentEnd}). */
function afterComment(line: string, first: boolean): number {
  const from = first ? line.indexOf('<!--') + 4 : 0;
  return line.indexOf('-->', from) + 3;
}

/** {@link rawHtmlBlock} of a post's text, each element read once by where it starts. */
class RawBlocks {
  private readonly read = new Map<number, ReturnType<typeof rawHtmlBlock>>();

  at(text: string, from: number): ReturnType<typeof rawHtmlBlock> {
    let raw = this.read.get(from);
    if (raw === undefined) this.read.set(from, (raw = rawHtmlBlock(text, from)));
    return raw;
  }
}

/** The last line of the block HTML element starting line `i` (`i` itself when none does, or when it holds Markdown). */
function rawHtmlEnd(lines: string[], text: string, starts: Int32Array, i: number, options: KramdownOptions, raws: RawBlocks): number {
  const line = lines[i]!;
  const html = HTML_BLOCK_LINE.exec(line);
  const name = html?.[1]!.toLowerCase() ?? '';
  if (!html || HTML_SPAN_ELEMENTS.has(name) || (options.parseBlockHtml && readsMarkdown(name))) return i;
  // A table's row goes on with the table, whatever it starts with (`<C-v>{123}|十进制`).
  if (i > 0 && hasCellPipe(line) && lines[i - 1]!.trim() && hasCellPipe(lines[i - 1]!)) return i;
  const raw = raws.at(text, starts[i]! + line.indexOf('<'));
  if (!raw) return i;
  let last = i;
  while (last + 1 < lines.length && starts[last + 1]! <= raw.end) last++;
  for (let k = i; k <= last; k++) if (MARKDOWN_ATTRIBUTE_LINE.test(lines[k]!)) return i;
  return last;
}

/** A list item's start as kramdown's LIST_START reads it: up to 3 spaces, `-`, `+`, `*` or `1.`, then a space or tab. */
const KRAMDOWN_LIST_START = /^( {0,3})([+*-]|\d+\.)([ \t]+)(?=\S)/;
/** A thematic break (CommonMark's: three or more of one of `-`, `*`, `_`, spaces between). */
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * A fence in a list item's first lines (no blank line and no nested list above it in the
 * item) whose code holds a line starting a list at the item's margin (an example of
 * Markdown, `1. 定位`, fenced right under the item's text): kramdown's list parser starts
 * the item's text anew at that line (parser/kramdown/list.rb, a nested list's first
 * line), and reads each part on its own, so the fence opens in one part and closes in the
 * next. To kramdown a fence must close: both lines are text, and the lines between
 * Markdown. Their backticks (or tildes) are escaped, and the lines are no fence's.
 */
function brokenFence(lines: string[], fences: Uint8Array, open: number, indent: number): void {
  let close = open + 1;
  let split = -1;
  // A blank line is kramdown's nested_list_found too: no part starts after one.
  let blank = false;
  for (; close < lines.length && fences[close] === FENCE.IN; close++) {
    const line = lines[close]!;
    const lead = /^ */.exec(line)![0].length;
    if (!line.trim()) blank = true;
    else if (split < 0 && !blank && lead >= indent && KRAMDOWN_LIST_START.exec(line.slice(indent))?.[1]!.length === lead - indent)
      split = close;
  }
  if (split < 0) return;
  const escaped = (line: string): string =>
    line.replace(/^(\s*)([`~]+)/, (_, space: string, marks: string) => space + marks.replace(/[`~]/g, '\\$&'));
  lines[open] = escaped(lines[open]!);
  fences[open] = FENCE.NONE;
  for (let k = open + 1; k < close; k++) fences[k] = FENCE.NONE;
  if (close < lines.length && fences[close] === FENCE.CLOSES) {
    lines[close] = escaped(lines[close]!);
    fences[close] = FENCE.NONE;
  }
}

/**
 * Lines of a list at the margin that kramdown's parse_list reads otherwise than
 * markdown-it. A line less indented than its item's content and not an item of that
 * list (a `-` line under `1.` items) goes on with the item (a lazy line) when the line
 * before is not blank. Once the item holds a nested list (or a blank line), kramdown
 * indents such a line by the item's indentation and 4 more: under a nested item whose
 * content it then reaches 4 spaces in, it is that item's paragraph's text
 * (`1. a` / `   - b` / `- c` shows `b - c`), where markdown-it would end both lists: its
 * marker is escaped. Landing less deep, it starts a list in the nested item: indented so.
 * (Lists nested deeper are left as they are.) Also the list's items of other bullets, and
 * a fence in an item's first lines that a nested list's first line splits (brokenFence).
 */
function lazyListMarkers(lines: string[], fences: Uint8Array): void {
  let list: { ordered: boolean; indent: number; bullet: string } | null = null;
  // Whether the item holds a nested list or a blank line (kramdown's nested_list_found), and the nested item's indentation.
  let nested = false;
  let nestedIndent = 0;
  let deeper = false;
  let lastBlank = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fences[i] === FENCE.OPENS) {
      if (list && /^ */.exec(line)![0].length < list.indent) list = null;
      else if (list && !nested) brokenFence(lines, fences, i, list.indent);
      if (fences[i] === FENCE.OPENS) continue;
    }
    if (fences[i] !== FENCE.NONE) continue;
    if (!line.trim()) {
      if (list) nested = true;
      lastBlank = true;
      continue;
    }
    const start = KRAMDOWN_LIST_START.exec(line);
    const indent = /^ */.exec(line)![0].length;
    if (list && start && /\d/.test(start[2]!) === list.ordered && start[1]!.length < Math.min(list.indent, 4)) {
      // The next item of the list. kramdown's items take any bullet (`- a`, blank line,
      // `* b`: one list, which a `{:toc}` below makes the contents whole), CommonMark's
      // another bullet starts another list: the item is given the list's first bullet (not
      // a line of three, `* * *`, a rule to CommonMark).
      if (!list.ordered && start[2] !== list.bullet && !RULE.test(line)) lines[i] = line.replace(start[2]!, list.bullet);
      list.indent = start[0].length;
      nested = deeper = false;
      nestedIndent = 0;
      lastBlank = false;
      continue;
    }
    if (list && indent >= list.indent) {
      // A line of the item's content: a nested item, one level in or deeper.
      // (In a nested item's content, it is one a level deeper still.)
      const inNested = nestedIndent > 0 && indent - list.indent >= nestedIndent;
      const inner = KRAMDOWN_LIST_START.exec(line.slice(list.indent));
      if (inNested && KRAMDOWN_LIST_START.test(line.slice(list.indent + nestedIndent))) deeper = true;
      else if (!inNested && inner && inner[1]!.length === indent - list.indent) {
        nested = true;
        nestedIndent = inner[0].length;
        deeper = false;
      }
      // `1)` starting the item's text, or a nested item's, starts no list in kramdown: its
      // text, as PAREN_LIST_ITEM makes it at the margin (`    1) 空目录` under `* 实验`).
      if (!deeper && indent - (inNested ? list.indent + nestedIndent : list.indent) < 4 && PAREN_NUMBER.test(lines[i]!))
        lines[i] = lines[i]!.replace(PAREN_NUMBER, '$1\\)');
      lastBlank = false;
      continue;
    }
    if (list && !lastBlank && /^ {0,3}<!--/.test(line)) {
      // An HTML comment is no HTML block start to kramdown's list (LAZY_END_HTML_START is a
      // tag's name): a lazy line of the item, which goes on after it (`- 甲` / `<!-- 乙 -->` /
      // `- 丙`: one list, which a `{:toc}` below makes the contents whole). Indented into the
      // item for markdown-it, to the line that closes it (not across a blank line).
      let close = i;
      while (close < lines.length && lines[close]!.trim() && !lines[close]!.includes('-->')) close++;
      if (close < lines.length && lines[close]!.trimEnd().endsWith('-->')) {
        for (let k = i; k <= close; k++) lines[k] = ' '.repeat(list.indent) + lines[k]!.trimStart();
        i = close;
        continue;
      }
    }
    if (list && !lastBlank && !line.trimStart().startsWith('<') && !line.trimStart().startsWith('>')) {
      // A lazy line of the item.
      if (start && nested && !deeper && list.indent + 4 + start[1]!.length - nestedIndent >= 4)
        lines[i] = `${start[1]}${start[2]!.replace(/^(\d*)([+*.-])$/, '$1\\$2')}${line.slice(start[1]!.length + start[2]!.length)}`;
      else if (start && nested && !deeper) {
        // Landing less than 4 in, it starts a list in the nested item (`2. c` under `- a` and
        // its `   1. b`): indented as kramdown indents it, and numbered 1 so that CommonMark
        // lets it end the nested item's paragraph (a list's numbers are no text).
        lines[i] = ' '.repeat(list.indent + 4) + line.replace(/^( *)\d+\./, (_, space: string) => `${space}1.`);
      }
      continue;
    }
    // Not in a list, or the list ends: a list at the margin starts here.
    list = start ? { ordered: /\d/.test(start[2]!), indent: start[0].length, bullet: start[2]! } : null;
    nested = deeper = false;
    nestedIndent = 0;
    lastBlank = false;
  }
}

/** A table row's start that markdown-it would read as another block's (a quote, a list item, a heading), ending the table. */
const BLOCK_START_IN_ROW = /^( {0,3})(>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|#{1,6}(?=[ \t]|$))/;

/**
 * The rows of a table (a line with a pipe over a delimiter row, then the lines with a
 * pipe up to a blank line), by line. A row that starts as another block would is a row to
 * kramdown, whose table takes every such line (`>|增加缩进` in a table of Vim's
 * operators), and the end of the table to markdown-it, a quote holding the rest: its
 * first mark is escaped. One starting with a tag (`<C-v>{123}|…`) is no block HTML either.
 */
function tableRowsAsRows(lines: string[], fences: Uint8Array): Set<number> {
  const rows = new Set<number>();
  for (let i = 0; i + 1 < lines.length; i++) {
    if (fences[i] !== FENCE.NONE || !lines[i]!.includes('|') || !DELIMITER_ROW.test(lines[i + 1]!)) continue;
    let k = i + 2;
    for (; k < lines.length && lines[k]!.trim() && lines[k]!.includes('|') && fences[k] === FENCE.NONE; k++) {
      rows.add(k);
      lines[k] = lines[k]!.replace(BLOCK_START_IN_ROW, (_, space: string, mark: string) =>
        /^\d/.test(mark) ? `${space}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${space}\\${mark}`,
      );
    }
    i = k - 1;
  }
  return rows;
}

/** A line that ends a paragraph in kramdown's GFM parser (PARAGRAPH_END_GFM): a heading, a list, a quote, a fence; or HTML. */
const GFM_PARAGRAPH_END = /^ {0,3}(?:#|>|[-*+][ \t]|\d+\.[ \t]|`{3}|~{3}|<)/;

const QUOTE_START = /^ {0,3}>/;
const QUOTE_MARK = /^ {0,3}> ?/;
/** Quotes in quotes read this way, at most (each level reads its lines again). */
const MAX_QUOTE_DEPTH = 8;

/**
 * A line without `>` that ends a quote's lazy lines (kramdown's LAZY_END, a blank line
 * aside): an attribute list (`{: .note}`), the end-of-block marker `^`, a tag of an
 * element that is not a span element (`<div>`, `</div>`).
 */
const LAZY_END_LINE = new RegExp(
  String.raw`^ {0,3}(?:\{:(?!:|\/).*\}\s*$|\^\s*$|<\/?(?!(?:${[...HTML_SPAN_ELEMENTS, 'script'].join('|')})\b)[A-Za-z_:])`,
);

/**
 * The quote starting at line `i` as kramdown's blockquote reads it: to the next blank
 * line, every line in it, `>` or not (lazy lines; a line of `>` alone is a blank line in
 * it), its content preprocessed and quoted again. When a line of it starts block HTML
 * (`reads.blockHtml`); or, for a quote at the margin (`reads.lazyLines`: its `>` in the
 * first column, after a blank line or right under a heading), when a line in it has no
 * `>`: CommonMark goes on with a quote only for a paragraph's lazy line, and ends it at a
 * list item, a heading, a fence or an indented line (`>    ⏎1. 条目⏎> ⏎    说明` is one
 * quote holding a list to kramdown, where CommonMark made the indented line code). Null
 * otherwise (markdown-it's quote reads it as kramdown does).
 */
function kramdownQuote(
  lines: string[],
  i: number,
  depth: number,
  options: KramdownOptions,
  reads: { blockHtml: boolean; lazyLines: boolean },
): { lines: string[]; last: number } | null {
  if (depth >= MAX_QUOTE_DEPTH) return null;
  let last = i;
  while (last + 1 < lines.length && lines[last + 1]!.trim()) last++;
  let inner = lines.slice(i, last + 1).map((l) => l.replace(QUOTE_MARK, ''));
  const holdsBlockHtml =
    reads.blockHtml &&
    inner.some((l) => {
      const html = HTML_BLOCK_LINE.exec(l);
      return html !== null && !HTML_SPAN_ELEMENTS.has(html[1]!.toLowerCase());
    });
  if (!holdsBlockHtml) {
    if (!reads.lazyLines) return null;
    let lazyEnd = i + 1;
    while (lazyEnd <= last && (QUOTE_START.test(lines[lazyEnd]!) || !LAZY_END_LINE.test(lines[lazyEnd]!))) lazyEnd++;
    last = lazyEnd - 1;
    if (lines.slice(i + 1, last + 1).every((l) => QUOTE_START.test(l))) return null;
    inner = inner.slice(0, last - i + 1);
  }
  return {
    lines: preprocess(inner.join('\n'), depth + 1, options)
      .split('\n')
      .map((l) => (l ? `> ${l}` : '>')),
    last,
  };
}

/** An end tag ending a line (`<div class="title">标题</div>`, `</div>`): its element's name. */
const BLOCK_END_TAG_AT_END = /<\/([a-zA-Z][\w-]*)\s*>\s*$/;

/** A `markdown` attribute in a start tag (`<div markdown="0">`). */
const MARKDOWN_ATTRIBUTE = /(<[A-Za-z][^<>]*?)\s+markdown\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)/g;

/**
 * HTML without its tags' `markdown` attributes, as kramdown writes it (it takes them off
 * every element): the HTML another post's `{{ p.content }}` shows is read again, where
 * `markdown="0"` would keep raw what kramdown then reads as Markdown.
 */
function withoutMarkdownAttributes(html: string): string {
  return html.includes('markdown') ? html.replace(MARKDOWN_ATTRIBUTE, '$1') : html;
}

/**
 * Source-level kramdown forms markdown-it does not know, outside fenced code. `depth`: how
 * many quotes `source` is in (see {@link kramdownQuote}); `options`: the site's kramdown
 * options.
 */
export function preprocess(source: string, depth = 0, options: KramdownOptions = {}): string {
  const text = withoutExtensions(source);
  const linkIds = new Set([...text.matchAll(LINK_DEFINITION)].map((m) => linkId(m[1]!)));
  const lines = text.split('\n');
  // Where each line starts in `text`.
  const starts = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) starts[i + 1] = starts[i]! + lines[i]!.length + 1;
  // Block HTML elements read once: fenceLines looks past them, the pass below writes them.
  const raws = new RawBlocks();
  const fences = fenceLines(lines, text, starts, options, raws);
  // With `parse_block_html`: the elements of Markdown open (block-html.ts).
  const blockHtml = options.parseBlockHtml ? new OpenBlockHtml() : null;
  lazyListMarkers(lines, fences);
  const tableRows = tableRowsAsRows(lines, fences);
  const out: string[] = [];
  let fenceIndent = 0;
  let inTable = false;
  // Lines of a table kramdown turns down once read (tableKeepsPipes): a paragraph's.
  const notTable = new Set<number>();
  // The last line of a raw element read in parts (one holding a `markdown="1"` element): its end tag closes it.
  let rawUntil = -1;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (fences[i] === FENCE.IN || fences[i] === FENCE.CLOSES) {
      // A line of an indented fence (a list item's) less indented than it, right under a line
      // of it, goes on in the item to kramdown (a lazy line), where CommonMark would end the
      // item: indented as far as the fence, which markdown-it takes off again.
      const indent = /^ */.exec(line)![0].length;
      if (fences[i] === FENCE.IN && indent < fenceIndent && line.trim() && lines[i - 1]!.trim())
        line = ' '.repeat(fenceIndent - indent) + line;
      out.push(line);
      continue;
    }
    if (fences[i] === FENCE.COMMENT) {
      // Its last line: what follows the `-->` is a block of its own (kramdown's parse_block_html).
      const first = i === 0 || fences[i - 1] !== FENCE.COMMENT;
      const rest = fences[i + 1] === FENCE.COMMENT ? -1 : afterComment(line, first);
      if (rest > 0 && line.slice(rest).trim()) {
        out.push(line.slice(0, rest), '');
        lines[i] = line.slice(rest);
        starts[i] = starts[i]! + rest;
        fences[i] = FENCE.NONE;
        i--;
      } else out.push(line);
      continue;
    }
    if (fences[i] === FENCE.OPENS) {
      fenceIndent = line.indexOf(FENCE_START.exec(line)![1]!);
      out.push(line);
      continue;
    }
    const afterBlank = out.length === 0 || !out[out.length - 1]!.trim();
    // A definition whose address has spaces (`[ref]: /pdf/real time monitoring.pdf`): kramdown
    // takes the address up to the title or the line's end; CommonMark only in `<…>`.
    const spaced = afterBlank || LINK_DEFINITION_LINE.test(out[out.length - 1]!) ? SPACED_DEFINITION.exec(line) : null;
    if (spaced && !/[ \t]["']/.test(spaced[2]!)) {
      const title = spaced[4] === undefined ? '' : ` "${spaced[4].replace(/["\\]/g, '\\$&')}"`;
      out.push(`${spaced[1]}<${spaced[2]}>${title}`);
      continue;
    }
    // A quote holding block HTML, or lazy lines: its content is read as kramdown reads a
    // document (the element raw to its end tag, blank lines included: `> <font
    // color="blue">` over a quoted list keeps `1.` and the backticks as typed), and quoted again.
    // (A quote right under a heading's line starts there too.)
    const atMarginQuote = /^>/.test(line);
    const underHeading = !afterBlank && atMarginQuote && /^#{1,6}[ \t]/.test(out[out.length - 1]!);
    const quote =
      (afterBlank && QUOTE_START.test(line)) || underHeading
        ? kramdownQuote(lines, i, depth, options, { blockHtml: afterBlank, lazyLines: atMarginQuote })
        : null;
    if (quote) {
      out.push(...quote.lines);
      i = quote.last;
      continue;
    }
    // An indented code block at the margin (after a blank line under a paragraph or a
    // heading that is in no list or quote): code to kramdown, however many pipes its lines
    // hold, so none of the table rules below reads them.
    if (afterBlank && INDENTED_CODE.test(line) && atMargin(out)) {
      while (i < lines.length && (INDENTED_CODE.test(lines[i]!) || !lines[i]!.trim())) out.push(lines[i++]!);
      i--;
      continue;
    }
    const piped = line.includes('|');
    // A line with a pipe over a delimiter row (most lines have no pipe: the next line is not looked at).
    const delimited = piped && i + 1 < lines.length && DELIMITER_ROW.test(lines[i + 1]!);
    if (afterBlank && piped && (TABLE_START.test(line) || delimited)) {
      const last = tableEnd(lines, i);
      // A header over a delimiter row and no row under it is no table to kramdown ("table
      // without body"), nor one whose code spans take its pipes (tableKeepsPipes): a
      // paragraph, none to markdown-it either (a delimiter row with a dash as an entity,
      // below), and none to the rules after this.
      if ((delimited && last === i + 2) || !tableKeepsPipes(lines.slice(i, last))) {
        if (delimited) lines[i + 1] = lines[i + 1]!.replace('-', '&#45;');
        for (let k = i; k < last; k++) notTable.add(k);
      } else if (isBlockBoundary(lines, last)) {
        // A table's rows, to the next blank line, their code spans' pipes escaped before their cells are counted below.
        for (let k = i; k < lines.length && lines[k]!.trim() && !FENCE_START.test(lines[k]!); k++) lines[k] = codePipesEscaped(lines[k]!);
        line = lines[i]!;
      } else if (delimited) {
        // Rows running into a line of text are no table to kramdown but a paragraph (`| 甲 | 乙 |`
        // right above `   - 文字`): a delimiter row with a dash written as an entity is none
        // to markdown-it (an entity, not an escape: the dashes are typography's, `——`).
        lines[i + 1] = lines[i + 1]!.replace('-', '&#45;');
      }
    }
    // A table whose rows have no outer pipes, its header, delimiter and body rows of
    // other numbers of cells (`BU | 2008 | 2010` over `---- | ----`): kramdown's table all
    // the same, not one to markdown-it, which wants as many cells in the first two and
    // drops a row's cells past them: both widened to the widest row.
    // (The delimiter row is looked at again: above, rows running into text lose theirs.)
    if (
      !inTable &&
      afterBlank &&
      piped &&
      !notTable.has(i) &&
      !/^\s*\|/.test(line) &&
      i + 1 < lines.length &&
      DELIMITER_ROW.test(lines[i + 1]!)
    ) {
      const header = tableCells(line);
      const delimiter = tableCells(lines[i + 1]!);
      let columns = Math.max(header, delimiter);
      for (let k = i + 2; k < lines.length && KRAMDOWN_TABLE_LINE.test(lines[k]!); k++) columns = Math.max(columns, tableCells(lines[k]!));
      if (columns > header || columns > delimiter) {
        out.push(widened(line, columns - header, ' |'), widened(lines[i + 1]!, columns - delimiter, '---|'));
        i++;
        inTable = true;
        continue;
      }
    }
    const item = pipeItem(lines, i);
    if (item) {
      out.push(...item);
      continue;
    }
    // A block of lines with pipes but none first: kramdown's table, as one with outer pipes to markdown-it.
    const pipeRows = !inTable && afterBlank && !notTable.has(i) ? pipeBlockRows(lines, i) : null;
    if (pipeRows) {
      out.push(...tableHead(pipeRows[0]!, Math.max(...pipeRows.map(tableCells))), ...pipeRows.slice(1));
      while (i + 1 < lines.length && lines[i + 1]!.trim()) i++;
      inTable = true;
      continue;
    }
    if (/^\s*\|/.test(line)) {
      // After the header separator, kramdown's body separators are markup.
      if (inTable && BODY_SEPARATOR.test(line) && line.includes('+')) continue;
      if (!inTable && BODY_SEPARATOR.test(line)) inTable = true;
      // kramdown's rows need no separator line: a row after a blank line starts a table.
      // markdown-it sees one only with a separator under its first row, given it here.
      // Either way, as many columns as its widest row: markdown-it drops a row's cells past
      // the header's, where kramdown keeps them.
      if (!inTable && afterBlank && !notTable.has(i) && endsAtBlockBoundary(lines, i)) {
        let columns = 0;
        for (let k = delimited ? i + 2 : i; k < lines.length && KRAMDOWN_TABLE_LINE.test(lines[k]!); k++)
          columns = Math.max(columns, tableCells(lines[k]!));
        const header = tableCells(line);
        // The header row and the delimiter row must have as many cells (`| 运算符 描述` over `|:---|:---|` is a table too).
        if (!delimited) out.push(...tableHead(line, Math.max(columns, header)));
        else {
          columns = Math.max(columns, header, tableCells(lines[i + 1]!));
          out.push(widened(line, columns - header, ' |'));
          out.push(widened(lines[i + 1]!, columns - tableCells(lines[i + 1]!), '---|'));
          i++;
        }
        inTable = true;
        continue;
      }
    } else if (!line.trim()) inTable = false;
    const read = blockHtml?.read(lines, i);
    if (read) {
      out.push(...read.out);
      i = read.next - 1;
      if (read.rest.trim()) {
        // The rest of the line is read as a line of its own, where it stands in the text.
        starts[i] = starts[i]! + Math.max(0, lines[i]!.length - read.rest.length);
        lines[i] = read.rest;
        i--;
      }
      continue;
    }
    // `<div markdown="1">`: its content is Markdown; blank lines let markdown-it see it so.
    const md = MARKDOWN_ATTRIBUTE_LINE.exec(line);
    if (md) {
      // Its end tag on the same line (`<p markdown="1">**粗体**</p>`): the content, then the end tag, apart.
      const sameLine = endTagAt(md[5]!, md[2]!);
      if (sameLine) {
        const content = md[5]!.slice(0, sameLine.start);
        const name = md[2]!.toLowerCase();
        if (name === 'p') out.push(...spanElement(name, `${md[1]}${md[4]}`, [content]), md[5]!.slice(sameLine.end));
        else out.push(`${md[1]}${md[4]}`, '', content, '', md[5]!.slice(sameLine.start, sameLine.end), '', md[5]!.slice(sameLine.end));
        continue;
      }
      out.push(`${md[1]}${md[4]}`, '', md[5]!);
      const close = new RegExp(`^\\s*</${md[2]}>\\s*$`, 'i');
      // Its own kind nested in it, opened and closed (`<div class="title">标题</div>` in a `<div>`).
      const opened = new RegExp(`<${md[2]}\\b`, 'gi');
      const closed = new RegExp(`</${md[2]}\\s*>`, 'gi');
      let depth = 1;
      for (i++; i < lines.length; i++) {
        const inner = lines[i]!;
        if (close.test(inner)) {
          if (--depth === 0) {
            out.push('', inner);
            break;
          }
        } else depth += (inner.match(opened)?.length ?? 0) - (inner.match(closed)?.length ?? 0);
        out.push(inner);
        // A block element's end tag ending the line (`<summary>证明</summary>`): kramdown reads
        // the next line as a block of its own (`- 列表`, `**粗体**`), where markdown-it's HTML
        // block would go on to a blank line, holding its Markdown as raw text.
        const ended = BLOCK_END_TAG_AT_END.exec(inner);
        if (ended && !HTML_SPAN_ELEMENTS.has(ended[1]!.toLowerCase()) && lines[i + 1]?.trim()) out.push('');
      }
      continue;
    }
    // A span element's tag alone on its line (`<br>`, `<img …>`) starts a paragraph to
    // kramdown, and the next line goes on with it; to markdown-it it would be an HTML block
    // holding that next line as raw text (`**粗体**` shown as typed). Joined with it, it is
    // inline HTML at the start of the paragraph.
    const alone = SPAN_TAG_LINE.exec(line);
    if (alone && HTML_SPAN_ELEMENTS.has(alone[1]!.toLowerCase()) && i + 1 < lines.length) {
      if (PARAGRAPH_LINE.test(lines[i + 1]!)) {
        starts[i + 1] = starts[i]!;
        lines[i + 1] = line.trim() + lines[i + 1]!;
        continue;
      }
      // A heading, a list, a quote, a fence or HTML ends that paragraph (kramdown-parser-gfm's
      // PARAGRAPH_END); to markdown-it the tag's line would be an HTML block that only a
      // blank line ends, holding `##### 标题` and the lines after it as raw text.
      if (GFM_PARAGRAPH_END.test(lines[i + 1]!)) {
        out.push(line, '');
        continue;
      }
    }
    // An end tag at a line's start with no block HTML open (a block element's: kramdown's
    // LAZY_END_HTML_STOP) starts a paragraph to kramdown, whose text the tag is ("Found
    // invalidly used HTML closing tag"); markdown-it would read an HTML block and hide it.
    const endTag = tableRows.has(i) || i <= rawUntil ? null : LINE_END_TAG.exec(line);
    if (endTag && !LAZY_END_EXCEPT.has(endTag[1]!.toLowerCase())) line = line.replace('<', '&lt;');
    // Block HTML is raw to kramdown up to its element's end tag, blank lines and indented
    // lines included; markdown-it would end it at a blank line and read what follows as
    // Markdown (an indented `<p>` as code). Without its blank lines it is one HTML block to
    // markdown-it too, and a blank line after it ends it where kramdown does.
    // (A table's row is a row, whatever it starts with: `<C-v>{123}|…`.)
    const html = tableRows.has(i) ? null : HTML_BLOCK_LINE.exec(line);
    const blockStart = html !== null && !HTML_SPAN_ELEMENTS.has(html[1]!.toLowerCase());
    const raw = blockStart ? raws.at(text, starts[i]! + line.indexOf('<')) : null;
    // A line starting with what is no tag to kramdown (`<div class=a-b>`) is a paragraph's, its `<` text (an autolink aside).
    if (blockStart && !raw && !isAutolinkAt(line, line.indexOf('<'))) line = line.replace('<', '&lt;');
    else if (raw) {
      const { end } = raw;
      let last = i;
      while (starts[last + 1]! <= end && last + 1 < lines.length) last++;
      // An element inside it whose content is Markdown (`<div markdown="1">` in a raw
      // `<div>`: kramdown's handle_kramdown_html_tag reads such content as blocks whatever
      // the parent): the lines before its start tag stay raw, and its line is read anew, by
      // the `markdown="1"` case above.
      let nested = i + 1;
      while (nested <= last && !MARKDOWN_ATTRIBUTE_LINE.test(lines[nested]!)) nested++;
      if (nested <= last) {
        out.push('<div>', ...lines.slice(i, nested).filter((l) => l.trim()), '</div>', '');
        rawUntil = Math.max(rawUntil, last);
        i = nested - 1;
        continue;
      }
      const keepBlank = KEEPS_BLANK_LINES.test(line);
      // The line the element ends on: what follows its end tag is read anew.
      const after = lines[last]!.slice(Math.min(end - starts[last]!, lines[last]!.length));
      const block = (line.slice(0, line.indexOf('<')) + withoutMarkdownAttributes(raw.html)).split('\n');
      // In a `<div>` of its own, which markdown-it takes as an HTML block whatever follows
      // on its line (`<T>`是一个泛型方法 it would read as a paragraph).
      if (!keepBlank) out.push('<div>');
      for (let k = 0; k < block.length - 1; k++) if (keepBlank || block[k]!.trim()) out.push(block[k]!);
      out.push(block[block.length - 1]!);
      if (!keepBlank) out.push('</div>');
      out.push('');
      if (after.trim()) {
        lines[last] = after;
        starts[last] = end;
        i = last - 1;
      } else i = last;
      continue;
    }
    // `1)` starts no list in kramdown (only `1.` does): the line is text.
    const numbered = line.replace(PAREN_LIST_ITEM, '$1\\)');
    // Links as kramdown reads them, outside code spans (which keep what is typed).
    let linked = numbered;
    if (!linked.includes('`')) {
      if (linkIds.size > 0 && linked.includes('\\')) linked = escapedReferences(linked, linkIds);
    }
    // Only a line with a link and white space before a quote can hold a title (a test in linear time).
    if (linked.includes('](') && /[ \t]["']/.test(linked)) linked = quotedTitles(linked);
    // In block HTML read as Markdown, a backslash ending a line is text (kramdown's GFM
    // parser makes it a line break only outside HTML, as markdown-it does everywhere).
    if (blockHtml?.inside && linked.endsWith('\\') && /(?:^|[^\\])(?:\\\\)*\\$/.test(linked)) linked += '\\';
    // An ordered list's item right under a paragraph's line ends the paragraph to kramdown's
    // GFM parser, whatever its number (PARAGRAPH_END_GFM's LIST_START); CommonMark lets
    // only a `1.` do so, and would read `2. 项` as the paragraph's text.
    if (ORDERED_ITEM_NOT_ONE.test(linked) && PARAGRAPH_LINE.test(out[out.length - 1] ?? '')) out.push('');
    out.push(linked);
  }
  if (blockHtml) out.push(...blockHtml.closeAll());
  return out.join('\n');
}
