/**
 * Which posts match a query plan, and in which tier. Candidates come from the gram
 * index; each is then checked against its stored normalised text, so a hit always
 * contains what was asked for, and a post that contains it is always a candidate.
 */
import { isHan, joinNormalized } from '../text/normalize.js';
import type { AnalyzedDoc } from './analyze.js';
import type { GramIndex } from './gram-index.js';
import { contains, type Unit } from './match.js';
import { intersectAll, unionAll } from './postings.js';
import type { QueryPlan, Requirement } from './query-plan.js';

/** A matching post: its slot, tier (3 whole query verbatim, 2 each part verbatim, 1 every word), title match and score. */
export interface Scored {
  slot: number;
  tier: number;
  title: number;
  score: number;
}

export interface Corpus {
  docs: readonly (AnalyzedDoc | undefined)[];
  grams: GramIndex;
}

/** True when the post's visible text contains the unit. */
export function docContains(d: AnalyzedDoc, u: Unit): boolean {
  if (contains(d.norm.body, u) || contains(d.norm.title, u) || contains(d.norm.tags, u)) return true;
  // A reader sees title, tags and body one after another: text may run across them.
  return contains(joinNormalized(joinNormalized(d.norm.title, d.norm.tags), d.norm.body), u);
}

function satisfies(d: AnalyzedDoc, req: Requirement): boolean {
  return req.some((alt) => alt.every((u) => docContains(d, u)));
}

/**
 * True when the gram index alone decides the unit: one or two Han characters are a
 * posting list of their own, so every candidate contains them and checking the text
 * again would only repeat the answer.
 */
function decidedByIndex(u: Unit): boolean {
  let n = 0;
  for (const ch of u.text) if (++n > 2 || !isHan(ch.codePointAt(0)!)) return false;
  return n > 0;
}

/** Slots that may satisfy the requirements, ascending; null when any post may. */
function candidates(c: Corpus, reqs: Requirement[]): ArrayLike<number> | null {
  const lists: ArrayLike<number>[] = [];
  for (const req of reqs) {
    const alts: ArrayLike<number>[] = [];
    let open = false;
    for (const alt of req) {
      const unitLists = alt.map((u) => c.grams.candidates(u.text, !u.bounded)).filter((l): l is ArrayLike<number> => l !== null);
      if (unitLists.length === 0) open = true;
      else alts.push(intersectAll(unitLists));
    }
    if (!open) lists.push(alts.length === 1 ? alts[0]! : unionAll(alts));
  }
  return lists.length > 0 ? intersectAll(lists) : null;
}

function* slotsOf(c: Corpus, list: ArrayLike<number> | null): Generator<number> {
  if (list) for (let i = 0; i < list.length; i++) yield list[i]!;
  else for (let i = 0; i < c.docs.length; i++) yield i;
}

/** Live slots containing every requirement and none of the exclusions. */
export function verified(c: Corpus, reqs: Requirement[], excluded: Unit[] = []): number[] {
  const out: number[] = [];
  const list = candidates(c, reqs);
  const toCheck = list ? reqs.filter((r) => !r.every((alt) => alt.every(decidedByIndex))) : reqs;
  for (const slot of slotsOf(c, list)) {
    const d = c.docs[slot];
    if (d && toCheck.every((r) => satisfies(d, r)) && !excluded.some((u) => docContains(d, u))) out.push(slot);
  }
  return out;
}

// 2: the title is the query; 1: the title contains the query; 0: otherwise.
function titleMatch(d: AnalyzedDoc, plan: QueryPlan): number {
  if (!plan.whole) return 0;
  if (d.norm.title === plan.whole.text) return 2;
  return contains(d.norm.title, plan.whole) ? 1 : 0;
}

function tierOf(d: AnalyzedDoc, plan: QueryPlan, whole: boolean | undefined): number {
  if (whole ?? (plan.whole && docContains(d, plan.whole))) return 3;
  if (plan.segments.length > 1 && plan.segments.every((u) => docContains(d, u))) return 2;
  return 1;
}

/** Posts meeting every requirement (plus, for plain queries, posts containing the whole query). */
export function matchAll(c: Corpus, plan: QueryPlan): Scored[] {
  const slots = new Set(plan.required.length > 0 ? verified(c, plan.required, plan.excluded) : []);
  // A mixed query such as `ai图片` also matches inside a longer Latin word (`openai图片`).
  // Those found here are the posts that contain the whole query: tier 3 without a second look.
  const whole = !plan.syntax && plan.whole ? new Set(verified(c, [[[plan.whole]]], plan.excluded)) : null;
  if (whole) for (const s of whole) slots.add(s);
  const out: Scored[] = [];
  for (const slot of slots) {
    const d = c.docs[slot]!;
    out.push({ slot, tier: tierOf(d, plan, whole ? whole.has(slot) : undefined), title: titleMatch(d, plan), score: 0 });
  }
  return out;
}

/** Posts meeting any requirement, more requirements met first (the fallback when none meets all). */
export function matchAny(c: Corpus, plan: QueryPlan): Scored[] {
  const counts = new Map<number, number>();
  for (const req of plan.required) for (const slot of verified(c, [req], plan.excluded)) counts.set(slot, (counts.get(slot) ?? 0) + 1);
  return [...counts].map(([slot, n]) => ({ slot, tier: n / 1000, title: titleMatch(c.docs[slot]!, plan), score: 0 }));
}

/** Every live post (a query with filters only). */
export function matchEvery(c: Corpus, plan: QueryPlan): Scored[] {
  const out: Scored[] = [];
  c.docs.forEach((d, slot) => d && !plan.excluded.some((u) => docContains(d, u)) && out.push({ slot, tier: 0, title: 0, score: 0 }));
  return out;
}
