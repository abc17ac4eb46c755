/**
 * Which posts match a query plan, and in which tier. Candidates come from the gram
 * index; each is then checked against its stored normalised text, so a hit always
 * contains what was asked for, and a post that contains it is always a candidate.
 */
import { isHan, isWordChar, joinNormalized } from '../text/normalize.js';
import type { AnalyzedDoc } from '../indexes/analyze.js';
import type { GramIndex } from '../indexes/gram/gram-index.js';
import { contains, occurrences, type Unit } from './match.js';
import { holds, intersectPostings, unionPostings, type Postings } from '../indexes/postings.js';
import type { QueryPlan, Requirement } from './query-plan.js';
import { MatchList } from './match-list.js';
import { charBits, type CharBits, type ShortFieldSignatures } from '../indexes/short-field-signatures.js';
import { otherSpellings } from './intent/latin-variants.js';

/**
 * How a post matches the query, best first. A post in a higher tier always ranks above
 * one in a lower tier (see rank.ts). In the any-word fallback, ANY plus a thousandth per
 * word the post contains.
 */
export const TIER = { ANY: 0, EVERY_WORD: 1, EVERY_PART: 2, OTHER_SPELLING: 2.5, WHOLE_QUERY: 3 } as const;
// OTHER_SPELLING: the whole query verbatim only in another Latin spelling (`Tailwind CSS`
// for `TailwindCSS`, intent/latin-variants.ts `otherSpellings`): behind the same wall as
// the spelling typed (rank.ts), with a little less of the verbatim signal (SIGNAL_WEIGHTS).

/** A post's BM25 field by field, each with its field's boost. */
export interface FieldScores {
  title: number;
  tags: number;
  /** Words of the post's text also in its category names (0 unless categories are boosted). */
  categories: number;
  body: number;
}

/** What a post's score is made of. */
export interface ScoreParts {
  bm25: number;
  /** `bm25` field by field: made only for a search that asks for `explain`. */
  fields?: FieldScores;
  /** 0 to 1 (proximity.ts). */
  proximity: number;
  /** Share of the query's information in the title or tags, 0 to 1. */
  titleWords: number;
  /** How new the post is, 1 for the newest, halving every half-life (0 while freshness weighs nothing). */
  freshness: number;
  /** The signals' sum added to BM25. */
  signals: number;
  /** The share of its text that is the post's own, 0 to 1 (page-order.ts `RankingCorpus.ownShares`): it weighs BM25 plus the signals. */
  ownShare: number;
}

export interface Corpus {
  docs: readonly (AnalyzedDoc | undefined)[];
  grams: GramIndex;
  /**
   * True when no slot is empty (no post removed since the index was last saved in full):
   * the index's lists are then live posts as they stand, and are handed out without
   * a copy (a common word's is tens of thousands of slots).
   */
  everyLive?: boolean;
  /** Which texts each post's title and tags cannot hold, by their characters: their texts are not read for those. */
  shortFields: ShortFieldSignatures;
}

/** True when the post's visible text contains the unit. */
export function docContains(d: AnalyzedDoc, u: Unit): boolean {
  // Read once: a stored post slices its tags and body from their chunk on each read.
  const { title, tags, body } = d.norm;
  if (contains(body, u) || contains(title, u) || contains(tags, u)) return true;
  // A match running across title, tags and body starts in the title or the tags (or
  // on the space joining two words).
  const first = u.text[0];
  if (first === undefined || (first !== ' ' && !title.includes(first) && !tags.includes(first))) return false;
  // A reader sees title, tags and body one after another: text may run across them. A
  // match that starts before the body and runs into it ends within the body's first
  // characters, so the whole body need not be joined and copied. Only matches starting
  // before the body count here: one inside the cut-off prefix would be judged without
  // the character after it, and the body was searched on its own above.
  const head = joinNormalized(title, tags);
  const prefix = body.slice(0, u.text.length);
  const joined = joinNormalized(head, prefix);
  return occurrences(joined, u, 1_000).some((at) => at < joined.length - prefix.length);
}

function satisfies(d: AnalyzedDoc, req: Requirement): boolean {
  return req.some((alt) => alt.every((u) => docContains(d, u)));
}

