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

/**
 * The list items each line is in, read line by line. kramdown reads an item's text taken
 * out of the item, its marker and indentation taken off (parser/kramdown/list.rb), and
 * its block rules apply there: a fence 4 spaces in under `1.  项` (text 4 in) is a fence
 * under kramdown's rules for fences (fences.ts), where at the margin it would be indented
 * code; a row 4 in under `1. 项` is a table's (tables.ts). An item's content is the lines
 * indented at least as far as its text, blank lines, and lines right under a line of it
 * (lazy lines); after a blank line a less indented line ends it, and so does a line
 * starting an item of the same list or an outer one.
 */
export class ItemIndents {
  /**
   * Each item the last line is in, outermost first: its content indentation, its list's
   * margin and kind, and whether its first part is still being read (see fenceLeavesItem).
   */
  private readonly items: { indent: number; margin: number; ordered: boolean; firstPart: boolean }[] = [];
  /** The content indentation of the innermost item (0: in none). */
  private inner = 0;
  private lastBlank = true;
  /** Whether the last line read started an item. */
  private started = false;
  /** How many spaces the last line read starts with. */
  private lead = 0;

  /** How far in the text of the innermost item `line` is in starts (0: in none); `line` follows the last one read. */
  next(line: string): number {
    const items = this.items;
    this.started = false;
    const indent = (this.lead = leadingSpaces(line));
    if (indent === line.length || !line.trim()) {
      this.lastBlank = true;
      for (const item of items) item.firstPart = false;
      return this.inner;
    }
    if (indent < this.inner) {
      // The items whose text the line is in (as indented as it); the others end when a
      // blank line came before, or when the line starts an item of the innermost list
      // it could be in. Otherwise it is a lazy line of the innermost item.
      let inside = items.length;
      while (inside > 0 && indent < items[inside - 1]!.indent) inside--;
      const margin = inside > 0 ? items[inside - 1]!.indent : 0;
      if (this.lastBlank || KRAMDOWN_LIST_START.test(line.slice(margin))) this.leave(inside);
    }
    this.lastBlank = false;
    const within = this.inner;
    const start = indent >= within ? KRAMDOWN_LIST_START.exec(within > 0 ? line.slice(within) : line) : null;
    if (start) {
      this.started = true;
      // A nested list ends its item's first part.
      if (items.length > 0) items[items.length - 1]!.firstPart = false;
      items.push({ indent: within + start[0].length, margin: within, ordered: /\d/.test(start[2]!), firstPart: true });
      this.inner = within + start[0].length;
    }
    return within;
  }

  /**
   * Where the text of its item starts in the last line read (or kept): after the marker
   * on an item's first line, after the item's indentation (or what the line has of it) on
   * the others; 0 outside lists.
   */
  textStart(): number {
    if (this.started) return this.inner;
    return this.inner === 0 ? 0 : Math.min(this.lead, this.inner);
  }

  /** True when the last line read started an item (whose list's margin {@link next} returned). */
  startsItem(): boolean {
    return this.started;
  }

  /** True when the line last read is in an item's first part: no blank line and no nested list in the item above it. */
  inFirstPart(): boolean {
    return this.items[this.items.length - 1]?.firstPart ?? false;
  }

  /** The content indentation of the outermost item the last line read is in (0: in none). */
  outermost(): number {
    return this.items[0]?.indent ?? 0;
  }

  /**
   * True when `line`, right under a line of the innermost item, starts an item of its list
   * or of an outer one, as kramdown's list parser reads a list's next item before the
   * item's content (fetch_pattern: a marker of the list's kind, less indented than its
   * items' text); the item then ends.
   */
  startsItemAbove(line: string): boolean {
    const lead = leadingSpaces(line);
    for (let k = this.items.length - 1; k >= 0; k--) {
      const { indent, margin, ordered } = this.items[k]!;
      if (lead < margin) continue;
      const start = KRAMDOWN_LIST_START.exec(line.slice(margin));
      if (start && /\d/.test(start[2]!) === ordered && start[1]!.length <= Math.min(3, indent - margin - 1)) return true;
    }
    return false;
  }

