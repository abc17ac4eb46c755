/**
 * Puts a query's matches in order, one page at a time: the buckets of rank.ts first, then
 * within a bucket BM25 plus the signals (proximity, the verbatim query, the title). Only
 * the buckets that reach the page are scored, and within one only the posts whose upper
 * bound can still reach it are read in full, so a page costs what its candidates cost.
 */
import type { AnalyzedDoc, Field } from '../indexes/analyze.js';
import { bitCount } from '../indexes/bit-count.js';
import { charBits, everyLacking, isLacking, type ShortFieldSignatures } from '../indexes/short-field-signatures.js';
import { firstN } from '../indexes/sorted.js';
import { DEFAULT_SEARCH_OPTIONS, type BoostedField } from './defaults.js';
import { requirementGroups, requirementInformation } from './intent/information.js';
import { compact } from './intent/latin-variants.js';
import { contains, countIn, type Unit } from './match.js';
import { TIER, type FieldScores, type ScoreParts } from './matcher.js';
import { ALL_MET, MET_BITS, type MatchList, type Scored } from './match-list.js';
import type { CategoryTexts, FreshnessOf } from './post-weights.js';
import { closeness } from './proximity.js';
import type { QueryPlan } from './query-plan.js';
import {
  BM25_SATURATION,
  bucketOf,
  fieldBm25 as fieldBm25Plain,
  fieldBm25OfCounts,
  fieldBm25Spelt,
  idf,
  rankBucket,
  SIGNAL_WEIGHTS,
  wordBm25,
} from './rank.js';

// What the page's hits are made of, kept aside (the matches stay small: there may be
// hundreds of thousands of them).
const partsOf = new WeakMap<Scored, ScoreParts>();
const hitBuckets = new WeakMap<Scored, number>();

/** The parts of a hit's score, when {@link orderPage} scored it with signals. */
export function scoreParts(s: Scored): ScoreParts | undefined {
  return partsOf.get(s);
}

/** The bucket {@link orderPage} ranked a hit of its page in. */
export function pageBucket(s: Scored): number {
  return hitBuckets.get(s) ?? rankBucket(s);
}

/** What the ranking reads of an engine. */
export interface RankingCorpus {
  docs: readonly (AnalyzedDoc | undefined)[];
  documentCount: number;
  /** Posts that may contain the unit (the gram index's estimate). */
  df(u: Unit): number;
  /** Total normalised length of each field over live posts. */
  fieldChars: Record<Field, number>;
  /** Which words each post's title and tags cannot hold, by their characters. */
  shortFields: ShortFieldSignatures;
  boost: Readonly<Record<BoostedField, number>>;
  /** The posts' category names as normalised text, for their BM25; null while categories weigh nothing. */
  categories: CategoryTexts | null;
  /** How new each post is, and how much that weighs; null while freshness weighs nothing. */
  freshness: FreshnessOf | null;
  /**
   * The share of its text that is its own, by slot, for the posts that list the others
   * (an archive, a tag page: post-weights.ts `ownShares`); their score is weighed by it.
   * Null when no post lists the others.
   */
  ownShares: ReadonlyMap<number, number> | null;
}

/** The share of a post's text that is its own (see {@link RankingCorpus}): 1 for all but the posts that list the others. */
function ownShare(c: RankingCorpus, slot: number): number {
  return c.ownShares?.get(slot) ?? 1;
}

/**
 * Inverse document frequencies of the ranked words (posts that may contain each). The
 * Latin spellings of one word (`tailwindcss`, `tailwind css`, `tailwind-css`) are one
 * word: each counts with the IDF of the commonest, so that the rarer spelling does not
 * lift its posts as a rarer word would.
 */
function idfsOf(c: RankingCorpus, words: Unit[]): Float64Array {
  const n = Math.max(1, c.documentCount);
  const idfs = Float64Array.from(words, (w) => idf(n, c.df(w)));
  const first = firstSpellings(words);
  if (!first) return idfs;
  // The first spelling of each word takes the least IDF of its spellings, then gives it to them.
  for (let i = 0; i < words.length; i++) idfs[first[i]!] = Math.min(idfs[first[i]!]!, idfs[i]!);
  for (let i = 0; i < words.length; i++) idfs[i] = idfs[first[i]!]!;
  return idfs;
}

