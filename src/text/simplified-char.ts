/**
 * Traditional to simplified Chinese for one character, as normalize.ts asks it: opencc-js's
 * Taiwan tables (`tw` to `cn`: Taiwan's variants to standard traditional, then traditional
 * to simplified). A character alone is only ever changed by the two tables of characters,
 * never by a table of phrases (test/text.test.ts checks every Han character
 * against opencc-js's own Converter), so these two are read into Maps on first use, in
 * about 3 ms. The Converter builds a trie of every table, phrases too: 31–40 ms of each
 * thread's start here, and a build starts three threads that normalise.
 */
import twVariantsRev from 'opencc-js/dict/TWVariantsRev';
import tsCharacters from 'opencc-js/dict/TSCharacters';

let tables: [Map<string, string>, Map<string, string>] | undefined;

/** A table in opencc-js's form (`from to|from to…`) as a Map. */
function tableOf(dict: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of dict.split('|')) {
    const space = entry.indexOf(' ');
    map.set(entry.slice(0, space), entry.slice(space + 1));
  }
  return map;
}

/**
 * What opencc-js's `Converter({ from: 'tw', to: 'cn' })` makes of `char`, one character
 * (a code point): its simplified form, or the character itself.
 */
export function simplifiedChar(char: string): string {
  const [variants, characters] = (tables ??= [tableOf(twVariantsRev), tableOf(tsCharacters)]);
  const standard = variants.get(char) ?? char;
  return characters.get(standard) ?? standard;
}
