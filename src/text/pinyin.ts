/** Pinyin of Chinese text (pinyin-pro), without tones, `ü` written `v` as people type it. */
import { pinyin } from 'pinyin-pro';

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