/**
 * For each word, the index of the first word that is a spelling of the same Latin word
 * (`tailwindcss`, `tailwind css`: rank.ts `fieldBm25Spelt`), its own index if none; null when
 * no two words are.
 */
function firstSpellings(words: readonly Unit[]): Int32Array | null {
  let latin = 0;
  for (const w of words) if (w.bounded) latin++;
  if (latin < 2) return null;
  const first = new Map<string, number>();
  let shared = false;
  const out = Int32Array.from(words, (w, i) => {
    if (!w.bounded) return i;
    const key = compact(w.text);
    const f = first.get(key);
    if (f === undefined) first.set(key, i);
    else shared = true;
    return f ?? i;
  });
  return shared ? out : null;
}

/** BM25 per field on the stored text, weighted by the field boosts (see rank.ts). */
export function addBm25(c: RankingCorpus, scored: Scored[], allWords: Unit[], allIdfs: Float64Array = idfsOf(c, allWords)): void {
  const bm25 = bm25Of(c, allWords, allIdfs);
  for (const s of scored) s.score = bm25(s.slot) * ownShare(c, s.slot);
}

/**
 * The `count` posts with the highest BM25 for `words` (ties by `order`), of the posts
 * `contains` lists: `contains[i]` holds the slots containing `words[i]`, ascending. A
 * post's BM25 is at most its words' IDFs times (k1 + 1) times the field boosts, which
 * depends only on which of the words it contains: posts are scored a group of the same
 * words at a time, the highest bound first, until the next bound is below the
 * `count`-th score found; within a group, a post whose title and tags with the body at
 * its most cannot reach that score is not read further. Related posts (engine.ts) rank this way: at 1,000,000 posts a
 * post's twelve keywords are in hundreds of thousands of others, and reading each of
 * them cost seconds. Each post comes as `make(slot, words it contains)`.
 */
export function topByBm25(
  c: RankingCorpus,
  contains: ArrayLike<number>[],
  words: Unit[],
  count: number,
  order: (a: Scored, b: Scored) => number,
  make: (slot: number, wordCount: number) => Scored,
  skip = -1,
): Scored[] {
  const n = words.length;
  if (n === 0 || n > MET_BITS || count <= 0) return [];
  const idfs = idfsOf(c, words);
  const bm25 = bm25Of(c, words, idfs);
  // The bit of each of `words` among `bm25.words` (the rarest of them), 0 if not scored.
  const scoredBit = words.map((u) => {
    const at = bm25.words.indexOf(u);
    return at < 0 ? 0 : 1 << at;
  });
  const { title, tags, categories, body } = c.boost;
  const most = (title + tags + (c.categories ? categories : 0) + body) * BM25_SATURATION;
  // Which of the words each post contains, as bits of `words`, in one array for all posts.
  const bits = new Int32Array(c.docs.length);
  const seen: number[] = [];
  for (let w = 0; w < n; w++) {
    const list = contains[w]!;
    for (let i = 0; i < list.length; i++) {
      const slot = list[i]!;
      if (slot === skip) continue;
      if (bits[slot] === 0) seen.push(slot);
      bits[slot]! |= 1 << w;
    }
  }
  // The posts grouped by the words they contain, the groups by their bound.
  const groups = new Map<number, number[]>();
  for (const slot of seen) {
    const group = groups.get(bits[slot]!);
    if (group) group.push(slot);
    else groups.set(bits[slot]!, [slot]);
  }
  const boundOf = (b: number): number => {
    let sum = 0;
    for (let w = 0; w < n; w++) if (b & (1 << w) && scoredBit[w]) sum += idfs[w]!;
    return sum * most;
  };
  const ranked = [...groups.keys()].map((b) => ({ b, bound: boundOf(b) })).sort((x, y) => y.bound - x.bound);
  const best = new TopScores(count);
  const found: Scored[] = [];
  for (const { b, bound } of ranked) {
    if (best.full() && bound < best.lowest()) break;
    let absent = 0;
    for (let w = 0; w < n; w++) if (!(b & (1 << w))) absent |= scoredBit[w]!;
    const wordCount = bitCount(b);
    for (const slot of groups.get(b)!) {
      // Then a closer bound, from the post's title and tags, before its body is read.
      if (best.full() && bm25.bound(slot, absent) < best.lowest()) continue;
      const s = make(slot, wordCount);
      s.score = bm25(slot, absent) * ownShare(c, slot);
      best.add(s.score);
      found.push(s);
    }
  }
  return firstN(found, count, order);
}

