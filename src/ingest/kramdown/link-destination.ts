/**
 * An inline link's address as kramdown reads it (`parse_link`): everything up to the
 * parenthesis that closes the one it opens with, spaces included (`[说明](../a b/c.md)`
 * links to `../a b/c.md`, `$\sum in[i](in[i] > 0)$` holds one), or up to a white space
 * before a quote (a title follows). CommonMark ends an address at its first space, so
 * markdown-it showed such a link as typed (source.ts gives it the plainest ones in `<…>`).
 */

/** The result markdown-it's `parseLinkDestination` gives. */
export interface LinkDestination {
  ok: boolean;
  pos: number;
  str: string;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
const isQuote = (c: number): boolean => c === 0x22 || c === 0x27;

/**
 * For each position of a text: where an address starting there ends, at the `)` that
 * closes the `(` before it (-1: none) or at a white space before a quote (-1: none). One
 * pass each way (a `)` at depth d from a start is the first `)` at which the count of
 * parentheses falls to d - 1), where scanning from each `](` would take a paragraph of
 * `[a](` quadratic time.
 */
interface AddressEnds {
  text: string;
  paren: Int32Array;
  title: Int32Array;
}

let last: AddressEnds | null = null;

function addressEnds(text: string): AddressEnds {
  if (last?.text === text) return last;
  const n = text.length;
  // depth[k]: opening minus closing parentheses before k.
  const depth = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    depth[k + 1] = depth[k]! + (c === 0x28 ? 1 : c === 0x29 ? -1 : 0);
  }
  const paren = new Int32Array(n + 1).fill(-1);
  const title = new Int32Array(n + 1).fill(-1);
  // nearest[d + n]: the nearest `)` at or after k with depth d before it.
  const nearest = new Int32Array(2 * n + 2).fill(-1);
  for (let k = n - 1; k >= 0; k--) {
    const c = text.charCodeAt(k);
    if (c === 0x29) nearest[depth[k]! + n] = k;
    paren[k] = nearest[depth[k]! + n]!;
    title[k] = isSpace(c) && isQuote(text.charCodeAt(k + 1)) ? k : title[k + 1]!;
  }
  last = { text, paren, title };
  return last;
}

/**
 * The address of an inline link starting at `start` in `str` (right after the `(` and the
 * white space after it), ending before `max`: `pos` is where the `)` or the title starts.
 */
export function kramdownLinkDestination(str: string, start: number, max: number): LinkDestination {
  const ends = addressEnds(str);
  const paren = ends.paren[start]!;
  const title = ends.title[start]!;
  const end = paren < 0 ? title : title < 0 ? paren : Math.min(paren, title);
  if (end < 0 || end >= max) return { ok: false, pos: 0, str: '' };
  return { ok: true, pos: end, str: str.slice(start, end).trim() };
}
