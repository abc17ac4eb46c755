/**
 * The forms of a post's Markdown source that kramdown reads otherwise than markdown-it,
 * rewritten before markdown-it parses it (outside fenced code): its extensions
 * (extensions.ts), its fences and block comments (fences.ts), its lists (lists.ts), its
 * tables (tables.ts), its quotes (quotes.ts), its links (links.ts), its raw HTML blocks
 * and `markdown="1"` elements (here, with html.ts and block-html.ts), `1)`.
 */
import { OpenBlockHtml, readsMarkdown, spanElement } from './block-html.js';
import { withoutExtensions } from './extensions.js';
import { blockComment, CommentCloses, FENCE, FENCE_START, kramdownFence } from './fences.js';
import { HTML_BLOCK_LINE, HTML_SPAN_ELEMENTS, isAutolinkAt, KEEPS_BLANK_LINES, rawHtmlBlock, SPAN_TAG_LINE } from './html.js';
import { definitionIds, escapedReferences, LINK_DEFINITION_LINE, quotedTitles, spacedDefinition } from './links.js';
import {
  BLANK_IN_QUOTE,
  fenceAsText,
  fenceLeavesItem,
  ItemIndents,
  ItemLines,
  itemTabs,
  KRAMDOWN_LIST_START,
  lazyListMarkers,
  leadingSpaces,
  LINE_MARKERS,
  LIST_ITEM,
  numberedOne,
  PAREN_LIST_ITEM,
} from './lists.js';
import type { KramdownOptions } from './options.js';
import { kramdownQuote, QUOTE_START, quoteTab } from './quotes.js';
import {
  BODY_SEPARATOR,
  codePipesEscaped,
  DELIMITER_ROW,
  endsAtBlockBoundary,
  hasCellPipe,
  isBlockBoundary,
  KRAMDOWN_TABLE_LINE,
  pipeBlockRows,
  pipeItem,
  TABLE_START,
  tableCells,
  tableEnd,
  tableHead,
  tableKeepsPipes,
  tableRowsAsRows,
  widened,
} from './tables.js';