/** A post's BM25 (see {@link bm25Of}); `absent`: bits of the words it is known not to contain. */
interface Bm25 {
  (slot: number, absent?: number): number;
  /** An upper bound of the post's BM25 that reads at most its title and tags. */
  bound(slot: number, absent?: number): number;
  /**
   * The post's BM25 when it is at least `need`; else a number below `need` (-Infinity),
   * found with fewer reads: the body's words are counted rarest first, and once what they
   * add with the most the others could add is below `need`, the rest are not counted.
   */
  reaching(slot: number, need: number, absent?: number): number;
  /** The words scored, whose indices the `absent` bits are. */
  words: Unit[];
  /** The post's BM25 field by field, each with its boost (for explain): they sum to its BM25. */
  fields(slot: number, absent?: number): FieldScores;
}

/**
 * A post's BM25 for the words (the rarest {@link DEFAULT_SEARCH_OPTIONS.maxScoredWords}),
 * and an upper bound of it that reads only the title and tags: each word scores at most
 * its IDF times (k1 + 1) in a field, and in the body it is assumed present unless it is
 * known to be absent. Category names score only the words known to be in the post's
 * text (none `absent`): they weigh a match, they never make one.
 */
function bm25Of(c: RankingCorpus, allWords: Unit[], allIdfs: Float64Array): Bm25 {
  const { words, idfs } = rarest(allWords, allIdfs, DEFAULT_SEARCH_OPTIONS.maxScoredWords);
  const spellings = firstSpellings(words);
  // BM25 of a field, the spellings of a word as one word when the words hold some.
  const fieldBm25 = spellings
    ? (text: string, words: Unit[], idfs: Float64Array, avg: number, absent: number): number =>
        fieldBm25Spelt(text, words, idfs, avg, absent, spellings)
    : fieldBm25Plain;
  const n = Math.max(1, c.documentCount);
  const { title, tags, categories, body } = c.boost;
  const cats = c.categories;
  const avgCats = cats ? cats.chars / n : 0;
  // Called only while categories weigh (`cats` not null).
  const inCategories = (slot: number, absent: number): number => categories * fieldBm25(cats!.textOf(slot), words, idfs, avgCats, absent);
  const avgTitle = c.fieldChars.title / n;
  const avgTags = c.fieldChars.tags / n;
  const avgBody = c.fieldChars.body / n;
  const docs = c.docs;
  const wordBits = words.map((u) => charBits(u.text));
  const every = everyLacking(words.length);
  // Title and tags, scored for the words they may hold (`off`: those they cannot): this
  // runs for every match of a common word, and most of them hold none, which the posts'
  // character bits tell without their texts being read.
  const short = (t: string, g: string, off: number): number =>
    (t ? title * fieldBm25(t, words, idfs, avgTitle, off) : 0) + (g ? tags * fieldBm25(g, words, idfs, avgTags, off) : 0);
  // The words the post's title and tags cannot hold, beside those known absent from it.
  const notShort = (slot: number, absent: number): number => absent | c.shortFields.lacking(slot, wordBits);
  const score = (slot: number, absent = 0): number => {
    // One read of the post's texts, used here only (V8 then makes no object of it).
    const norm = docs[slot]!.norm;
    const b = norm.body;
    const off = notShort(slot, absent);
    const text =
      ((off & every) === every ? 0 : short(norm.title, norm.tags, off)) + (b ? body * fieldBm25(b, words, idfs, avgBody, absent) : 0);
    return cats === null ? text : text + inCategories(slot, absent);
  };
  // Title and tags are short: scored exactly. The body is only assumed to hold every word
  // not known to be absent.
  // By the bits of `absent`, worked out once each (a fill-up bucket's posts lack the same words).
  const bodyMostOf = new Map<number, number>();
  const bodyMost = (absent: number): number => {
    let most = bodyMostOf.get(absent);
    if (most === undefined) {
      most = body * idfs.reduce((a, b, i) => (absent & (1 << i) ? a : a + b), 0) * BM25_SATURATION;
      bodyMostOf.set(absent, most);
    }
    return most;
  };
  const everyWord = bodyMost(0);
  const bound = (slot: number, absent = 0): number => {
    const off = notShort(slot, absent);
    let most = absent ? bodyMost(absent) : everyWord;
    if ((off & every) !== every) {
      const norm = docs[slot]!.norm;
      most += short(norm.title, norm.tags, off);
    }
    return cats === null ? most : most + inCategories(slot, absent);
  };
  // The body's words rarest first, and their counts for `reaching` (then summed in the
  // words' order, as `score` sums them, so that the two give the same number).
  let rarestFirst: Int32Array | null = null;
  let counts: Float64Array | null = null;
  const reaching = (slot: number, need: number, absent = 0): number => {
    if (spellings) return score(slot, absent);
    rarestFirst ??= Int32Array.from(words.keys()).sort((a, b) => idfs[b]! - idfs[a]! || a - b);
    counts ??= new Float64Array(words.length);
    const norm = docs[slot]!.norm;
    const off = notShort(slot, absent);
    const shortPart = (off & every) === every ? 0 : short(norm.title, norm.tags, off);
    const catPart = cats === null ? 0 : inCategories(slot, absent);
    const b = norm.body;
    if (b) {
      // What the post may still score: exact for the fields read and the words counted,
      // at most the saturation for the words not yet counted. A hair of slack for rounding.
      let most = shortPart + catPart + bodyMost(absent);
      for (let k = 0; k < rarestFirst.length; k++) {
        const w = rarestFirst[k]!;
        if (absent & (1 << w)) continue;
        const tf = countIn(b, words[w]!);
        counts[w] = tf;
        most += body * (wordBm25(idfs[w]!, tf, b.length, avgBody) - idfs[w]! * BM25_SATURATION);
        if (most + 1e-9 * (1 + Math.abs(need)) < need) return -Infinity;
      }
    }
    const text = shortPart + (b ? body * fieldBm25OfCounts(counts, idfs, b.length, avgBody, absent) : 0);
    return cats === null ? text : text + catPart;
  };
  // `score`'s sum, field by field (for explain only: `score` stays one expression, since
  // helpers shared by the two cost a search at 100,000 posts about 1% in latency-ab).
  const fields = (slot: number, absent = 0): FieldScores => {
    const norm = docs[slot]!.norm;
    const off = notShort(slot, absent);
    const none = (off & every) === every;
    return {
      title: !none && norm.title ? title * fieldBm25(norm.title, words, idfs, avgTitle, off) : 0,
      tags: !none && norm.tags ? tags * fieldBm25(norm.tags, words, idfs, avgTags, off) : 0,
      categories: cats ? inCategories(slot, absent) : 0,
      body: norm.body ? body * fieldBm25(norm.body, words, idfs, avgBody, absent) : 0,
    };
  };
  return Object.assign(score, { bound, reaching, words, fields });
}

