/** A query turned into what the engine matches, ranks and highlights, normalised. */
import { normalize } from '../text/normalize.js';
import { pieces, type Tokenizer } from '../text/tokenize.js';
import { makeUnit, type Unit } from './match.js';
import { parseQuery, type ParsedQuery, type Term } from './query-syntax.js';

/** Units that must all occur. */
export type Alternative = Unit[];
/** At least one alternative must occur. */
export type Requirement = Alternative[];

/** The unit of a requirement of one word (no synonyms, no variants), or null. */
export function singleUnit(r: Requirement): Unit | null {
  return r.length === 1 && r[0]!.length === 1 ? r[0]![0]! : null;
}

/** Synonym groups by normalised word. */
export type Synonyms = ReadonlyMap<string, readonly string[]>;

export interface QueryPlan {
  /** All positive text of the query; posts containing it verbatim rank first. */
  whole: Unit | null;
  /**
   * What a question asks, verbatim (`保持专注` of `如何保持专注`, intent/optional-words.ts
   * `askedSpan`): taken for `whole` when no post contains the query as typed.
   */
  asked: Unit | null;
  /**
   * The query with the commas, 、 and semicolons between its words read as spaces (`恐龙，化石`
   * as `恐龙 化石`): taken for `whole` when no post contains the query with them, which a
   * pasted title may (`随机数，这是一个问题`).
   */
  unpunctuated: Unit | null;
  /** Each positive term; posts containing every one verbatim come next. */
  segments: Unit[];
  /** What a post must contain: every requirement, one of its alternatives. */
  required: Requirement[];
  /** What a post must not contain. */
  excluded: Unit[];
  /** Texts the title must contain, tags and categories a post must have, date bounds. */
  titles: Unit[][];
  tags: string[];
  categories: string[];
  from?: number;
  to?: number;
  /** Query syntax was used: no any-word fallback, no pinyin reading. */
  syntax: boolean;
  /** Units scored by BM25. */
  rank: Unit[];
  /**
   * The adjectives a question asks about as the state of its topic (`慢` of
   * `电脑很慢怎么办`, intent/optional-words.ts): required, but in the fill-up no topic.
   */
  states: string[];
}

/** Builds synonym lookups from groups such as `[['人工智能', 'AI']]`. */
export function synonymMap(groups: string[][]): Synonyms {
  const map = new Map<string, string[]>();
  for (const g of groups) {
    const words = [...new Set(g.map(normalize).filter(Boolean))];
    for (const w of words) map.set(w, [...new Set([...(map.get(w) ?? []), ...words.filter((x) => x !== w)])]);
  }
  return map;
}

function withSynonyms(text: string, synonyms: Synonyms): Requirement {
  return [text, ...(synonyms.get(text) ?? [])].map((t) => [makeUnit(t)]);
}

/** Cuts of a query's Han runs made ahead (see {@link queryCutTexts}), by run. */
export type QueryCuts = ReadonlyMap<string, string[]>;

function termRequirements(term: Term, tokenizer: Tokenizer, synonyms: Synonyms, cuts?: QueryCuts): Requirement[] {
  const text = normalize(term.text);
  if (!text) return [];
  // A quoted phrase means exactly that text: no synonyms (as in Typesense).
  if (term.phrase) return [[[makeUnit(text)]]];
  if (synonyms.has(text)) return [withSynonyms(text, synonyms)];
  return tokenizer.queryWords(text, cuts).map((w) => withSynonyms(w, synonyms));
}

/** The Han runs of a parsed query that {@link planQuery} will have jieba cut, to cut them ahead. */
export function queryCutTexts(parsed: ParsedQuery): string[] {
  const texts = new Set<string>();
  for (const term of parsed.groups.flat()) {
    if (term.phrase) continue;
    for (const p of pieces(normalize(term.text))) if (p.kind === 'han') texts.add(p.text);
  }
  return [...texts];
}

/**
 * Sentence punctuation a query may end with (`Chrome扩展？`, `JS框架。`, `…` normalised to
 * dots), a tilde (`翻译工具～`) or emoji (`翻译工具 🙏`, with their skin tones, joiners and
 * presentation selector), as normalised: the reader's sentence, not text a post must say
 * (with it, no post said the query verbatim, and 43 of 507 questions and topics ranked
 * otherwise than without it; 46 with an emoji). A query of them alone keeps them: it is
 * what was asked for.
 */
