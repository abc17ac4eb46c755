/**
 * HTML in a post's Markdown as kramdown reads it (parser/html.rb): which tags start a
 * block, how far a raw block goes, and the inline tags a paragraph leaves open or never
 * opened.
 */
import type { StateCore, StateInline, Token } from 'markdown-it';
import { AS_TYPED } from './typography.js';

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
export const HTML_VOID_ELEMENTS = new Set('area base br col command embed hr img input keygen link meta param source track wbr'.split(' '));
/** A line starting block HTML (up to three spaces in). */
export const HTML_BLOCK_LINE = /^ {0,3}<([A-Za-z][\w:.-]*)(?=[\s/>]|$)/;
/** A tag's name as kramdown reads one (REXML's: letters of any script, then letters, digits, `-`, `.`, `_`; a `prefix:` may lead). */
const TAG_NAME = String.raw`(?:[\p{Alpha}_][-\p{Alpha}\p{Nd}._]*:)?[\p{Alpha}_][-\p{Alpha}\p{Nd}._]*`;
/** Its attributes (HTML_TAG_RE): a value unquoted is letters and digits only, so `<i | o>` and `<a href=http://…>` are no tags. */
const TAG_ATTRIBUTES = String.raw`(?:\s+${TAG_NAME}(?:\s*=\s*(?:[\p{L}\p{N}_]+|"[^"]*"|'[^']*'))?)*`;
/** A line holding one start or end tag and nothing else. */
export const SPAN_TAG_LINE = /^ {0,3}<\/?([A-Za-z][\w:.-]*)(?:\s[^<>]*?)?\/?>\s*$/;
/** Elements whose blank lines markdown-it keeps inside one HTML block (CommonMark's type 1). */
export const KEEPS_BLANK_LINES = /^ {0,3}<(?:pre|script|style|textarea)\b/i;

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
    // The open elements' names, lower case but for one kramdown does not know (`<C-v>`),
    // closed in its case; and where emphasis or a link's text starts: kramdown parses
    // their content on its own, so an end tag in it closes no element opened before them
    // (`<span>元素里*开头</span> 在外面*` shows `</span>`, the span closed at the end).
    const open: (string | typeof CONTENT_START)[] = [];
    for (const c of t.children) {
      if (c.type === 'em_open' || c.type === 'strong_open' || c.type === 'link_open') open.push(CONTENT_START);
      else if (c.type === 'em_close' || c.type === 'strong_close' || c.type === 'link_close')
        open.length = Math.max(0, open.lastIndexOf(CONTENT_START));
      if (c.type !== 'html_inline') continue;
      const close = /^<\/([A-Za-z][\w:.-]*)\s*>$/.exec(c.content);
      if (close) {
        const name = close[1]!.toLowerCase();
        let at = open.length - 1;
        for (; at >= 0; at--) {
          const element = open[at]!;
          if (element === CONTENT_START || element.toLowerCase() === name) break;
        }
        if (at >= 0 && open[at] !== CONTENT_START) open.length = at;
        // An end tag nothing opened (`启动方法</br>`) is text to kramdown.
        else asTyped(c);
        continue;
      }
      const start = /^<([A-Za-z][\w:.-]*)[^]*?(\/)?>$/.exec(c.content);
      const name = start?.[1]!.toLowerCase();
      if (name && HTML_BLOCK_ELEMENTS.has(name)) asTyped(c);
      else if (name && !start![2] && !HTML_VOID_ELEMENTS.has(name)) open.push(KNOWN_ELEMENTS.has(name) ? name : start![1]!);
    }
    for (let k = open.length - 1; k >= 0; k--) {
      const name = open[k]!;
      if (name === CONTENT_START) continue;
      const end = new state.Token('html_inline', '', 0);
      end.content = `</${name}>`;
      t.children.push(end);
    }
  }
}

/** In {@link closeInlineHtml}'s open elements: where emphasis or a link's text starts. */
const CONTENT_START = Symbol('content start');

/**
 * A tag kramdown shows as text: added as the text it matched (add_text), so its quotes stay
 * straight (`<div class="note">` in a paragraph), and what follows is read after it.
 */
function asTyped(token: Token): void {
  token.type = AS_TYPED;
  token.markup = token.content;
}