/** A line starting with an element whose content is Markdown (`<div class="x" markdown="1">…`): its start, name, the rest of its tag, what follows it. */
const MARKDOWN_ATTRIBUTE_LINE = /^(\s*<([a-zA-Z][\w-]*)\b[^>]*?)\s+markdown=(["']?)(?:1|block|span)\3([^>]*>)(.*)$/;

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

/** A line starting with an end tag (up to three spaces in). */
const LINE_END_TAG = /^ {0,3}<\/([A-Za-z][\w:.-]*)\s*>/;
/** Elements whose end tag at a line's start goes on a paragraph (kramdown's LAZY_END_HTML_SPAN_ELEMENTS): the span ones and `script`. */
const LAZY_END_EXCEPT = new Set([...HTML_SPAN_ELEMENTS, 'script']);
/** An ordered list's item numbered other than 1 (`2. 项`). */
const ORDERED_ITEM_NOT_ONE = /^ {0,3}(?!1\.)\d{1,9}\.[ \t]+\S/;
/** A line that goes on a paragraph (not blank, and starting no other block: heading, list, quote, fence, table, HTML, code). */
const PARAGRAPH_LINE = /^(?! {4}|\t)(?!\s*$)(?! {0,3}(?:[#>|<]|[-*+][ \t]|\d+[.)][ \t]|`{3}|~{3}))/;
/** A line opening an HTML comment, after the markers of the quotes and list items it is in (`> <!--`, `- <!--`; not in indented code). */
const COMMENT_OPENING = new RegExp(String.raw`^${LINE_MARKERS} {0,3}<!--`);

/** The first blank line (or a quote's) at or after each line, found by one pass from the end when first asked. */
class BlankLines {
  private next: Int32Array | null = null;

  constructor(private readonly lines: readonly string[]) {}

  firstFrom(i: number): number {
    if (!this.next) {
      const n = this.lines.length;
      this.next = new Int32Array(n + 1).fill(n);
      for (let k = n - 1; k >= 0; k--) this.next[k] = BLANK_IN_QUOTE.test(this.lines[k]!) ? k : this.next[k + 1]!;
    }
    return this.next[Math.min(i, this.lines.length)]!;
  }
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

/**
 * Each line's part in a fenced code block as kramdown reads fences ({@link isKramdownFence}):
 * read once for the passes over the lines below. A block HTML element is raw to kramdown
 * up to its end tag (rawHtmlBlock), so backticks at a line's start inside it (another
 * post's HTML shown by `{{ p.content }}`, its ```` ``` ```` lines text in an `<li>`) open
 * no fence, unless an element in it holds Markdown (`markdown="1"`: read as the passes
 * below read it). A fence in a list item is read in the item's text (ItemIndents), and
 * `itemLines` is told where each line's item text starts, for the passes below.
 */
function fenceLines(
  lines: string[],
  text: string,
  starts: Int32Array,
  options: KramdownOptions,
  raws: RawBlocks,
  closes: CommentCloses,
  commentEnds: Map<number, number>,
  itemLines: ItemLines,
): Uint8Array {
  const fences = new Uint8Array(lines.length);
  // Fences are read in the list item's text they are in, its indentation taken off (ItemIndents).
  const items = new ItemIndents();
  let within = 0;
  const inItem = { length: lines.length, at: (k: number) => outdented(lines[k]!, within) };
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    // Leading tabs as kramdown reads them: in a list item (lists.ts itemTabs), after a quote's `>` (quotes.ts quoteTab).
    if (lines[i]!.includes('\t')) {
      lines[i] = itemTabs(lines[i]!, items, fence !== null, i > 0 && !lines[i - 1]!.trim());
      if (!fence) lines[i] = quoteTab(lines[i]!);
    }
    const line = lines[i]!;
    if (!fence) within = items.next(line);
    else items.keep(line);
    itemLines.record(i, items, within);
    const f = FENCE_START.exec(outdented(line, within));
    if (fence) {
      const closes = closesFence(f, line, fence);
      fences[i] = closes ? FENCE.CLOSES : FENCE.IN;
      if (closes) fence = null;
    } else if (f && (fence = kramdownFence(inItem, i)) !== null) {
      const close = fenceClose(inItem, i, fence);
      const leaves = within > 0 && close < lines.length ? fenceLeavesItem(lines, i, close, within, items) : null;
      if (leaves) {
        // Its item (or the item's part) ends before it closes: text, the lines after it Markdown.
        lines[i] = fenceAsText(line);
        if (leaves === 'splits') lines[close] = fenceAsText(lines[close]!);
        fence = null;
        continue;
      }
      // A shorter fence than its run (kramdownFence): written as that fence alone for markdown-it.
      if (fence.length < f[1]!.length) lines[i] = line.slice(0, line.indexOf(f[1]!)) + fence;
      fences[i] = FENCE.OPENS;
    } else if (!f) {
      const comment = blockComment(lines, closes, starts, i);
      if (!comment) i = rawHtmlEnd(lines, text, starts, i, options, raws);
      else {
        fences.fill(FENCE.COMMENT, i, comment.last + 1);
        commentEnds.set(comment.last, comment.end);
        i = comment.last;
      }
    }
  }
  return fences;
}

/** True when `line`, whose fence run (FENCE_START, read in its item) is `f`, closes a fence opened by `fence`. */
function closesFence(f: RegExpExecArray | null, line: string, fence: string): boolean {
  return !!f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && !line.trim().slice(f[1]!.length).trim();
}

/** The line closing the fence `fence` that line `open` opens (kramdownFence found one). */
function fenceClose(lines: { length: number; at(k: number): string }, open: number, fence: string): number {
  let k = open + 1;
  while (k < lines.length && !closesFence(FENCE_START.exec(lines.at(k)), lines.at(k), fence)) k++;
  return k;
}

/** `line` with up to `spaces` of its leading spaces taken off. */
function outdented(line: string, spaces: number): string {
  return spaces === 0 ? line : line.slice(Math.min(leadingSpaces(line), spaces));
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

/** A line that ends a paragraph in kramdown's GFM parser (PARAGRAPH_END_GFM): a heading, a list, a quote, a fence; or HTML. */
const GFM_PARAGRAPH_END = /^ {0,3}(?:#|>|[-*+][ \t]|\d+\.[ \t]|`{3}|~{3}|<)/;

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
  const linkIds = definitionIds(text);
  const lines = text.split('\n');
  // Where each line starts in `text`.
  const starts = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) starts[i + 1] = starts[i]! + lines[i]!.length + 1;
  // Block HTML elements read once: fenceLines looks past them, the pass below writes them.
  const raws = new RawBlocks();
  const closes = new CommentCloses(text);
  const blankLines = new BlankLines(lines);
  // The last line of each block comment, and where in the text the comment ends.
  const commentEnds = new Map<number, number>();
  // Where the text of the list item each line is in starts in it.
  const itemLines = new ItemLines(lines);
  const fences = fenceLines(lines, text, starts, options, raws, closes, commentEnds, itemLines);
  const inItem = (k: number): string => itemLines.text(k);
  // With `parse_block_html`: the elements of Markdown open (block-html.ts).
  const blockHtml = options.parseBlockHtml ? new OpenBlockHtml() : null;
  lazyListMarkers(lines, fences);
  const tableRows = tableRowsAsRows(lines, fences, inItem);
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
      const end = commentEnds.get(i);
      const rest = end === undefined ? -1 : end - starts[i]!;
      if (rest > 0 && line.slice(rest).trim()) {
        out.push(line.slice(0, rest), '');
        lines[i] = line.slice(rest);
        starts[i] = starts[i]! + rest;
        fences[i] = FENCE.NONE;
        i--;
      } else out.push(line);
      continue;
    }
    // A comment that never closes is text to kramdown (`<!-- 忘了闭合` and what follows
    // shown), and so is one in a paragraph's line that closes only after the paragraph (a
    // blank line between): kramdown's span comment ends in its paragraph. To markdown-it
    // either is an HTML block, to the `-->` or the end of the post (or of the list item or quote).
    const opening = fences[i] === FENCE.NONE && line.includes('<!--') ? COMMENT_OPENING.exec(line) : null;
    if (opening) {
      const at = opening[0].length - 4;
      const end = closes.endOf(starts[i]! + at);
      const inParagraph = i > 0 && !BLANK_IN_QUOTE.test(lines[i - 1]!);
      if (end < 0 || (inParagraph && blankLines.firstFrom(i + 1) < lines.length && starts[blankLines.firstFrom(i + 1)]! < end))
        line = `${line.slice(0, at)}&lt;${line.slice(at + 1)}`;
    }
    if (fences[i] === FENCE.OPENS) {
      fenceIndent = line.search(/[`~]/);
      out.push(line);
      continue;
    }
    const afterBlank = out.length === 0 || !out[out.length - 1]!.trim();
    // A definition whose address has spaces, where a definition may start: a block's first
    // line, or a list item's (`3. [fileName]:lineNumber ## 跳到行`, a definition to kramdown).
    const listStart = KRAMDOWN_LIST_START.exec(line)?.[0] ?? '';
    const marker = line[listStart.length] === '[' ? listStart : '';
    const spaced =
      afterBlank || marker || LINK_DEFINITION_LINE.test(out[out.length - 1]!) ? spacedDefinition(line.slice(marker.length)) : null;
    if (spaced !== null) {
      out.push(marker + spaced);
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
        ? kramdownQuote(lines, i, depth, { blockHtml: afterBlank, lazyLines: atMarginQuote }, (inner) =>
            preprocess(inner, depth + 1, options),
          )
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
    const delimited = piped && i + 1 < lines.length && DELIMITER_ROW.test(inItem(i + 1));
    if (afterBlank && piped && (TABLE_START.test(inItem(i)) || delimited)) {
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
      !/^\s*\|/.test(inItem(i)) &&
      i + 1 < lines.length &&
      DELIMITER_ROW.test(inItem(i + 1))
    ) {
      const header = tableCells(inItem(i));
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
    const pipeRows = !inTable && afterBlank && !notTable.has(i) ? pipeBlockRows(lines, i, inItem) : null;
    if (pipeRows) {
      out.push(...tableHead(pipeRows[0]!, Math.max(...pipeRows.map(tableCells))), ...pipeRows.slice(1));
      while (i + 1 < lines.length && lines[i + 1]!.trim()) i++;
      inTable = true;
      continue;
    }
    if (piped && /^\s*\|/.test(inItem(i))) {
      // After the header separator, kramdown's body separators are markup.
      if (inTable && BODY_SEPARATOR.test(inItem(i)) && line.includes('+')) continue;
      if (!inTable && BODY_SEPARATOR.test(inItem(i))) inTable = true;
      // kramdown's rows need no separator line: a row after a blank line starts a table.
      // markdown-it sees one only with a separator under its first row, given it here.
      // Either way, as many columns as its widest row: markdown-it drops a row's cells past
      // the header's, where kramdown keeps them.
      if (!inTable && afterBlank && !notTable.has(i) && endsAtBlockBoundary(lines, i)) {
        let columns = 0;
        for (let k = delimited ? i + 2 : i; k < lines.length && KRAMDOWN_TABLE_LINE.test(lines[k]!); k++)
          columns = Math.max(columns, tableCells(inItem(k)));
        const header = tableCells(inItem(i));
        // The header row and the delimiter row must have as many cells (`| 运算符 描述` over `|:---|:---|` is a table too).
        // In a list item, the delimiter row goes as far in as the item's text.
        if (!delimited) out.push(...tableHead(inItem(i), Math.max(columns, header), itemLines.indentation(i)));
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
    // In a list item, right under a line of its text (`- 外` / `  5. 改进`), it starts a
    // nested list to kramdown's list parser: numbered 1 for CommonMark (a list's numbers
    // are no text).
    const nested = itemLines.nestedItem(i);
    const underText = i > 0 && fences[i - 1] === FENCE.NONE && !itemLines.sameList(i, i - 1) && PARAGRAPH_LINE.test(inItem(i - 1));
    if (nested !== null && underText && ORDERED_ITEM_NOT_ONE.test(nested)) linked = numberedOne(linked);
    out.push(linked);
  }
  if (blockHtml) out.push(...blockHtml.closeAll());
  return out.join('\n');
}
