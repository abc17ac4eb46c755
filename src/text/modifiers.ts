/**
 * Classes of words from jieba's dictionary that say how a question is put rather than
 * what it is about, which search/intent.ts makes optional: adjectives and adverbs (`a`,
 * `ad`, `d`: 完整, 容易, 重要, 直接), which in a question say how the thing asked about
 * should be (`怎么把网页完整保存下来`), not what it is, and a post about it rarely repeats
 * them; verbs of one character (`写`, `玩`); and a modal glued to what follows (`要学`).
 * Read from the dictionary file once per thread, on first use, without loading jieba
 * itself (the main thread never loads it: text/jieba.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The dictionary lines wanted: adjectives and adverbs (jieba's part-of-speech tags `a`,
 * `ad`, `d`), verbs of one character (`v`), and two-character words starting with a
 * modal (`要求`, `会议`: words of their own, not a modal and a verb).
 */
const WANTED_LINE = /^(?:(\S+) \d+ (?:a|ad|d)|(\S) \d+ v|([要想能会该咋]\S) \d+ \S+)\r?$/gmu;

interface WordClasses {
  modifiers: Set<string>;
  oneCharVerbs: Set<string>;
  modalWords: Set<string>;
}

let classes: WordClasses | undefined;

function dictionaryFile(): string {
  const pkg = createRequire(import.meta.url).resolve('nodejieba/package.json');
  return path.join(path.dirname(pkg), 'submodules/cppjieba/dict/jieba.dict.utf8');
}

function load(): WordClasses {
  const out: WordClasses = { modifiers: new Set(), oneCharVerbs: new Set(), modalWords: new Set() };
  let text: string;
  try {
    text = fs.readFileSync(dictionaryFile(), 'utf8');
  } catch {
    return out; // no dictionary: every word is required, as before
  }
  // Lines are `word frequency tag`; one pass of a regular expression finds the lines wanted.
  for (const m of text.matchAll(WANTED_LINE)) {
    if (m[1]) out.modifiers.add(m[1]);
    else if (m[2]) out.oneCharVerbs.add(m[2]);
    else out.modalWords.add(m[3]!);
  }
  return out;
}

/** True when jieba's dictionary tags `word` as an adjective or adverb. */
export function isModifier(word: string): boolean {
  classes ??= load();
  return classes.modifiers.has(word);
}

/**
 * True for a verb of one character (`做`, `写`, `玩`, `买`), as jieba's dictionary tags
 * it: in a question (`为什么要写单元测试`, `哪些游戏可以在浏览器里玩`) a light verb whose
 * object says what is asked about.
 */
export function isOneCharVerb(word: string): boolean {
  classes ??= load();
  return classes.oneCharVerbs.has(word);
}

const GLUED = /^[要想能会该咋]\p{Script=Han}$/u;

/**
 * True for two characters a modal and what follows it (`要学`, `要玩`, `咋学`), which
 * jieba's model glued into one word though its dictionary has no such word (it has
 * `要求`, `会议`).
 */
export function isGluedModal(word: string): boolean {
  if (!GLUED.test(word)) return false;
  classes ??= load();
  return !classes.modalWords.has(word);
}
