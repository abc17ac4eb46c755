/**
 * kramdown's markup in a post's tokens: attribute lists (`{: .note}`) are not text, the
 * list a `{:toc}` marks is the table of contents, and a GFM task item's box is a checkbox.
 */
import type { StateCore, Token } from 'markdown-it';
import { AS_TYPED } from './typography.js';

/** An inline attribute list (`{: .note}`, `{:#id}`), a header id (`{#id}`) or `{:toc}`. */
const IAL = /\{:[^{}\n]*\}|\{#[\w-]+\}|\{\.[\w-]+\}/g;

function textOnly(token: Token): boolean {
  return (token.children ?? []).every((c) => c.type === 'text' || c.type === 'softbreak');
}

/** Drops attribute lists from text, and the list a `{:toc}` replaces. */
export function kramdownMarkup(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
      // `* 目录\n{:toc}`: kramdown puts the table of contents there; the list itself is not text.
      const close = t.type.replace('_open', '_close');
      let depth = 0;
      let j = i;
      // The list's item that holds `{:toc}`, by the index of its first token, and the text that does.
      let item = -1;
      let tocItem = -1;
      let tocAt = -1;
      for (; j < tokens.length; j++) {
        const u = tokens[j]!;
        if (u.type === t.type) depth++;
        if (u.type === close) depth--;
        if (u.type === 'list_item_open' && u.level === t.level + 1) item = j;
        if (tocAt < 0 && u.type === 'inline' && /\{:toc\}\s*$/.test(u.content)) [tocItem, tocAt] = [item, j];
        if (depth === 0) break;
      }
      if (tocAt < 0) continue;
      // Marked for tableOfContents, which replaces it once the headings' text is final.
      t.meta = { toc: true };
      // The attribute list ends the list in kramdown (`* 目录\n{:toc}` is the item's first
      // paragraph): what its item holds after it, and the items after it, are not in the list.
      if (tocAt !== tocItem + 2 || tokens[tocAt + 1]?.type !== 'paragraph_close') continue;
      const itemEnd = closingOf(tokens, tocItem);
      const rest = tokens.splice(tocAt + 2, itemEnd - tocAt - 2);
      for (const r of rest) r.level -= 2;
      const after = tocAt + 3;
      if (tokens[after]?.type === 'list_item_open') {
        const end = new state.Token(close, t.tag, -1);
        const start = new state.Token(t.type, t.tag, 1);
        end.level = start.level = t.level;
        end.markup = start.markup = t.markup;
        end.block = start.block = true;
        tokens.splice(after, 0, end, ...rest, start);
      } else tokens.splice(after + 1, 0, ...rest);
      continue;
    }
    // `{:.no_toc}` on a heading, or on its own line after it: the heading stays out of the table of contents.
    if (t.type === 'heading_open') {
      const after = tokens[i + 4];
      if (NO_TOC.test(tokens[i + 1]?.content ?? '') || (tokens[i + 3]?.type === 'paragraph_open' && after && NO_TOC.test(after.content)))
        t.meta = { noToc: true };
    }
    if (t.type !== 'inline' || !t.children) continue;
    const heading = tokens[i - 1]?.type === 'heading_open';
    t.children.forEach((c, k, children) => {
      if (c.type === 'text')
        c.content = c.content.replace(IAL, (ial, at: number) => (heading || appliesTo(children, k, at, ial) ? '' : ial));
    });
    // A paragraph that only held an attribute list (`{: .note}` on its own line after a block).
    if (textOnly(t) && t.children.every((c) => c.type === 'softbreak' || !c.content.trim())) {
      const open = tokens[i - 1];
      const close = tokens[i + 1];
      if (open?.type === 'paragraph_open' && close?.type === 'paragraph_close') {
        tokens.splice(i - 1, 3);
        i -= 2;
      }
    }
  }
}

const NO_TOC = /\{:\s*\.no_toc\s*\}/;

/** Inline tokens kramdown reads as text: an attribute list right after one is text too. */
const TEXT_LIKE = new Set(['text', 'softbreak', 'text_special', AS_TYPED]);

