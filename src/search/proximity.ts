/**
 * How close together a post says the query's words, in any order: the shortest stretch
 * of a text holding one match of every requirement, compared with the words' own
 * length. `环境保护` and `保护环境` are equally close; a post that names 开源 in one
 * paragraph and 赚钱 ten paragraphs later is not.
 */
import { occurrences, type Unit } from './match.js';

/** Matches of a word looked at per text: enough for any real post, bounded for a long one. */
const MAX_MATCHES = 256;

/** One match: where it starts and ends, and which requirement it meets. */
interface Match {
  at: number;
  end: number;
  req: number;
}

/**
 * The words' length over the span of the shortest window of `text` holding one match of
 * each group that occurs (a requirement's units, any of which will do): 1 when they
 * stand side by side, towards 0 as they scatter; 0 when fewer than two groups occur.
 */
export function closeness(text: string, groups: readonly (readonly Unit[])[]): number {
  if (groups.length < 2 || !text) return 0;
  const matches: Match[] = [];
  let own = 0;
  let present = 0;
  for (let req = 0; req < groups.length; req++) {
    let found = false;
    let shortest = Infinity;
    for (const unit of groups[req]!) {
      for (const at of occurrences(text, unit, MAX_MATCHES)) {
        matches.push({ at, end: at + unit.text.length, req });
        found = true;
      }
      shortest = Math.min(shortest, unit.text.length);
    }
    if (found) {
      present++;
      own += shortest;
    }
  }
  if (present < 2) return 0;
  matches.sort((a, b) => a.at - b.at);
  // The classic minimum window over sorted matches: grow on the right, shrink from the left.
  const inWindow = new Uint16Array(groups.length);
  let covered = 0;
  let best = Infinity;
  let left = 0;
  for (let right = 0; right < matches.length; right++) {
    const m = matches[right]!;
    if (inWindow[m.req]!++ === 0) covered++;
    while (covered === present) {
      // Matches start in order, so the window ends with its last match (or a longer first one).
      const end = Math.max(m.end, matches[left]!.end);
      best = Math.min(best, end - matches[left]!.at);
      if (--inWindow[matches[left]!.req]! === 0) covered--;
      left++;
    }
  }
  return best === Infinity ? 0 : Math.min(1, own / best);
}