/**
 * What a fill-up post is known to lack (see Scored.met): a one-word requirement (no
 * synonyms, no variants) it does not meet is a word it does not contain at all.
 * `missing(met)` gives those requirements as bits, `absent(missing)` the bits of the
 * scored `words` they are.
 */
function knownMissing(plan: QueryPlan, words: Unit[]): { missing: (met: number) => number; absent: (missing: number) => number } {
  let oneWord = 0;
  // Typed: an array from `map` may be of either of two kinds (see query-plan.ts `packed`).
  const wordBits = Int32Array.from(plan.required, (req, i) => {
    if (req.length !== 1 || req[0]!.length !== 1 || i >= MET_BITS) return 0;
    oneWord |= 1 << i;
    const u = req[0]![0]!;
    let bits = 0;
    for (let w = 0; w < words.length; w++) if (words[w]!.text === u.text && words[w]!.bounded === u.bounded) bits |= 1 << w;
    return bits;
  });
  return {
    missing: (met) => (met === ALL_MET ? 0 : oneWord & ~met),
    absent: (missing) => {
      let bits = 0;
      for (let i = 0; missing >>> i !== 0; i++) if (missing & (1 << i)) bits |= wordBits[i]!;
      return bits;
    },
  };
}

/**
 * Scores a bucket of matches (entries of `matches`) with signals: BM25 plus what else says
 * a post is about the query (rank.ts `SIGNAL_WEIGHTS`): the share of its information,
 * its words close together, the query verbatim, in the title; and how new it is, where a
 * site weighs that (`freshness`). Returns the posts that may
 * be among the first `need`, scored: the cheap signals and an upper bound of the rest
 * are computed for all, and posts are scored fully in the order of their bounds until
 * the next bound is below the `need`-th score found, so the first `need` are exact.
 * Scores are kept in arrays, and only the posts returned become objects: a common word's
 * bucket at 1,000,000 posts holds hundreds of thousands.
 */
