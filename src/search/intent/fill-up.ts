/**
 * The fill-up: when fewer posts than asked contain every remaining word, posts with most
 * of them follow, dropping the most frequent word first (Meilisearch's `frequency`
 * matching strategy), so the rarest words decide.
 */
import { TIER, verified, type Corpus } from '../matcher.js';
import { ALL_MET, MatchList, MET_BITS } from '../match-list.js';
import { closeness } from '../proximity.js';
import { singleUnit as single, type QueryPlan, type Requirement } from '../query-plan.js';
import { information, LOW_INFORMATION_SHARE, requirementGroups, requirementInformation, type DocumentFrequency } from './information.js';

/**
 * Words for the kind of post asked for (`T使用心得`, `T评测`, `T入门`): after a topic, the
 * fill-up keeps to the topic, a post on T without 心得 before a post of 心得 on something
 * else.
 */
// prettier-ignore
const GENRE = new Set([
  '心得', '体会', '评测', '测评', '体验', '教程', '入门', '指南', '攻略', '笔记', '总结', '简介', '合集', '大全', '汇总',
  '经验', '技巧', '用法', '教学', '实战', '详解', '解析', '科普',
]);

/** A requirement of one word of {@link GENRE}. */
function isGenre(r: Requirement): boolean {
  const u = single(r);
  return !!u && GENRE.has(u.text);
}

/** True when the text's last character is a Han one. */
function endsInHan(text: string): boolean {
  return /\p{Script=Han}$/u.test(text);
}

/** A number alone (`17`, `3.12`), without synonyms. */
function isNumber(r: Requirement): boolean {
  const u = single(r);
  return !!u && NUMBER.test(u.text);
}

const NUMBER = /^[0-9]+(\.[0-9]+)*$/;

/** Fewer posts than this with every word, and posts with most of them follow (a constant, so totals do not change from page to page). */
export const FILL_UP_BELOW = 10;

/**
 * Per-post arrays that each fill-up borrows and leaves zeroed: allocating them zeroed
 * for every query cost 0.1 ms at 100,000 posts and 0.6 ms at a million (searches run one
 * at a time on a thread).
 */
const scratch = { covered: new Float64Array(0), met: new Int32Array(0) };

/**
 * Fill-up posts covering less than this share of what the best one (kept by the filters)
 * covers are left out, unless they and the full matches are fewer than
 * {@link FILL_UP_BELOW}: then all, so that a page is filled (`Golang 入门`: posts on Go
 * that say 入门 and Go, never Golang). A post with only a query's commonest word (`转` of
 * `音频转文本`) is seldom what it asked for, and at 100,000 posts there were 20,000 such
 * to count and order.
 */
export const FILL_UP_LEAST = 0.5;

/** Fill-up posts covering at least this share of what the best one covers are ranked together, by score. */
export const FILL_UP_NEAR_BEST = 0.7;
/** …unless more than this many are: then tenths of coverage make the buckets. */
const FILL_UP_MERGE_MAX = 2000;

/**
 * Posts with some but not all of the plan's requirements, for when fewer than
 * {@link FILL_UP_BELOW} have all of them. Each is ranked by the information it covers:
 * the requirements it meets, weighted by their squared IDF, as a share of all (so the
 * rare words of a question decide, not its common ones), and then by its score, where
 * that share weighs most (rank.ts `SIGNAL_WEIGHTS`); all rank below posts with every word.
 */
