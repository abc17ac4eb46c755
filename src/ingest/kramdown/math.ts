/** kramdown's math, `$$…$$`: kept as typed (no emphasis or escapes inside). */
import type { StateBlock, StateInline } from 'markdown-it';

/** kramdown's math: `$$`, anything (several lines too), `$$`. */
const MATH = /\$\$([\s\S]*?)\$\$/y;

/**
 * kramdown's block math (parser/kramdown/math.rb): `$$…$$` starting a block and ending
 * before a blank line (or the end). Elsewhere `$$…$$` is inline math ({@link inlineMath}).
 */
export function blockMath(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4 || !state.src.startsWith('$$', start)) return false;
  MATH.lastIndex = start;
  const m = MATH.exec(state.src);
  if (!m) return false;
  // The closing `$$` ends its line, and a blank line (or the end) follows.
  const end = start + m[0].length;
  const lineEnd = state.src.indexOf('\n', end);
  if (state.src.slice(end, lineEnd < 0 ? undefined : lineEnd).trim()) return false;
  let last = startLine;
  while (last < endLine && state.eMarks[last]! < end) last++;
  if (last + 1 < endLine && !state.isEmpty(last + 1)) return false;
  if (silent) return true;
  // Its lines as the block they are in gives them: without a block quote's `>` markers.
  const lines = state.getLines(startLine, last + 1, state.blkIndent, false);
  const inner = /^\s*\$\$([\s\S]*?)\$\$\s*$/.exec(lines)?.[1] ?? m[1]!;
  const token = state.push('kramdown_math', 'div', 0);
  token.content = `\\[${inner.trim()}\\]`;
  token.block = true;
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/** kramdown's inline math: `$$…$$` inside a paragraph, as typed. */
export function inlineMath(state: StateInline, silent: boolean): boolean {
  if (!state.src.startsWith('$$', state.pos)) return false;
  MATH.lastIndex = state.pos;
  const m = MATH.exec(state.src);
  if (!m) return false;
  if (!silent) state.push('kramdown_math', 'span', 0).content = `\\(${m[1]!.trim()}\\)`;
  state.pos += m[0].length;
  return true;
}
