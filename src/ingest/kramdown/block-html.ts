/**
 * Block HTML as kramdown reads it with `parse_block_html` (parser/kramdown/html.rb
 * handle_kramdown_html_tag): each element starting a line is read by its content model
 * (parser/html.rb HTML_CONTENT_MODEL), unless its `markdown` attribute says otherwise:
 *
 * - block (`div`, `details`, `summary`, `section`…): what follows its start tag is Markdown
 *   blocks, up to a line starting with its end tag; an end tag anywhere else is text
 *   (`<summary>点击</summary>` shows `点击</summary>`, and the `</details>` after it too);
 *   never closed, it ends with the post;
 * - span (`p`, `h1`…`h6`, `dt`…): the text up to its end tag, wherever that is, is Markdown
 *   spans;
 * - raw (`pre`, `table`, `ul`, `script`, any other): HTML as without the option (source.ts).
 *
 * Written for markdown-it as tags on lines of their own between blank lines, their
 * content between them as Markdown; an end tag that closes nothing, at a line's start,
 * with its `<` escaped (kramdown reads it as a paragraph's text).
 */
import { HTML_SPAN_ELEMENTS, HTML_VOID_ELEMENTS } from './html.js';

/** Elements whose content kramdown reads as Markdown blocks (HTML_CONTENT_MODEL_BLOCK). */
const BLOCK_CONTENT = new Set(
  'address applet article aside blockquote body dd details div dl fieldset figure figcaption footer form header hgroup iframe li main map menu nav noscript object section summary td'.split(
    ' ',
  ),
);
/** Elements whose content kramdown reads as Markdown spans (HTML_CONTENT_MODEL_SPAN). */
const SPAN_CONTENT = new Set(
  'a abbr acronym b bdo big button cite caption del dfn dt em h1 h2 h3 h4 h5 h6 i ins label legend optgroup p q rb rbc rp rt rtc ruby select small span strong sub sup th tt'.split(
    ' ',
  ),
);
/** True when kramdown reads the element's content as Markdown with `parse_block_html` (as blocks or as spans). */
export function readsMarkdown(name: string): boolean {
  return BLOCK_CONTENT.has(name) || SPAN_CONTENT.has(name);
}