export function fillUp(
  c: Corpus,
  plan: QueryPlan,
  page: {
    /** The full matches (kept by the filters). */
    have: ReadonlySet<number>;
    /** Which posts the query's and the caller's filters keep; null: all. */
    keep: ((slot: number) => boolean) | null;
  },
  df: DocumentFrequency,
  documents: number,
): MatchList {
  const { have, keep } = page;
  const reqs = plan.required;
  if (reqs.length < 2) return new MatchList(0);
  // Squared IDF: a post with the rarest word outranks one with two commoner ones, as when
  // the most frequent word is dropped first (Meilisearch's `frequency` strategy).
  const weight = reqs.map((r) => requirementInformation(r, df, documents) ** 2);
  // The kind of post asked for after its topic (`T使用心得`, `T评测`) names no topic: it
  // counts as a word in a fifth of the posts would (the least a required word carries),
  // so the topic decides. Before other words it is part of the topic (`CSS 教程的替代品`).
  let genre = reqs.length;
  while (genre > 0 && isGenre(reqs[genre - 1]!)) genre--;
  const commonWord = information(LOW_INFORMATION_SHARE * documents, documents) ** 2;
  if (genre > 0 && genre < reqs.length) for (let i = genre; i < reqs.length; i++) weight[i] = Math.min(weight[i]!, commonWord);
  // The requirements `namesNoTopic` tells count as a common word at most, unless all do.
  const asCommonWord = (namesNoTopic: (r: Requirement) => boolean): void => {
    if (!reqs.every(namesNoTopic)) reqs.forEach((r, i) => namesNoTopic(r) && (weight[i] = Math.min(weight[i]!, commonWord)));
  };
  // A number typed apart names no topic either (`17` of `iOS 17`, `3.12` of `Python 3.12`),
  // however rare: beside a word, it counts as a common word. Typed against a word it is
  // part of a name (`分解42`, `98.css`).
  const version = (r: Requirement): boolean => isNumber(r) && plan.segments.some((s) => s.text === single(r)!.text);
  asCommonWord(version);
  // A single Latin letter typed right after Han text at a term's end, or apart at the
  // query's end after Han text, names no topic either, however few posts write it alone:
  // most often a letter an input method left behind (`z` of `浏览器插件z` or `浏览器插件 z`:
  // 11 posts with a lone z came before the 189 on browser plugins). Beside words it
  // counts as a common word; where it is part of a name (`维生素c`, `维生素 C`), the posts
  // that say the name have every word and come first anyway. A letter before its word
  // (`R 语言`, `C语言`) keeps its weight.
  const trailingLetter = (r: Requirement): boolean => {
    const letter = single(r)?.text ?? '';
    if (!/^[a-z]$/.test(letter)) return false;
    const last = plan.segments.length - 1;
    if (last > 0 && plan.segments[last]!.text === letter && endsInHan(plan.segments[last - 1]!.text)) return true;
    return plan.segments.some((s) => s.text.endsWith(letter) && endsInHan(s.text.slice(0, -1)));
  };
  asCommonWord(trailingLetter);
  // The state a question asks about (`慢` of `Python为什么这么慢`, QueryPlan.states) is not
  // its topic either: Python decides.
  const state = (r: Requirement): boolean => plan.states.includes(single(r)?.text ?? '');
  asCommonWord(state);
  const total = weight.reduce((a, b) => a + b, 0);
  if (scratch.covered.length < c.docs.length) {
    scratch.covered = new Float64Array(c.docs.length);
    scratch.met = new Int32Array(c.docs.length);
  }
  const covered = scratch.covered;
  // Which requirements each post meets, for scoring (match-list.ts `Scored.met`); a bit each.
  const met = reqs.length <= MET_BITS ? scratch.met : null;
  // Filled in place, so that whatever happens the finally below zeroes what was marked.
  const slots: number[] = [];
  // The full matches are marked as covering less than nothing, and passed over below.
  for (const slot of have) covered[slot] = -1;
  try {
    const pruned = postsMeetingSome(c, plan, weight, keep, covered, met, true, slots);
    // The posts the filters keep that cover enough (FILL_UP_LEAST).
    let strong = strongOf(slots, covered, keep);
    // Pruned: posts with only common words were left out, which only a page the strong posts
    // do not fill would show (below). Then all of them are counted after all.
    if (pruned && have.size + strong.length < FILL_UP_BELOW) {
      for (const slot of slots) covered[slot] = scratch.met[slot] = 0;
      slots.length = 0;
      postsMeetingSome(c, plan, weight, keep, covered, met, false, slots);
      strong = strongOf(slots, covered, keep);
    }
    // Coverage in tenths makes the buckets; posts covering at least FILL_UP_NEAR_BEST of
    // what the best covers share the best one and are ordered by their score (rank.ts).
    // Only the buckets that reach the page are scored.
    let most = 0;
    for (const slot of slots) most = Math.max(most, covered[slot]!);
    const best = Math.round((10 * most) / total);
    const near = FILL_UP_NEAR_BEST * most;
    // Thousands near the best (common words on a large site): tenths only, as they would be
    // read in full.
    const merge = slots.reduce((n, slot) => n + (covered[slot]! >= near ? 1 : 0), 0) <= FILL_UP_MERGE_MAX;
    // A post's bucket: its tenths of coverage, or the best's when near it.
    const tenthsOf = (slot: number): number => {
      const own = Math.round((10 * covered[slot]!) / total);
      return !merge ? own : covered[slot]! >= near ? best : Math.min(best - 1, own);
    };
    // Too few strong posts, and the posts the filters keep in the buckets that fill a page
    // (fillingBucket).
    const weak = have.size + strong.length < FILL_UP_BELOW;
    const shown = !weak ? strong : keep ? slots.filter(keep) : slots;
    // Each post's bucket, worked out once.
    const buckets = new Int8Array(shown.length);
    for (let i = 0; i < shown.length; i++) buckets[i] = tenthsOf(shown[i]!);
    const least = weak ? fillingBucket(buckets, FILL_UP_BELOW - have.size) : -Infinity;
    const out = new MatchList(shown.length);
    for (let i = 0; i < shown.length; i++) {
      const slot = shown[i]!;
      if (buckets[i]! >= least) out.push(slot, TIER.ANY + 0.09 * buckets[i]!, 0, covered[slot]! / total, met ? met[slot]! : ALL_MET);
    }
    return out;
  } finally {
    // Left zeroed for the next fill-up, whatever happened.
    for (const slot of slots) covered[slot] = scratch.met[slot] = 0;
    for (const slot of have) covered[slot] = 0;
  }
}

