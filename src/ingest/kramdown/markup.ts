/**
 * kramdown's markup in a post's tokens: attribute lists (`{: .note}`) are not text, the
 * list a `{:toc}` marks is the table of contents, and a GFM task item's box is a checkbox.
 */
import type { StateCore, Token } from 'markdown-it';

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
      let depth = 0;
      let j = i;
      let toc = false;
      for (; j < tokens.length; j++) {
        const u = tokens[j]!;
        if (u.type === t.type) depth++;
        if (u.type === t.type.replace('_open', '_close')) depth--;
        if (u.type === 'inline' && /\{:toc\}\s*$/.test(u.content)) toc = true;
        if (depth === 0) break;
      }
      // Marked for tableOfContents, which replaces it once the headings' text is final.
      if (toc) t.meta = { toc: true };
      continue;
    }
    // `{:.no_toc}` on a heading, or on its own line after it: the heading stays out of the table of contents.
    if (t.type === 'heading_open') {
      const after = tokens[i + 4];
      if (NO_TOC.test(tokens[i + 1]?.content ?? '') || (tokens[i + 3]?.type === 'paragraph_open' && after && NO_TOC.test(after.content)))
        t.meta = { noToc: true };
    }
    if (t.type !== 'inline' || !t.children) continue;
    for (const c of t.children) {
      if (c.type === 'text') c.content = c.content.replace(IAL, '');
    }
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

/**
 * The list a `{:toc}` marks (kramdownMarkup) becomes kramdown's table of contents: the
 * post's headings, in order, but those marked `{:.no_toc}`.
 */
export function tableOfContents(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!(t.meta as { toc?: boolean } | null)?.toc) continue;
    let depth = 0;
    let j = i;
    for (; j < tokens.length; j++) {
      if (tokens[j]!.type === t.type) depth++;
      if (tokens[j]!.type === t.type.replace('_open', '_close')) depth--;
      if (depth === 0) break;
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
