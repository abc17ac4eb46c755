/**
 * Words common in Chinese at large: those jieba's IDF table (`idf.utf8`, counted on a
 * general corpus) gives an IDF below ln 100, in more than one document in a hundred
 * (一个, 可以, 我们, 问题, 使用, 时间: 121 words). search/intent/optional-words.ts makes a
 * word that much of a site's posts hold optional only when it is one of these: a word a
 * site uses a lot but Chinese at large does not (工具 on a weekly of tools, IDF 6.1, in a
 * third of its posts) is what the site's posts are about, and `截图工具` asks for tools.
 * Read without loading jieba, once per thread, on first use or by a server's warm-up.
 */
import { visitWantedLines } from './dictionary-lines.js';

/** Below this IDF a word is in more than a hundredth of the documents jieba's IDFs were counted on. */
const COMMON_WORD_IDF = Math.log(100);

/** Lines `word idf` whose IDF is under 5, to be compared with {@link COMMON_WORD_IDF}. */
const LOW_IDF_LINE = /^(\S+) ([0-4](?:\.\d*)?)\r?$/gmu;

let common: Set<string> | undefined;

/**
 * Reads the common words a piece of the IDF table at a time, yielding between pieces (a
 * server reads them between requests, search/engine.ts `warmSteps`). A no-op once read.
 */
export function* commonWordSteps(): Generator<void, void, void> {
  if (common) return;
  const out = new Set<string>();
  // No table: no word is common by it.
  const read = yield* visitWantedLines(
    'idf.utf8',
    LOW_IDF_LINE,
    (m) => {
      if (Number(m[2]) < COMMON_WORD_IDF) out.add(m[1]!);
    },
    // Read meanwhile by a search that could not wait.
    () => common !== undefined,
  );
  if (!read) return;
  common = out;
}

/** True when `word` is in more than a hundredth of general Chinese documents, by jieba's IDF table. */
export function isCommonInChinese(word: string): boolean {
  if (!common) for (const _ of commonWordSteps());
  return common!.has(word);
}
