/** kramdown's backslash escapes, fewer than CommonMark's. */
import type { StateInline } from 'markdown-it';

/**
 * The characters CommonMark escapes and kramdown's GFM parser does not
 * (ESCAPED_CHARS_GFM): before them the backslash stays, as in `$x\%$` or `a\&b`.
 */
const KEEPS_BACKSLASH = new Set(['%', '&', ',', '/', ';', '?', '@', '^']);

/** Characters kramdown's typography would change (quotes, `...`, `--`, `<<`), left as typed when escaped. */
const TYPOGRAPHY = new Set(['"', "'", '.', '-', '<', '>']);

/**
 * The token of an escaped character kramdown's typography leaves alone (`需要将"\"书写为`
 * shows `”"`): not a text, so no quote of it is curled, and its markup (`\"`) is the source
 * a quote before it looks at, as kramdown's rules look at the source.
 */
export const ESCAPED_AS_TYPED = 'kramdown_escaped';

/**
 * markdown-it's `escape` rule, but a backslash before a character kramdown does not escape
 * is text, and an escaped character typography would change is kept as typed.
 */
export function kramdownEscape(escape: (state: StateInline, silent: boolean) => boolean) {
  return (state: StateInline, silent: boolean): boolean => {
    const pos = state.pos;
    if (state.src.charCodeAt(pos) !== 0x5c) return escape(state, silent);
    if (!KEEPS_BACKSLASH.has(state.src[pos + 1] ?? '')) {
      const before = state.tokens.length;
      if (!escape(state, silent)) return false;
      const token = state.tokens[state.tokens.length - 1];
      if (!silent && state.tokens.length > before && token?.type === 'text_special' && TYPOGRAPHY.has(token.content))
        token.type = ESCAPED_AS_TYPED;
      return true;
    }
    if (!silent) state.pending += '\\';
    state.pos = pos + 1;
    return true;
  };
}
