/** A text's normalised form mapped back onto its source, for highlighting what the reader sees. */
import { normalizeWithAnchors } from './normalize.js';

/**
 * A source text with its normalised form and the anchors that map one onto the other:
 * pairs `[normOffset, sourceOffset]` where the shift between them changes. Between two
 * anchors the texts advance together, so a match found in the normalised text is placed
 * in the source without normalising it again at query time.
 */
export interface MappedText {
  source: string;
  norm: string;
  anchors: ArrayLike<number>;
}

/** Anchors of a text (computed once, at indexing). */
export function anchorsOf(source: string): { norm: string; anchors: number[] } {
  return normalizeWithAnchors(source);
}

/** The source offset of normalised offset `n`. */
export function toSource(anchors: ArrayLike<number>, n: number): number {
  let lo = 0;
  let hi = anchors.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (anchors[mid * 2]! <= n) lo = mid;
    else hi = mid - 1;
  }
  return anchors[lo * 2 + 1]! + (n - anchors[lo * 2]!);
}