  /** True when the last line read is in a list item. */
  open(): boolean {
    return this.items.length > 0;
  }

  /** Reads a line of fenced code: it keeps the items it is in open. */
  keep(line: string): void {
    this.lastBlank = false;
    this.started = false;
    this.lead = leadingSpaces(line);
  }

  /** Ends the items after the first `kept`. */
  private leave(kept: number): void {
    this.items.length = kept;
    this.inner = kept > 0 ? this.items[kept - 1]!.indent : 0;
  }
}

/**
 * A line in a list starting with 1 to 3 spaces and a tab (` \t* 文字`), the line after
 * the last one `items` read (`afterBlank` when a blank line came between), as kramdown
 * reads it: an item's content starts with a tab or 4 spaces, or as many spaces as its
 * text is in (content_re), so unless the outermost item's text is no further in than its
 * spaces, the line is no item's content but text: a lazy line of the paragraph above, or
 * after a blank line one after the lists (where kramdown shows it as typed). CommonMark's
 * tab stops read it 4 columns in (a nested item, `* 文字`): its list marker is escaped,
 * and after a blank line its white space taken off.
 */
function spacesThenTab(line: string, items: ItemIndents, afterBlank: boolean): string {
  const spaces = leadingSpaces(line);
  if (items.outermost() <= spaces) return line;
  const escaped = line.replace(/^(\s*)([*+-]|\d+\.)(?=[ \t])/, (_, space: string, marker: string) => space + markerAsText(marker));
  return afterBlank ? escaped.trimStart() : escaped;
}

/**
 * A line read while `items` are open, its leading tabs as kramdown's list parser reads
 * them: tabs starting it 4 spaces each, as it makes them before it takes the item's
 * indentation off (and as CommonMark's tab stops do); outside fenced code (`inFence`), 1
 * to 3 spaces and a tab as {@link spacesThenTab} reads them.
 */
export function itemTabs(line: string, items: ItemIndents, inFence: boolean, afterBlank: boolean): string {
  if (!items.open()) return line;
  if (line.startsWith('\t')) return tabsAsSpaces(line);
  return !inFence && /^ {1,3}\t/.test(line) ? spacesThenTab(line, items, afterBlank) : line;
}

/** What {@link ItemIndents} tells of each line of a post, for the passes over its lines. */
export class ItemLines {
  /** Where the text of the list item each line is in starts in it (0: in none). */
  private readonly textStarts: Int32Array;
  /** For a line starting a list item, the margin of its list; -1 for the others. */
  private readonly margins: Int32Array;

  constructor(private readonly lines: string[]) {
    this.textStarts = new Int32Array(lines.length);
    this.margins = new Int32Array(lines.length).fill(-1);
  }

  /** Records line `k`, just read by `items`, whose innermost item's text starts `within` in. */
  record(k: number, items: ItemIndents, within: number): void {
    this.textStarts[k] = items.textStart();
    if (items.startsItem()) this.margins[k] = within;
  }

  /** Line `k` as its list item's text holds it, the item's marker or indentation taken off: what kramdown's block rules read. */
  text(k: number): string {
    const start = this.textStarts[k]!;
    return start === 0 ? this.lines[k]! : this.lines[k]!.slice(start);
  }

  /** What line `k` has before its item's text (the marker and indentation). */
  indentation(k: number): string {
    return this.lines[k]!.slice(0, this.textStarts[k]);
  }

  /** Line `k` from its list's margin, marker first, when it starts an item in another item (null otherwise). */
  nestedItem(k: number): string | null {
    const margin = this.margins[k]!;
    return margin > 0 ? this.lines[k]!.slice(margin) : null;
  }