/** A start tag at a line's start (up to three spaces in): the tag, its name, its attributes, whether it closes itself, what follows it. */
const START_TAG = /^( {0,3}<([A-Za-z][\w:.-]*)((?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>)(.*)$/;
/** An end tag at a line's start: its name, what follows it. */
const END_TAG = /^ {0,3}<\/([A-Za-z][\w:.-]*)\s*>(.*)$/;
/** The `markdown` attribute's value among a tag's attributes. */
const MARKDOWN_VALUE = /\smarkdown\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

/** How an element's content is read: as Markdown blocks, as Markdown spans, or raw. */
function contentModel(name: string, attributes: string): 'block' | 'span' | 'raw' {
  const m = MARKDOWN_VALUE.exec(attributes);
  const value = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '1';
  if (value === '0') return 'raw';
  if (value === 'block' || value === 'span') return value;
  // `1`, or a value kramdown does not know: the element's own.
  return BLOCK_CONTENT.has(name) ? 'block' : SPAN_CONTENT.has(name) ? 'span' : 'raw';
}

/**
 * An element of Markdown spans for markdown-it: its tags apart, its content a paragraph
 * between them. A `<p>` is that paragraph alone and an `<h2>` a heading, as kramdown
 * writes them (`<p>**粗体**</p>` is `<p><strong>粗体</strong></p>`, not a paragraph in a
 * `<p>`: the HTML another post's `{{ p.content }}` shows is read again).
 */
export function spanElement(name: string, tag: string, content: string[]): string[] {
  const spans = content.map(asSpans);
  if (name === 'p') return ['', ...spans, ''];
  const heading = /^h([1-6])$/.exec(name);
  if (heading) return ['', `${'#'.repeat(Number(heading[1]))} ${spans.join(' ')}`, ''];
  return ['', tag, '', ...spans, '', `</${name}>`, ''];
}

/** What starts a block to markdown-it: a heading, a quote, a list item, a fence, a rule or a Setext underline (a line of one of `-*_=`). */
const BLOCK_START = /^(?:#{1,6}(?=[ \t]|$)|>|[-*+](?=[ \t]|$)|`{3,}|~{3,}|([-*_=])(?:[ \t]*\1)*[ \t]*$)/;

/**
 * A line of an element's spans, written so that markdown-it starts no block with it:
 * kramdown reads spans only there, so `# 不是标题`, `1. 一` and `> 引` are text, and so is
 * a block element's tag (`<p>` in a `<p>`, "Found block HTML tag in span-level text").
 */
function asSpans(line: string): string {
  const text = line.trimStart();
  if (BLOCK_START.test(text)) return `\\${text}`;
  const numbered = /^(\d{1,9})([.)])(?=[ \t]|$)/.exec(text);
  if (numbered) return `${numbered[1]}\\${text.slice(numbered[1]!.length)}`;
  const tag = /^<\/?([A-Za-z][\w:.-]*)/.exec(text);
  if (tag && !HTML_SPAN_ELEMENTS.has(tag[1]!.toLowerCase())) return `&lt;${text.slice(1)}`;
  return text;
}

/** The elements of Markdown blocks open at a point of the post, innermost last. */
export class OpenBlockHtml {
  private readonly open: string[] = [];

  /**
   * What line `i` is to kramdown when it starts with block HTML read as Markdown: the
   * lines to write for it (tags apart, between blank lines), and the rest of the line
   * after them, to be read as a line of its own (empty when none); null when the line is
   * left to the reading without the option (no tag, a span element's, a raw element's).
   * A span element's content may run over the lines after; `next` is the line after what
   * was taken.
   */
  read(lines: readonly string[], i: number): { out: string[]; rest: string; next: number } | null {
    const line = lines[i]!;
    const end = END_TAG.exec(line);
    if (end) {
      const name = end[1]!.toLowerCase();
      if (HTML_SPAN_ELEMENTS.has(name)) return null;
      if (this.open[this.open.length - 1] === name) {
        this.open.pop();
        return { out: ['', `</${name}>`, ''], rest: end[2]!, next: i + 1 };
      }
      // An end tag closing nothing open: a paragraph's text.
      return { out: [], rest: line.replace('<', '&lt;'), next: i + 1 };
    }
    const start = START_TAG.exec(line);
    if (!start) return null;
    const name = start[2]!.toLowerCase();
    if (HTML_SPAN_ELEMENTS.has(name)) return null;
    const model = contentModel(name, start[3]!);
    if (model === 'raw') return null;
    // Without its `markdown` attribute, as kramdown writes it (the HTML another post shows is read again).
    const tag = start[1]!.trim().replace(MARKDOWN_VALUE, '');
    if (start[4] || HTML_VOID_ELEMENTS.has(name)) return { out: ['', tag, ''], rest: start[5]!, next: i + 1 };
    if (model === 'block') {
      this.open.push(name);
      return { out: ['', tag, ''], rest: start[5]!, next: i + 1 };
    }
    // Spans: up to the end tag, over lines if need be (none: to the post's end).
    const close = new RegExp(`</${name.replace(/[.]/g, '\\.')}\\s*>`, 'i');
    const content: string[] = [];
    let text = start[5]!;
    for (let k = i; ; k++) {
      const at = close.exec(text);
      content.push(at ? text.slice(0, at.index) : text);
      if (at || k + 1 >= lines.length) {
        const rest = at ? text.slice(at.index + at[0].length) : '';
        return { out: spanElement(name, tag, content), rest, next: k + 1 };
      }
      text = lines[k + 1]!;
    }
  }

  /** True while an element of Markdown blocks is open: its paragraphs are kramdown's, not GFM's (no line break at a backslash). */
  get inside(): boolean {
    return this.open.length > 0;
  }

  /** The end tags of the elements still open at the post's end (kramdown closes them there). */
  closeAll(): string[] {
    const out: string[] = [];
    while (this.open.length > 0) out.push('', `</${this.open.pop()!}>`);
    return out;
  }
}
