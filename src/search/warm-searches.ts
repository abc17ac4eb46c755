/**
 * The searches a server runs on its own once an index is in, before or between its first
 * readers' (search/engine.ts `searchWarmSteps`). V8 compiles a function to fast code only
 * after it has run many times, on threads of its own: without them, the first few hundred
 * searches of a server run slower code (13,607 posts: the 260 public eval queries took
 * 434 ms in all on a fresh start, 128 ms after these searches), and a site with a few
 * searches a minute may never reach the compiled code at all.
 *
 * The queries are the site's own title and tag words in the shapes readers type them: one
 * word, two words with and without a space, a question around a word, and whole titles
 * (Latin and Han mixed, punctuation), so that the paths of fill-up, question words and
 * Latin variants are compiled too. The same queries every start: the index's words and
 * posts in its own order, taken at a fixed stride.
 */

/** Searches a warm-up runs at most. */
export const WARM_SEARCHES = 3000;
/** Time a warm-up spends searching at most, in ms (1,000,000 posts: a few hundred searches). */
export const WARM_SEARCH_BUDGET_MS = 3000;

/** How a word (or two, or a post's title) is asked, in turn. */
const SHAPES: readonly ((a: string, b: string, title: () => string) => string)[] = [
  (a) => a,
  (a, b) => `${a} ${b}`,
  (a) => `怎么${a}`,
  (a, b, title) => title() || `${a}${b}`,
  (a, b) => `${a}${b}`,
  (a) => `${a}是什么`,
];

/** Strides through the word list, primes so that pairs vary. */
const STRIDE = 7919;
const SECOND_STRIDE = 104_729;

/**
 * `count` warm-up queries made of `words` (the index's title and tag words) and titles
 * (`titleAt(i)`: the title of some post, different for different `i`).
 */
export function* warmQueries(words: Iterable<string>, titleAt: (i: number) => string, count: number): Generator<string> {
  const list: string[] = [];
  for (const w of words) if (w.length >= 2) list.push(w);
  if (list.length === 0) return;
  for (let i = 0; i < count; i++) {
    const a = list[(i * STRIDE) % list.length]!;
    const b = list[(i * SECOND_STRIDE + 13) % list.length]!;
    // The title read only for the shape that asks it (a post's title is read from its line).
    yield SHAPES[i % SHAPES.length]!(a, b, () => titleAt(i * STRIDE).trim());
  }
}