/**
 * Puts in `slots` the live posts meeting some of the requirements and not already full
 * matches (marked -1 in `covered`), each with the weight of the requirements it meets
 * added up in `covered` and their bits in `met`. Requirements are visited rarest first;
 * with `prune`, once a post meeting only the ones left could not cover
 * {@link FILL_UP_LEAST} of what a post the filters keep already covers, those are looked
 * for only in the posts found so far (`照片 快门 那一刻`: 那 is in 90,000 of 1,000,000
 * posts, 快门 in 500). Returns true when it so left posts out.
 */
function postsMeetingSome(
  c: Corpus,
  plan: QueryPlan,
  weight: number[],
  keep: ((slot: number) => boolean) | null,
  covered: Float64Array,
  met: Int32Array | null,
  prune: boolean,
  slots: number[],
): boolean {
  // Once pruned, the posts found so far, ascending: no post is added after (each found is among them).
  let within: Int32Array | undefined;
  const order = weight.map((_, i) => i).sort((a, b) => weight[b]! - weight[a]! || a - b);
  let rest = weight.reduce((a, b) => a + b, 0);
  for (const i of order) {
    const w = weight[i]!;
    const bit = 1 << i;
    const add = (slot: number): void => {
      const now = covered[slot]!;
      if (now < 0) return;
      if (now === 0) slots.push(slot);
      covered[slot] = now + w;
      if (met) met[slot]! |= bit;
    };
    const req = plan.required[i]!;
    if (prune && !within && rest < FILL_UP_LEAST * mostKept(slots, covered, keep)) within = Int32Array.from(slots).sort();
    const list = verified(c, [req], plan.excluded, within);
    for (let k = 0; k < list.length; k++) add(list[k]!);
    rest -= w;
  }
  return within !== undefined;
}

/**
 * The least bucket (tenths of coverage, see fillUp) of the best that together hold at
 * least `count` of the posts in `buckets`, or -Infinity for all of them. The page they
 * fill is ordered as it would be among all the posts (by bucket, then score), and the
 * posts of lower buckets, which no page of `count` shows (`如何使用 Calibre
 * 将本地网页转成电子书`: thousands with only 使用 or 本地), are not counted and ordered.
 */
function fillingBucket(buckets: Int8Array, count: number): number {
  const sizes = new Int32Array(11);
  for (const b of buckets) if (b >= 0) sizes[b]!++;
  let least = 10;
  for (let held = sizes[10]!; held < count && least > 0;) held += sizes[--least]!;
  return least === 0 ? -Infinity : least;
}

/** The most any of the slots the filters keep covers. */
function mostKept(slots: readonly number[], covered: Float64Array, keep: ((slot: number) => boolean) | null): number {
  let most = 0;
  for (const slot of slots) if (covered[slot]! > most && (!keep || keep(slot))) most = covered[slot]!;
  return most;
}

/** The slots the filters keep that cover at least {@link FILL_UP_LEAST} of what the best of them covers. */
function strongOf(slots: readonly number[], covered: Float64Array, keep: ((slot: number) => boolean) | null): number[] {
  const least = FILL_UP_LEAST * mostKept(slots, covered, keep);
  return slots.filter((slot) => covered[slot]! >= least && (!keep || keep(slot)));
}

/**
 * Words of a question typed as one run farther apart than this (closeness, proximity.ts:
 * the shortest stretch holding them over their own length) are not what it asked about:
 * a question asks about a topic, which a post on it names within a clause (two words of
 * two characters within about 13). Keywords typed as one run may be words remembered from
 * anywhere in a post (`找房贝壳创业`), and are scattered only farther apart than
 * {@link SCATTERED_KEYWORDS}.
 */
export const SCATTERED = 0.3;
/** …and for keywords typed as one run: two words of two characters 40 apart. */
export const SCATTERED_KEYWORDS = 0.1;

/**
 * A query typed as one run (`开源项目怎么赚钱`) asks for its words together. When the
 * fill-up runs, a post that has every word but only far apart (an essay with 开源 in one
 * paragraph and 赚钱 ten paragraphs on) is ranked with the best of the fill-up, as
 * covering everything, rather than above it: a post saying most of the words together
 * may then come first. Only a page's few full matches are looked at (the fill-up runs
 * when there are fewer than {@link FILL_UP_BELOW}).
 */
export function demoteScattered(c: Corpus, plan: QueryPlan, full: MatchList, fill: MatchList, question: boolean): void {
  if (fill.length === 0 || plan.required.length < 2) return;
  const scattered = question ? SCATTERED : SCATTERED_KEYWORDS;
  const groups = requirementGroups(plan);
  let top = -Infinity;
  for (let i = 0; i < fill.length; i++) top = Math.max(top, fill.tiers[i]!);
  for (let i = 0; i < full.length; i++) {
    if (full.tiers[i]! >= TIER.OTHER_SPELLING) continue;
    const d = c.docs[full.slots[i]!]!;
    if (Math.max(closeness(d.norm.title, groups), closeness(d.norm.body, groups)) >= scattered) continue;
    full.tiers[i] = top;
    full.setCoverage(i, 1);
  }
}