function scoreWithSignals(
  c: RankingCorpus,
  matches: MatchList,
  entries: Int32Array,
  plan: QueryPlan,
  rank: Unit[],
  idfs: Float64Array,
  need: number,
  explain: boolean,
): Scored[] {
  const n = Math.max(1, c.documentCount);
  const groups = requirementGroups(plan);
  const info = plan.required.map((req) => requirementInformation(req, c.df, n));
  const total = info.reduce((a, b) => a + b, 0);
  const w = SIGNAL_WEIGHTS;
  const bm25 = rank.length > 0 ? bm25Of(c, rank, idfs) : null;
  const mostProximity = groups.length > 1 ? w.proximity * total : 0;
  const m = entries.length;
  const fresh = c.freshness;
  // Each post's freshness, and what all of it adds to the signals.
  const freshness = fresh ? new Float64Array(m) : null;
  const mostFreshness = fresh ? total * fresh.weight : 0;
  // A group that is the whole query as one unit is in every title that holds the query.
  const whole = plan.whole;
  const isWhole = groups.map((g) => !!whole && g.length === 1 && g[0]!.text === whole.text && g[0]!.bounded === whole.bounded);
  // Each group's units by their characters, to skip the titles and tags that cannot hold them.
  const groupBits = groups.map((g) => g.map((u) => charBits(u.text)));
  // Fill-up posts lack the one-word requirements they do not meet: those words are not
  // looked for, and proximity needs two requirements that may be present.
  const lacks = knownMissing(plan, bm25?.words ?? []);
  const absent = new Int32Array(m);
  const closest = new Float64Array(m);
  // The signals known from the title, the tags and the tier, before reading the body.
  const cheap = new Float64Array(m);
  const titleWords = new Float64Array(m);
  // Each post's share of its own text, where some post lists the others.
  const own = c.ownShares ? new Float64Array(m).fill(1) : null;
  // Every post verbatim: all are scored in full below, with no bounds.
  let verbatim = true;
  for (let i = 0; i < m && verbatim; i++) if (matches.tiers[entries[i]!]! < TIER.OTHER_SPELLING) verbatim = false;
  // Upper bounds of the posts' scores, when there are more posts than needed: made in the
  // loop below, from the same reads of each post's title and tags as its signals.
  const bounds = m > need && !verbatim ? new Float64Array(m) : null;
  for (let i = 0; i < m; i++) {
    const e = entries[i]!;
    const tier = matches.tiers[e]!;
    const title = matches.titles[e]!;
    const missing = lacks.missing(matches.metAt(e));
    absent[i] = lacks.absent(missing);
    closest[i] = groups.length - bitCount(missing) >= 2 ? mostProximity : 0;
    let inTitle = 0;
    const slot = matches.slots[e]!;
    // Read once for the groups below, and only when some unit may be there.
    let t: string | null = null;
    let tags = '';
    for (let g = 0; g < groups.length; g++) {
      if (missing & (1 << g)) continue;
      if (title >= 1 && isWhole[g]) {
        inTitle += info[g]!;
        continue;
      }
      const units = groups[g]!;
      const lacking = c.shortFields.lacking(slot, groupBits[g]!);
      if (lacking === everyLacking(units.length)) continue;
      if (t === null) {
        const norm = c.docs[slot]!.norm;
        t = norm.title;
        tags = norm.tags;
      }
      for (let k = 0; k < units.length; k++) {
        const u = units[k]!;
        if (!isLacking(lacking, k) && (contains(t, u) || contains(tags, u))) {
          inTitle += info[g]!;
          break;
        }
      }
    }
    titleWords[i] = total > 0 ? inTitle / total : 0;
    cheap[i] =
      total * (w.coverage * (matches.coverageAt(e) ?? 1) + (title >= 1 ? w.titleQuery : 0) + w.titleWords * titleWords[i]!) +
      total *
        (tier >= TIER.WHOLE_QUERY ? w.verbatim : tier >= TIER.OTHER_SPELLING ? w.otherSpelling : tier >= TIER.EVERY_PART ? w.parts : 0);
    if (freshness) {
      freshness[i] = fresh!.of(slot);
      cheap[i] = cheap[i]! + mostFreshness * freshness[i]!;
    }
    if (own) own[i] = ownShare(c, slot);
    if (bounds) bounds[i] = (cheap[i]! + (bm25 ? bm25.bound(slot, absent[i]!) : 0) + closest[i]!) * (own ? own[i]! : 1);
  }
  // Writes a post's score in parts into `parts`; false when, once its BM25 is known, even
  // the closest words could not lift it to `reach`.
  const partsAt = (i: number, parts: ScoreParts, reach = -Infinity): boolean => {
    const e = entries[i]!;
    parts.proximity = 0;
    parts.titleWords = titleWords[i]!;
    parts.freshness = freshness ? freshness[i]! : 0;
    parts.signals = cheap[i]!;
    parts.ownShare = own ? own[i]! : 1;
    // Below `reach`, the BM25 it needs is not worked out in full.
    const slot = matches.slots[e]!;
    const needs = reach > -Infinity && parts.ownShare > 0 ? reach / parts.ownShare - parts.signals - closest[i]! : -Infinity;
    parts.bm25 = !bm25 ? 0 : needs > -Infinity ? bm25.reaching(slot, needs, absent[i]) : bm25(slot, absent[i]);
    if ((parts.bm25 + parts.signals + closest[i]!) * parts.ownShare < reach) return false;
    if (mostProximity > 0 && matches.tiers[e]! >= TIER.OTHER_SPELLING) {
      // The query verbatim: its words stand side by side.
      parts.proximity = 1;
      parts.signals += mostProximity;
    } else if (closest[i]! > 0) {
      const norm = c.docs[matches.slots[e]!]!.norm;
      parts.proximity = Math.max(closeness(norm.title, groups), closeness(norm.body, groups));
      parts.signals += mostProximity * parts.proximity;
    }
    return true;
  };
  const scores = new Float64Array(m);
  // The parts of the posts scored one by one (few), by position in the bucket.
  const kept = new Map<number, ScoreParts>();
  // Scores a post in full unless it cannot reach `reach`, and keeps its parts; returns
  // whether it was scored. A post that cannot reach is worked out in one object reused.
  const trial = blankParts();
  const full = (i: number, reach = -Infinity): boolean => {
    if (!partsAt(i, trial, reach)) return false;
    const parts = { ...trial };
    scores[i] = totalOf(parts);
    kept.set(i, parts);
    return true;
  };
  // The chosen posts as objects, with their parts (scored again if not kept).
  const scored = (chosen: Iterable<number>): Scored[] => {
    const out: Scored[] = [];
    for (const i of chosen) {
      const s = matches.at(entries[i]!);
      let parts = kept.get(i);
      if (!parts) partsAt(i, (parts = blankParts()));
      s.score = totalOf(parts);
      if (explain) parts.fields = bm25 ? bm25.fields(s.slot, absent[i]) : { title: 0, tags: 0, categories: 0, body: 0 };
      partsOf.set(s, parts);
      out.push(s);
    }
    return out;
  };
  if (m <= need) {
    for (let i = 0; i < m; i++) full(i);
    return scored(range(m));
  }
  if (verbatim) {
    // Every post verbatim (a walled bucket, or a one-word query): only BM25 and the title
    // differ, and the bounds would prune little. Every post is scored, with one object
    // reused (there may be hundreds of thousands); those below the `need`-th score cannot
    // be on the page, and the others are scored again for their parts.
    const working = blankParts();
    for (let i = 0; i < m; i++) {
      partsAt(i, working);
      scores[i] = totalOf(working);
    }
    return scored(highest(scores, need, true));
  }
  const bound = bounds!; // made in the first loop, for neither of the cases above
  // The `need` posts with the highest bounds first, then every post whose bound reaches
  // the `need`-th score found so far.
  const first = highest(bound, need);
  const best = new TopScores(need);
  const out: number[] = [];
  const done = new Uint8Array(m);
  for (const i of first) {
    full(i);
    done[i] = 1;
    best.add(scores[i]!);
    out.push(i);
  }
  for (let i = 0; i < m; i++) {
    if (done[i] || bound[i]! < best.lowest() || !full(i, best.lowest())) continue;
    best.add(scores[i]!);
    out.push(i);
  }
  return scored(out);
}

