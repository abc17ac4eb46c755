/**
 * Markdown as Jekyll renders it with kramdown (its default, with its GFM parser), through
 * markdown-it and its plugins, for a post's visible text. Where kramdown differs from
 * CommonMark in what a reader sees, and where that is done:
 * - kramdown/emphasis.ts: emphasis by kramdown's rules, not CommonMark's flanking ones
 *   (`**1.**IDEA`, `node*(gmond)*；` are emphasis, `*_之_*` keeps its underscores), never
 *   closed inside an HTML element opened after it (`$x*$ <span>$x^*$</span>`);
 *   markdown-it-cjk-friendly is left for `~~` next to CJK punctuation;
 * - footnotes (`[^1]`) render as numbers with their notes at the end (markdown-it-footnote);
 * - definition lists and abbreviations (markdown-it-deflist, markdown-it-abbr);
 * - kramdown/source.ts, the source before markdown-it reads it: `{::comment}` hidden; a
 *   quote runs to the next blank line, its lines without `>` (a list item, an indented
 *   line) in it;
 *   `markdown="1"` blocks rendered; block HTML raw up to its element's end tag, blank and
 *   indented lines included; a fence only with one word and a closing fence; tables after
 *   a blank line, without a separator line, as wide as their widest row, `|---+---|` not a
 *   row; `1)` no list; a link's address with spaces or escaped parentheses; a reference
 *   looked up with its escapes undone (`[tern\_for\_vim][]`);
 * - kramdown/markup.ts: attribute lists (`{: .note}`) never text, `{:toc}` the table of
 *   contents, a GFM task item's box a checkbox;
 * - kramdown/code-span.ts: a lone backtick between spaces is text, a span ends at the first
 *   run as long as its opening one, a code span's pipe splits no table cell;
 * - kramdown/math.ts: `$$…$$` as typed, `\[…\]` as a block of its own, else `\(…\)`;
 * - kramdown/html.ts: inline HTML left open closed at its paragraph's end, an end tag
 *   nothing opened is text (in emphasis or a link's text, what opened before them counts not), a block element's start tag in a paragraph is text; tags as
 *   kramdown reads them (named with a dot, a colon or in Chinese: `<xsl:when>`, `<资治通鉴>`;
 *   `<a href=http://…>` no tag), an element it does not parse (`<kbd>`, `<T>`) holding its
 *   text as typed; autolinks only http(s), ftp(s), mailto;
 * - kramdown/escapes.ts: `\%`, `\&`, `\/`… keep their backslash, `\"` and `\...` no typography;
 * - a link's text holds no link: `[[作者](u)](v)` links to `v` (below);
 * - kramdown/spaced-reference.ts: a reference with white space before its id
 *   (`[Setext] [1]`) is one link;
 * - kramdown/footnote-marker.ts: `[^id]` with no footnote is text, read whole;
 * - a footnote's definition ends no paragraph: `[^1]: 注` right under its line is text (below);
 * - an autolink's text as typed (`%E4%BA%91` and punycode not decoded), `mailto:` left out;
 * - a link or image to any address (`file:`, `javascript:`, `data:`), as kramdown links them;
 * - kramdown/typography.ts: quotes curled by kramdown's rules (`。"智能引号"` →
 *   `。”智能引号”`), `...` → …, `--` → –, `<<三体>>` → «三体»;
 * - below: a table only after a blank line, a fence only as source.ts takes it, a Setext
 *   heading of one line only, a rule never ending a paragraph, no ATX heading without text.
 */
import type markdownItFactory from 'markdown-it';
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';
import type abbrPlugin from 'markdown-it-abbr';
import type cjkFriendlyPlugin from 'markdown-it-cjk-friendly';
import type deflistPlugin from 'markdown-it-deflist';
import type footnotePlugin from 'markdown-it-footnote';
import { lazyRequire } from '../lazy-require.js';
import { kramdownCodeSpan } from './kramdown/code-span.js';
import { kramdownEmphasis, readingLinkText } from './kramdown/emphasis.js';
import { kramdownEscape } from './kramdown/escapes.js';
import { undefinedFootnoteMarker } from './kramdown/footnote-marker.js';
import { closeInlineHtml, isKramdownAutolink, kramdownTag } from './kramdown/html.js';
import { kramdownLinkDestination } from './kramdown/link-destination.js';
import { kramdownMarkup, tableOfContents, taskBoxes } from './kramdown/markup.js';
import { blockMath, inlineMath } from './kramdown/math.js';
import { browserNumericReference } from './kramdown/numeric-reference.js';
import { isKramdownFence } from './kramdown/fences.js';
import { preprocess } from './kramdown/source.js';
import { spacedReference } from './kramdown/spaced-reference.js';
import { kramdownStrikethrough } from './kramdown/strikethrough.js';
import { AS_TYPED, quoteAt, typedCharacter, typography } from './kramdown/typography.js';
import { FOOTNOTE_BACKLINK, type KramdownOptions } from './kramdown/options.js';