/**
 * kramdown's autolinks (parse_autolink): these schemes and e-mail addresses only; any other
 * `<a:b>` is a tag or text. No `<` inside (kramdown allows one): a line of `<http:x` stays linear.
 */
const KRAMDOWN_AUTOLINK = /<(?:(?:mailto|https?|ftps?):[^<>\n]+?|[-.\w]+@[-\w]+(?:\.[-\w]+)*\.[a-z]+)>/y;
/**
 * A start or end tag as kramdown reads one (REXML's names, letters of any script:
 * `<wu-kan.gitlab.io>`, `<xsl:when>` and `<资治通鉴>` are tags, which CommonMark takes for
 * text or an autolink): group 1 the `/` of an end tag, 2 the name, 3 the `/` of an empty
 * element; attributes as kramdown reads them (HTML_TAG_RE: a value unquoted is letters and
 * digits only). A browser takes only a name starting with an ASCII letter for a tag: it shows
 * `<资治通鉴>` as text and drops `</资治通鉴>`, and so does htmlparser2.
 */
const KRAMDOWN_TAG = new RegExp(String.raw`<(\/?)(${TAG_NAME})${TAG_ATTRIBUTES}\s*(\/?)>`, 'uy');
/** What a tag would start with: kramdown shows it as text when it is no tag of its reading (`<a href=http://…>`, `<卷 ID, 文件键>`). */
const TAG_START = /<\/?[\p{Alpha}_]/uy;
/** Elements kramdown parses Markdown in, in a paragraph (HTML_CONTENT_MODEL's span and block ones); the rest are raw. */
const PARSED_CONTENT = new Set(
  'a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt address applet article aside blockquote body dd details div dl fieldset figure figcaption footer form header hgroup iframe li main map menu nav noscript object section summary td'.split(
    ' ',
  ),
);
/** The elements kramdown knows (HTML_ELEMENT): their names are matched in any case. */
const KNOWN_ELEMENTS = new Set([
  ...HTML_SPAN_ELEMENTS,
  ...HTML_BLOCK_ELEMENTS,
  ...HTML_VOID_ELEMENTS,
  ...PARSED_CONTENT,
  ...'script style math option textarea pre code kbd samp var'.split(' '),
]);

/** True when `pattern` (sticky) matches at `pos` and ends by `max`; its match is `pattern.lastIndex`'s. */
function matchesAt(pattern: RegExp, src: string, pos: number, max: number): boolean {
  pattern.lastIndex = pos;
  return pattern.test(src) && pattern.lastIndex <= max;
}

/** True when `text` at `at` holds a `<` that starts one of kramdown's autolinks (`<https://…>`). */
export function isAutolinkAt(text: string, at: number): boolean {
  return matchesAt(KRAMDOWN_AUTOLINK, text, at, text.length);
}

/** True at a `<` that starts one of kramdown's autolinks: markdown-it's `autolink` rule takes only those. */
export function isKramdownAutolink(state: StateInline): boolean {
  return matchesAt(KRAMDOWN_AUTOLINK, state.src, state.pos, state.posMax);
}

/**
 * markdown-it's inline rule (before its `autolink`) for tags as kramdown reads them
 * (parse_span_html): one named with a dot, a colon or in another script is a tag
 * (`<xsl:when>`, `<资治通鉴>`); what looks like a tag but is none to kramdown (`<a
 * href=http://…>`, `<卷 ID, 文件键>`) is text; an element whose content kramdown does not
 * parse (`<font>`, `<kbd>`, `<code>`, any it does not know: `<T>`, `<user-home>`) holds its
 * text raw up to its end tag, or, never closed, to the end of the paragraph
 * (`<user-home>/.m2 中的 [settings.xml](…)` shows the link as typed). Other tags are left
 * to markdown-it's `html_inline`; a block element's start tag is text ({@link closeInlineHtml}).
 */
