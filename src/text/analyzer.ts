/**
 * What turns a post into indexed words and text, named as one version string that the
 * manifest records apart from the file format. An index written by another analyzer is
 * rebuilt (`reindex` and `npm start` do it, with a message), since its words, normalised
 * text or extracted text would not match what queries are analysed with now.
 * CHANGELOG.md lists every bump.
 */

/**
 * Words jieba's dictionary counts fewer times than this are left out of the dictionary
 * loaded. Of its 349,000 entries, 200,000 are counted two or three times (rare idioms,
 * names, long phrases), and they take about 70% of its load time (2.7–3.3 s for all of
 * it, 0.8 s without them, here). Such a word is then cut into shorter words; matching is
 * unaffected (the gram index finds any text verbatim) and the shared evaluation scored
 * the same, 0.995, with and without them. Where jieba's model then glues a character
 * before it to part of it in a query (`用树莓` of `用树莓派`, 树莓 being such a word), the
 * query asks for them apart (search/intent/optional-words.ts `withoutGluedHeads`).
 * Words a site adds (user dictionary) always count.
 */
export const MIN_WORD_FREQUENCY = 4;

/** Bumped when normalisation (normalize.ts: NFKC, case, traditional to simplified, spaces) changes (2: 么 kept). */
const NORMALIZER = 2;

/** Bumped when the text taken from a post changes (2: Liquid, then Markdown as kramdown renders it). */
const TEXT = 2;

/** The analyzer's version, as recorded in the manifest. */
export const ANALYZER = `jieba-compact-min${MIN_WORD_FREQUENCY}+normalize-${NORMALIZER}+text-${TEXT}`;

/** What indexes of format 6 written before the analyzer was recorded were built with. */
export const ANALYZER_OF_FORMAT_6 = `jieba-compact-min4+normalize-1+text-1`;
