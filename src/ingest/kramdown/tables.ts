/**
 * Tables as kramdown reads them: rows without a delimiter row, a pipe block after a blank
 * line, a one-line list item whose text is a table, rows that start as another block
 * would, pipes in code spans, and kramdown's last test that turns a table down.
 */
import { codeSpanAt, lastRuns, mapCodeSpans } from './code-span.js';
import { FENCE } from './fences.js';
import { HTML_SPAN_ELEMENTS, isAutolinkAt, spanHtmlAt } from './html.js';
import { BLANK_IN_QUOTE, LIST_ITEM } from './lists.js';

/** kramdown's table separator lines inside a table body (`|----+----|`), which are not rows. */
export const BODY_SEPARATOR = /^\s*\|?\s*[-=]+(?:\s*[+|]\s*:?[-=]+:?)*\s*\|?\s*$/;

/** GFM's delimiter row (`|:---|---:|`), which makes the row above it a table's header. */
export const DELIMITER_ROW = /^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
/** A line kramdown goes on a table with (its TABLE_LINE): one starting with a pipe or holding one not escaped. */
export const KRAMDOWN_TABLE_LINE = /^ {0,3}\||[^\\\n]\|/;
/** A line starting a kramdown table: a pipe first (one cell is a table: `| 一行`). */
export const TABLE_START = /^ {0,3}\|/;
/**
 * True when the table rows from line `i` (lines holding a pipe) end where a block may
 * (kramdown's before_block_boundary?: a blank line, `{:`, `^` or the end); else kramdown
 * takes the lines back as a paragraph (`| 甲 | 乙 |` right above a line of text).
 */
export function endsAtBlockBoundary(lines: string[], i: number): boolean {
  return isBlockBoundary(lines, tableEnd(lines, i));
}

/** True when line `k` (or the text's end) is a block boundary after a table's rows. */
export function isBlockBoundary(lines: string[], k: number): boolean {
  return k === lines.length || /^\s*$|^\^\s*$|^ {0,3}\{:/.test(lines[k]!);
}

/** The line after the rows of the table starting at line `i` (kramdown's TABLE_LINE: each has a pipe). */
export function tableEnd(lines: string[], i: number): number {
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
export function tableKeepsPipes(rows: readonly string[]): boolean {
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
export function widened(row: string, missing: number, pad: string): string {
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
export function hasCellPipe(line: string): boolean {
  return line.includes('|') && KRAMDOWN_TABLE_LINE.test(line.includes('`') ? mapCodeSpans(line, () => '') : line);
}

/**
 * A table row with its code spans' pipes escaped: kramdown splits no cell there, markdown-it
 * (as GFM) does unless escaped. A pipe escaped in a code span keeps its backslash in
 * kramdown's code (`` `a \| b` ``), where markdown-it takes one away.
 */
export function codePipesEscaped(row: string): string {
  return row.includes('`') ? mapCodeSpans(row, (code) => code.replace(/\\?\|/g, (pipe) => (pipe === '|' ? '\\|' : '\\\\|'))) : row;
}

/** A table's header row, widened to `columns` cells, and its delimiter row, each after `quote` and `indent`. */
export function tableHead(header: string, columns: number, indent = '', quote = ''): string[] {
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
 * text is no link but its pieces. (`inItem`: a line as its list item's text holds it.)
 */
export function pipeBlockRows(lines: string[], i: number, inItem: (k: number) => string): string[] | null {
  if (startsOtherBlock(lines[i]!) || !hasCellPipe(lines[i]!)) return null;
  if (i + 1 < lines.length && DELIMITER_ROW.test(inItem(i + 1))) return null;
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

/**
 * A list item of one line whose text kramdown makes a table (`- [标题 | 站名](https://…)`):
 * the item with that table, for markdown-it; null for any other line. The item ends at a
 * blank line, the next item or the end; in a quote (`> - …`) too.
 */
export function pipeItem(lines: string[], i: number): string[] | null {
  const m = LIST_ITEM.exec(lines[i]!)?.groups;
  if (!m || startsOtherBlock(m.text!) || !hasCellPipe(m.text!)) return null;
  const next = lines[i + 1];
  if (next !== undefined && !BLANK_IN_QUOTE.test(next) && !LIST_ITEM.test(next)) return null;
  if (!tableKeepsPipes([m.text!])) return null;
  const row = asRow(m.text!);
  return tableHead(row, tableCells(row), m.marker, m.quotes);
}

/** The cells markdown-it makes of a table row (split at pipes not escaped, the outer ones dropped). */
export function tableCells(row: string): number {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/** A table row's start that markdown-it would read as another block's (a quote, a list item, a heading), ending the table. */
const BLOCK_START_IN_ROW = /^( {0,3})(>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|#{1,6}(?=[ \t]|$))/;

/**
 * The rows of a table (a line with a pipe over a delimiter row, then the lines with a
 * pipe up to a blank line), by line. A row that starts as another block would is a row to
 * kramdown, whose table takes every such line (`>|增加缩进` in a table of Vim's
 * operators), and the end of the table to markdown-it, a quote holding the rest: its
 * first mark is escaped. One starting with a tag (`<C-v>{123}|…`) is no block HTML either.
 * (`inItem`: a line as its list item's text holds it, where a delimiter row is read.)
 */
export function tableRowsAsRows(lines: string[], fences: Uint8Array, inItem: (k: number) => string): Set<number> {
  const rows = new Set<number>();
  for (let i = 0; i + 1 < lines.length; i++) {
    if (fences[i] !== FENCE.NONE || !lines[i]!.includes('|') || !DELIMITER_ROW.test(inItem(i + 1))) continue;
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
