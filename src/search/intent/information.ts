/**
 * How much a word says on this site: its IDF by the gram index's count of the posts that
 * may contain it, and whether it is in so many posts that it says little.
 */
import { isCommonInChinese } from '../../text/common-words.js';
import type { Unit } from '../match.js';
import { joinLists, packed, type QueryPlan, type Requirement } from '../query-plan.js';

/** A word in more posts than this share carries little information… */
export const LOW_INFORMATION_SHARE = 0.2;
/** …when there are enough posts to tell (in a ten-post blog every word is in a tenth of them). */
const FREQUENCY_NEEDS_POSTS = 200;

/** Document frequency of a unit, as the gram index estimates it. */
export type DocumentFrequency = (unit: Unit) => number;

/** True when the unit is in more than {@link LOW_INFORMATION_SHARE} of the posts of a site large enough to tell. */
export function isFrequent(u: Unit, df: DocumentFrequency, documents: number): boolean {
  return documents >= FREQUENCY_NEEDS_POSTS && df(u) > LOW_INFORMATION_SHARE * documents;
}

/** A word in more posts than this share tells none of them apart: BM25's IDF (Robertson-Spärck Jones) is 0 or less there. */
const NO_INFORMATION_SHARE = 0.5;

/**
 * True when a word says little on this site: in more than {@link LOW_INFORMATION_SHARE}
 * of its posts ({@link isFrequent}) and, unless it is a single character, as common in
 * Chinese at large (text/common-words.ts: 一个, 可以, 问题); or in more than half of the
 * posts, whatever it is (文章 of a weekly whose every post ends `文章来源`). A word the
 * site uses a lot but Chinese does not (工具 in a third of a weekly of tools) is what the
 * site's posts are about: `截图工具` asks for tools.
 */
export function saysLittle(u: Unit, df: DocumentFrequency, documents: number): boolean {
  if (!isFrequent(u, df, documents)) return false;
  return Array.from(u.text).length === 1 || df(u) > NO_INFORMATION_SHARE * documents || isCommonInChinese(u.text);
}

/** A character in more posts than this share is mostly a part of other words (高 of 提高, 高级, 高兴)… */
const COMMON_CHARACTER_SHARE = 0.05;

/** …so a single character is a common one on a site large enough to tell when it is in more than {@link COMMON_CHARACTER_SHARE} of the posts. */
export function isCommonCharacter(u: Unit, df: DocumentFrequency, documents: number): boolean {
  return Array.from(u.text).length === 1 && documents >= FREQUENCY_NEEDS_POSTS && df(u) > COMMON_CHARACTER_SHARE * documents;
}

/** Each requirement's units, any of which meets it: what proximity.ts `closeness` looks for. */
export function requirementGroups(plan: QueryPlan): Unit[][] {
  return packed(plan.required.map(joinLists));
}

/** The information of a requirement: the IDF on this site of its commonest alternative. */
export function requirementInformation(req: Requirement, df: DocumentFrequency, documents: number): number {
  return information(Math.max(...req.map((alt) => Math.min(...alt.map(df)))), documents);
}

/** The IDF of a word in `count` of the site's posts. */
export function information(count: number, documents: number): number {
  return Math.log(1 + documents / (1 + count));
}
