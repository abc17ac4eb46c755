/** kramdown's backslash escapes, fewer than CommonMark's. */
import type { StateInline } from 'markdown-it';

/**
 * The characters CommonMark escapes and kramdown's GFM parser does not
 * (ESCAPED_CHARS_GFM): before them the backslash stays, as in `$x\%$` or `a\&b`.
 */
const KEEPS_BACKSLASH = new Set(['%', '&', ',', '/', ';', '?', '@', '^']);

/** markdown-it's `escape` rule, but a backslash before a character kramdown does not escape is text. */
export function kramdownEscape(escape: (state: StateInline, silent: boolean) => boolean) {
  return (state: StateInline, silent: boolean): boolean => {
    const pos = state.pos;
    if (state.src.charCodeAt(pos) !== 0x5c || !KEEPS_BACKSLASH.has(state.src[pos + 1] ?? '')) return escape(state, silent);
    if (!silent) state.pending += '\\';
    state.pos = pos + 1;
    return true;
  };
}
