/**
 * Adjectives and adverbs, as jieba's dictionary tags them (`a`, `ad`, `d`): 完整, 容易,
 * 重要, 直接. In a question they say how the thing asked about should be (`怎么把网页完整保存
 * 下来`), not what it is, and a post about it rarely repeats them: search/intent.ts makes
 * them optional, like question words. Read from the dictionary file once per thread, on
 * first use, without loading jieba itself (the main thread never loads it: text/jieba.ts).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A dictionary line of an adjective or adverb: jieba's part-of-speech tags `a`, `ad`, `d`. */
const MODIFIER_LINE = /^(\S+) \d+ (?:a|ad|d)\r?$/gm;

let modifiers: Set<string> | undefined;

function dictionaryFile(): string {
  const pkg = createRequire(import.meta.url).resolve('nodejieba/package.json');
  return path.join(path.dirname(pkg), 'submodules/cppjieba/dict/jieba.dict.utf8');
}

function load(): Set<string> {
  const out = new Set<string>();
  let text: string;
  try {
    text = fs.readFileSync(dictionaryFile(), 'utf8');
  } catch {
    return out; // no dictionary: every word is required, as before
  }
  // Lines are `word frequency tag`; one pass of a regular expression finds the tags wanted.
  for (const m of text.matchAll(MODIFIER_LINE)) out.add(m[1]!);
  return out;
}

/** True when jieba's dictionary tags `word` as an adjective or adverb. */
export function isModifier(word: string): boolean {
  modifiers ??= load();
  return modifiers.has(word);
}
