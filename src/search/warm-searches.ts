/**
 * The searches a server runs on its own once an index is in, before or between its first
 * readers' (search/engine.ts `searchWarmSteps`). V8 compiles a function to fast code only
 * after it has run many times, on threads of its own: without them, the first few hundred
 * searches of a server run slower code (13,607 posts: the 260 public eval queries took
 * 434 ms in all on a fresh start, 128 ms after these searches), and a site with a few
 * searches a minute may never reach the compiled code at all.
 *
 * The queries are the site's own title and tag words in the shapes readers type them: one
 * word, two words with and without a space, a question around a word, whole titles
 * (Latin and Han mixed, punctuation), and the forms an input method or a paste gives: a
 * single character, a few characters from inside a title, a Latin word glued to Han
 * text, in full-width letters or misspelt, a title in traditional characters. A shape
 * left out is a path a reader's search compiles, or a table it loads, instead (13,607
 * posts, after the warm-up without the last six shapes: the first traditional query took
 * 10-20 ms, opencc-js's tables loading, and the first misspelt Latin word 1.5-1.9 ms;
 * with them, 1.6 and 0.6 ms). The same queries every start: the index's words and posts
 * in its own order, taken at a fixed stride.
 */

/**
 * Searches a warm-up runs at most. 3,000 searches or 3 s (2,500 searches at 13,607 posts)
 * left V8 compiling through the next thousand readers' searches: in three alternating
 * runs of the bench's passes (scripts/bench-child.ts), the process's other threads took
 * 292-695 ms of CPU a second during passes 5-8 against 65-143 ms with 6,000 or 6 s, and
 * the p99 of those passes on a search thread was 4.3-5.1 ms against 1.5-2.1 ms.
 */
export const WARM_SEARCHES = 6000;
/** Time a warm-up spends searching at most, in ms (1,000,000 posts: a few hundred searches). */
export const WARM_SEARCH_BUDGET_MS = 6000;

/** Words of the shapes below: any word, and the Latin ones (for glued, full-width and misspelt forms). */
interface Words {
  a: string;
  b: string;
  latin: string;
  /** A post's title (read only by the shapes that ask it: a title is read from its post's line). */
  title: () => string;
}

/** How a word (or two, or a post's title) is asked, in turn. */
const SHAPES: readonly ((w: Words) => string)[] = [
  ({ a }) => a,
  ({ a, b }) => `${a} ${b}`,
  ({ a }) => `怎么${a}`,
  ({ a, b, title }) => title() || `${a}${b}`,
  ({ a, b }) => `${a}${b}`,
  ({ a }) => `${a}是什么`,
  ({ a }) => Array.from(a)[0]!,
  ({ a, b, title }) => Array.from(title()).slice(1, 5).join('') || `${a}${b}`,
  ({ a, latin }) => `${a}${latin}`,
  ({ latin }) => fullWidth(latin),
  ({ latin }) => misspelt(latin),
  ({ a, title }) => traditional(title() || a),
];

/** Latin letters and digits as an input method's full-width forms (`ｒｈｅｌ`). */
function fullWidth(word: string): string {
  return word.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** The word with two letters in the middle swapped (a typo a correction may mend). */
function misspelt(word: string): string {
  if (word.length < 4) return `${word}s`;
  const i = word.length >> 1;
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

/**
 * Common simplified characters in their traditional forms: enough for a warm-up title to
 * hold some, so that the conversion a traditional query takes (and its tables, loaded on
 * first use) is warm too; not a conversion (normalize.ts converts with opencc-js).
 */
const SIMPLIFIED = '个们这为会来时说对发开过后么国学长问题网电书机业数据语图实现动软';
const TRADITIONAL = '個們這為會來時說對發開過後麼國學長問題網電書機業數據語圖實現動軟';

/** `text` with the characters of {@link SIMPLIFIED} in their traditional forms. */
function traditional(text: string): string {
  return Array.from(text, (c) => {
    const at = SIMPLIFIED.indexOf(c);
    return at < 0 ? c : TRADITIONAL[at]!;
  }).join('');
}

/** Strides through the word list, primes so that pairs vary. */
const STRIDE = 7919;
const SECOND_STRIDE = 104_729;

/**
 * `count` warm-up queries made of `words` (the index's title and tag words) and titles
 * (`titleAt(i)`: the title of some post, different for different `i`).
 */
export function* warmQueries(words: Iterable<string>, titleAt: (i: number) => string, count: number): Generator<string> {
  const list: string[] = [];
  const latin: string[] = [];
  for (const w of words) {
    if (w.length < 2) continue;
    list.push(w);
    if (/^[a-z][a-z0-9]+$/.test(w)) latin.push(w);
  }
  if (list.length === 0) return;
  // A site that writes no Latin word still gets Latin queries from its readers.
  if (latin.length === 0) latin.push('ai');
  for (let i = 0; i < count; i++) {
    const a = list[(i * STRIDE) % list.length]!;
    const b = list[(i * SECOND_STRIDE + 13) % list.length]!;
    yield SHAPES[i % SHAPES.length]!({ a, b, latin: latin[(i * STRIDE) % latin.length]!, title: () => titleAt(i * STRIDE).trim() });
  }
}