/** Parts for {@link scoreWithSignals}'s `partsAt` to write. */
function blankParts(): ScoreParts {
  return { bm25: 0, proximity: 0, titleWords: 0, freshness: 0, signals: 0, ownShare: 1 };
}

/** The score that orders a post within its bucket: BM25 and the signals, weighed by its share of its own text. */
function totalOf(parts: ScoreParts): number {
  return (parts.bm25 + parts.signals) * parts.ownShare;
}

/** 0, 1, … n - 1. */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * The first `count` matches in order. By relevance, matches are bucketed first (rank.ts
 * `rankBucket`), and only the buckets that reach the page are scored, with bounds that
 * skip posts that cannot reach it: the order within a bucket is always the score, so
 * every page is consistent.
 */
export function orderPage(
  c: RankingCorpus,
  matches: MatchList,
  count: number,
  sort: 'relevance' | 'date',
  plan: QueryPlan,
  explain = false,
): Scored[] {
  const rank = plan.rank;
  if (sort === 'date') return newestFirst(c, matches, count);
  // A query of one word has no proximity to weigh and is verbatim wherever it matches:
  // a title holding it ranks first, as its own bucket. And when thousands of posts have
  // every word (common words on a large site), the verbatim query, each part verbatim
  // and a title holding the query come first as buckets of their own: reading every one
  // of them for signals that rarely change the page cost 20 to 60 ms at 1,000,000 posts.
  const walled = plan.required.length <= 1 || countWithEveryWord(matches) > LARGE_BUCKET;
  const keyOf = (s: Scored): number => rankBucket(s, walled);
  const { keys, sizes } = bucketsOf(matches, walled);
  const page: Scored[] = [];
  const idfs = rank.length > 0 ? idfsOf(c, rank) : new Float64Array(0);
  const byRelevance = byScore(c);
  for (const key of [...sizes.keys()].sort((a, b) => b - a)) {
    if (page.length >= count) break;
    const entries = gather(keys, key, sizes.get(key)!);
    const need = count - page.length;
    const first = entries[0]!;
    if (matches.tiers[first]! >= TIER.EVERY_WORD || matches.coverageAt(first) !== undefined) {
      page.push(...firstN(scoreWithSignals(c, matches, entries, plan, rank, idfs, need, explain), need, byRelevance));
      continue;
    }
    const bucket = Array.from(entries, (e) => matches.at(e));
    if (rank.length > 0) addBm25(c, bucket, rank, idfs);
    page.push(...firstN(bucket, need, byRelevance));
  }
  // The page's hits carry their bucket, for their `score` (rank.ts `hitScore`).
  for (const s of page) hitBuckets.set(s, keyOf(s));
  return page;
}