const markdownIt = lazyRequire<typeof markdownItFactory>('markdown-it');
const abbr = lazyRequire<typeof abbrPlugin>('markdown-it-abbr');
// Its CommonJS build exports the plugin as `default`.
const cjkFriendly = lazyRequire<{ default: typeof cjkFriendlyPlugin }>('markdown-it-cjk-friendly');
const deflist = lazyRequire<typeof deflistPlugin>('markdown-it-deflist');
const footnote = lazyRequire<typeof footnotePlugin>('markdown-it-footnote');

/**
 * Replaces the rule `name` of one of markdown-it's rulers by `wrap` of it, keeping the rules
 * it may interrupt (`alt`: a fence ends a paragraph). The rule list is not public: a
 * markdown-it without the rule keeps its own.
 */
function wrapRule<Rule>(ruler: unknown, name: string, wrap: (rule: Rule) => Rule): void {
  const r = ruler as {
    __rules__?: { name: string; fn: Rule; alt: string[] }[];
    at(name: string, fn: Rule, options: { alt: string[] }): void;
  };
  const rule = r.__rules__?.find((x) => x.name === name);
  if (rule) r.at(name, wrap(rule.fn), { alt: [...rule.alt] });
}

type BlockRule = (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean;
type InlineRule = (state: StateInline, silent: boolean) => boolean;

/** {@link wrapRule} for a block rule. */
function wrapBlockRule(md: MarkdownIt, name: string, wrap: (rule: BlockRule) => BlockRule): void {
  wrapRule(md.block.ruler, name, wrap);
}

/** {@link wrapRule} for an inline rule. */
function wrapInlineRule(md: MarkdownIt, name: string, wrap: (rule: InlineRule) => InlineRule): void {
  wrapRule(md.inline.ruler, name, wrap);
}

function createRenderer(): MarkdownIt {
  // kramdown keeps (c), (tm) and +- as typed and curls quotes its own way: typography is done below.
  const md = markdownIt()({ html: true, linkify: false, typographer: false });
  md.use(cjkFriendly().default).use(footnote()).use(deflist()).use(abbr());
  // kramdown has no inline footnotes: `x^2^[链接][ref]` is text and a link, not a note.
  md.inline.ruler.disable('footnote_inline');
  // Nor does a footnote's definition end a paragraph (kramdown's PARAGRAPH_END): `[^1]: 注`
  // right under a paragraph's line, or a list item's, is more of its text. One right under
  // another's first line starts a definition of its own: that one holds its first line
  // and its indented lines only. (Rendering is synchronous: a count of the definitions
  // being read tells whether a paragraph is in one.)
  let definitionsOpen = 0;
  wrapBlockRule(md, 'footnote_def', (footnoteDef) => (state, startLine, endLine, silent) => {
    if (silent) return definitionsOpen > 0 && footnoteDef(state, startLine, endLine, silent);
    definitionsOpen++;
    try {
      return footnoteDef(state, startLine, endLine, silent);
    } finally {
      definitionsOpen--;
    }
  });
  // An autolink shows its address as typed, `mailto:` left out (kramdown's parse_autolink):
  // markdown-it would decode `%E4%BA%91` and punycode for the reader.
  md.normalizeLinkText = (url) => url.replace(/^mailto:/i, '');
  // kramdown links any address (`file:///D:/…`, `javascript:…`, `data:…`); markdown-it leaves
  // such a link as typed text. Only the text is kept from this HTML, never an address.
  md.validateLink = () => true;
  // Footnote references show as numbers, their back-links as the site's `footnote_backlink`
  // (kramdown's output; ↩ by default, none when it is empty).
  md.renderer.rules.footnote_caption = (tokens, idx) => String(Number((tokens[idx]!.meta as { id: number }).id) + 1);
  // A footnote referred to again gets a back-link for each reference, numbered from the second (↩ ↩2).
  md.renderer.rules.footnote_anchor = (tokens, idx, _options, env) => {
    const text = (env as RenderEnv | undefined)?.footnoteBacklink ?? FOOTNOTE_BACKLINK;
    if (text === '') return '';
    const again = (tokens[idx]!.meta as { subId: number }).subId;
    return ` <a class="reversefootnote">${text}${again > 0 ? `<sup>${again + 1}</sup>` : ''}</a>`;
  };
  md.block.ruler.before('paragraph', 'kramdown_math', blockMath);
  // A table starts after a blank line in kramdown: one right under a paragraph's line is
  // more of the paragraph (markdown-it asks a rule in silent mode whether it interrupts
  // one), one right under a heading a paragraph.
  wrapBlockRule(
    md,
    'table',
    // After a blank line or first in its block (a list item's: its line above is less
    // indented, or another item's): not under a heading either (after_block_boundary?).
    (table) => (state, startLine, endLine, silent) =>
      !silent &&
      (startLine === 0 ||
        state.isEmpty(startLine - 1) ||
        state.sCount[startLine - 1]! < state.blkIndent ||
        state.tokens[state.tokens.length - 1]?.type === 'list_item_open') &&
      table(state, startLine, endLine, silent),
  );
  // A declaration, CDATA or processing instruction starts no HTML block in kramdown
  // (HTML_BLOCK_START): `<!DOCTYPE html>` and `<?php echo 1; ?>` are a paragraph's text.
  wrapBlockRule(md, 'html_block', (htmlBlock) => (state, startLine, endLine, silent) => {
    const at = state.bMarks[startLine]! + state.tShift[startLine]!;
    if ((state.src.startsWith('<!', at) && !state.src.startsWith('<!--', at)) || state.src.startsWith('<?', at)) return false;
    return htmlBlock(state, startLine, endLine, silent);
  });
  // An ATX heading has text in kramdown: `#` or `## ` alone on its line is paragraph text.
  // It starts its line, too (kramdown-parser-gfm's ATX_HEADER_START): `   # 标题` is text.
  // Its block's line, or the page's: at the margin under a list item's line it ends the list.
  wrapBlockRule(md, 'heading', (heading) => (state, startLine, endLine, silent) => {
    const indent = state.sCount[startLine]!;
    if (indent !== state.blkIndent && indent !== 0) return false;
    const line = state.src.slice(state.bMarks[startLine]! + state.tShift[startLine]!, state.eMarks[startLine]);
    return !/^#{1,6}[ \t]*$/.test(line) && heading(state, startLine, endLine, silent);
  });
  // A Setext heading is one line in kramdown, its underline right under it and not
  // indented (its parser tries one only where a block starts); a paragraph of more lines
  // goes on over a `---` or `===` line, and a rule does not end a paragraph (kramdown's
  // GFM parser's PARAGRAPH_END), though it ends a list or a quote: the line is text,
  // `---` an em dash.
  wrapBlockRule(md, 'lheading', (lheading) => (state, startLine, endLine, silent) => {
    const next = startLine + 1;
    if (next >= endLine || state.sCount[next]! !== state.blkIndent) return false;
    const underline = state.src.slice(state.bMarks[next]!, state.eMarks[next]).trimEnd();
    return /^(?:=+|-+)$/.test(underline) && lheading(state, startLine, endLine, silent);
  });
  wrapBlockRule(md, 'hr', (hr) => (state, startLine, endLine, silent) => {
    // Asked by a paragraph whether the line ends it: not unless it is a lazy line, out of the list item the paragraph is in.
    if (silent && state.parentType === 'paragraph' && state.sCount[startLine]! >= state.blkIndent) return false;
    return hr(state, startLine, endLine, silent);
  });
  // Fences as kramdown takes them (isKramdownFence); the others are paragraph text.
  wrapBlockRule(md, 'fence', (fence) => (state, startLine, endLine, silent) => {
    const at = state.bMarks[startLine]! + state.tShift[startLine]!;
    const c = state.src.charCodeAt(at);
    // Most lines start no fence: only those starting with ``` or ~~~ are looked at further.
    if ((c !== 0x60 && c !== 0x7e) || state.src.charCodeAt(at + 1) !== c || state.src.charCodeAt(at + 2) !== c) return false;
    const line = (k: number): string =>
      state.src.slice(state.bMarks[startLine + k]! + state.tShift[startLine + k]!, state.eMarks[startLine + k]);
    // A lazy line of a list item's paragraph (less indented than the item) is more of the
    // item to kramdown, and so are the lines after it up to a blank one: a fence there
    // closes among them, or it is text (`* 项\n```` then a blank line).
    let lines = endLine - startLine;
    if (silent && state.parentType === 'paragraph' && state.sCount[startLine]! < state.blkIndent) {
      lines = 1;
      while (startLine + lines < endLine && !state.isEmpty(startLine + lines)) lines++;
    }
    return isKramdownFence({ length: lines, at: line }, 0) && fence(state, startLine, endLine, silent);
  });
  md.inline.ruler.before('escape', 'kramdown_math', inlineMath);
  md.inline.ruler.at('backticks', kramdownCodeSpan);
  md.inline.ruler.at('emphasis', kramdownEmphasis);
  md.inline.ruler.at('strikethrough', kramdownStrikethrough);
  // An entity is read by kramdown's entity parser: a quote written as one stays straight
  // (`&quot;你好&quot;`, as Liquid's `escape` and `inspect` print quotes), and a quote right
  // after one is looked at from itself (`&amp;'` is `&‘`). (`&#45;` and `&#46;` are left
  // to typography: preprocess writes a delimiter row's dash as `&#45;` for it.) One of 128
  // to 159 is the Windows-1252 character a browser shows (`&#149;` •).
  wrapInlineRule(md, 'entity', (entity) => typedCharacter(browserNumericReference(entity), (c) => quoteAt(c, 0)));
  md.inline.ruler.before('link', 'kramdown_footnote_text', undefinedFootnoteMarker);
  md.inline.ruler.before('link', 'kramdown_spaced_reference', spacedReference);
  md.inline.ruler.before('autolink', 'kramdown_tag', kramdownTag);
  wrapInlineRule(
    md,
    'autolink',
    (autolink) => (state, silent) => state.src.charCodeAt(state.pos) === 0x3c && isKramdownAutolink(state) && autolink(state, silent),
  );
  wrapInlineRule(md, 'escape', kramdownEscape);
  // A link's text holds no link in kramdown (parse_link: a nested link is text): of
  // `[[作者](u)](v)` the outer link is the link and shows `[作者](u)`, where CommonMark makes
  // the inner one the link. Its label is read whole, the links in it too, and in it no link starts.
  // Emphasis in it may run past its `]` (emphasis.ts readingLinkText).
  const parseLinkLabel = md.helpers.parseLinkLabel;
  md.helpers.parseLinkLabel = (state, start) => readingLinkText(state, () => parseLinkLabel(state, start, false));
  // An inline link's or image's address as kramdown reads it (kramdown/link-destination.ts);
  // a reference definition's as markdown-it reads it (kramdown takes spaces there too).
  const parseLinkDestination = md.helpers.parseLinkDestination;
  let inDefinition = false;
  md.helpers.parseLinkDestination = (str, start, max) =>
    inDefinition || str.charCodeAt(start) === 0x3c ? parseLinkDestination(str, start, max) : kramdownLinkDestination(str, start, max);
  wrapBlockRule(md, 'reference', (reference) => (state, startLine, endLine, silent) => {
    inDefinition = true;
    try {
      return reference(state, startLine, endLine, silent);
    } finally {
      inDefinition = false;
    }
  });
  wrapInlineRule(md, 'link', (link) => (state, silent) => state.linkLevel === 0 && link(state, silent));
  md.renderer.rules[AS_TYPED] = (tokens, idx) => md.utils.escapeHtml(tokens[idx]!.content);
  md.renderer.rules.kramdown_math = (tokens, idx) => {
    const t = tokens[idx]!;
    const text = md.utils.escapeHtml(t.content);
    return t.block ? `<div class="kdmath">${text}</div>\n` : text;
  };
  md.core.ruler.push('kramdown_markup', kramdownMarkup);
  md.core.ruler.push('task_boxes', taskBoxes);
  md.core.ruler.push('close_inline_html', closeInlineHtml);
  // Quotes, dashes and ellipses, in text only (never in code).
  md.core.ruler.push('kramdown_typography', typography);
  // After the typography: the headings' text as the page shows it.
  md.core.ruler.push('table_of_contents', tableOfContents);
  return md;
}

let renderer: MarkdownIt | null = null;

/** What one render's rules are told of the site's options (markdown-it's `env`, which its footnote plugin also keeps notes in). */
interface RenderEnv extends Record<PropertyKey, unknown> {
  footnoteBacklink?: string;
}

/** Markdown to HTML as kramdown (Jekyll's default) would render it, with the site's kramdown options, for its visible text. */
export function renderMarkdown(source: string, options: KramdownOptions = {}): string {
  renderer ??= createRenderer();
  const env: RenderEnv = { footnoteBacklink: options.footnoteBacklink };
  // Line ends as kramdown reads them (Parser::Base#adapt_source): `\r\n` and a lone `\r`
  // are `\n` before any rule looks at a line (a fence line ending in `\r` is one).
  return renderer.render(preprocess(source.replace(/\r\n?/g, '\n'), 0, options), env);
}

/**
 * Markdown to the HTML Jekyll's page holds (what another post's `{{ post.content }}`
 * inserts): as {@link renderMarkdown}, a math block bare as kramdown writes it (`\[…\]`,
 * which Markdown around it then reads again), not in the block that keeps it apart here.
 */
export function kramdownHtml(source: string, options: KramdownOptions = {}): string {
  return renderMarkdown(source, options).replace(/<div class="kdmath">([^<]*)<\/div>\n/g, '\n$1\n\n');
}