/**
 * True when the gram index alone decides the unit, so checking the text again would only
 * repeat its answer: one or two Han characters are a posting list of their own, and a
 * whole-word unit made of word characters only (`ai`, `nginx`) is a list of the posts
 * with exactly that word (the index keeps every maximal run of word characters, which
 * is what the word-boundary rule of match.ts accepts).
 */
function decidedByIndex(u: Unit): boolean {
  let n = 0;
  let han = 0;
  for (const ch of u.text) {
    const code = ch.codePointAt(0)!;
    n++;
    if (isHan(code)) han++;
    else if (!u.bounded || !isWordChar(code)) return false;
  }
  return n > 0 && (han === 0 || (han === n && n <= 2));
}

/**
 * Slots that may satisfy the requirements, ascending; null when any post may. With
 * `within` (ascending), only those: a common word's bitmap is then tested slot by slot
 * rather than listed.
 */
function candidates(c: Corpus, reqs: Requirement[], within?: ArrayLike<number>): ArrayLike<number> | null {
  const lists: Postings[] = within ? [within] : [];
  for (const req of reqs) {
    const alts: Postings[] = [];
    let open = false;
    for (const alt of req) {
      const unitLists = alt.map((u) => c.grams.postings(u.text, !u.bounded)).filter((l): l is Postings => l !== null);
      if (unitLists.length === 0) open = true;
      else alts.push(unitLists.length === 1 ? unitLists[0]! : intersectPostings(unitLists));
    }
    if (!open) lists.push(alts.length === 1 ? alts[0]! : unionPostings(alts));
  }
  return lists.length > 0 ? intersectPostings(lists) : null;
}

/**
 * Live slots containing every requirement and none of the exclusions, ascending (not to
 * be changed: it may be the index's own list). With `within` (live slots, ascending),
 * only those are looked at.
 */
export function verified(c: Corpus, reqs: Requirement[], excluded: Unit[] = [], within?: ArrayLike<number>): ArrayLike<number> {
  const decided = indexDecided(c, reqs, excluded, within);
  // Slots from `within` are live; the index's own may include removed posts.
  if (decided && (within || c.everyLive)) return decided;
  const out: number[] = [];
  if (decided) {
    // Only removed posts are left out (their postings may remain).
    for (let i = 0; i < decided.length; i++) if (c.docs[decided[i]!]) out.push(decided[i]!);
  } else eachVerified(c, reqs, excluded, (slot) => out.push(slot), within);
  return out;
}

/**
 * The slots the index alone gives for the requirements and exclusions, ascending, when
 * no text need be read (every unit decided by the index): the caller skips removed posts
 * (`docs[slot]` empty). Null otherwise: {@link eachVerified} checks the texts.
 */
function indexDecided(c: Corpus, reqs: Requirement[], excluded: Unit[], within?: ArrayLike<number>): ArrayLike<number> | null {
  if (!excluded.every(decidedByIndex) || !reqs.every((r) => r.every((alt) => alt.every(decidedByIndex)))) return null;
  const list = candidates(c, reqs, within);
  if (!list || excluded.length === 0) return list;
  const outside = excludedByIndex(c, excluded);
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) if (!outside(list[i]!)) out.push(list[i]!);
  return out;
}

/**
 * Whether a post holds one of the exclusions the index decides (the others are left to
 * the texts): a test of their lists, where reading each candidate's text for them cost
 * more than the search (`开源 -工具` at 1,000,000 posts).
 */
function excludedByIndex(c: Corpus, excluded: Unit[]): (slot: number) => boolean {
  const lists: Postings[] = [];
  for (const u of excluded) {
    const list = decidedByIndex(u) ? c.grams.postings(u.text, !u.bounded) : null;
    if (list) lists.push(list);
  }
  if (lists.length === 0) return () => false;
  return (slot) => lists.some((p) => holds(p, slot));
}

/**
 * The live slots that contain every requirement and none of the exclusions, as their
 * texts show (and the index, for the exclusions it decides), each handed to `visit` in
 * turn, ascending. Callers take the list of {@link indexDecided} instead when there is
 * one, and walk it in place: a common word's list is tens of thousands of posts. With
 * `within` (ascending), only those slots are looked at, at their cost rather than the
 * requirements' whole lists (the fill-up's common words, intent/fill-up.ts).
 */
