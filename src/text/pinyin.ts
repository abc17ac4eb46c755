/** Pinyin of Chinese text (pinyin-pro), without tones, `ü` written `v` as people type it. */
import { createRequire } from 'node:module';

type ArrayPinyin = (text: string, options: { toneType: 'none'; type: 'array'; v: true; multiple?: boolean }) => string[];
let loaded: ArrayPinyin | undefined;

// pinyin-pro's dictionaries take ~0.15 s to load: only processes that need pinyin pay.
function pinyin(text: string, options: Parameters<ArrayPinyin>[1]): string[] {
  loaded ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: ArrayPinyin }).pinyin;
  return loaded(text, options);
}

const HAN = /^\p{Script=Han}+$/u;

/** Full pinyin and initials of a Han word (`乳山` gives `rushan` and `rs`); null for other text. */
export function pinyinKeys(word: string): { full: string; initials: string } | null {
  if (!HAN.test(word)) return null;
  const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true });
  return { full: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
}

/** Every reading of one Han character, e.g. `重` gives `zhong` and `chong`. */
export function readings(char: string): string[] {
  return pinyin(char, { toneType: 'none', type: 'array', multiple: true, v: true });
}