/**
 * Whether an attribute list found at `at` in the text of `children[k]` is one to kramdown:
 * right after a span element (`![图](/a.png){: width="600"}`, `**粗**{: .x}`), or alone
 * on its line (a block's, `{: .prompt-tip }` under a quote). After text on its line it is
 * text ("Found span IAL after text - ignoring it"). A heading's are all kramdown's.
 */
function appliesTo(children: Token[], k: number, at: number, ial: string): boolean {
  const text = children[k]!.content;
  const before = k > 0 ? children[k - 1]! : null;
  if (at === 0 && before && !TEXT_LIKE.has(before.type)) return true;
  const lineStart = /^\s*$/.test(text.slice(0, at)) && (!before || before.type === 'softbreak');
  const after = children[k + 1];
  return lineStart && !text.slice(at + ial.length).trim() && (!after || after.type === 'softbreak');
}

/** The index of the token closing the one opened at `open` (a list or a list item). */
function closingOf(tokens: Token[], open: number): number {
  const t = tokens[open]!;
  const close = t.type.replace('_open', '_close');
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (tokens[j]!.type === t.type) depth++;
    if (tokens[j]!.type === close && --depth === 0) return j;
  }
  return tokens.length - 1;
}

/**
 * True when only blank lines stand between two blocks of the source (by their line
 * ranges): not a definition markdown-it takes out (`*[HTML]: …`, `[ref]: …`), which is a
 * block of its own to kramdown.
 */
function onlyBlankBetween(src: string, first: [number, number] | null, second: [number, number] | null): boolean {
  if (!first || !second) return false;
  const lines = src.split('\n').slice(first[1], second[0]);
  return lines.every((line) => line.trim() === '');
}

/** The index of the token opening the one closed at `close`. */
function openingOf(tokens: Token[], close: number): number {
  const t = tokens[close]!;
  const open = t.type.replace('_close', '_open');
  let depth = 0;
  for (let j = close; j >= 0; j--) {
    if (tokens[j]!.type === t.type) depth++;
    if (tokens[j]!.type === open && --depth === 0) return j;
  }
  return 0;
}

/**
 * The first list a `{:toc}` marks (kramdownMarkup) becomes kramdown's table of contents:
 * the post's headings, in order, but those marked `{:.no_toc}`. kramdown makes only the
 * first one the table of contents (a later one is a list as any other), and its bullet
 * list is one with the bullet lists just before it, whatever their marker (`-`, `*`,
 * `+`), where markdown-it starts a list at each new marker.
 */
export function tableOfContents(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!(t.meta as { toc?: boolean } | null)?.toc) continue;
    const j = closingOf(tokens, i);
    while (t.type === 'bullet_list_open' && tokens[i - 1]?.type === 'bullet_list_close' && tokens[i - 1]!.level === t.level) {
      const before = openingOf(tokens, i - 1);
      if (!onlyBlankBetween(state.src, tokens[before]!.map, tokens[i]!.map)) break;
      i = before;
    }
    const items: string[] = [];
    for (let k = 0; k < tokens.length; k++) {
      const h = tokens[k]!;
      if (h.type !== 'heading_open' || (h.meta as { noToc?: boolean } | null)?.noToc) continue;
      const inline = tokens[k + 1]!;
      items.push(`<li>${state.md.renderer.renderInline(inline.children ?? [], state.md.options, state.env)}</li>`);
    }
    const list = new state.Token('html_block', '', 0);
    list.content = `<ul id="markdown-toc">${items.join('')}</ul>\n`;
    list.block = true;
    tokens.splice(i, j - i + 1, list);
    return;
  }
}

/** A task list item's box (kramdown-parser-gfm: `[ ]` or `[x]`, any case, then a space). */
const TASK_BOX = /^\s*\[[ xX]\]\s+/;

/** Drops the box of each task list item: the page shows a checkbox there. */
export function taskBoxes(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]!.type !== 'list_item_open' || tokens[i + 1]!.type !== 'paragraph_open') continue;
    const first = tokens[i + 2]!.children?.[0];
    if (first?.type === 'text' && TASK_BOX.test(first.content)) first.content = first.content.replace(TASK_BOX, '');
  }
}