function eachVerified(c: Corpus, reqs: Requirement[], excluded: Unit[], visit: (slot: number) => void, within?: ArrayLike<number>): void {
  const list = candidates(c, reqs, within);
  // A requirement the index decides was met by every slot of the list (and makes it non-null).
  const toCheck = reqs.filter((r) => !r.every((alt) => alt.every(decidedByIndex)));
  const outside = excludedByIndex(c, excluded);
  // The exclusions the index does not decide are read in the texts.
  const meets = textTest(
    toCheck,
    excluded.filter((u) => !decidedByIndex(u)),
  );
  const docs = c.docs;
  // Plain loops: a common word's candidates are tens of thousands of posts.
  if (list) {
    for (let i = 0; i < list.length; i++) {
      const slot = list[i]!;
      const d = docs[slot];
      if (d && !outside(slot) && meets(d)) visit(slot);
    }
  } else {
    for (let slot = 0; slot < docs.length; slot++) {
      const d = docs[slot];
      if (d && !outside(slot) && meets(d)) visit(slot);
    }
  }
}

/**
 * Whether a post's text meets the requirements and holds none of the exclusions; for the
 * common query, one word the index cannot decide alone (three Han characters and more),
 * one test of its text.
 */
function textTest(reqs: Requirement[], excluded: Unit[]): (d: AnalyzedDoc) => boolean {
  const only = reqs.length === 1 && excluded.length === 0 && reqs[0]!.length === 1 && reqs[0]![0]!.length === 1 ? reqs[0]![0]![0]! : null;
  if (only) return (d) => docContains(d, only);
  return (d) => reqs.every((r) => satisfies(d, r)) && !excluded.some((u) => docContains(d, u));
}

/** The whole query in a spelling, with the characters a title must have to hold it. */
interface Spelling {
  unit: Unit;
  bits: CharBits;
}

/** The plan's whole query as typed and in its other Latin spellings, as typed first. */
function spellingsOf(plan: QueryPlan): Spelling[] {
  if (!plan.whole) return [];
  const units = [plan.whole, ...(plan.syntax ? [] : otherSpellings(plan.whole, plan.required))];
  return units.map((unit) => ({ unit, bits: charBits(unit.text) }));
}

// 2: the title is the query (in one of its spellings); 1: the title contains it; 0:
// otherwise. A post whose title and tags lack a character of a spelling is not read for it.
function titleMatch(c: Corpus, slot: number, spellings: readonly Spelling[]): number {
  let found = 0;
  for (let i = 0; i < spellings.length; i++) {
    const s = spellings[i]!;
    if (!c.shortFields.mayHold(slot, s.bits)) continue;
    const title = c.docs[slot]!.norm.title;
    if (title === s.unit.text) return 2;
    if (contains(title, s.unit)) found = 1;
  }
  return found;
}

/** True when each segment is one requirement as it stands (one word, no synonyms): their posts are then the same. */
function segmentsAreRequired(plan: QueryPlan): boolean {
  return (
    plan.segments.length === plan.required.length &&
    plan.segments.every((u, i) => {
      const req = plan.required[i]!;
      return req.length === 1 && req[0]!.length === 1 && req[0]![0]!.text === u.text && req[0]![0]!.bounded === u.bounded;
    })
  );
}

/**
 * The parts typed apart that hold a required word: a part of optional words only (`什么是`
 * of `什么是 Docker`, `关于` of `关于 幸福感`) is how the query is put, which a post may say
 * in passing, and makes no tier (each part verbatim) of its own.
 */
function contentSegments(plan: QueryPlan): Unit[] {
  const holdsRequired = (segment: Unit): boolean =>
    plan.required.some((req) => req.some((alt) => alt.some((u) => segment.text.includes(u.text))));
  return plan.segments.length < 2 ? plan.segments : plan.segments.filter(holdsRequired);
}

/** True when the plan requires the unit and nothing else (`第一种`): their posts are the same. */
function isOnlyRequirement(plan: QueryPlan, u: Unit): boolean {
  const req = plan.required.length === 1 ? plan.required[0]! : null;
  return !!req && req.length === 1 && req[0]!.length === 1 && req[0]![0]!.text === u.text && req[0]![0]!.bounded === u.bounded;
}