// The loops over every match are functions of their own: inside `orderPage`, V8 compiled
// them on the fly (on-stack replacement) together with the rest of it, and a branch that
// code had not seen taken yet sent every later search back to unoptimised code (1,000,000
// posts: 一个开源工具 24 → 50 ms once other queries had run).

/** Matches with every word (or more). */
function countWithEveryWord(matches: MatchList): number {
  let n = 0;
  const tiers = matches.tiers;
  for (let i = 0; i < matches.length; i++) if (tiers[i]! >= TIER.EVERY_WORD) n++;
  return n;
}

/** The first `count` matches by date, newest first (then by id). */
function newestFirst(c: RankingCorpus, matches: MatchList, count: number): Scored[] {
  const slots = matches.slots;
  const docs = c.docs;
  // Each match's time read once: a filter alone keeps hundreds of thousands of posts.
  const times = new Float64Array(matches.length);
  for (let i = 0; i < matches.length; i++) times[i] = docs[slots[i]!]!.time ?? -Infinity;
  // Entry numbers are ordered, so that only the page's matches become objects.
  const order = (i: number, j: number): number => newerFirst(times[i]!, times[j]!, docs[slots[i]!]!, docs[slots[j]!]!);
  return firstN(
    Array.from({ length: matches.length }, (_, i) => i),
    count,
    order,
  ).map((i) => matches.at(i));
}

/**
 * Each match's bucket, and the buckets' sizes; a bucket's matches are gathered only if
 * the page reaches it (the largest, of common words, usually is not).
 */
