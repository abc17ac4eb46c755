/** kramdown's backslash escapes, fewer than CommonMark's. */
import type { StateInline } from 'markdown-it';
import { typedCharacter } from './typography.js';

/**
 * The characters CommonMark escapes and kramdown's GFM parser does not
 * (ESCAPED_CHARS_GFM): before them the backslash stays, as in `$x\%$` or `a\&b`.
 */
const KEEPS_BACKSLASH = new Set(['%', '&', ',', '/', ';', '?', '@', '^']);

/** The characters kramdown's escapes apply to (ESCAPED_CHARS), with their backslash: undone where kramdown takes a text as a link's id. */
export const KRAMDOWN_ESCAPE = /\\([\\`*_{}[\]()#+\-.!:|"'$=<>])/g;

/** Characters kramdown's typography would change (quotes, `...`, `--`, `<<`): escaped, left as typed. */
const TYPOGRAPHY = new Set(['"', "'", '.', '-', '<', '>']);

/**
 * markdown-it's `escape` rule, but a backslash before a character kramdown does not escape
 * is text, and an escaped character typography would change, or one before a quote, is
 * text typography leaves as typed (`需要将"\"书写为` shows `”"`), as kramdown reads it by a
 * parser of its own before the quote after it is looked at.
 */
export function kramdownEscape(escape: (state: StateInline, silent: boolean) => boolean) {
  const typed = typedCharacter(escape, (c) => TYPOGRAPHY.has(c));
  return (state: StateInline, silent: boolean): boolean => {
    const pos = state.pos;
    if (state.src.charCodeAt(pos) !== 0x5c) return escape(state, silent);
    if (!KEEPS_BACKSLASH.has(state.src[pos + 1] ?? '')) return typed(state, silent);
    if (!silent) state.pending += '\\';
    state.pos = pos + 1;
    return true;
  };
}
