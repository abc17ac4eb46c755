/** Pinyin of Chinese text (pinyin-pro), without tones, `ü` written `v` as people type it. */
import { LRUCache } from 'lru-cache';
import { lazyRequire } from '../lazy-require.js';

type ArrayPinyin = (text: string, options: { toneType: 'none'; type: 'array'; v: true; multiple?: boolean }) => string[];

// pinyin-pro's dictionaries take ~0.15 s to load: only processes that need pinyin pay.
const pinyinPro = lazyRequire<{ pinyin: ArrayPinyin }>('pinyin-pro');

function pinyin(text: string, options: Parameters<ArrayPinyin>[1]): string[] {
  return pinyinPro().pinyin(text, options);
}

const HAN = /^\p{Script=Han}+$/u;

type Keys = { full: string; initials: string };

// Each index a server loads converts nearly the same words as the one before (a reload
// after one changed post): the conversions are kept, bounded, for the thread. Bounded by
// `maxSize`, not `max`: with `max` an LRUCache allocates all its slots up front (about
// 7 MB for these two, in every thread importing this module, a server's main thread
// too, which never converts); with `maxSize` they grow as used (15,000 words at 100,000
// posts). Made on first use all the same.
let caches: { keysOf: LRUCache<string, Keys>; readingsOf: LRUCache<string, string[]> } | null = null;
const one = (): number => 1;
const cachesOf = (): NonNullable<typeof caches> =>
  (caches ??= {
    keysOf: new LRUCache({ maxSize: 200_000, sizeCalculation: one }),
    readingsOf: new LRUCache({ maxSize: 50_000, sizeCalculation: one }),
  });

/** Full pinyin and initials of a Han word (`乳山` gives `rushan` and `rs`); null for other text. */
export function pinyinKeys(word: string): Keys | null {
  if (!HAN.test(word)) return null;
  const { keysOf } = cachesOf();
  let keys = keysOf.get(word);
  if (!keys) {
    const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true });
    keys = { full: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
    keysOf.set(word, keys);
  }
  return keys;
}

/** Every reading of one Han character, e.g. `重` gives `zhong` and `chong` (the array is shared: do not change it). */
export function readings(char: string): string[] {
  const { readingsOf } = cachesOf();
  let found = readingsOf.get(char);
  if (!found) {
    found = pinyin(char, { toneType: 'none', type: 'array', multiple: true, v: true });
    readingsOf.set(char, found);
  }
  return found;
}
