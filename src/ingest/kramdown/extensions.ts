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

/** The source without kramdown's extension marks and comments, outside fenced code. */
export function withoutExtensions(source: string): string {
  if (!source.includes('{::')) return source;
  // Split at fenced code blocks (odd parts), whose text stays as written.
  const parts = source.split(/^(\s{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s{0,3}\2[`~]*[ \t]*$)/m);
  let out = '';
  for (let i = 0; i < parts.length; i += 3) {
    out += withoutComments(parts[i]!).replace(KRAMDOWN_MARK, '');
    if (i + 1 < parts.length) out += parts[i + 1];
  }
  return out;
}
