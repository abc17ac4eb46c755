/** kramdown's footnote markers with no footnote: text, read whole. */
import type { StateInline } from 'markdown-it';

/** kramdown's FOOTNOTE_MARKER_START: `[^` and an id (Ruby's `\w`, ASCII) then `]`. */
const FOOTNOTE_MARKER = /\[\^(\w[\w-]*)\]/y;

/**
 * A footnote marker whose footnote the post does not define (`[^A-Za-z0-9_]` in a regular
 * expression) is text to kramdown, read whole before links and emphasis could see its
 * inside: its `_` opens no emphasis. A defined one is left to markdown-it-footnote.
 */
export function undefinedFootnoteMarker(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5b || state.src.charCodeAt(state.pos + 1) !== 0x5e) return false;
  FOOTNOTE_MARKER.lastIndex = state.pos;
  const m = FOOTNOTE_MARKER.exec(state.src);
  if (!m || state.pos + m[0].length > state.posMax) return false;
  const refs = (state.env as { footnotes?: { refs?: Record<string, number> } }).footnotes?.refs;
  if (refs?.[`:${m[1]!}`] !== undefined) return false;
  if (!silent) state.pending += m[0];
  state.pos += m[0].length;
  return true;
}
