/**
 * A query typed in traditional characters with the words Taiwan uses (軟體, 程式設計, 記憶體,
 * 影片, 部落格), read the way the mainland says them (软件, 编程, 内存, 视频, 博客):
 * opencc-js's Taiwan phrase tables, whole phrases before single characters. Posts written
 * on the mainland say 软件; normalize.ts, which maps each character on its own (so that
 * snippets can trace every character back), reads 軟體 as 软体 only.
 */
import type { Converter as ConverterOf } from 'opencc-js/t2cn';
import { lazyRequire } from '../lazy-require.js';
import { isHan, normalize, normalizeChar } from './normalize.js';

/** opencc-js's converters, loaded with the first traditional query (most threads never see one). */
const loadOpencc = lazyRequire<{ Converter: typeof ConverterOf }>('opencc-js/t2cn');

let toMainland: ((text: string) => string) | undefined;

/** True when some Han character of `text` is traditional: normalize.ts gives another for it. */
function hasTraditional(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (isHan(code) && normalizeChar(code) !== ch) return true;
  }
  return false;
}

/**
 * `text` with Taiwan's words read as the mainland's, or null: for a text with no
 * traditional character (on simplified text the tables would still turn 影片, a mainland
 * word too, into 视频), or whose reading normalises as the text itself does.
 */
export function mainlandReading(text: string): string | null {
  if (!hasTraditional(text)) return null;
  const convert = (toMainland ??= loadOpencc().Converter({ from: 'twp', to: 'cn' }));
  const reading = convert(text);
  return normalize(reading) === normalize(text) ? null : reading;
}