export function kramdownTag(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  // `<<三体>>`: kramdown's `<<` is a typographic symbol, read before any tag.
  if (src.charCodeAt(pos) !== 0x3c || src.charCodeAt(pos - 1) === 0x3c) return false;
  if (isKramdownAutolink(state)) return false;
  // A declaration or CDATA (`<!DOCTYPE html>`, `<![CDATA[…]]>`), a processing instruction
  // (`<?xml …?>`, `List<PropertySource<?>>`: no HTML to kramdown 2.4's HTML_SPAN_START), or
  // no tag to kramdown where markdown-it's `html_inline` might take one: text.
  const declaration = (src.charCodeAt(pos + 1) === 0x21 && !src.startsWith('<!--', pos)) || src.charCodeAt(pos + 1) === 0x3f;
  KRAMDOWN_TAG.lastIndex = pos;
  const m = declaration ? null : KRAMDOWN_TAG.exec(src);
  if (!m || KRAMDOWN_TAG.lastIndex > state.posMax) {
    TAG_START.lastIndex = pos;
    if (!declaration && !TAG_START.test(src)) return false;
    if (!silent) state.pending += '<';
    state.pos = pos + 1;
    return true;
  }
  const tagEnd = pos + m[0].length;
  const name = m[2]!;
  const lower = name.toLowerCase();
  // A name CommonMark refuses (a dot, a colon, another script): markdown-it leaves the tag as text.
  const notCommonMark = !/^[A-Za-z][A-Za-z0-9-]*$/.test(name);
  const raw = !m[1] && !m[3] && !HTML_VOID_ELEMENTS.has(lower) && !HTML_BLOCK_ELEMENTS.has(lower) && !PARSED_CONTENT.has(lower);
  if (!raw) {
    // A tag markdown-it reads as kramdown does, or one only kramdown takes for a tag.
    if (!notCommonMark) return false;
    if (!silent) state.push('html_inline', '', 0).content = m[0];
    state.pos = tagEnd;
    return true;
  }
  const end = endTagAfter(src, name, tagEnd);
  const contentEnd = end && end.index + end[0].length <= state.posMax ? end.index : state.posMax;
  if (!silent) {
    state.push('html_inline', '', 0).content = m[0];
    pushRaw(state, tagEnd, contentEnd);
    if (contentEnd < state.posMax) state.push('html_inline', '', 0).content = end![0];
  }
  state.pos = contentEnd < state.posMax ? contentEnd + end![0].length : state.posMax;
  return true;
}

/** The first end tag of element `name` in `text` from `from` on (kramdown's stop_re: in any case for an element it knows), or null. */
export function endTagAfter(text: string, name: string, from: number): RegExpExecArray | null {
  const close = new RegExp(`</${name.replace(/[.]/g, '\\.')}\\s*>`, KNOWN_ELEMENTS.has(name.toLowerCase()) ? 'gi' : 'g');
  close.lastIndex = from;
  return close.exec(text);
}

/** An HTML comment. */
const HTML_COMMENT = /<!--[^]*?-->/y;

/**
 * An element's raw content, `src` from `from` to `to`, as kramdown gives it: the tags and
 * comments in it are tags and comments (only its HTML parser reads raw text), the rest is
 * text as typed, Markdown, escapes and quotes included (`<kbd>\\<leader\\>i</kbd>`).
 */
function pushRaw(state: StateInline, from: number, to: number): void {
  const src = state.src;
  const text = (end: number): void => {
    if (end > done) state.push('html_inline', '', 0).content = state.md.utils.escapeHtml(src.slice(done, end));
  };
  let done = from;
  for (let at = src.indexOf('<', from); at >= 0 && at < to; at = src.indexOf('<', at + 1)) {
    KRAMDOWN_TAG.lastIndex = at;
    HTML_COMMENT.lastIndex = at;
    const end = KRAMDOWN_TAG.test(src) ? KRAMDOWN_TAG.lastIndex : HTML_COMMENT.test(src) ? HTML_COMMENT.lastIndex : -1;
    if (end < 0 || end > to) continue;
    text(at);
    state.push('html_inline', '', 0).content = src.slice(at, end);
    done = end;
    at = end - 1;
  }
  text(to);
}

/**
 * What kramdown's span parser reads at a `<` of `text` with only code spans and span HTML
 * (parse_span_html, as a table's last test runs it): a comment, an element with its content
 * up to its end tag (to the end of `text` when it has none), or text (no tag, an end tag
 * closing nothing, a block element's tag). Where that ends.
 */