const CLOSING_PUNCTUATION = /(?:[\s?!。.,，、;；:：~\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}]|\u200D|\uFE0F)+$/u;

function withoutClosingPunctuation(text: string): string {
  return text.replace(CLOSING_PUNCTUATION, '') || text;
}

/** Commas, 、 and semicolons (as normalised) between a query's keywords (`恐龙，化石`). */
const KEYWORD_SEPARATORS = /[,、;]+/u;

/**
 * Particles a sentence may end with (`疫苗呢`, `Python难吗`): cut as a word of their own at
 * the query's end, they are the reader's sentence too, not text a post must say: with
 * them, the post that said `…疫苗呢` in passing took the verbatim tier over the posts
 * titled on vaccines. They stay among the words (optional ones, intent/question-words.ts)
 * and still make the query a question. Not 吧 or 么, which end words (`酒吧`, `什么`).
 */
const CLOSING_PARTICLES: ReadonlySet<string> = new Set(['吗', '呢', '呀', '啊', '嘛']);

/**
 * `text` without the closing particle that is the query's last word (`lastWord`), and the
 * punctuation before it; nothing when that was all of it and `more` text came before (the
 * term `呢` of `疫苗 呢`). A query of the particle alone is what it asks.
 */
function withoutClosingParticle(text: string, lastWord: string | undefined, more = false): string {
  if (!lastWord || !CLOSING_PARTICLES.has(lastWord) || !text.endsWith(lastWord)) return text;
  return withoutClosingPunctuation(text.slice(0, -lastWord.length)) || (more ? '' : text);
}

/**
 * Words a question may open with only to be polite (`请问翻译工具`): cut as a word of their
 * own at the query's start, the reader's sentence as a closing particle is; they stay an
 * optional word and make the query a question.
 */
const OPENING_WORDS: ReadonlySet<string> = new Set(['请问']);

/** `text` without the opening word that is the query's first word (`firstWord`), and the space after it; nothing when that was all of it and `more` text came after. */
function withoutOpeningWord(text: string, firstWord: string | undefined, more = false): string {
  if (!firstWord || !OPENING_WORDS.has(firstWord) || !text.startsWith(firstWord)) return text;
  return text.slice(firstWord.length).trimStart() || (more ? '' : text);
}

/** The plan of a query, parsed once (`parsed`), with its Han runs' cuts if they were made ahead. */
export function planQuery(
  query: string,
  tokenizer: Tokenizer,
  synonyms: Synonyms = new Map(),
  parsed = parseQuery(query),
  cuts?: QueryCuts,
): QueryPlan {
  const required: Requirement[] = [];
  for (const group of parsed.groups) {
    if (group.length === 1) {
      required.push(...termRequirements(group[0]!, tokenizer, synonyms, cuts));
      continue;
    }
    // An OR group: each alternative is a term, all of whose words must occur.
    const req: Requirement = [];
    for (const term of group) {
      const reqs = termRequirements(term, tokenizer, synonyms, cuts);
      if (reqs.length === 1) req.push(...reqs[0]!);
      else if (reqs.length > 1) req.push(reqs.map((r) => r[0]![0]!));
    }
    if (req.length) required.push(req);
  }
  const terms = parsed.groups.flat();
  const firstWord = required.length > 0 ? singleUnit(required[0]!)?.text : undefined;
  const lastWord = required.length > 0 ? singleUnit(required.at(-1)!)?.text : undefined;
  const firstTerm = terms[0];
  const lastTerm = terms.at(-1);
  // What a post must say verbatim: each term as typed, without the punctuation a sentence
  // ends with, the last one without a closing particle, the first without an opening word.
  const verbatim = (t: Term): string => {
    if (t.phrase) return normalize(t.text);
    let text = withoutClosingPunctuation(normalize(t.text));
    if (t === lastTerm) text = withoutClosingParticle(text, lastWord, terms.length > 1);
    if (t === firstTerm && text) text = withoutOpeningWord(text, firstWord, terms.length > 1);
    return text;
  };
  // A term of punctuation alone after the words (`乳山绿茶 ？`) is the sentence's end too.
  // Keywords parted by commas are terms, as if parted by spaces.
  const texts = terms.flatMap((t) => (t.phrase ? [verbatim(t)] : verbatim(t).split(KEYWORD_SEPARATORS))).filter(Boolean);
  const words = texts.filter((t) => t.replace(CLOSING_PUNCTUATION, '') !== '');
  const segments = [...new Set(words.length > 0 ? words : texts)].map(makeUnit);
  const wholeText = parsed.syntax
    ? normalize(terms.map(verbatim).join(' '))
    : withoutOpeningWord(withoutClosingParticle(withoutClosingPunctuation(normalize(query)), lastWord), firstWord);
  const unpunctuated =
    !parsed.syntax && KEYWORD_SEPARATORS.test(wholeText) ? normalize(wholeText.split(KEYWORD_SEPARATORS).join(' ')) : null;
  // Closing particles and opening words left out of the whole query lift no post either (BM25).
  const framing = new Set<string>();
  if (required.length > 1 && lastWord && CLOSING_PARTICLES.has(lastWord)) framing.add(lastWord);
  if (required.length > 1 && firstWord && OPENING_WORDS.has(firstWord)) framing.add(firstWord);
  const rank = dedupe(joinLists(joinLists(required))).filter((u) => !framing.has(u.text));
  return plan({
    whole: wholeText ? makeUnit(wholeText) : null,
    asked: null,
    unpunctuated: unpunctuated && unpunctuated !== wholeText ? makeUnit(unpunctuated) : null,
    segments,
    required,
    excluded: parsed.excludes.map(normalize).filter(Boolean).map(makeUnit),
    titles: parsed.titles.map((group) => group.map(normalize).filter(Boolean).map(makeUnit)).filter((group) => group.length > 0),
    tags: parsed.tags,
    categories: parsed.categories,
    from: parsed.from,
    to: parsed.to,
    syntax: parsed.syntax,
    rank,
    states: [],
  });
}

