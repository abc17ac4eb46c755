/**
 * Lists as kramdown's parse_list reads them where markdown-it reads them otherwise: lazy
 * lines and their markers, other bullets in one list, `1)`, a fence split by a nested
 * list's first line.
 */
import { FENCE } from './fences.js';

/** A list item's quote markers (`> `, none outside a quote), its marker and the space after it (`- `, `1. `), its text. */
// The quote markers before a line's text are matched once, all of them (`(?=(…))\k<…>`:
// an atomic group). As `(?: {0,3}>[ \t]?)*` each space between two `>` is the first
// one's or the second's, and a line of n nested markers that did not match took 2^n
// steps: 24 took 0.2 s, 50 did not end.
export const LIST_ITEM = /^(?<quotes>(?=(?<q>(?: {0,3}>[ \t]?)*))\k<q>)(?<marker> {0,3}(?:[-*+]|\d{1,9}\.)[ \t]+)(?<text>\S.*)$/;
/** A blank line, or one of a quote's. */
export const BLANK_IN_QUOTE = /^(?=(?<q>(?: {0,3}>[ \t]?)*))\k<q>\s*$/;

/**
 * The markers of the quotes and list items a line is in (`> `, `- `, `1. `), matched once,
 * all of them (an atomic group: as `(?: {0,3}>[ \t]?)*` each space between two `>` is
 * either's, and a line of n markers that does not match takes 2^n steps).
 */
export const LINE_MARKERS = String.raw`(?=(?<markers>(?: {0,3}(?:>[ \t]?|[*+-][ \t]+|\d{1,9}\.[ \t]+))*))\k<markers>`;

/**
 * A CommonMark list item numbered `1)` (kramdown knows only `1.`), at a line's start or
 * after the markers of the lists and quotes it is in (`* 3) 文字`, `> 4) 文字`).
 */
export const PAREN_LIST_ITEM = new RegExp(String.raw`^(${LINE_MARKERS} {0,3}\d{1,9})\)(?=[ \t]|$)`);
/** Such a number at the start of a line inside a list item, however indented (see lazyListMarkers). */
const PAREN_NUMBER = /^( *\d{1,9})\)(?=[ \t]|$)/;
/** A list item's start as kramdown's LIST_START reads it: up to 3 spaces, `-`, `+`, `*` or `1.`, then a space or tab. */
export const KRAMDOWN_LIST_START = /^( {0,3})([+*-]|\d+\.)([ \t]+)(?=\S)/;
/** A thematic break (CommonMark's: three or more of one of `-`, `*`, `_`, spaces between). */
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * A fence in a list item's first lines (no blank line and no nested list above it in the
 * item) whose code holds a line starting a list at the item's margin (an example of
 * Markdown, `1. 定位`, fenced right under the item's text): kramdown's list parser starts
 * the item's text anew at that line (parser/kramdown/list.rb, a nested list's first
 * line), and reads each part on its own, so the fence opens in one part and closes in the
 * next. To kramdown a fence must close: both lines are text, and the lines between
 * Markdown. Their backticks (or tildes) are escaped, and the lines are no fence's.
 */
function brokenFence(lines: string[], fences: Uint8Array, open: number, indent: number): void {
  let close = open + 1;
  let split = -1;
  // A blank line is kramdown's nested_list_found too: no part starts after one.
  let blank = false;
  for (; close < lines.length && fences[close] === FENCE.IN; close++) {
    const line = lines[close]!;
    const lead = /^ */.exec(line)![0].length;
    if (!line.trim()) blank = true;
    else if (split < 0 && !blank && lead >= indent && KRAMDOWN_LIST_START.exec(line.slice(indent))?.[1]!.length === lead - indent)
      split = close;
  }
  if (split < 0) return;
  const escaped = (line: string): string =>
    line.replace(/^(\s*)([`~]+)/, (_, space: string, marks: string) => space + marks.replace(/[`~]/g, '\\$&'));
  lines[open] = escaped(lines[open]!);
  fences[open] = FENCE.NONE;
  for (let k = open + 1; k < close; k++) fences[k] = FENCE.NONE;
  if (close < lines.length && fences[close] === FENCE.CLOSES) {
    lines[close] = escaped(lines[close]!);
    fences[close] = FENCE.NONE;
  }
}

/**
 * Lines of a list at the margin that kramdown's parse_list reads otherwise than
 * markdown-it. A line less indented than its item's content and not an item of that
 * list (a `-` line under `1.` items) goes on with the item (a lazy line) when the line
 * before is not blank. Once the item holds a nested list (or a blank line), kramdown
 * indents such a line by the item's indentation and 4 more: under a nested item whose
 * content it then reaches 4 spaces in, it is that item's paragraph's text
 * (`1. a` / `   - b` / `- c` shows `b - c`), where markdown-it would end both lists: its
 * marker is escaped. Landing less deep, it starts a list in the nested item: indented so.
 * (Lists nested deeper are left as they are.) Also the list's items of other bullets, and
 * a fence in an item's first lines that a nested list's first line splits (brokenFence).
 */
