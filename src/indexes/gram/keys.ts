/**
 * The keys of the gram index (see gram-index.ts): a Han character, a pair of adjacent
 * Han characters, a whole Latin word, or a Han character beside a word character. The
 * common block's characters and pairs are small integers, so that the hot loop of a
 * build allocates no string for them.
 */

/** In front of a whole Latin word's key. */
export const WORD_KEY = '\u0001';
/** The common block of Han characters, whose characters and pairs are numbers. */
export const HAN_BASE = 0x3400;
export const HAN_SPAN = 0xa000 - HAN_BASE;

/** A key: a number for the common block's characters and pairs and their meeting with ASCII, else a string. */
export type Key = number | string;

export function charKey(code: number): Key {
  return code >= HAN_BASE && code < 0xa000 ? code - HAN_BASE : String.fromCodePoint(code);
}

export function pairKey(a: number, b: number): Key {
  return a >= HAN_BASE && a < 0xa000 && b >= HAN_BASE && b < 0xa000
    ? HAN_SPAN + (a - HAN_BASE) * HAN_SPAN + (b - HAN_BASE)
    : String.fromCodePoint(a, b);
}

/**
 * First key of the pairs where Han text and a word meet: above every key of a pair of
 * Han characters (the common block's pairs end at HAN_SPAN + HAN_SPAN²).
 */
const BOUNDARY_BASE = HAN_SPAN + HAN_SPAN * HAN_SPAN;

/**
 * The key of a Han character and a word character side by side, in either order: a
 * small integer when the Han character is of the common block and the word character
 * ASCII (a post has a few such pairs, and `生成ai` or `ai图片` narrow to the posts where
 * the two scripts meet as typed, rather than every post with 生成 and a word `ai…`).
 */
export function boundaryKey(a: number, b: number): Key {
  if (b < 0x80 && a >= HAN_BASE && a < 0xa000) return BOUNDARY_BASE + (a - HAN_BASE) * 0x80 + b;
  if (a < 0x80 && b >= HAN_BASE && b < 0xa000) return BOUNDARY_BASE + HAN_SPAN * 0x80 + a * HAN_SPAN + (b - HAN_BASE);
  return String.fromCodePoint(a, b);
}

export function hanKeys(text: string): Key[] {
  const codes = Array.from(text, (c) => c.codePointAt(0)!);
  if (codes.length === 1) return [charKey(codes[0]!)];
  const keys: Key[] = [];
  for (let i = 0; i + 1 < codes.length; i++) keys.push(pairKey(codes[i]!, codes[i + 1]!));
  return keys;
}