function bucketsOf(matches: MatchList, walled: boolean): { keys: Float64Array; sizes: Map<number, number> } {
  const keys = new Float64Array(matches.length);
  // Buckets of whole numbers below SMALL_KEYS (every one but the fill-up's) are counted
  // in an array: a map's lookup per match cost 30 ms for a common word at 1,000,000 posts.
  const small = new Int32Array(SMALL_KEYS);
  const sizes = new Map<number, number>();
  const { tiers, titles } = matches;
  // The others (the fill-up's) counted by runs of one key, as they mostly come.
  let runKey = NaN;
  let run = 0;
  for (let i = 0; i < matches.length; i++) {
    const key = bucketOf(tiers[i]!, titles[i]!, walled);
    keys[i] = key;
    if (key === (key | 0) && key >= 0 && key < SMALL_KEYS) small[key]!++;
    else if (key === runKey) run++;
    else {
      if (run > 0) sizes.set(runKey, (sizes.get(runKey) ?? 0) + run);
      runKey = key;
      run = 1;
    }
  }
  if (run > 0) sizes.set(runKey, (sizes.get(runKey) ?? 0) + run);
  for (let key = 0; key < SMALL_KEYS; key++) if (small[key]! > 0) sizes.set(key, small[key]!);
  return { keys, sizes };
}

/** Bucket keys counted in an array by {@link bucketsOf} (rank.ts's are below 40). */
const SMALL_KEYS = 64;

/** The entries of the `size` matches whose bucket is `key`, in order. */
function gather(keys: Float64Array, key: number, size: number): Int32Array {
  const out = new Int32Array(size);
  let j = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i] === key) out[j++] = i;
  return out;
}

/**
 * The order of matches within a bucket: score, then newest, then id. It is total, so a
 * page is the same however it is chosen.
 */
function byScore(c: RankingCorpus): (a: Scored, b: Scored) => number {
  const newer = slotsByDate(c);
  return (a, b) => b.score - a.score || newer(a.slot, b.slot);
}

/** Posts newest first, then by id: a total order of slots. */
function slotsByDate(c: RankingCorpus): (a: number, b: number) => number {
  const docs = c.docs;
  return (a, b) => {
    const da = docs[a]!;
    const db = docs[b]!;
    return newerFirst(da.time ?? -Infinity, db.time ?? -Infinity, da, db);
  };
}

/** Two posts, of times `ta` and `tb` (-Infinity for none), newest first, then by id. */
function newerFirst(ta: number, tb: number, a: AnalyzedDoc, b: AnalyzedDoc): number {
  if (ta !== tb) return tb > ta ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Posts with every word beyond which the verbatim query and a title holding it come first on their own (see `orderPage`). */
const LARGE_BUCKET = 500;

/**
 * Indices of the `k` largest values; `withTies`: every value at least the `k`-th largest,
 * so more than `k` when some tie with it (any of them may be on the page).
 */
function highest(values: Float64Array, k: number, withTies = false): number[] {
  const top = new TopScores(k);
  for (let i = 0; i < values.length; i++) top.add(values[i]!);
  const out: number[] = [];
  for (let i = 0; i < values.length && (withTies || out.length < k); i++) if (values[i]! >= top.lowest()) out.push(i);
  return out;
}

/**
 * The `size` largest scores seen, to know the score a post must beat: a min-heap, since a
 * deep page (`offset` up to 10,000) keeps thousands.
 */
class TopScores {
  private readonly heap: number[] = [];
  constructor(private readonly size: number) {}
  full(): boolean {
    return this.heap.length >= this.size;
  }
  lowest(): number {
    return this.heap[0] ?? -Infinity;
  }
  add(score: number): void {
    const h = this.heap;
    if (this.full()) {
      if (score <= h[0]!) return;
      // Replace the lowest and sift it down.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const c = l + 1 < h.length && h[l + 1]! < h[l]! ? l + 1 : l;
        if (h[c]! >= score) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = score;
      return;
    }
    // Append and sift up.
    let i = h.length;
    h.push(score);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]! <= score) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = score;
  }
}

/** The `max` words of highest IDF, in their query order (all of them when there are no more). */
function rarest(words: Unit[], idfs: Float64Array, max: number): { words: Unit[]; idfs: Float64Array } {
  if (words.length <= max) return { words, idfs };
  const keep = new Set(
    Array.from(idfs, (v, i) => [v, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .slice(0, max)
      .map(([, i]) => i),
  );
  return { words: words.filter((_, i) => keep.has(i)), idfs: idfs.filter((_, i) => keep.has(i)) };
}