export function lazyListMarkers(lines: string[], fences: Uint8Array): void {
  let list: { ordered: boolean; indent: number; bullet: string } | null = null;
  // Whether the item holds a nested list or a blank line (kramdown's nested_list_found), and the nested item's indentation.
  let nested = false;
  let nestedIndent = 0;
  let deeper = false;
  let lastBlank = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fences[i] === FENCE.OPENS) {
      if (list && /^ */.exec(line)![0].length < list.indent) list = null;
      else if (list && !nested) brokenFence(lines, fences, i, list.indent);
      if (fences[i] === FENCE.OPENS) continue;
    }
    if (fences[i] !== FENCE.NONE) continue;
    if (!line.trim()) {
      if (list) nested = true;
      lastBlank = true;
      continue;
    }
    const start = KRAMDOWN_LIST_START.exec(line);
    const indent = /^ */.exec(line)![0].length;
    if (list && start && /\d/.test(start[2]!) === list.ordered && start[1]!.length < Math.min(list.indent, 4)) {
      // The next item of the list. kramdown's items take any bullet (`- a`, blank line,
      // `* b`: one list, which a `{:toc}` below makes the contents whole), CommonMark's
      // another bullet starts another list: the item is given the list's first bullet (not
      // a line of three, `* * *`, a rule to CommonMark).
      if (!list.ordered && start[2] !== list.bullet && !RULE.test(line)) lines[i] = line.replace(start[2]!, list.bullet);
      list.indent = start[0].length;
      nested = deeper = false;
      nestedIndent = 0;
      lastBlank = false;
      continue;
    }
    if (list && indent >= list.indent) {
      // A line of the item's content: a nested item, one level in or deeper.
      // (In a nested item's content, it is one a level deeper still.)
      const inNested = nestedIndent > 0 && indent - list.indent >= nestedIndent;
      const inner = KRAMDOWN_LIST_START.exec(line.slice(list.indent));
      if (inNested && KRAMDOWN_LIST_START.test(line.slice(list.indent + nestedIndent))) deeper = true;
      else if (!inNested && inner && inner[1]!.length === indent - list.indent) {
        nested = true;
        nestedIndent = inner[0].length;
        deeper = false;
      }
      // `1)` starting the item's text, or a nested item's, starts no list in kramdown: its
      // text, as PAREN_LIST_ITEM makes it at the margin (`    1) 空目录` under `* 实验`).
      if (!deeper && indent - (inNested ? list.indent + nestedIndent : list.indent) < 4 && PAREN_NUMBER.test(lines[i]!))
        lines[i] = lines[i]!.replace(PAREN_NUMBER, '$1\\)');
      lastBlank = false;
      continue;
    }
    if (list && !lastBlank && /^ {0,3}<!--/.test(line)) {
      // An HTML comment is no HTML block start to kramdown's list (LAZY_END_HTML_START is a
      // tag's name): a lazy line of the item, which goes on after it (`- 甲` / `<!-- 乙 -->` /
      // `- 丙`: one list, which a `{:toc}` below makes the contents whole). Indented into the
      // item for markdown-it, to the line that closes it (not across a blank line).
      let close = i;
      while (close < lines.length && lines[close]!.trim() && !lines[close]!.includes('-->')) close++;
      if (close < lines.length && lines[close]!.trimEnd().endsWith('-->')) {
        for (let k = i; k <= close; k++) lines[k] = ' '.repeat(list.indent) + lines[k]!.trimStart();
        i = close;
        continue;
      }
    }
    if (list && !lastBlank && !line.trimStart().startsWith('<') && !line.trimStart().startsWith('>')) {
      // A lazy line of the item.
      if (start && nested && !deeper && list.indent + 4 + start[1]!.length - nestedIndent >= 4)
        lines[i] = `${start[1]}${start[2]!.replace(/^(\d*)([+*.-])$/, '$1\\$2')}${line.slice(start[1]!.length + start[2]!.length)}`;
      else if (start && nested && !deeper) {
        // Landing less than 4 in, it starts a list in the nested item (`2. c` under `- a` and
        // its `   1. b`): indented as kramdown indents it, and numbered 1 so that CommonMark
        // lets it end the nested item's paragraph (a list's numbers are no text).
        lines[i] = ' '.repeat(list.indent + 4) + line.replace(/^( *)\d+\./, (_, space: string) => `${space}1.`);
      }
      continue;
    }
    // Not in a list, or the list ends: a list at the margin starts here.
    list = start ? { ordered: /\d/.test(start[2]!), indent: start[0].length, bullet: start[2]! } : null;
    nested = deeper = false;
    nestedIndent = 0;
    lastBlank = false;
  }
}
