/**
 * The text a reader sees on a rendered post: Markdown rendered as kramdown would
 * (markdown.ts), HTML parsed by
 * htmlparser2, scripts, styles, comments and hidden elements dropped, entities decoded,
 * the seed format's footer lines (source link, 返回 navigation) left out.
 */
import type * as Htmlparser2 from 'htmlparser2';
import { HTML_SPAN_ELEMENTS, isAutolinkAt } from './kramdown/html.js';
import { renderMarkdown } from './markdown.js';
import { lazyRequire } from '../lazy-require.js';
import type { KramdownOptions } from './kramdown/options.js';

const htmlparser2 = lazyRequire<typeof Htmlparser2>('htmlparser2');

/**
 * Elements whose content the page does not show: code, head matter, and fallbacks shown
 * only where the element cannot be (an iframe's, a canvas's, an object's that has `data`
 * to show: one without, as `ThreadLocal<Object>` in prose makes, shows its content, the
 * rest of its paragraph). A `<title>`, a button's label, an SVG's or a formula's text are
 * shown, as Jekyll's page holds them: in a post a `<title>` is prose that names the tag
 * (`页面标题<title>标签`).
 */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'iframe', 'object', 'canvas']);
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'center',
  'hr',
  'dd',
  'dt',
  'figure',
  'figcaption',
  'aside',
  'nav',
]);
const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'area', 'base', 'col', 'embed', 'source', 'track', 'wbr', 'param']);
const MAX_DEPTH = 512;

/** A line starting with one of kramdown's span-level elements: a paragraph of Markdown to kramdown. */
const SPAN_TAG_START = new RegExp(`(?:^|\\n)[ \\t]*<\\/?(?:${[...HTML_SPAN_ELEMENTS].join('|')})(?=[\\s/>])`, 'i');

/** An element whose content kramdown reads as Markdown (`<p markdown="1">`, `markdown=block`, `markdown='span'`). */
// `[^<>]`: a tag holds no `<`, so each `<` is looked past once (with `[^>]`, a post of
// `<http:x ` never closed took time quadratic in its length: 60,000 of them, 33 s).
const MARKDOWN_ATTRIBUTE = /<[a-zA-Z][^<>]*\smarkdown=(["']?)(?:1|block|span)\1[\s/>]/;

/** True when a line of `source` starts with one of kramdown's autolinks (`<https://…>`), which is no tag. */
function startsLineWithAutolink(source: string): boolean {
  for (const m of source.matchAll(/(?:^|\n)[ \t]*</g)) if (isAutolinkAt(source, m.index + m[0].length - 1)) return true;
  return false;
}

/**
 * True for the footer lines the seed format appends: a `<http…>` source link, or
 * navigation made only of links starting with `[返回…](…)` (`[返回工具](…)｜[返回首页](…)`).
 * A line with anything else on it is text.
 */
export function isFooterLine(line: string): boolean {
  const t = line.trim();
  return /^<https?:\/\/[^>\s]*>$/.test(t) || /^\[返回[^\]]*\]\([^)\s]*\)(?:\s*[｜|·]?\s*\[[^\]]*\]\([^)\s]*\))*$/.test(t);
}

function isHidden(attrs: Record<string, string>): boolean {
  if ('hidden' in attrs) return true;
  if (attrs['aria-hidden'] === 'true') return true;
  const style = (attrs.style ?? '').replace(/\s+/g, '').toLowerCase();
  return style.includes('display:none') || style.includes('visibility:hidden');
}

/** Visible text of an HTML fragment, paragraphs separated by newlines; `seed`: see {@link visibleText}. */
export function htmlToText(html: string, seed = true): string {
  const parts: string[] = [];
  // Stack of open elements; hiddenDepth > 0 while inside a skipped or hidden element.
  const stack: boolean[] = [];
  let hiddenDepth = 0;
  const parser = new (htmlparser2().Parser)(
    {
      onopentag(name, attrs) {
        if (BLOCK.has(name)) parts.push('\n');
        if (VOID.has(name)) return;
        const hide = (SKIPPED.has(name) && (name !== 'object' || 'data' in attrs)) || isHidden(attrs);
        if (stack.length >= MAX_DEPTH) {
          stack.push(false);
          return;
        }
        stack.push(hide);
        if (hide) hiddenDepth++;
      },
      onclosetag(name, implied) {
        if (BLOCK.has(name)) parts.push('\n');
        if (VOID.has(name) && !implied) return;
        if (VOID.has(name)) return;
        const hide = stack.pop();
        if (hide) hiddenDepth--;
      },
      ontext(text) {
        if (hiddenDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return tidy(parts.join(''), seed);
}

/**
 * Markdown leftovers that survive inside raw HTML blocks: images dropped, links reduced to
 * their text. Neither part may hold a bracket and both are bounded in length: otherwise
 * the regex is quadratic on text such as `[a](` repeated (60,000 times: 15 s for one post).
 */
function stripMarkdownInline(text: string): string {
  return text.replace(/!\[[^[\]]{0,1000}\]\([^()[\]]{0,2000}\)/g, '').replace(/\[([^[\]]{0,1000})\]\([^()[\]\s]{0,2000}\)/g, '$1');
}

function tidy(text: string, seed: boolean): string {
  return (seed ? stripMarkdownInline(text) : text)
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/**
 * Visible text of a post body; `markdown` bodies are rendered first (raw HTML passes
 * through). `reading`: `seed` also drops what the seed format leaves in its posts (footer
 * lines, {@link isFooterLine}, and Markdown images and links inside raw HTML); `jekyll`
 * keeps all a Jekyll site shows (a code block's `![图](…)` as typed). `kramdown`: the site's
 * kramdown options.
 */
export function visibleText(
  body: string,
  format: 'markdown' | 'html' | 'text',
  reading: 'seed' | 'jekyll' = 'seed',
  kramdown: KramdownOptions = {},
): string {
  const seed = reading === 'seed';
  const lines = body.split(/\r?\n/);
  const source = (seed ? lines.filter((l) => !isFooterLine(l)) : lines).join('\n');
  if (format === 'text') return tidy(source, seed);
  // A Markdown body whose every line starts with a block tag is HTML to kramdown too:
  // skip rendering it (most posts in the seed format are like that). A line starting
  // with a span tag (`<span>`, `<a>`) or an autolink (`<https://…>`) starts a paragraph of
  // Markdown, and an element marked `markdown="1"` holds Markdown.
  const allHtml =
    format === 'markdown' &&
    /^\s*</.test(source) &&
    !/\n[ \t]*[^<\s]/.test(source) &&
    !SPAN_TAG_START.test(source) &&
    !MARKDOWN_ATTRIBUTE.test(source) &&
    !kramdown.parseBlockHtml &&
    !startsLineWithAutolink(source);
  const html = format === 'markdown' && !allHtml ? renderMarkdown(source, kramdown) : source;
  return htmlToText(html, seed);
}