/** The posts containing `u` verbatim: those meeting every requirement when `u` is the plan's only one (`required`). */
function postsWith(c: Corpus, plan: QueryPlan, required: ArrayLike<number>, u: Unit): ArrayLike<number> {
  return isOnlyRequirement(plan, u) ? required : verified(c, [[[u]]], plan.excluded);
}

/** The posts meeting every requirement of `plan`, ascending. */
export function requiredPosts(c: Corpus, plan: QueryPlan): ArrayLike<number> {
  return plan.required.length > 0 ? verified(c, plan.required, plan.excluded) : [];
}

/**
 * The posts containing a plain plan's whole query, and the unit they contain: for a
 * question, those containing what it asks (`plan.asked`) when none contains the query as
 * typed. A post with the query as typed contains what it asks, so it is looked for only
 * among those.
 */
export function verbatimPosts(c: Corpus, plan: QueryPlan, required: ArrayLike<number>): { unit: Unit; posts: ArrayLike<number> } | null {
  const whole = plan.whole;
  if (!whole) return null;
  const asked = plan.asked;
  if (!asked) return { unit: whole, posts: postsWith(c, plan, required, whole) };
  const askedPosts = postsWith(c, plan, required, asked);
  const typed = askedPosts.length > 0 ? verified(c, [[[whole]]], plan.excluded, askedPosts) : [];
  return typed.length > 0 ? { unit: whole, posts: typed } : { unit: asked, posts: askedPosts };
}

/**
 * Posts meeting every requirement (plus, for plain queries, posts containing the whole
 * query); `required`: {@link requiredPosts} of the plan, and `verbatim`: the posts
 * containing its whole query ({@link verbatimPosts}), when known. `typed` false: the
 * whole query is what a question asks, which a post may say in passing: it counts in
 * titles only, and its posts keep the tier of their words.
 */
export function matchAll(
  c: Corpus,
  plan: QueryPlan,
  required = requiredPosts(c, plan),
  verbatim?: ArrayLike<number>,
  typed = true,
): MatchList {
  const spellings = spellingsOf(plan);
  if (plan.syntax || !plan.whole) {
    // Tiers come from the lists of the whole query and of its parts, looked for among
    // these posts only: `开源 OR 工具` matches 400,000 of 1,000,000 posts, and reading each
    // one's text for them cost 100 ms.
    const whole = plan.whole ? verified(c, [[[plan.whole]]], [], required) : [];
    c.shortFields.learnEach(whole);
    const segments = contentSegments(plan);
    const parts =
      segments.length < 2
        ? []
        : verified(
            c,
            segments.map((u) => [[u]]),
            [],
            required,
          );
    const out = new MatchList(required.length);
    let j = 0;
    let k = 0;
    for (let i = 0; i < required.length; i++) {
      const slot = required[i]!;
      while (j < whole.length && whole[j]! < slot) j++;
      while (k < parts.length && parts[k]! < slot) k++;
      if (whole[j] === slot) out.push(slot, TIER.WHOLE_QUERY, titleMatch(c, slot, spellings));
      else out.push(slot, parts[k] === slot ? TIER.EVERY_PART : TIER.EVERY_WORD);
    }
    return out;
  }
  // A mixed query such as `ai图片` also matches inside a longer Latin word (`openai图片`).
  // Those found here are the posts that contain the whole query: tier 3 without a second
  // look. Tiers and title matches come from lists rather than from each post's text: a
  // post with the whole query in its title is one of `whole`, so only those are read.
  const whole = verbatim ?? postsWith(c, plan, required, plan.whole);
  // Of the others meeting every requirement, those with the query in another spelling.
  const respelt = typed && spellings.length > 1 ? otherSpellingPosts(c, plan, required, spellings) : null;
  // The posts whose titles are looked at below.
  c.shortFields.learnEach(whole);
  if (respelt) c.shortFields.learnEach(respelt);
  const segments = contentSegments(plan);
  const parts =
    segments.length < 2
      ? []
      : segmentsAreRequired(plan)
        ? required
        : verified(
            c,
            segments.map((u) => [[u]]),
            plan.excluded,
          );
  const out = new MatchList(whole === required ? required.length : required.length + whole.length);
  // All three lists ascend: one walk takes the union of the first two and sees the third.
  let i = 0;
  let j = 0;
  let k = 0;
  let r = 0;
  while (i < required.length || j < whole.length) {
    const a = i < required.length ? required[i]! : Infinity;
    const b = j < whole.length ? whole[j]! : Infinity;
    const slot = Math.min(a, b);
    if (a === slot) i++;
    if (b === slot) j++;
    while (k < parts.length && parts[k]! < slot) k++;
    if (respelt) while (r < respelt.length && respelt[r]! < slot) r++;
    if (b === slot && typed) out.push(slot, TIER.WHOLE_QUERY, titleMatch(c, slot, spellings));
    else if (respelt?.[r] === slot) out.push(slot, TIER.OTHER_SPELLING, titleMatch(c, slot, spellings));
    else out.push(slot, parts[k] === slot ? TIER.EVERY_PART : TIER.EVERY_WORD, b === slot ? titleMatch(c, slot, spellings) : 0);
  }
  return out;
}

