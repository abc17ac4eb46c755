/**
 * HTML in a post's Markdown as kramdown reads it (parser/html.rb): which tags start a
 * block, how far a raw block goes, and the inline tags a paragraph leaves open or never
 * opened.
 */
import type { StateCore, StateInline } from 'markdown-it';

/** kramdown's span-level HTML elements (parser/html.rb): a line starting with any other tag starts block HTML. */
export const HTML_SPAN_ELEMENTS = new Set(
  'a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc rp rt rtc ruby samp select small span strong sub sup time tt u var'.split(
    ' ',
  ),
);
/** kramdown's block-level HTML elements (parser/html.rb): in a paragraph, a start tag of one is text. */
const HTML_BLOCK_ELEMENTS = new Set(
  'address article aside applet body blockquote caption col colgroup dd div dl dt fieldset figcaption footer form h1 h2 h3 h4 h5 h6 header hgroup hr html head iframe legend menu li main map nav ol optgroup p pre section summary table tbody td th thead tfoot tr ul'.split(
    ' ',
  ),
);
/** Elements without a body: no end tag closes them. */
const HTML_VOID_ELEMENTS = new Set('area base br col command embed hr img input keygen link meta param source track wbr'.split(' '));
/** A line starting block HTML (up to three spaces in). */
export const HTML_BLOCK_LINE = /^ {0,3}<([A-Za-z][\w:.-]*)(?=[\s/>]|$)/;
/** A comment, an end tag, or a start tag (`/` before `>` when it closes itself). */
const HTML_TOKEN = /<!--[\s\S]*?-->|<\/([A-Za-z][\w:.-]*)\s*>|<([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?(\/)?>/g;
/** A line holding one start or end tag and nothing else. */
export const SPAN_TAG_LINE = /^ {0,3}<\/?([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?\/?>\s*$/;
/** Elements whose blank lines markdown-it keeps inside one HTML block (CommonMark's type 1). */
export const KEEPS_BLANK_LINES = /^ {0,3}<(?:pre|script|style|textarea)\b/i;

/**
 * Where the block HTML element starting at `from` ends, as kramdown reads it (raw, its
 * default): each start tag opens an element and only its own end tag closes it (other
 * end tags are text); an element never closed runs to the end of the post. -1 when no
 * start tag is at `from`.
 */
export function rawHtmlEnd(source: string, from: number): number {
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

/**
 * Inline HTML left open is closed where its paragraph ends, as kramdown closes it
 * (parse_span_html: "auto-closing it"). Open, `页面标题<title>标签` would hide the rest of
 * the post (a `<title>`, `<svg>` or `<button>` in a page holds what follows it). An end
 * tag with no element open is text, and so is a block element's start tag (`宽度为960px的<DIV>在浏览器中居中`:
 * "Found block HTML tag in span-level text").
 */
export function closeInlineHtml(state: StateCore): void {
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
      const name = start?.[1]!.toLowerCase();
      if (name && HTML_BLOCK_ELEMENTS.has(name)) c.type = 'text';
      else if (name && !start![2] && !HTML_VOID_ELEMENTS.has(name)) open.push(name);
    }
    for (let k = open.length - 1; k >= 0; k--) {
      const end = new state.Token('html_inline', '', 0);
      end.content = `</${open[k]}>`;
      t.children.push(end);
    }
  }
}

/** kramdown's autolinks (parse_autolink): these schemes and e-mail addresses only; any other `<a:b>` is a tag or text. */
const KRAMDOWN_AUTOLINK = /<(?:(?:mailto|https?|ftps?):[^>\n]+?|[-.\w]+@[-\w]+(?:\.[-\w]+)*\.[a-z]+)>/y;
/**
 * A start or end tag whose name holds a dot or a colon (`<wu-kan.gitlab.io>`, `<xsl:when>`):
 * no tag to CommonMark (text, or an autolink), a tag to kramdown (REXML's names) and to
 * a browser, which shows neither. Other tags are markdown-it's `html_inline`.
 */
const DOTTED_TAG = /<\/?(?=[A-Za-z])(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*(?:\s[^<>]*?)?\/?>/y;

/** True when `pattern` (sticky) matches at `pos` and ends by `max`; its match is `pattern.lastIndex`'s. */
function matchesAt(pattern: RegExp, src: string, pos: number, max: number): boolean {
  pattern.lastIndex = pos;
  return pattern.test(src) && pattern.lastIndex <= max;
}

/** True at a `<` that starts one of kramdown's autolinks: markdown-it's `autolink` rule takes only those. */
export function isKramdownAutolink(state: StateInline): boolean {
  return matchesAt(KRAMDOWN_AUTOLINK, state.src, state.pos, state.posMax);
}

/** markdown-it's inline rule (before its `autolink`) for the tags {@link DOTTED_TAG} describes. */
export function kramdownTag(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== 0x3c || !matchesAt(DOTTED_TAG, src, pos, state.posMax)) return false;
  const tag = src.slice(pos, DOTTED_TAG.lastIndex);
  if (!/^<\/?[^\s/>]*[.:]/.test(tag) || isKramdownAutolink(state)) return false;
  if (!silent) state.push('html_inline', '', 0).content = tag;
  state.pos += tag.length;
  return true;
}
