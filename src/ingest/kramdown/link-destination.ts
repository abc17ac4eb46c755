/**
 * An inline link's address as kramdown reads it (`parse_link`): everything up to the
 * parenthesis that closes the one it opens with, spaces included (`[图](/a b.png)` links to
 * `/a b.png`), or up to a white space before a quote (a title follows). CommonMark ends an
 * address at its first space, so that markdown-it showed such a link as typed.
 */

/** The result markdown-it's `parseLinkDestination` gives. */
export interface LinkDestination {
  ok: boolean;
  pos: number;
  str: string;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;

/**
 * The address of an inline link starting at `start` in `str` (right after the `(` and the
 * white space after it), ending before `max`: `pos` is where the `)` or the title starts.
 */
export function kramdownLinkDestination(str: string, start: number, max: number): LinkDestination {
  const none: LinkDestination = { ok: false, pos: 0, str: '' };
  let level = 1;
  for (let pos = start; pos < max; pos++) {
    const c = str.charCodeAt(pos);
    if (c === 0x28) level++;
    else if (c === 0x29 && --level === 0) return { ok: true, pos, str: str.slice(start, pos).trim() };
    else if (isSpace(c) && (str.charCodeAt(pos + 1) === 0x22 || str.charCodeAt(pos + 1) === 0x27))
      return { ok: true, pos, str: str.slice(start, pos).trim() };
  }
  return none;
}
