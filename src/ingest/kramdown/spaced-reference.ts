/**
 * kramdown's reference links and images with white space before their id: `[Setext] [1]`,
 * `![图] [logo]`, an id on the next line, `[文字] []` (its link parser's LINK_INLINE_ID_RE,
 * `\s*?\[([^\]]+)?\]`): the form Markdown.pl took and Gruber's syntax page shows, copied
 * with its Chinese translation onto many blogs. CommonMark reads `[Setext]` alone, as a
 * shortcut reference (text where nothing defines `Setext`), and `[1]` as a link of its own.
 */
import type { StateInline } from 'markdown-it';
import { KRAMDOWN_ESCAPE } from './escapes.js';

/** White space, then an id in brackets (markdown-it reads `[文字][id]`, without the space, as kramdown does). */
const SPACED_ID = /\s+\[([^\]]*)\]/y;

type Definitions = Record<string, { href: string; title: string }>;

/**
 * Such a link (an image after `!`) when its id is defined, its text the first brackets'
 * (the id, when the second are empty, is that text with its escapes undone). When the id is
 * not defined, kramdown makes no link there even where the first brackets alone would be
 * one: their `[` is text, and reading goes on after it.
 */
export function spacedReference(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  const image = state.src.charCodeAt(start) === 0x21;
  const open = image ? start + 1 : start;
  // A footnote's marker (`[^1]`) is read before links, as kramdown reads it.
  if (state.src.charCodeAt(open) !== 0x5b || state.src.charCodeAt(open + 1) === 0x5e) return false;
  const definitions = state.env.references as Definitions | undefined;
  if (!definitions || (!image && state.linkLevel > 0)) return false;
  const labelEnd = state.md.helpers.parseLinkLabel(state, open, !image);
  if (labelEnd < 0) return false;
  SPACED_ID.lastIndex = labelEnd + 1;
  const spaced = SPACED_ID.exec(state.src);
  const end = SPACED_ID.lastIndex;
  if (!spaced || end > state.posMax) return false;
  const text = state.src.slice(open + 1, labelEnd);
  const definition = definitions[state.md.utils.normalizeReference(spaced[1] || text.replace(KRAMDOWN_ESCAPE, '$1'))];
  if (!definition) {
    if (!silent) state.pending += state.src.slice(start, open + 1);
    state.pos = open + 1;
    return true;
  }
  if (!silent) {
    const title: [string, string][] = definition.title ? [['title', definition.title]] : [];
    if (image) {
      const children: StateInline['tokens'] = [];
      state.md.inline.parse(text, state.md, state.env, children);
      const token = state.push('image', 'img', 0);
      token.attrs = [['src', definition.href], ['alt', ''], ...title];
      token.children = children;
      token.content = text;
    } else {
      const max = state.posMax;
      state.pos = open + 1;
      state.posMax = labelEnd;
      state.push('link_open', 'a', 1).attrs = [['href', definition.href], ...title];
      state.linkLevel++;
      state.md.inline.tokenize(state);
      state.linkLevel--;
      state.push('link_close', 'a', -1);
      state.posMax = max;
    }
  }
  state.pos = end;
  return true;
}
