/**
 * Tokenisation of normalised text. Han runs go to jieba; Latin words, numbers and codes
 * such as `hfo-1234yf` are cut by script boundaries here, so they always stay whole
 * whatever jieba does with them.
 */
import { cutAll, tryCutAll } from './jieba.js';
import { isHan, isWordChar } from './normalize.js';

/** A maximal run of Han characters or of word characters in normalised text. */
export interface Piece {
  kind: 'han' | 'word';
  text: string;
  start: number;
  end: number;
}

/** Splits normalised text into Han runs and word runs; everything else separates them. */
export function pieces(norm: string): Piece[] {
  const out: Piece[] = [];
  let kind: Piece['kind'] | null = null;
  let start = 0;
  for (let i = 0; i < norm.length;) {
    const code = norm.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const k: Piece['kind'] | null = isHan(code) ? 'han' : isWordChar(code) ? 'word' : null;
    if (k !== kind) {
      if (kind) out.push({ kind, text: norm.slice(start, i), start, end: i });
      kind = k;
      start = i;
    }
    i += width;
  }
  if (kind) out.push({ kind, text: norm.slice(start), start, end: norm.length });
  return out;
}

const CODE_JOINERS = new Set(['-', '.', '_', '/', '+']);

/** A run of marks with no letter or digit before them. */
const MARKS_ONLY = /^\p{M}+$/u;

/** Word runs joined by `-`, `.`, `_`, `/` or `+` with nothing between them: `hfo-1234yf`, `node.js`. */
export function codes(norm: string, words: Piece[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    let j = i;
    while (j + 1 < words.length && words[j + 1]!.start === words[j]!.end + 1 && CODE_JOINERS.has(norm[words[j]!.end]!)) {
      j++;
    }
    if (j > i) out.push(norm.slice(words[i]!.start, words[j]!.end));
    i = j + 1;
  }
  return out;
}

const HAS_HAN = /\p{Script=Han}/u;

/**
 * The `#` or `+` that ends a name at `end` of `norm`, once or twice (`c#`, `f#`, `c++`,
 * `notepad++`), or ''. Kept with the word a reader types: C# is not C, and a query for it
 * is looked for as written (the texts keep the symbols; the index, which lists only
 * words, gives C's posts to check).
 */
function symbolSuffix(norm: string, end: number): string {
  const symbol = norm[end];
  if (symbol !== '#' && symbol !== '+') return '';
  const n = norm[end + 1] === symbol ? 2 : 1;
  const next = norm.codePointAt(end + n);
  // Not a joiner of a code (`a+b`) or a longer run of symbols.
  return next !== undefined && (next === 0x23 || next === 0x2b || isWordChar(next)) ? '' : symbol.repeat(n);
}

const DIGITS = /^[0-9]+$/;

/** True when `next` is a number after `piece`, a number, and a dot between them (`3` `5` of `3.5`). */
function isDottedNumber(norm: string, piece: Piece, next: Piece | undefined): boolean {
  return !!next && next.start === piece.end + 1 && norm[piece.end] === '.' && DIGITS.test(piece.text) && DIGITS.test(next.text);
}

/** A Han run in two-character words, the last one single when the length is odd. */
function twoCharacterWords(run: string): string[] {
  const chars = Array.from(run);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += 2) out.push(chars.slice(i, i + 2).join(''));
  return out;
}

/** Options of a {@link Tokenizer}. */
export interface TokenizerOptions {
  /** Words left out of the title and tag terms (they still match as exact text). Default: none. */
  stopWords?: Iterable<string>;
}

/** Turns normalised text into index terms and query words. */
export class Tokenizer {
  readonly stopWords: ReadonlySet<string>;

  constructor(options: TokenizerOptions = {}) {
    this.stopWords = new Set(options.stopWords ?? []);
  }

  /**
   * Index terms: jieba search-mode words of the Han text (inner words too,
   * so 乳山市 also yields 乳山), plus every Latin word, number and code.
   */
  indexTerms(norm: string): string[] {
    return this.indexTermsOfEach([norm])[0]!;
  }

  /** {@link indexTerms} of several texts, segmented together. */
  indexTermsOfEach(norms: string[]): string[][] {
    const han = norms.map((n) => (HAS_HAN.test(n) ? n : ''));
    const cuts = cutAll(han, 'search');
    return norms.map((norm, i) => {
      const out = cuts[i]!.filter((t) => HAS_HAN.test(t) && !this.stopWords.has(t));
      this.pushWords(norm, out);
      return out;
    });
  }

  /**
   * The words a query is made of, coarse (jieba default mode), in query order, without
   * duplicates. While jieba's dictionaries are still loading (the first seconds after a
   * start), a Han run is split into two-character words instead (乳山绿茶 → 乳山, 绿茶):
   * posts containing the query verbatim are found as ever, but one with the words apart
   * is found only if those pairs happen to be its words. `known`: cuts of Han runs made
   * ahead (jieba's default mode).
   */
  queryWords(norm: string, known?: ReadonlyMap<string, string[]>): string[] {
    const parts = pieces(norm);
    const han = parts.filter((p) => p.kind === 'han').map((p) => p.text);
    // Cuts made ahead (all of a query's Han runs in one call) are used as they are.
    const ahead = known && han.every((t) => known.has(t)) ? han.map((t) => known.get(t)!) : null;
    const cuts = han.length > 0 ? (ahead ?? tryCutAll(han, 'cut') ?? han.map(twoCharacterWords)) : [];
    const out: string[] = [];
    let h = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.kind === 'han') {
        for (const t of cuts[h++]!) if (HAS_HAN.test(t)) out.push(t);
        continue;
      }
      // Marks alone (the presentation selector after an emoji, `❤️`) make no word.
      if (MARKS_ONLY.test(p.text)) continue;
      // A version number is one word (`3.5` of `Claude 3.5`, `1.2.3`), not its numbers apart.
      let end = i;
      while (isDottedNumber(norm, parts[end]!, parts[end + 1])) end++;
      out.push(end > i ? norm.slice(p.start, parts[end]!.end) : p.text + symbolSuffix(norm, p.end));
      i = end;
    }
    const kept = out.filter((w) => !this.stopWords.has(w));
    return [...new Set(kept.length > 0 ? kept : out)];
  }

  private pushWords(norm: string, out: string[]): void {
    const words = pieces(norm).filter((p) => p.kind === 'word');
    for (const w of words) if (!this.stopWords.has(w.text)) out.push(w.text);
    for (const c of codes(norm, words)) out.push(c);
  }
}
