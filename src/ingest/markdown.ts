/**
 * Markdown as Jekyll renders it with kramdown (its default), through markdown-it and its
 * plugins. Where kramdown differs from CommonMark in what a reader sees:
 * - emphasis next to CJK punctuation (`“**你好**，”`) is emphasis (markdown-it-cjk-friendly);
 * - footnotes (`[^1]`) render as numbers with their notes at the end (markdown-it-footnote);
 * - definition lists and abbreviations (markdown-it-deflist, markdown-it-abbr);
 * - attribute lists (`{: .note}`, `{#id}`, span IALs) and `{:toc}` are markup, never text;
 * - `|---+---|` lines inside a table separate its body, they are not rows;
 * - `markdown="1"` on a block HTML element renders the Markdown inside it;
 * - `$$…$$` is math, as it is typed (no emphasis or escapes inside): `\[…\]` when it is a
 *   block of its own between blank lines, on one line or several, else `\(…\)`;
 * - smart quotes, dashes, ellipses and guillemets as kramdown types them (`--` → –,
 *   `...` → …, `<<三体>>` → «三体»);
 * - a list item starting `[ ]` or `[x]` is a task, its box a checkbox, not text (GFM).
 * - quotes curled by kramdown's rules (a quote after any character but a space or an
 *   opening bracket closes: `。"智能引号"` → `。”智能引号”`).
 * - the list a `{:toc}` marks is the table of contents: the headings' text, in order.
 */
import type markdownItFactory from 'markdown-it';
import type { MarkdownIt, StateBlock, StateCore, StateInline, Token } from 'markdown-it';

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;
import type abbrPlugin from 'markdown-it-abbr';
import type cjkFriendlyPlugin from 'markdown-it-cjk-friendly';
import type deflistPlugin from 'markdown-it-deflist';
import type footnotePlugin from 'markdown-it-footnote';
import { lazyRequire } from '../lazy-require.js';

const markdownIt = lazyRequire<typeof markdownItFactory>('markdown-it');
const abbr = lazyRequire<typeof abbrPlugin>('markdown-it-abbr');
// Its CommonJS build exports the plugin as `default`.
const cjkFriendly = lazyRequire<{ default: typeof cjkFriendlyPlugin }>('markdown-it-cjk-friendly');
const deflist = lazyRequire<typeof deflistPlugin>('markdown-it-deflist');
const footnote = lazyRequire<typeof footnotePlugin>('markdown-it-footnote');

/** An inline attribute list (`{: .note}`, `{:#id}`), a header id (`{#id}`) or `{:toc}`. */
const IAL = /\{:[^{}\n]*\}|\{#[\w-]+\}|\{\.[\w-]+\}/g;

/** kramdown's math: `$$`, anything (several lines too), `$$`. */
const MATH = /\$\$([\s\S]*?)\$\$/y;

function textOnly(token: Token): boolean {
  return (token.children ?? []).every((c) => c.type === 'text' || c.type === 'softbreak');
}

/** Drops attribute lists from text, and the list a `{:toc}` replaces. */
function kramdownMarkup(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
      // `* 目录\n{:toc}`: kramdown puts the table of contents there; the list itself is not text.
      let depth = 0;
      let j = i;
      let toc = false;
      for (; j < tokens.length; j++) {
        const u = tokens[j]!;
        if (u.type === t.type) depth++;
        if (u.type === t.type.replace('_open', '_close')) depth--;
        if (u.type === 'inline' && /\{:toc\}\s*$/.test(u.content)) toc = true;
        if (depth === 0) break;
      }
      // Marked for tableOfContents, which replaces it once the headings' text is final.
      if (toc) t.meta = { toc: true };
      continue;
    }
    // `{:.no_toc}` on a heading, or on its own line after it: the heading stays out of the table of contents.
    if (t.type === 'heading_open') {
      const after = tokens[i + 4];
      if (NO_TOC.test(tokens[i + 1]?.content ?? '') || (tokens[i + 3]?.type === 'paragraph_open' && after && NO_TOC.test(after.content)))
        t.meta = { noToc: true };
    }
    if (t.type !== 'inline' || !t.children) continue;
    for (const c of t.children) {
      if (c.type === 'text') c.content = c.content.replace(IAL, '');
    }
    // A paragraph that only held an attribute list (`{: .note}` on its own line after a block).
    if (textOnly(t) && t.children.every((c) => c.type === 'softbreak' || !c.content.trim())) {
      const open = tokens[i - 1];
      const close = tokens[i + 1];
      if (open?.type === 'paragraph_open' && close?.type === 'paragraph_close') {
        tokens.splice(i - 1, 3);
        i -= 2;
      }
    }
  }
}

