/**
 * An inline link's address as kramdown reads it (`parse_link`): everything up to the
 * parenthesis that closes the one it opens with, spaces and escaped parentheses counted
 * (`[说明](../a b/c.md)` links to `../a b/c.md`, `$\sum in[i](in[i] > 0)$` holds one,
 * `[Metro](…/Metro_(design_language\))` ends at the last `)`), or up to a white space
 * before a quote (a title follows). CommonMark ends an address at its first space and
 * skips escaped parentheses, so markdown-it showed such a link as typed.
 */

/** The result markdown-it's `parseLinkDestination` gives. */
export interface LinkDestination {
  ok: boolean;
  pos: number;
  str: string;
}

/** Where the addresses of a text end (see {@link addressEnds}). */
export interface AddressEnds {
  /** For each `(`: the `)` closing it, nested pairs counted, -1 when none does. */
  closing: Int32Array;
  /** From each position on: the next white space before a quote, -1 when none. */
  title: Int32Array;
}

// kramdown's `\s`: a title may start on the next line of a paragraph.
const isWhite = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
const isQuote = (c: number): boolean => c === 0x22 || c === 0x27;

let last: { text: string; ends: AddressEnds } | null = null;

/**
 * Where each address of `text` ends, in one pass each way, where scanning from each `](`
 * would take a paragraph of `[a](` quadratic time. The last text's are kept: markdown-it
 * asks once per link of a paragraph (source.ts once per line).
 */
export function addressEnds(text: string): AddressEnds {
  if (last?.text === text) return last.ends;
  const n = text.length;
  const closing = new Int32Array(n).fill(-1);
  const open: number[] = [];
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x28) open.push(k);
    else if (c === 0x29) {
      const o = open.pop();
      if (o !== undefined) closing[o] = k;
    }
  }
  const title = new Int32Array(n + 1).fill(-1);
  for (let k = n - 1; k >= 0; k--) title[k] = isWhite(text.charCodeAt(k)) && isQuote(text.charCodeAt(k + 1)) ? k : title[k + 1]!;
  last = { text, ends: { closing, title } };
  return last.ends;
}

/**
 * The address of an inline link starting at `start` in `str` (after the `(` and the white
 * space markdown-it skips after it), ending before `max`: `pos` is where the `)` or the
 * title starts.
 */
export function kramdownLinkDestination(str: string, start: number, max: number): LinkDestination {
  const { closing, title } = addressEnds(str);
  let open = start - 1;
  while (open >= 0 && str.charCodeAt(open) !== 0x28) open--;
  const paren = open >= 0 ? closing[open]! : -1;
  const space = title[start]!;
  const end = paren < 0 ? space : space < 0 ? paren : Math.min(paren, space);
  if (end < 0 || end >= max) return { ok: false, pos: 0, str: '' };
  return { ok: true, pos: end, str: str.slice(start, end).trim() };
}
