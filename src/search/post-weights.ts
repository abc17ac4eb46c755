/**
 * What the ranking weighs beyond a post's words: what a site may weigh (defaults.ts
 * `BoostedField`, `Freshness`), its category names as text and how new it is; and, for a
 * post that lists the others, how much of its text is its own. The engine makes them once
 * per change of its posts, and only while they weigh something; the ranking reads them
 * (page-order.ts).
 */
import type { AnalyzedDoc } from '../indexes/analyze.js';
import type { FacetColumn } from '../indexes/facet-column.js';
import { normalize } from '../text/normalize.js';
import type { Freshness } from './defaults.js';

/** Each post's category names as one normalised text, and their length over live posts. */
export interface CategoryTexts {
  textOf(slot: number): string;
  /** Total length of the texts of live posts. */
  chars: number;
}

/** A post's freshness, and what it weighs. */
export interface FreshnessOf {
  /** 1 for the newest post, halving every half-life before it; 0 for a post without a date. */
  of(slot: number): number;
  /** The signal's weight (rank.ts `SIGNAL_WEIGHTS` units). */
  weight: number;
}

/** The posts' category names as text, from the categories' facet column: one normalised text per name. */
export function categoryTexts(column: FacetColumn, docs: readonly (AnalyzedDoc | undefined)[]): CategoryTexts {
  const names = column.names.map(normalize);
  let chars = 0;
  for (let slot = 0; slot < docs.length; slot++) if (docs[slot]) chars += column.textOf(slot, names).length;
  return { textOf: (slot) => column.textOf(slot, names), chars };
}

/**
 * For each post that lists the others (`AnalyzedDoc.ownChars`), the share of its title
 * and text that is its own, by slot; null when no post lists them. An archive's text is the
 * titles of the posts it lists: it holds the words of a search for any of them, and would
 * rank beside each. Weighed by this share (near 0 for an archive; near 1 for a post that
 * ends with links to the one before and after), it ranks after the posts it lists.
 */
export function ownShares(docs: readonly (AnalyzedDoc | undefined)[]): Map<number, number> | null {
  let out: Map<number, number> | null = null;
  for (let slot = 0; slot < docs.length; slot++) {
    const own = docs[slot]?.ownChars;
    if (own === undefined) continue;
    // Its title is its own too: an archive whose own text is empty still has a share.
    const { title, text } = docs[slot]!;
    (out ??= new Map()).set(slot, Math.min(1, (own + title.length + 1) / (text.length + title.length + 1)));
  }
  return out;
}

/** The newest live post's time; -Infinity when no post has a date. */
export function newestTime(docs: readonly (AnalyzedDoc | undefined)[]): number {
  let newest = -Infinity;
  for (const d of docs) if (d && d.time !== null && d.time > newest) newest = d.time;
  return newest;
}

/**
 * Each post's freshness, counted back from the newest post's time, or from `now` when
 * that is later: a post scheduled for 2099 (Jekyll's `future: true`) would leave every
 * other post with none. Such a post counts as new as can be.
 */
export function freshnessOf(docs: readonly (AnalyzedDoc | undefined)[], settings: Freshness, newest: number, now: number): FreshnessOf {
  const origin = Math.min(newest, now);
  const halfLife = settings.halfLifeDays * 86_400_000;
  return {
    weight: settings.weight,
    of: (slot) => {
      const time = docs[slot]!.time;
      return time === null ? 0 : time >= origin ? 1 : 2 ** (-(origin - time) / halfLife);
    },
  };
}
