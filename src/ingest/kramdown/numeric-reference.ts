/**
 * Numeric character references as a browser decodes them. markdown-it makes one of 128 to
 * 159 (C1 controls) U+FFFD, where HTML maps them to the Windows-1252 characters old posts
 * were typed with (`&#149;` •, `&#146;` ’, `&#151;` —): kramdown writes the reference into
 * its HTML, and the reader's browser (and Jekyll's text, read with Nokogiri) shows that.
 */
import { replaceCodePoint } from 'entities/decode';
import type { StateInline } from 'markdown-it';

type InlineRule = (state: StateInline, silent: boolean) => boolean;

const NUMERIC_REFERENCE = /^&#(?:x([0-9a-f]+)|([0-9]+));$/i;

/** markdown-it's `entity` rule, with references of 128 to 159 decoded by HTML's table. */
export function browserNumericReference(rule: InlineRule): InlineRule {
  return (state, silent) => {
    const before = state.tokens.length;
    if (!rule(state, silent)) return false;
    const token = state.tokens[state.tokens.length - 1];
    if (silent || state.tokens.length === before || token?.type !== 'text_special' || token.info !== 'entity') return true;
    const reference = NUMERIC_REFERENCE.exec(token.markup);
    if (!reference) return true;
    const code = reference[1] ? parseInt(reference[1], 16) : Number(reference[2]);
    if (code >= 0x80 && code <= 0x9f) token.content = String.fromCodePoint(replaceCodePoint(code));
    return true;
  };
}
