/**
 * How close together a post says the query's words, in any order: the shortest stretch
 * of a text holding one match of every requirement, compared with the words' own
 * length. `环境保护` and `保护环境` are equally close; a post that names 开源 in one
 * paragraph and 赚钱 ten paragraphs later is not.
 */
import { occurrencesInto, type Unit } from './match.js';
import { Scratch } from './scratch.js';

/** Matches of a word looked at per text: enough for any real post, bounded for a long one. */
const MAX_MATCHES = 256;

/**
 * Matches sorted as numbers: where one starts, then the order it was found in (a query's
 * units times {@link MAX_MATCHES} stay far below it).
 */
const ORDER = 2 ** 20;

// The matches of one call: starts in the order found, their ends and requirements, and
// the sort keys (scratch.ts).
const starts = new Scratch((n) => new Int32Array(n));
const ends = new Scratch((n) => new Int32Array(n));
const reqs = new Scratch((n) => new Int32Array(n));
const keys = new Scratch((n) => new Float64Array(n));

/**
 * The words' length over the span of the shortest window of `text` holding one match of
 * each group that occurs (a requirement's units, any of which will do): 1 when they
 * stand side by side, towards 0 as they scatter; 0 when fewer than two groups occur.
 */
export function closeness(text: string, groups: readonly (readonly Unit[])[]): number {
  if (groups.length < 2 || !text) return 0;
  let count = 0;
  let own = 0;
  let present = 0;
  for (let req = 0; req < groups.length; req++) {
    let shortest = Infinity;
    const before = count;
    for (const unit of groups[req]!) {
      const at = starts.room(count + MAX_MATCHES);
      const found = occurrencesInto(text, unit, MAX_MATCHES, at, count);
      const end = ends.room(count + found);
      const of = reqs.room(count + found);
      for (let k = count; k < count + found; k++) {
        end[k] = at[k]! + unit.text.length;
        of[k] = req;
      }
      count += found;
      shortest = Math.min(shortest, unit.text.length);
    }
    if (count > before) {
      present++;
      own += shortest;
    }
  }
  if (present < 2) return 0;
  // By start, ties in the order found (as a stable sort of the matches would give).
  const at = starts.room(count);
  const key = keys.room(count);
  for (let k = 0; k < count; k++) key[k] = at[k]! * ORDER + k;
  const sorted = key.subarray(0, count).sort();
  const end = ends.room(count);
  const of = reqs.room(count);
  // The classic minimum window over sorted matches: grow on the right, shrink from the left.
  const inWindow = new Uint16Array(groups.length);
  let covered = 0;
  let best = Infinity;
  let left = 0;
  let first = sorted[0]! % ORDER;
  for (let right = 0; right < count; right++) {
    const m = sorted[right]! % ORDER;
    if (inWindow[of[m]!]!++ === 0) covered++;
    while (covered === present) {
      // Matches start in order, so the window ends with its last match (or a longer first one).
      const last = Math.max(end[m]!, end[first]!);
      best = Math.min(best, last - at[first]!);
      if (--inWindow[of[first]!]! === 0) covered--;
      left++;
      if (left < count) first = sorted[left]! % ORDER;
    }
  }
  return best === Infinity ? 0 : Math.min(1, own / best);
}
