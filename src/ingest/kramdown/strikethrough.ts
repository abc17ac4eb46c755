/** kramdown-parser-gfm's strikethrough: `~~` to the first `~~` that ends one, read whole. */
import type { StateInline } from 'markdown-it';
import { isRubySpace } from './ruby.js';

/**
 * For each position of a text, where the first `~~` that can end a strikethrough starts
 * from there on (one after a character neither white space nor `~`), -1 if none: made
 * once per text, where looking from each `~~` would take a text of `~~a ` quadratic time.
 */
const closers = new WeakMap<StateInline, Int32Array>();

function closersOf(state: StateInline): Int32Array {
  let next = closers.get(state);
  if (next) return next;
  const src = state.src;
  next = new Int32Array(src.length + 1).fill(-1);
  for (let e = src.length - 1; e >= 0; e--) {
    const ends = src[e] === '~' && src[e + 1] === '~' && e > 0 && src[e - 1] !== '~' && !isRubySpace(src.charCodeAt(e - 1));
    next[e] = ends ? e : next[e + 1]!;
  }
  closers.set(state, next);
  return next;
}

/**
 * A markdown-it inline rule in place of its `strikethrough`, kramdown's STRIKETHROUGH_MATCH
 * (`~~`, no white space or `~` after it, then the least text ending in neither before
 * `~~`): kramdown reads `~~…~~` whole as soon as it meets it, its inside on its own, so
 * emphasis outside it does not see the delimiters inside (`~~：x**~~文**`: the first `**`
 * is in the struck text and the second closes nothing), where CommonMark pairs delimiters
 * over the whole paragraph.
 */
export function kramdownStrikethrough(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const src = state.src;
  if (src.charCodeAt(start) !== 0x7e || src.charCodeAt(start + 1) !== 0x7e) return false;
  const first = src.charCodeAt(start + 2);
  if (Number.isNaN(first) || first === 0x7e || isRubySpace(first)) return false;
  const close = start + 3 <= src.length ? closersOf(state)[start + 3]! : -1;
  if (close < 0 || close + 2 > state.posMax) return false;
  if (!silent) {
    state.push('s_open', 's', 1).markup = '~~';
    const max = state.posMax;
    state.pos = start + 2;
    state.posMax = close;
    state.md.inline.tokenize(state);
    state.posMax = max;
    state.push('s_close', 's', -1).markup = '~~';
  }
  state.pos = close + 2;
  return true;
}
