/**
 * kramdown's extensions in a post's source (`{::comment}`, `{::nomarkdown}`, `{::options}`),
 * outside fenced code: comments taken out, the other marks dropped.
 */

/** kramdown's comment extension, inline or over lines: `{::comment}…{:/comment}` (or `{:/}`). */
const KRAMDOWN_COMMENT = /\{::comment\}[\s\S]*?\{:\/(?:comment)?\}/g;
/** The marks of its other extensions: `{::nomarkdown}…{:/nomarkdown}` keeps what is between, `{::options … /}` is a setting. */
const KRAMDOWN_MARK = /\{::(?:nomarkdown|options)\b[^{}\n]*\}|\{:\/(?:nomarkdown)?\}/g;

/**
 * The HTML comment a `{::comment}` block becomes. Its `-->` closes no comment opened
 * before it (fences.ts CommentCloses): to kramdown the extension is no `-->`.
 */
export const COMMENT_EXTENSION_BLOCK = '<!--{::comment}-->';

/**
 * A comment that is a block of its own (after a blank line, its lines to itself) ends a
 * list in kramdown as any block at the margin does: it becomes an HTML comment, which does
 * so in markdown-it, where lines left blank would not (the indented code after a list
 * would go into its last item). Within a paragraph it is nothing.
 */
function withoutComments(text: string): string {
  return text.replace(KRAMDOWN_COMMENT, (comment, at: number) =>
    afterBlankLine(text, at) && endsLine(text, at + comment.length) ? COMMENT_EXTENSION_BLOCK : '',
  );
}

const isBlankChar = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** True when only spaces and tabs stand between `at` and the start of the text, or a blank line above `at`'s line. */
function afterBlankLine(text: string, at: number): boolean {
  let k = at;
  while (k > 0 && isBlankChar(text[k - 1])) k--;
  if (k === 0) return true;
  if (text[k - 1] !== '\n') return false;
  k--;
  while (k > 0 && isBlankChar(text[k - 1])) k--;
  return k > 0 && text[k - 1] === '\n';
}

/** True when only spaces and tabs follow `from` to the end of its line. */
function endsLine(text: string, from: number): boolean {
  let k = from;
  while (isBlankChar(text[k])) k++;
  return k === text.length || text[k] === '\n';
}

/**
 * What stays as written: a fenced code block, and an HTML comment starting a line, which
 * kramdown reads whole as raw HTML (a fence in it opens nothing, so the fences after it
 * pair as they are).
 */
const KEPT_AS_WRITTEN = /^\s{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s{0,3}\1[`~]*[ \t]*$|^ {0,3}<!--[\s\S]*?-->/gm;

/** The source without kramdown's extension marks and comments, outside fenced code and HTML comments. */
export function withoutExtensions(source: string): string {
  if (!source.includes('{::')) return source;
  const bare = (part: string): string => withoutComments(part).replace(KRAMDOWN_MARK, '');
  let out = '';
  let from = 0;
  KEPT_AS_WRITTEN.lastIndex = 0;
  for (let m = KEPT_AS_WRITTEN.exec(source); m; m = KEPT_AS_WRITTEN.exec(source)) {
    out += bare(source.slice(from, m.index)) + m[0];
    from = m.index + m[0].length;
  }
  return out + bare(source.slice(from));
}