/**
 * A plan with `fields`, made here only, so that every plan has one shape (hidden class):
 * the ranking's loops over hundreds of thousands of matches read the plan, and a plan of
 * another shape (a spread copy) sent them back to unoptimised code on every search once
 * both had been seen (1,000,000 posts: 一个开源工具 24 → 41 ms after a pass of other queries).
 * Its lists are copied into arrays of one kind for the same reason (see {@link packed}).
 */
export function plan(fields: QueryPlan): QueryPlan {
  return {
    whole: fields.whole,
    asked: fields.asked,
    unpunctuated: fields.unpunctuated,
    segments: packed(fields.segments),
    required: packed(fields.required.map((req) => packed(req.map(packed)))),
    excluded: packed(fields.excluded),
    titles: packed(fields.titles.map(packed)),
    tags: fields.tags,
    categories: fields.categories,
    from: fields.from,
    to: fields.to,
    syntax: fields.syntax,
    rank: packed(fields.rank),
    states: packed(fields.states),
  };
}

/**
 * The items of `list`, in an array V8 knows has no holes. An array from `map` or `flat`
 * may be marked as possibly holey (`map` once V8 has optimised the code calling it), and
 * code optimised for lists of one kind was thrown away each time the other came (V8's
 * "wrong map" deoptimisations): the ranking was compiled again and again during a
 * server's first thousands of searches, its compiler taking cores from the searches.
 */
export function packed<T>(list: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) out.push(list[i]!);
  return out;
}

/** The items of `lists` in order, in a new array (`flat`, without its array kind: see {@link packed}). */
export function joinLists<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (const list of lists) for (let i = 0; i < list.length; i++) out.push(list[i]!);
  return out;
}

function dedupe(units: Unit[]): Unit[] {
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(u.text) && seen.add(u.text));
}

/**
 * The units to highlight, longest first. A word of one character a post need not contain
 * (`的` `是` `有` of `为什么天空是蓝色的`) is not marked on its own: marked wherever it
 * stands it says nothing of why the post was found, and it would draw the snippet to
 * wherever it is densest. It is still marked inside a longer match (`天空是蓝色的`).
 */
export function highlightUnits(plan: QueryPlan): Unit[] {
  const required: Unit[] = [];
  for (const r of plan.required) for (const alt of r) required.push(...alt);
  const texts = new Set(required.map((u) => u.text));
  const marked = plan.rank.filter((u) => texts.has(u.text) || [...u.text].length > 1);
  // Every alternative a post may match a requirement with, spelling variants (`vue3` of
  // `Vue 3`) included: what it matched is what the reader is shown; and what a title must
  // say (`title:恐龙`).
  return dedupe([plan.whole, ...plan.segments, ...marked, ...required, ...plan.titles.flat()].filter((u): u is Unit => !!u)).sort(
    (a, b) => b.text.length - a.text.length,
  );
}
