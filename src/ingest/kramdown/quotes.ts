/**
 * Quotes as kramdown's blockquote reads them where markdown-it's does otherwise: lazy lines
 * to the next blank line, and block HTML raw up to its end tag inside a quote.
 */
import { HTML_BLOCK_LINE, HTML_SPAN_ELEMENTS } from './html.js';

export const QUOTE_START = /^ {0,3}>/;
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
export function kramdownQuote(
  lines: string[],
  i: number,
  depth: number,
  reads: { blockHtml: boolean; lazyLines: boolean },
  readAgain: (content: string) => string,
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
    lines: readAgain(inner.join('\n'))
      .split('\n')
      .map((l) => (l ? `> ${l}` : '>')),
    last,
  };
}

/** Quote markers (`>`, `> >`) and a tab after them (one space between at most). */
const QUOTE_THEN_TAB = /^( {0,3}>(?: ?>)*) ?\t/;

/**
 * A quote's line whose text starts with a tab (`>\t 1. 甲`): kramdown takes `> ` off and
 * reads the tab as 4 columns (indented code after a blank line, more of a paragraph under
 * one), where CommonMark's tab stops leave 2 (a list, a paragraph): written `> ` and 4
 * spaces. Any other line as it is.
 */
export function quoteTab(line: string): string {
  return QUOTE_THEN_TAB.test(line) ? line.replace(QUOTE_THEN_TAB, '$1     ') : line;
}
