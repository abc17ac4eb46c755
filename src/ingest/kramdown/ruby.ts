/** Ruby's character classes, which kramdown's regular expressions use where JavaScript's differ. */

/** Ruby's `\s`: ASCII white space only (an ideographic space, U+3000, is text). False past the end (NaN). */
export function isRubySpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}