  /** True when line `k` starts an item of a list whose margin is that of line `j`'s item. */
  sameList(k: number, j: number): boolean {
    return this.margins[k]! >= 0 && this.margins[k] === this.margins[j];
  }
}

/** How many spaces `line` starts with. */
export function leadingSpaces(line: string): number {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 32) n++;
  return n;
}

/** `line` with the tabs it starts with 4 spaces each, as kramdown's list parser makes them. */
function tabsAsSpaces(line: string): string {
  return line.startsWith('\t') ? line.replace(/^\t+/, (tabs) => '    '.repeat(tabs.length)) : line;
}

/** A list item's marker (`-`, `1.`) that starts no list: its last character escaped. */
function markerAsText(marker: string): string {
  return `${marker.slice(0, -1)}\\${marker.slice(-1)}`;
}

/** A list item's line numbered 1 (a list's numbers are no text; CommonMark lets only a 1 end a paragraph). */
export function numberedOne(line: string): string {
  return line.replace(/^( *)\d+\./, (_, space: string) => `${space}1.`);
}

/** A thematic break (CommonMark's: three or more of one of `-`, `*`, `_`, spaces between). */
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * How the fence opened at line `open` in a list item, its text `within` in, fails to
 * reach its closing line `close`, as kramdown reads an item: it takes the item's lines
 * before it reads their blocks (parser/kramdown/list.rb), so a fence must close in them.
 * `ends`: the item ends first, at a line less indented than its text that follows a blank
 * line or starts a list item (of its list or an outer one: `1. 像编号的代码` under
 * `1. 嵌套的一项`, the fence a lazy line of the first); the closing line is then read
 * after the item, where it may open a fence. `splits`: in the item's first part
 * (`firstPart`: no blank line and no nested list above it), a line starting a list at
 * the margin of its text starts the item's text anew, read on its own (an example of
 * Markdown, `1. 定位`, fenced right under the item's text), so the fence opens in one part
 * and closes in the next, text in both. Null when it closes. To kramdown a fence that
 * does not close is text ({@link fenceAsText}), and the lines after it Markdown.
 */
export function fenceLeavesItem(
  lines: string[],
  open: number,
  close: number,
  within: number,
  items: ItemIndents,
): 'ends' | 'splits' | null {
  const firstPart = items.inFirstPart();
  let blank = false;
  for (let k = open + 1; k < close; k++) {
    const line = lines[k]!;
    if (!line.trim()) {
      // A blank line is kramdown's nested_list_found too: no part starts after one.
      blank = true;
      continue;
    }
    // (Read ahead of the pass that writes a line's leading tabs as spaces.)
    const spaced = tabsAsSpaces(line);
    const lead = leadingSpaces(spaced);
    if (lead < within) {
      if (blank || items.startsItemAbove(spaced)) return 'ends';
    } else if (firstPart && !blank && KRAMDOWN_LIST_START.exec(spaced.slice(within))?.[1]!.length === lead - within) return 'splits';
  }
  return null;
}

/** A fence line made text: its backticks (or tildes) escaped. */
export function fenceAsText(line: string): string {
  return line.replace(/^(\s*)([`~]+)/, (_, space: string, marks: string) => space + marks.replace(/[`~]/g, '\\$&'));
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
 * (Lists nested deeper are left as they are.) Also the list's items of other bullets.
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
      continue;
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
        lines[i] = `${start[1]}${markerAsText(start[2]!)}${line.slice(start[1]!.length + start[2]!.length)}`;
      else if (start && nested && !deeper) {
        // Landing less than 4 in, it starts a list in the nested item (`2. c` under `- a` and
        // its `   1. b`): indented as kramdown indents it, and numbered 1 so that CommonMark
        // lets it end the nested item's paragraph (a list's numbers are no text).
        lines[i] = ' '.repeat(list.indent + 4) + numberedOne(line);
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