const NO_TOC = /\{:\s*\.no_toc\s*\}/;

/**
 * The list a `{:toc}` marks (kramdownMarkup) becomes kramdown's table of contents: the
 * post's headings, in order, but those marked `{:.no_toc}`.
 */
function tableOfContents(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!(t.meta as { toc?: boolean } | null)?.toc) continue;
    let depth = 0;
    let j = i;
    for (; j < tokens.length; j++) {
      if (tokens[j]!.type === t.type) depth++;
      if (tokens[j]!.type === t.type.replace('_open', '_close')) depth--;
      if (depth === 0) break;
    }
    const items: string[] = [];
    for (let k = 0; k < tokens.length; k++) {
      const h = tokens[k]!;
      if (h.type !== 'heading_open' || (h.meta as { noToc?: boolean } | null)?.noToc) continue;
      const inline = tokens[k + 1]!;
      items.push(`<li>${state.md.renderer.renderInline(inline.children ?? [], state.md.options, state.env)}</li>`);
    }
    const list = new state.Token('html_block', '', 0);
    list.content = `<ul id="markdown-toc">${items.join('')}</ul>\n`;
    list.block = true;
    tokens.splice(i, j - i + 1, list);
  }
}

const PUNCT = `[!"#$%'()*+,\\-./:;<=>?@\\[\\\\\\]^_\`{|}~]`;
/**
 * Ruby's regular expressions, which kramdown's rules are: `\s` is ASCII whitespace (not
 * U+3000), `\w` ASCII, but `\b` and `\B` see any letter as a word character (a Han
 * character too). NO_WORD_NEXT is `\B` after a non-word character.
 */
