/**
 * kramdown's code spans (parser/kramdown/codespan.rb), where they differ from CommonMark's
 * in what a reader sees:
 * - a lone backtick with a space after it and a space (or nothing) before it is text:
 *   `先 ` fold_constants` 再 `x`` shows its first backtick, and the next two pair up;
 * - a span ends at the first run of as many backticks, even inside a longer run: `` `a``b` ``
 *   is `a`, then `b`;
 * - the text is kept as typed, but for one space inside each delimiter of two or more.
 * The same spans say which pipes of a table row split no cell (parser/kramdown/table.rb).
 */
import type { StateInline } from 'markdown-it';
import { isRubySpace } from './ruby.js';

/**
 * For each length n, where the last run of n backticks or more starts in `src` (-1 for
 * none): whether a run can be closed at all is known without searching the rest of the
 * text, which keeps a text of many unclosed runs of different lengths linear.
 */
export function lastRuns(src: string): number[] {
  const last: number[] = [];
  for (let at = src.indexOf('`'); at >= 0;) {
    let end = at;
    while (src.charCodeAt(end) === 0x60) end++;
    for (let n = 1; n <= end - at; n++) last[n] = at;
    at = src.indexOf('`', end);
  }
  return last;
}

/**
 * The code span whose opening run of backticks starts at `start`: where the run ends
 * (`open`) and where the closing run starts (`close`), -1 when the run is text (a lone
 * backtick between spaces, or none closing it before `max`). `last` is {@link lastRuns} of `src`.
 */
export function codeSpanAt(src: string, start: number, last: number[], max = src.length): { open: number; close: number } {
  let open = start;
  while (open < max && src.charCodeAt(open) === 0x60) open++;
  const run = open - start;
  if (run === 1 && (start === 0 || isRubySpace(src.charCodeAt(start - 1))) && open < max && isRubySpace(src.charCodeAt(open)))
    return { open, close: -1 };
  if ((last[run] ?? -1) < open) return { open, close: -1 };
  const close = src.indexOf(src.slice(start, open), open);
  return { open, close: close >= 0 && close + run <= max ? close : -1 };
}

/**
 * The code spans of `text` in order: where each starts (its opening run), where its code
 * starts (`open`) and ends (`close`, where the closing run starts), and where it ends.
 */
export function* codeSpans(text: string): Generator<{ start: number; open: number; close: number; end: number }> {
  const last = lastRuns(text);
  for (let at = text.indexOf('`'); at >= 0;) {
    const { open, close } = codeSpanAt(text, at, last);
    if (close < 0) {
      at = text.indexOf('`', open);
      continue;
    }
    const end = close + (open - at);
    yield { start: at, open, close, end };
    at = text.indexOf('`', end);
  }
}

/** `line` with each code span (delimiters included) replaced by `replace` of it. */
export function mapCodeSpans(line: string, replace: (span: string) => string): string {
  let out = '';
  let done = 0;
  for (const { start, end } of codeSpans(line)) {
    out += line.slice(done, start) + replace(line.slice(start, end));
    done = end;
  }
  return done === 0 ? line : out + line.slice(done);
}

/** {@link lastRuns} of each inline text being parsed. */
const runsOf = new WeakMap<StateInline, number[]>();

/** markdown-it's inline rule for code spans (in place of its `backticks`), as kramdown reads them. */
export function kramdownCodeSpan(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const src = state.src;
  if (src.charCodeAt(start) !== 0x60) return false;
  let last = runsOf.get(state);
  if (!last) runsOf.set(state, (last = lastRuns(src)));
  const { open, close } = codeSpanAt(src, start, last, state.posMax);
  if (close < 0) {
    if (!silent) state.pending += src.slice(start, open);
    state.pos = open;
    return true;
  }
  const run = open - start;
  if (!silent) {
    const token = state.push('code_inline', 'code', 0);
    token.markup = src.slice(start, open);
    let content = src.slice(open, close).replace(/\n/g, ' ');
    if (run > 1) content = content.replace(/^ /, '').replace(/ $/, '');
    token.content = content;
  }
  state.pos = close + run;
  return true;
}
