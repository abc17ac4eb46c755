/**
 * Which characters each post's normalised title and tags hold, as 63 bits (each character
 * sets one, by a hash): a word can be in them only if every bit of its own characters is
 * set. The ranking reads the title and tags of every post a search scores (whether they
 * hold the query's words, their BM25), thousands of posts for a common word, and in most
 * neither holds any: the bits say so from one small array, where reading the texts meant
 * following each post's object to its strings.
 *
 * A post's bits are worked out on its first use and kept: a slot's post never changes (a
 * post added again gets a new slot, search/engine.ts `addAnalyzed`), so they stay true for
 * the engine's life.
 */

/** The bits of a text's characters, in two int32 halves (the 64th bit is never a character's). */
export interface CharBits {
  low: number;
  high: number;
}

/** Words told apart by {@link ShortFieldSignatures.lacking}: one bit each of an int32's 31 below its sign. */
const MOST_WORDS = 31;

/** True when bit `i` of a {@link ShortFieldSignatures.lacking} answer says word `i` is lacking. */
export function isLacking(lacking: number, i: number): boolean {
  return i < MOST_WORDS && (lacking & (1 << i)) !== 0;
}

/** What {@link ShortFieldSignatures.lacking} answers when each of `count` words is lacking (-1, never answered, for more than it tells apart). */
export function everyLacking(count: number): number {
  return count > MOST_WORDS ? -1 : count === MOST_WORDS ? 0x7fffffff : (1 << count) - 1;
}

/** Set in a slot's high half once its bits are known. */
const KNOWN = 1 << 31;

/** The bit (0 to 62) of one UTF-16 code unit: a character outside the BMP sets the bits of both its halves, in a word as in a title. */
function bitOf(code: number): number {
  // The top six bits of a multiplicative hash, 63 folded onto 62.
  return Math.min(62, Math.imul(code, 0x9e3779b1) >>> 26);
}

/** The bits of every code unit of `text`. */
export function charBits(text: string): CharBits {
  let low = 0;
  let high = 0;
  for (let i = 0; i < text.length; i++) {
    const bit = bitOf(text.charCodeAt(i));
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  return { low, high };
}

/** The normalised title and tags of a slot, or undefined for a removed post. */
export type ShortFieldsOf = (slot: number) => { title: string; tags: string } | undefined;

export class ShortFieldSignatures {
  /** Per slot, its bits' low half then its high half (with {@link KNOWN}). */
  private bits = new Int32Array(0);

  constructor(private readonly fieldsOf: ShortFieldsOf) {}

  /**
   * Bit `i` set for each of `words` that the slot's title and tags cannot hold; clear for
   * those they may hold (their texts decide), and for any word after the 31st. A removed
   * post's slot holds none.
   */
  lacking(slot: number, words: readonly CharBits[]): number {
    if (!this.known(slot)) this.learn(slot);
    let lacking = 0;
    for (let i = 0; i < Math.min(words.length, MOST_WORDS); i++) if (!this.holds(slot, words[i]!)) lacking |= 1 << i;
    return lacking;
  }

  /** Works out the bits of those of `slots` not known yet. */
  learnEach(slots: ArrayLike<number>): void {
    for (let i = 0; i < slots.length; i++) if (!this.known(slots[i]!)) this.learn(slots[i]!);
  }

  /**
   * True when the slot's title and tags may hold a text of these bits, or its bits are not
   * known yet ({@link learnEach} first): this one learns nothing, so that a caller that
   * reads the title next stays small (with the learning in it, V8 no longer optimised
   * away the object of the caller's `d.norm` read: 14 MB more for a common character's
   * search at 1,000,000 posts).
   */
  mayHold(slot: number, word: CharBits): boolean {
    return !this.known(slot) || this.holds(slot, word);
  }

  private known(slot: number): boolean {
    return 2 * slot < this.bits.length && (this.bits[2 * slot + 1]! & KNOWN) !== 0;
  }

  /** Whether a known slot's bits include the word's. */
  private holds(slot: number, word: CharBits): boolean {
    return (this.bits[2 * slot]! & word.low) === word.low && (this.bits[2 * slot + 1]! & word.high) === word.high;
  }

  private learn(slot: number): void {
    const at = 2 * slot;
    if (at >= this.bits.length) {
      const grown = new Int32Array(Math.max(at + 2, 2 * this.bits.length, 2048));
      grown.set(this.bits);
      this.bits = grown;
    }
    const fields = this.fieldsOf(slot);
    let low = 0;
    let high = 0;
    if (fields) {
      const title = charBits(fields.title);
      const tags = charBits(fields.tags);
      low = title.low | tags.low;
      high = title.high | tags.high;
    }
    this.bits[at] = low;
    this.bits[at + 1] = high | KNOWN;
  }
}