const NO_WORD_NEXT = '(?![\\p{L}\\p{N}_])';
/** kramdown's smart-quote rules (parser/kramdown/smart_quotes.rb), tried in order at the character before a quote. */
const QUOTE_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/("|')(?=[_*]{1,2}[^ \t\r\n\f\v])/y, (m) => (m[1] === '"' ? '“' : '‘')],
  [new RegExp(`("|')(?=${PUNCT}(?!\\.\\.)${NO_WORD_NEXT})`, 'uy'), (m) => (m[1] === '"' ? '”' : '’')],
  [/([ \t\r\n\f\v]?)"'(?=\w)/y, (m) => `${m[1]}“‘`],
  [/([ \t\r\n\f\v]?)'"(?=\w)/y, (m) => `${m[1]}‘“`],
  [/([ \t\r\n\f\v]?)'(?=\d\ds)/y, (m) => `${m[1]}’`],
  [/([ \t\r\n\f\v])('|")(?=\w)/y, (m) => `${m[1]}${m[2] === '"' ? '“' : '‘'}`],
  [/([^ \\\t\r\n[{(-])('|")/uy, (m) => `${m[1]}${m[2] === '"' ? '”' : '’'}`],
  [new RegExp(`("|')(?=[ \\t\\r\\n\\f\\v]|s${NO_WORD_NEXT}|$)`, 'uy'), (m) => (m[1] === '"' ? '”' : '’')],
  [/(.?)'/suy, (m) => `${m[1]}‘`],
  [/(.?)"/suy, (m) => `${m[1]}“`],
];

/**
 * What the source holds right after an inline token ends a text: a quote's rules look
 * past the text (`''<br>` curls as `’‘`, kramdown seeing the `<`; at the text's end `’’`).
 */
function sourceAfter(next: Token | undefined): string {
  if (!next) return '';
  if (next.type === 'html_inline') return next.content.slice(0, 2);
  if (next.type === 'softbreak' || next.type === 'hardbreak') return '\n';
  return next.markup.slice(0, 2);
}

/**
 * A text's straight quotes curled as kramdown curls them; `after`: the source that
 * follows the text (its rules look ahead), not itself curled.
 */
export function kramdownQuotes(text: string, after = ''): string {
  if (after) {
    const both = kramdownQuotes(text + after);
    if (both.endsWith(after)) return both.slice(0, both.length - after.length);
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    const q = text.indexOf('"', i);
    const s = text.indexOf("'", i);
    const at = q < 0 ? s : s < 0 ? q : Math.min(q, s);
    if (at < 0) break;
    if (text[at - 1] === '\\') {
      out += text.slice(i, at + 1);
      i = at + 1;
      continue;
    }
    // The scan starts at the character before the quote, when there is one not yet written.
    const from = at > i ? at - 1 : at;
    out += text.slice(i, from);
    let done = false;
    for (const [re, put] of QUOTE_RULES) {
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) continue;
      out += put(m);
      i = from + m[0].length;
      done = true;
      break;
    }
    if (!done) {
      out += text[from];
      i = from + 1;
    }
  }
  return out + text.slice(i);
}

/**
 * Inline HTML left open is closed where its paragraph ends, as kramdown closes it
 * (parse_span_html: "auto-closing it"). Open, `页面标题<title>标签` would hide the rest of
 * the post (a `<title>`, `<svg>` or `<button>` in a page holds what follows it). An end
 * tag with no element open is text.
 */
function closeInlineHtml(state: StateCore): void {
  for (const t of state.tokens) {
    if (t.type !== 'inline' || !t.children?.some((c) => c.type === 'html_inline')) continue;
    const open: string[] = [];
    for (const c of t.children) {
      if (c.type !== 'html_inline') continue;
      const close = /^<\/([A-Za-z][\w:.-]*)\s*>$/.exec(c.content);
      if (close) {
        const at = open.lastIndexOf(close[1]!.toLowerCase());
        if (at >= 0) open.length = at;
        // An end tag nothing opened (`启动方法</br>`) is text to kramdown.
        else c.type = 'text';
        continue;
      }
      const start = /^<([A-Za-z][\w:.-]*)[^]*?(\/)?>$/.exec(c.content);
      if (start && !start[2] && !HTML_VOID_ELEMENTS.has(start[1]!.toLowerCase())) open.push(start[1]!.toLowerCase());
    }
    for (let k = open.length - 1; k >= 0; k--) {
      const end = new state.Token('html_inline', '', 0);
      end.content = `</${open[k]}>`;
      t.children.push(end);
    }
  }
}

/** A task list item's box (kramdown-parser-gfm: `[ ]` or `[x]`, any case, then a space). */
const TASK_BOX = /^\s*\[[ xX]\]\s+/;

/** Drops the box of each task list item: the page shows a checkbox there. */
function taskBoxes(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]!.type !== 'list_item_open' || tokens[i + 1]!.type !== 'paragraph_open') continue;
    const first = tokens[i + 2]!.children?.[0];
    if (first?.type === 'text' && TASK_BOX.test(first.content)) first.content = first.content.replace(TASK_BOX, '');
  }
}

/** kramdown's table separator lines inside a table body (`|----+----|`), which are not rows. */
const BODY_SEPARATOR = /^\s*\|?\s*[-=]+(?:\s*[+|]\s*:?[-=]+:?)*\s*\|?\s*$/;

/**
 * True when line `i` opens a fenced code block as kramdown reads it (its GFM parser's
 * FENCED_CODEBLOCK_MATCH): the fence, at most one word (the language), and a closing
 * fence of the same character, at least as long, further down. CommonMark also takes an
 * info string of several words (`~~~——OneV 2012.5.14~~~`) and a fence never closed, which
 * then holds the rest of the post as code.
 */
function isKramdownFence(lines: { length: number; at(k: number): string }, i: number): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(lines.at(i));
  if (!m || !/^\s*\S*\s*$/.test(m[2]!)) return false;
  const close = new RegExp(`^ {0,3}${m[1]![0] === '`' ? '`' : '~'}{${m[1]!.length},}\\s*$`);
  for (let k = i + 1; k < lines.length; k++) if (close.test(lines.at(k))) return true;
  return false;
}

/** kramdown's comment extension, inline or over lines: `{::comment}…{:/comment}` (or `{:/}`). */
const KRAMDOWN_COMMENT = /\{::comment\}[\s\S]*?\{:\/(?:comment)?\}/g;
/** The marks of its other extensions: `{::nomarkdown}…{:/nomarkdown}` keeps what is between, `{::options … /}` is a setting. */
const KRAMDOWN_MARK = /\{::(?:nomarkdown|options)\b[^{}\n]*\}|\{:\/(?:nomarkdown)?\}/g;

/** The source without kramdown's extension marks and comments, outside fenced code. */
function withoutExtensions(source: string): string {
  if (!source.includes('{::')) return source;
  // Split at fenced code blocks (odd parts), whose text stays as written.
  const parts = source.split(/^(\s{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s{0,3}\2[`~]*[ \t]*$)/m);
  let out = '';
  for (let i = 0; i < parts.length; i += 3) {
    out += parts[i]!.replace(KRAMDOWN_COMMENT, '').replace(KRAMDOWN_MARK, '');
    if (i + 1 < parts.length) out += parts[i + 1];
  }
  return out;
}

/** kramdown's span-level HTML elements (parser/html.rb): a line starting with any other tag starts block HTML. */
const HTML_SPAN_ELEMENTS = new Set(
  'a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc rp rt rtc ruby samp select small span strong sub sup time tt u var'.split(
    ' ',
  ),
);
/** Elements without a body: no end tag closes them. */
const HTML_VOID_ELEMENTS = new Set('area base br col command embed hr img input keygen link meta param source track wbr'.split(' '));
/** A line starting block HTML (up to three spaces in). */
const HTML_BLOCK_LINE = /^ {0,3}<([A-Za-z][\w:.-]*)(?=[\s/>]|$)/;
/** A comment, an end tag, or a start tag (`/` before `>` when it closes itself). */
const HTML_TOKEN = /<!--[\s\S]*?-->|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(\/)?>/g;
/** A line holding one start or end tag and nothing else. */
const SPAN_TAG_LINE = /^ {0,3}<\/?([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?\/?>\s*$/;
/** A line that goes on a paragraph (not blank, and starting no other block: heading, list, quote, fence, table, HTML, code). */
const PARAGRAPH_LINE = /^(?! {4}|\t)(?!\s*$)(?! {0,3}(?:[#>|<]|[-*+][ \t]|\d+[.)][ \t]|`{3}|~{3}))/;
/**
 * A link or image whose address has a space (`![图](/img/blog-font awesome.png)`): kramdown
 * takes it whole, CommonMark only inside `<…>`. Not when the space starts a title (`"…"`).
 */
const SPACED_DESTINATION = /(!?\[[^\]\n]*\]\()(?!<)([^()<>\s]+(?: +[^()<>\s"']+)+) *\)/g;
/** GFM's delimiter row (`|:---|---:|`), which makes the row above it a table's header. */
const DELIMITER_ROW = /^ {0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
/** kramdown's TABLE_LINE: a pipe, then another one not escaped. */
const TABLE_ROW = /^ {0,3}\|.*?[^\\\n]\|/;

/** The cells markdown-it makes of a table row (split at pipes not escaped, the outer ones dropped). */
function tableCells(row: string): number {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/** A CommonMark list item numbered `1)` (kramdown knows only `1.`). */
const PAREN_LIST_ITEM = /^( {0,3}\d{1,9})\)(?=[ \t]|$)/;
/** Elements whose blank lines markdown-it keeps inside one HTML block (CommonMark's type 1). */
const KEEPS_BLANK_LINES = /^ {0,3}<(?:pre|script|style|textarea)\b/i;

/**
 * Where the block HTML element starting at `from` ends, as kramdown reads it (raw, its
 * default): each start tag opens an element and only its own end tag closes it (other
 * end tags are text); an element never closed runs to the end of the post. -1 when no
 * start tag is at `from`.
 */
function rawHtmlEnd(source: string, from: number): number {
  const open: string[] = [];
  HTML_TOKEN.lastIndex = from;
  // Not a start tag there (`<https://…>` is a link): no HTML block.
  const first = HTML_TOKEN.exec(source);
  if (!first || first.index !== from || !first[2]) return -1;
  for (let m: RegExpExecArray | null = first; m; m = HTML_TOKEN.exec(source)) {
    if (m[1]) {
      if (open[open.length - 1] === m[1].toLowerCase()) open.pop();
    } else if (m[2] && !m[3] && !HTML_VOID_ELEMENTS.has(m[2].toLowerCase())) open.push(m[2].toLowerCase());
    if (open.length === 0) return HTML_TOKEN.lastIndex;
  }
  return source.length;
}

/** Source-level kramdown forms markdown-it does not know, outside fenced code. */
function preprocess(source: string): string {
  const text = withoutExtensions(source);
  const lines = text.split('\n');
  // Where each line starts in `text`.
  const starts = new Int32Array(lines.length + 1);
  for (let i = 0; i < lines.length; i++) starts[i + 1] = starts[i]! + lines[i]!.length + 1;
  const out: string[] = [];
  let fence: string | null = null;
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && !line.trim().slice(f[1]!.length).trim()) fence = null;
      out.push(line);
      continue;
    }
    if (f && isKramdownFence({ length: lines.length, at: (k) => lines[k]! }, i)) {
      fence = f[1]!;
      out.push(line);
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
      const startsTable = !inTable && TABLE_ROW.test(line) && (out.length === 0 || !out[out.length - 1]!.trim());
      if (startsTable) {
        const delimited = i + 1 < lines.length && DELIMITER_ROW.test(lines[i + 1]!);
        let columns = 0;
        for (let k = delimited ? i + 2 : i; k < lines.length && TABLE_ROW.test(lines[k]!); k++)
          columns = Math.max(columns, tableCells(lines[k]!));
        const header = tableCells(line);
        const wider = Math.max(0, columns - header);
        // The header row and the delimiter row must have as many cells.
        out.push(wider ? `${line.trimEnd().replace(/\|?$/, '|')}${' |'.repeat(wider)}` : line);
        if (!delimited) out.push(`|${'---|'.repeat(header + wider)}`);
        else {
          out.push(wider ? `${lines[i + 1]!.trimEnd().replace(/\|?$/, '|')}${'---|'.repeat(wider)}` : lines[i + 1]!);
          i++;
        }
        inTable = true;
        continue;
      }
    } else if (!line.trim()) inTable = false;
    // `<div markdown="1">`: its content is Markdown; blank lines let markdown-it see it so.
    const md = /^(\s*<([a-zA-Z][\w-]*)\b[^>]*?)\s+markdown=(["']?)(?:1|block|span)\3([^>]*>)(.*)$/.exec(line);
    if (md) {
      out.push(`${md[1]}${md[4]}`, '', md[5]!);
      const close = new RegExp(`^\\s*</${md[2]}>\\s*$`, 'i');
      let depth = 1;
      for (i++; i < lines.length; i++) {
        const inner = lines[i]!;
        if (new RegExp(`<${md[2]}\\b`, 'i').test(inner)) depth++;
        if (close.test(inner) && --depth === 0) {
          out.push('', inner);
          break;
        }
        out.push(inner);
      }
      continue;
    }
    // A span element's tag alone on its line (`<br>`, `<img …>`) starts a paragraph to
    // kramdown, and the next line goes on with it; to markdown-it it would be an HTML block
    // holding that next line as raw text (`**粗体**` shown as typed). Joined with it, it is
    // inline HTML at the start of the paragraph.
    const alone = SPAN_TAG_LINE.exec(line);
    if (alone && HTML_SPAN_ELEMENTS.has(alone[1]!.toLowerCase()) && i + 1 < lines.length && PARAGRAPH_LINE.test(lines[i + 1]!)) {
      starts[i + 1] = starts[i]!;
      lines[i + 1] = line.trim() + lines[i + 1]!;
      continue;
    }
    // Block HTML is raw to kramdown up to its element's end tag, blank lines and indented
    // lines included; markdown-it would end it at a blank line and read what follows as
    // Markdown (an indented `<p>` as code). Without its blank lines it is one HTML block to
    // markdown-it too, and a blank line after it ends it where kramdown does.
    const html = HTML_BLOCK_LINE.exec(line);
    if (html && !HTML_SPAN_ELEMENTS.has(html[1]!.toLowerCase())) {
      const end = rawHtmlEnd(text, starts[i]! + line.indexOf('<'));
      if (end < 0) {
        out.push(line);
        continue;
      }
      let last = i;
      while (starts[last + 1]! <= end && last + 1 < lines.length) last++;
      const keepBlank = KEEPS_BLANK_LINES.test(line);
      // In a `<div>` of its own, which markdown-it takes as an HTML block whatever follows
      // on its line (`<T>`是一个泛型方法 it would read as a paragraph).
      if (!keepBlank) out.push('<div>');
      for (let k = i; k < last; k++) if (keepBlank || lines[k]!.trim()) out.push(lines[k]!);
      // The line the element ends on: what follows its end tag is read anew.
      const cut = Math.min(end - starts[last]!, lines[last]!.length);
      const after = lines[last]!.slice(cut);
      out.push(lines[last]!.slice(0, cut));
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
    out.push(numbered.includes('](') && !numbered.includes('`') ? numbered.replace(SPACED_DESTINATION, '$1<$2>)') : numbered);
  }
  return out.join('\n');
}

/**
 * kramdown's block math (parser/kramdown/math.rb): `$$…$$` starting a block and ending
 * before a blank line (or the end). Elsewhere `$$…$$` is inline math ({@link inlineMath}).
 */
function blockMath(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4 || !state.src.startsWith('$$', start)) return false;
  MATH.lastIndex = start;
  const m = MATH.exec(state.src);
  if (!m) return false;
  // The closing `$$` ends its line, and a blank line (or the end) follows.
  const end = start + m[0].length;
  const lineEnd = state.src.indexOf('\n', end);
  if (state.src.slice(end, lineEnd < 0 ? undefined : lineEnd).trim()) return false;
  let last = startLine;
  while (last < endLine && state.eMarks[last]! < end) last++;
  if (last + 1 < endLine && !state.isEmpty(last + 1)) return false;
  if (silent) return true;
  const token = state.push('kramdown_math', 'div', 0);
  token.content = `\\[${m[1]!.trim()}\\]`;
  token.block = true;
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/** kramdown's inline math: `$$…$$` inside a paragraph, as typed. */
function inlineMath(state: StateInline, silent: boolean): boolean {
  if (!state.src.startsWith('$$', state.pos)) return false;
  MATH.lastIndex = state.pos;
  const m = MATH.exec(state.src);
  if (!m) return false;
  if (!silent) state.push('kramdown_math', 'span', 0).content = `\\(${m[1]!.trim()}\\)`;
  state.pos += m[0].length;
  return true;
}

/**
 * Replaces markdown-it's block rule `name` by `wrap` of it, keeping the rules it may
 * interrupt (`alt`: a fence ends a paragraph). Its rule list is not public: a markdown-it
 * without the rule keeps its own.
 */
function wrapBlockRule(md: MarkdownIt, name: string, wrap: (rule: BlockRule) => BlockRule): void {
  const rules = (md.block.ruler as unknown as { __rules__?: { name: string; fn: BlockRule; alt: string[] }[] }).__rules__;
  const rule = rules?.find((r) => r.name === name);
  if (rule) md.block.ruler.at(name, wrap(rule.fn), { alt: [...rule.alt] });
}

function createRenderer(): MarkdownIt {
  // kramdown keeps (c), (tm) and +- as typed and curls quotes its own way: typography is done below.
  const md = markdownIt()({ html: true, linkify: false, typographer: false });
  md.use(cjkFriendly().default).use(footnote()).use(deflist()).use(abbr());
  // Footnote references show as numbers, their back-links as ↩ (kramdown's output).
  md.renderer.rules.footnote_caption = (tokens, idx) => String(Number((tokens[idx]!.meta as { id: number }).id) + 1);
  md.renderer.rules.footnote_anchor = () => ' <a class="reversefootnote">↩</a>';
  md.block.ruler.before('paragraph', 'kramdown_math', blockMath);
  // A table starts after a blank line in kramdown: one right under a paragraph's line is
  // more of the paragraph (markdown-it asks a rule in silent mode whether it interrupts
  // one), one right under a heading a paragraph.
  wrapBlockRule(
    md,
    'table',
    // After a blank line or first in its block: not under a heading either (after_block_boundary?).
    (table) => (state, startLine, endLine, silent) =>
      !silent && (startLine === 0 || state.isEmpty(startLine - 1)) && table(state, startLine, endLine, silent),
  );
  // Fences as kramdown takes them (isKramdownFence); the others are paragraph text.
  wrapBlockRule(md, 'fence', (fence) => (state, startLine, endLine, silent) => {
    const at = state.bMarks[startLine]! + state.tShift[startLine]!;
    const c = state.src.charCodeAt(at);
    // Most lines start no fence: only those starting with ``` or ~~~ are looked at further.
    if ((c !== 0x60 && c !== 0x7e) || state.src.charCodeAt(at + 1) !== c || state.src.charCodeAt(at + 2) !== c) return false;
    const line = (k: number): string =>
      state.src.slice(state.bMarks[startLine + k]! + state.tShift[startLine + k]!, state.eMarks[startLine + k]);
    return isKramdownFence({ length: endLine - startLine, at: line }, 0) && fence(state, startLine, endLine, silent);
  });
  md.inline.ruler.before('escape', 'kramdown_math', inlineMath);
  md.renderer.rules.kramdown_math = (tokens, idx) => {
    const t = tokens[idx]!;
    const text = md.utils.escapeHtml(t.content);
    return t.block ? `<div class="kdmath">${text}</div>\n` : text;
  };
  md.core.ruler.push('kramdown_markup', kramdownMarkup);
  md.core.ruler.push('task_boxes', taskBoxes);
  md.core.ruler.push('close_inline_html', closeInlineHtml);
  // Quotes, dashes and ellipses, in text only (never in code).
  md.core.ruler.push('kramdown_typography', (state) => {
    for (const t of state.tokens) {
      if (t.type !== 'inline' || !t.children) continue;
      const children = t.children;
      for (let k = 0; k < children.length; k++) {
        const c = children[k]!;
        if (c.type === 'text')
          c.content = kramdownQuotes(c.content, sourceAfter(children[k + 1]))
            .replace(/\.\.\./g, '…')
            // Left to right, the longer first (kramdown's TYPOGRAPHIC_SYMS): `-----` is `—–`.
            .replace(/---?/g, (d) => (d.length === 3 ? '—' : '–'))
            .replace(/<</g, '«')
            .replace(/>>/g, '»');
      }
    }
  });
  // After the typography: the headings' text as the page shows it.
  md.core.ruler.push('table_of_contents', tableOfContents);
  return md;
}

let renderer: MarkdownIt | null = null;

/** Markdown to HTML as kramdown (Jekyll's default) would render it, for its visible text. */
export function renderMarkdown(source: string): string {
  renderer ??= createRenderer();
  return renderer.render(preprocess(source));
}