export function spanHtmlAt(text: string, at: number): SpanHtml {
  HTML_COMMENT.lastIndex = at;
  if (HTML_COMMENT.test(text)) return { kind: 'comment', end: HTML_COMMENT.lastIndex };
  KRAMDOWN_TAG.lastIndex = at;
  const m = KRAMDOWN_TAG.exec(text);
  if (!m) return { kind: 'text', end: at + 1 };
  const tagEnd = at + m[0].length;
  const name = m[2]!;
  const lower = name.toLowerCase();
  if (m[1] || HTML_BLOCK_ELEMENTS.has(lower)) return { kind: 'text', end: tagEnd };
  if (m[3] || HTML_VOID_ELEMENTS.has(lower)) return { kind: 'element', end: tagEnd };
  const end = endTagAfter(text, name, tagEnd);
  return {
    kind: 'element',
    end: end ? end.index + end[0].length : text.length,
    name,
    content: tagEnd,
    endTag: end ? end.index : text.length,
  };
}

/** What {@link spanHtmlAt} reads; for an element with content, its name, where its content starts and where its end tag does (the text's end without one). */
export type SpanHtml =
  { kind: 'comment' | 'text'; end: number } | { kind: 'element'; end: number; name?: string; content?: number; endTag?: number };

/**
 * Elements whose content kramdown's HTML parser takes as it stands up to their end tag
 * (handle_raw_html_tag), even written `<script … />`; without an end tag, to the end.
 */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style']);

/** What kramdown's raw HTML reads at a `<` besides tags: a comment or a processing instruction. */
const COMMENT_OR_INSTRUCTION = /<!--[^]*?-->|<\?[^]*?\?>/y;

/**
 * The block HTML element starting at `from`, as kramdown reads it (parse_raw_html, its
 * default): where it ends, each start tag opening an element and only the end tag of the
 * element opened last closing it (any other end tag is text); never closed, it runs to
 * the end of the post. And its HTML as kramdown writes it: tags, comments and
 * instructions as they are, each other `<` escaped, text the page shows (`Mode: <i | o | a>`
 * is no tag, `<strong><a href=http://…>来源</a></strong>` shows `</a>`), where an HTML
 * parser might take it for markup. Null when no start tag is at `from` (`<https://…>`).
 */
export function rawHtmlBlock(source: string, from: number): { end: number; html: string } | null {
  KRAMDOWN_TAG.lastIndex = from;
  const first = KRAMDOWN_TAG.exec(source);
  if (!first || first[1]) return null;
  const open: string[] = [];
  let out = '';
  let done = from;
  let end = source.length;
  for (let at = from; at >= 0; at = source.indexOf('<', at + 1)) {
    KRAMDOWN_TAG.lastIndex = at;
    const tag = KRAMDOWN_TAG.exec(source);
    let tagEnd = -1;
    if (tag) {
      const lower = tag[2]!.toLowerCase();
      const name = KNOWN_ELEMENTS.has(lower) ? lower : tag[2]!;
      if (!tag[1] && RAW_TEXT_ELEMENTS.has(name)) {
        // Its content is text up to its end tag, whatever it holds (`// 这里是<div>标签`).
        const close = new RegExp(`</${name}\\s*>`, 'gi');
        close.lastIndex = KRAMDOWN_TAG.lastIndex;
        const closed = close.exec(source);
        if (!closed) break;
        tagEnd = close.lastIndex;
      } else if (!tag[1]) {
        if (!tag[3] && !HTML_VOID_ELEMENTS.has(lower)) open.push(name);
        tagEnd = KRAMDOWN_TAG.lastIndex;
      } else if (open[open.length - 1] === name) {
        open.pop();
        tagEnd = KRAMDOWN_TAG.lastIndex;
      }
    } else {
      COMMENT_OR_INSTRUCTION.lastIndex = at;
      if (COMMENT_OR_INSTRUCTION.test(source)) tagEnd = COMMENT_OR_INSTRUCTION.lastIndex;
    }
    if (tagEnd < 0) {
      out += `${source.slice(done, at)}&lt;`;
      done = at + 1;
      continue;
    }
    if (open.length === 0) {
      end = tagEnd;
      break;
    }
    at = tagEnd - 1;
  }
  return { end, html: out + source.slice(done, end) };
}