/**
 * More posts with every word than this, and other spellings are not looked for: each
 * post's text would be read for them again (`open source` at 1,000,000 posts: tens of
 * thousands with both words), where the walls of a large bucket (rank.ts) leave the
 * spelling typed first anyway.
 */
const OTHER_SPELLINGS_AMONG = 5000;

/**
 * The posts of `required` (ascending) holding the whole query in one of its other
 * spellings (all but the first of `spellings`), ascending; none when there are more
 * than {@link OTHER_SPELLINGS_AMONG}.
 */
function otherSpellingPosts(c: Corpus, plan: QueryPlan, required: ArrayLike<number>, spellings: readonly Spelling[]): ArrayLike<number> {
  if (required.length === 0 || required.length > OTHER_SPELLINGS_AMONG) return [];
  // One requirement whose alternatives are the spellings: any of them.
  return verified(c, [spellings.slice(1).map(({ unit }) => [unit])], plan.excluded, required);
}

/**
 * Posts meeting any requirement, more requirements met first: the fallback when none
 * meets all. None contains the whole query then (it would have met all), so none has it
 * in its title either.
 */
export function matchAny(c: Corpus, plan: QueryPlan): MatchList {
  const met = new Uint16Array(c.docs.length);
  const slots: number[] = [];
  for (const req of plan.required) {
    const list = verified(c, [req], plan.excluded);
    for (let i = 0; i < list.length; i++) if (met[list[i]!]!++ === 0) slots.push(list[i]!);
  }
  const out = new MatchList(slots.length);
  for (const slot of slots) out.push(slot, TIER.ANY + met[slot]! / 1000);
  return out;
}

/**
 * Every live post (a query with filters only) that `keep` keeps; with title words
 * (`title:开源`), only the posts whose texts the index says may hold them are looked at,
 * for the filter to read the titles of (13,607 posts: 1,257 titles read for 开源 instead
 * of every post's).
 */
export function matchEvery(c: Corpus, plan: QueryPlan, keep: ((slot: number) => boolean) | null = null): MatchList {
  // The posts holding an exclusion come from its list rather than from reading every
  // post's text (`-的` at 1,000,000 posts: 60 ms of text).
  const left = new Uint8Array(c.docs.length);
  for (const u of plan.excluded) {
    const holding = verified(c, [[[u]]]);
    for (let i = 0; i < holding.length; i++) left[holding[i]!] = 1;
  }
  // A title is among the texts the index holds: a post whose title holds a group's word
  // is among the candidates of that word.
  const titled =
    plan.titles.length > 0
      ? candidates(
          c,
          plan.titles.map((group) => group.map((u) => [u])),
        )
      : null;
  const n = titled ? titled.length : c.docs.length;
  const out = new MatchList(keep ? 16 : n);
  for (let i = 0; i < n; i++) {
    const slot = titled ? titled[i]! : i;
    if (c.docs[slot] && !left[slot] && (!keep || keep(slot))) out.push(slot, TIER.ANY);
  }
  return out;
}
