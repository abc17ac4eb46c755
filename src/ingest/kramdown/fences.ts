/**
 * kramdown's fenced code blocks (its GFM parser's rule: a fence must close) and the line
 * kinds that read past Markdown as fences do: a block HTML comment.
 */
import { COMMENT_EXTENSION_BLOCK } from './extensions.js';

/** A fence's opening or closing line. */
export const FENCE_START = /^\s{0,3}(`{3,}|~{3,})/;

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

/** A line's part in a fenced code block, or in a block HTML comment (see {@link fenceLines}). */
export const FENCE = { NONE: 0, OPENS: 1, IN: 2, CLOSES: 3, COMMENT: 4 } as const;
/** A block's first line that is an HTML comment's start to kramdown's block HTML parser. */
const COMMENT_LINE = /^ {0,3}<!--/;
/** An ATX heading's line: the block after it starts on the next line. */
const ATX_LINE = /^#{1,6}[ \t]/;

/**
 * The HTML comment a block starts with at line `i`: its last line and where it ends in the
 * text (after its `-->`), or null. kramdown's block HTML parser takes the whole comment as
 * one block, whatever its lines look like (`<h2>举例</h2><p>` in it starts no element, a
 * fence in it none either). A comment right under a paragraph's line is that paragraph's,
 * and one that never ends is text.
 */
export function blockComment(lines: string[], closes: CommentCloses, starts: Int32Array, i: number): { last: number; end: number } | null {
  const line = lines[i]!;
  if (!COMMENT_LINE.test(line) || (i > 0 && lines[i - 1]!.trim() && !ATX_LINE.test(lines[i - 1]!))) return null;
  const end = closes.endOf(starts[i]! + line.indexOf('<!--'));
  if (end < 0) return null;
  let last = i;
  while (last + 1 < lines.length && starts[last + 1]! < end) last++;
  return { last, end };
}

/**
 * Where the comment opened at a position of a text ends: after the first `-->` past its
 * `<!--`. The text is searched forward once for positions asked in order (a post of many
 * `<!--` lines and no `-->` would otherwise be read to its end once per line).
 */
export class CommentCloses {
  private from = -1;
  /** The first `-->` at or after `from`, -1 when none is. */
  private close = -1;

  constructor(private readonly text: string) {}

  /** After the `-->` closing the comment opened at `open`, or -1 when it never closes. */
  endOf(open: number): number {
    if (this.text.startsWith(COMMENT_EXTENSION_BLOCK, open)) return open + COMMENT_EXTENSION_BLOCK.length;
    const from = open + 4;
    if (this.from < 0 || from < this.from || (this.close >= 0 && this.close < from)) this.close = this.closeFrom(from);
    this.from = from;
    return this.close < 0 ? -1 : this.close + 3;
  }

  /** The first `-->` at or after `from` that is not a `{::comment}` block's. */
  private closeFrom(from: number): number {
    const back = COMMENT_EXTENSION_BLOCK.length - 3;
    let close = this.text.indexOf('-->', from);
    while (close >= back && this.text.startsWith(COMMENT_EXTENSION_BLOCK, close - back)) close = this.text.indexOf('-->', close + 3);
    return close;
  }
}
