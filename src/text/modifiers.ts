/**
 * Classes of words from jieba's dictionary that say how a question is put rather than
 * what it is about, which search/intent/optional-words.ts makes optional: adjectives and
 * adverbs (`a`, `ad`, `d`: 完整, 容易, 重要, 直接), which in a question say how the thing
 * asked about should be (`怎么把网页完整保存下来`), not what it is, and a post about it
 * rarely repeats them; verbs of one character (`写`, `玩`); a modal glued to what follows
 * (`要学`); and the copula glued to the character before it (`节是`), which
 * optional-words.ts asks for as that character.
 * Read from the dictionary file once per thread, on first use, without loading jieba
 * itself (the main thread never loads it: text/jieba.ts).
 */
import { visitWantedLines } from './dictionary-lines.js';

/** The modals of one character a word of jieba's may start with (`要学`, `想买`, `能做`). */
export const MODAL_CHARS = '要想能会该';
/** …and the characters that jieba's model glues to what follows as a modal does (the spoken `咋学`). */
const GLUING_CHARS = `${MODAL_CHARS}咋`;

/**
 * The dictionary lines wanted: adjectives and adverbs (jieba's part-of-speech tags `a`,
 * `ad`, `d`), verbs of one character (`v`, and `vg`: 喝), two-character words starting with a
 * modal (`要求`, `会议`: words of their own, not a modal and a verb), two-character words
 * ending with the copula (`但是`, `还是`) or a modal (`机会`, `需要`), and verbs of two
 * characters (`面对`, `保存`).
 */
const WANTED_LINE = new RegExp(
  `^(?:(\\S+) \\d+ (a|ad|d)|(\\S) \\d+ vg?|([${GLUING_CHARS}]\\S) \\d+ \\S+|(\\S是) \\d+ \\S+|(\\S[${MODAL_CHARS}]) \\d+ \\S+|(\\S\\S) \\d+ v)\\r?$`,
  'gmu',
);

/** A character and the copula 是 (`但是`, `就是`; and what jieba's model glues: `节是` of `程序员节是哪天`). */
const WITH_COPULA = /^\p{Script=Han}是$/u;
/** A character and a modal after it (`机会`, `需要`; and what jieba's model glues: `币会` of `比特币会不会归零`). */
const WITH_MODAL = new RegExp(`^\\p{Script=Han}[${MODAL_CHARS}]$`, 'u');

interface WordClasses {
  modifiers: Set<string>;
  /** Of the modifiers, the adjectives (tag `a`). */
  adjectives: Set<string>;
  /** Verbs of two characters, each as its two UTF-16 units in one number (see {@link pairCode}), ascending. */
  twoCharVerbs: Uint32Array;
  oneCharVerbs: Set<string>;
  modalWords: Set<string>;
  copulaWords: Set<string>;
  /** Two-character words of the dictionary ending with a modal (`机会`, `需要`, `重要`). */
  modalEndWords: Set<string>;
}

let classes: WordClasses | undefined;

/**
 * Reads the word classes a piece of the dictionary at a time, yielding between pieces (a
 * server warms them between requests, search/engine.ts `warmSteps`; read at once on first
 * use otherwise). A no-op once read.
 */
export function* wordClassSteps(): Generator<void, void, void> {
  if (classes) return;
  // Some 28,000 verbs: as numbers in one typed array they take 0.1 MB where a set of strings took 2 MB of each thread's heap.
  const verbCodes: number[] = [];
  const out: WordClasses = {
    modifiers: new Set(),
    adjectives: new Set(),
    twoCharVerbs: new Uint32Array(0),
    oneCharVerbs: new Set(),
    modalWords: new Set(),
    copulaWords: new Set(),
    modalEndWords: new Set(),
  };
  // Lines are `word frequency tag`; one pass of a regular expression finds the lines wanted.
  // No dictionary: no classes, and every word is required, as before.
  const read = yield* visitWantedLines(
    'jieba.dict.utf8',
    WANTED_LINE,
    (m) => {
      if (m[1]) {
        out.modifiers.add(m[1]);
        if (m[2] === 'a') out.adjectives.add(m[1]);
      } else if (m[3]) out.oneCharVerbs.add(m[3]);
      else if (m[4]) out.modalWords.add(m[4]);
      else if (m[7]) verbCodes.push(pairCode(m[7]));
      // 就是 is an adverb and 要是 starts with a modal: each line is one match.
      const word = m[1] ?? m[4] ?? m[5] ?? m[6];
      if (word && WITH_COPULA.test(word)) out.copulaWords.add(word);
      if (word && WITH_MODAL.test(word)) out.modalEndWords.add(word);
    },
    // Read meanwhile by a search that could not wait.
    () => classes !== undefined,
  );
  if (!read) return;
  out.twoCharVerbs = Uint32Array.from(verbCodes).sort();
  classes = out;
}

/** The word classes, read at once if no warm-up has read them yet. */
function wordClasses(): WordClasses {
  if (!classes) for (const _ of wordClassSteps());
  return classes!;
}

/** True when jieba's dictionary tags `word` as an adjective or adverb. */
export function isModifier(word: string): boolean {
  return wordClasses().modifiers.has(word);
}

/** True when jieba's dictionary tags `word` as an adjective (`焦虑`, `完整`; not an adverb). */
export function isAdjective(word: string): boolean {
  return wordClasses().adjectives.has(word);
}

/** Two UTF-16 units as one number. */
function pairCode(word: string): number {
  return word.charCodeAt(0) * 0x10000 + word.charCodeAt(1);
}

/**
 * True when jieba's dictionary tags `word`, of two characters, as a verb (`面对`, `保存`).
 * A binary search of its own: text/ comes before indexes/, whose sorted.ts has the same.
 */
export function isTwoCharVerb(word: string): boolean {
  if (word.length !== 2) return false;
  const verbs = wordClasses().twoCharVerbs;
  const code = pairCode(word);
  let lo = 0;
  let hi = verbs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (verbs[mid]! < code) lo = mid + 1;
    else hi = mid;
  }
  return verbs[lo] === code;
}

/**
 * True for a verb of one character (`做`, `写`, `玩`, `买`), as jieba's dictionary tags
 * it: in a question (`为什么要写单元测试`, `哪些游戏可以在浏览器里玩`) a light verb whose
 * object says what is asked about.
 */
export function isOneCharVerb(word: string): boolean {
  return wordClasses().oneCharVerbs.has(word);
}

const GLUED = new RegExp(`^[${GLUING_CHARS}]\\p{Script=Han}$`, 'u');

/**
 * True for two characters a modal and what follows it (`要学`, `要玩`, `咋学`), which
 * jieba's model glued into one word though its dictionary has no such word (it has
 * `要求`, `会议`).
 */
export function isGluedModal(word: string): boolean {
  if (!GLUED.test(word)) return false;
  return !wordClasses().modalWords.has(word);
}

/**
 * True for a character and the copula 是 that jieba's model glued into one word though
 * its dictionary has no such word (`节是` of `程序员节是哪天`, `平是` of `躺平是什么`; the
 * dictionary has `但是`, `还是`).
 */
export function isGluedCopula(word: string): boolean {
  return WITH_COPULA.test(word) && !wordClasses().copulaWords.has(word);
}

/**
 * True for a character and a modal after it that jieba's model glued into one word though
 * its dictionary has no such word (`币会` of `比特币会不会归零`, where it cut 比特 off as well;
 * the dictionary has `机会`, `需要`).
 */
export function isGluedModalAfter(word: string): boolean {
  return WITH_MODAL.test(word) && !wordClasses().modalEndWords.has(word);
}
