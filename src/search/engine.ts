/**
 * The search engine: a {@link GramIndex} with the stored normalised text for exact
 * recall, BM25 per field counted on that text (rank.ts), and a MiniSearch index of the
 * jieba words of titles and tags for fuzzy corrections of Latin typos.
 *
 * A query is answered in tiers. Posts containing the whole query verbatim come first,
 * then posts containing each space-separated part verbatim, then posts containing every
 * word of the query. Only when none exist does any single word suffice. Within a tier,
 * a title match outranks a body match, then BM25 decides, then the newer post.
 */
import { postFromRecord, type PostOptions, type PostRecord } from '../ingest/post.js';
import { pieces, Tokenizer, type TokenizerOptions } from '../text/tokenize.js';
import { analyzePost, countTermWords, FIELDS, segmentTerms, type AnalyzedDoc, type Field } from '../indexes/analyze.js';
import { hitScore } from './rank.js';
import { orderPage, pageBucket, topByBm25, type RankingCorpus } from './page-order.js';
import { categoryTexts, freshnessOf, newestTime, ownShares, type CategoryTexts } from './post-weights.js';
import { GramIndex, type GramIndexData } from '../indexes/gram/gram-index.js';
import { contains, makeUnit, type Unit } from './match.js';
import { matchAll, matchEvery, requiredPosts, TIER, verbatimPosts, verified, type Corpus } from './matcher.js';
import { scoredMatch, type MatchList, type Scored } from './match-list.js';
import { demoteScattered, FILL_UP_BELOW, fillUp } from './intent/fill-up.js';
import { asksForNewest, refinePlan, splitUnfound, withOptionalWords } from './intent/optional-words.js';
import { isQuestion } from './intent/question-words.js';
import { explanation, type HitExplanation } from './explain.js';
import { Assist, lastTypedWord, pinyinLetters } from './assist.js';
import { FacetColumn } from '../indexes/facet-column.js';
import { IdSlots } from '../indexes/id-slots.js';
import { charBits, isLacking, ShortFieldSignatures } from '../indexes/short-field-signatures.js';
import { areDictionaryWords, cutNow, keywords } from '../text/jieba.js';
import { wordClassSteps } from '../text/modifiers.js';
import { commonWordSteps } from '../text/common-words.js';
import { mainlandReading } from '../text/mainland-reading.js';
import {
  highlightUnits,
  plan as makePlan,
  planQuery,
  queryCutTexts,
  synonymMap,
  type QueryCuts,
  type QueryPlan,
  type Synonyms,
} from './query-plan.js';
import { parseQuery, type ParsedQuery } from './query-syntax.js';
import { assertQueryBounds } from './query-bounds.js';
import { defaultHighlight, highlight, snippet, type HighlightOptions } from './snippet.js';
import {
  DEFAULT_BOOST,
  DEFAULT_FRESHNESS,
  DEFAULT_SEARCH_OPTIONS,
  RECENCY_FRESHNESS,
  type BoostedField,
  type Freshness,
} from './defaults.js';
import { contentHash } from '../ingest/content-hash.js';
import { SuggestionIndex, type Suggestion } from '../indexes/suggest.js';
import { runSteps, type Steps } from '../indexes/steps.js';
import { normalize } from '../text/normalize.js';
import { WARM_SEARCH_BUDGET_MS, WARM_SEARCHES, warmQueries } from './warm-searches.js';

/** Options of a {@link SearchEngine}. All have defaults. */
export interface EngineOptions extends PostOptions, TokenizerOptions {
  /**
   * BM25 weight of each field. Default `{ title: 3, tags: 1.5, categories: 0, body: 1 }`.
   * Categories only weigh: a word in a post's category names and not in its text does
   * not make the post a match.
   */
  boost?: Partial<Record<BoostedField, number>>;
  /**
   * How much newer posts outrank older ones of the same relevance (within a tier, beside
   * the other signals). Default `{ weight: 0, halfLifeDays: 365 }`: the date only breaks ties.
   */
  freshness?: Partial<Freshness>;
  /** Default snippet length in characters. Default 120. */
  snippetLength?: number;
  /** Synonym groups expanded at query time, e.g. `[['人工智能', 'AI']]`. Default: none. */
  synonyms?: string[][];
  /**
   * The site's address (Jekyll's `url`, `https://blog.example.com`): hits then carry
   * `absoluteUrl`, a link that works from any host. Default '' (relative URLs only).
   */
  siteUrl?: string;
}

/** Options of one search. */
export interface SearchOptions {
  /** Hits per page. Default 10. */
  limit?: number;
  /** Hits to skip. Default 0. */
  offset?: number;
  /** Keep posts in any of these categories. */
  categories?: string[];
  /** Keep posts that have all of these tags. */
  tags?: string[];
  /** Keep posts dated on or after this instant (ms since the epoch). */
  from?: number;
  /** Keep posts dated on or before this instant (ms since the epoch). */
  to?: number;
  /** `relevance` (default) or `date` (newest first). */
  sort?: 'relevance' | 'date';
  /** Markup around matches. Default `<mark>` and `</mark>`. */
  highlightPre?: string;
  highlightPost?: string;
  /** Snippet length in characters. Default: the engine's `snippetLength`. */
  snippetLength?: number;
  /** Facet entries to return per facet (0 for none). Default 20. */
  facetLimit?: number;
  /** Build snippets and highlighted titles. Default true; false gives ids and fields only. */
  highlight?: boolean;
  /** Each hit's score broken into its parts (`hit.explain`), so a site owner can see why it ranks where it does. Default false. */
  explain?: boolean;
  /**
   * When the query as typed finds nothing and a spelling is offered (`didYouMean`), give
   * that spelling's hits instead, with `correctedQuery` set. Default true.
   */
  correct?: boolean;
}

/** One search hit. */
export interface SearchHit {
  id: string;
  url: string;
  title: string;
  /** The title, HTML-escaped, with matches marked. */
  titleHighlight: string;
  date: string | null;
  categories: string[];
  tags: string[];
  /** A passage of the body, HTML-escaped, with matches marked. */
  snippet: string;
  /** Orders hits as the ranking does: bucket (10,000 every word, 12,000 the title is the query, below: fill-up) plus the score (see rank.ts `hitScore`). */
  score: number;
  /** `siteUrl` + `url`, when the engine knows the site's address. */
  absoluteUrl?: string;
  /** With `explain`: the score's parts. */
  explain?: HitExplanation;
}

/** The answer to a search. */
export interface SearchResult {
  query: string;
  total: number;
  offset: number;
  limit: number;
  hits: SearchHit[];
  facets: { categories: Record<string, number>; tags: Record<string, number> };
  /**
   * `all` when every word had to match (question words and very common words are
   * optional); `most` when fewer posts than asked had every word and posts with most of
   * them follow; `any` when none had every word; `pinyin` when a Latin query was read as
   * the Chinese words in `interpretedAs`; `none` when nothing matched.
   */
  matched: 'all' | 'most' | 'any' | 'pinyin' | 'none';
  /** The Chinese words the query's Latin was read as in pinyin (`zhibo`, or `kaiyuan` of `kaiyuan工具`), when it was. */
  interpretedAs?: string[];
  /**
   * The query typed in traditional characters with Taiwan's words, read as the mainland
   * says them (`開源軟體` as `开源软件`), when the hits are that reading's: more posts have
   * every word of it than of the query as typed.
   */
  mainlandReading?: string;
  /** A close query (a sound-alike character swapped) with more hits, when this one has few. */
  didYouMean?: { query: string; total: number };
  /**
   * The spelling of {@link didYouMean} whose hits these are, when the query as typed found
   * nothing (`python` for `pyhton`); see {@link SearchOptions.correct}.
   */
  correctedQuery?: string;
}

/** Filters shared by search options and query syntax. */
interface Filters {
  categories?: string[];
  tags?: string[];
  from?: number;
  to?: number;
  /** Every group: the title contains one of its texts. */
  titles?: Unit[][];
}

function planFilters(plan: QueryPlan): Filters {
  return { categories: plan.categories, tags: plan.tags, from: plan.from, to: plan.to, titles: plan.titles };
}

/** Serialisable settings that must match between a saved index and the engine loading it. */
export interface EngineSettings {
  stopWords: string[];
  permalink: string;
  baseurl: string;
  /** Absent in indexes written before it existed. */
  siteUrl?: string;
}

/** An engine's whole state in saved form (see store.ts for the file around it). */
export interface EngineSnapshot {
  docs: AnalyzedDoc[];
  grams: GramIndexData;
  /** The characters of each normalised field over `docs`, when whoever made the snapshot counted them (else {@link SearchEngine.restore} does). */
  fieldChars?: Record<Field, number>;
  /**
   * The title and tag words of `docs` with the number of posts using each, when known
   * (else counted on first use, reading every post's line).
   */
  termCounts?: Map<string, number>;
}

/** How an engine's posts changed between two moments (what a delta segment saves, store/delta.ts). */
export interface EngineChange {
  /** Posts added or replacing the posts with their ids, in the order they were indexed. */
  docs: AnalyzedDoc[];
  /** Ids of posts removed (not those replaced). */
  removed: string[];
  /** `[id, stamp]`: posts kept as they were whose file stamp is new (see build/analyze-task.ts). */
  stamps: [string, string][];
}

/** The moment {@link SearchEngine.changesSince} compares with, and what was removed and restamped since. @internal */
export interface ChangeMark {
  /** Posts held then: every slot below this one. */
  slots: number;
  removed: string[];
  stamps: Map<string, string>;
}

/** A query parsed, with its mainland reading when it has one. */
interface AskedQuery {
  query: string;
  parsed: ParsedQuery;
  reading: { query: string; parsed: ParsedQuery } | null;
}

/** The query parsed and checked against the bounds, with its mainland reading when it has one. */
function askedAs(query: string): AskedQuery {
  const parsed = parseQuery(query);
  assertQueryBounds(parsed);
  const text = mainlandReading(query);
  return { query, parsed, reading: text ? { query: text, parsed: parseQuery(text) } : null };
}

/** The Han runs of the query and of its reading, to be cut in one call. */
function cutTexts(asked: AskedQuery): string[] {
  return asked.reading ? [...queryCutTexts(asked.parsed), ...queryCutTexts(asked.reading.parsed)] : queryCutTexts(asked.parsed);
}

/**
 * The search engine: posts in, ranked and highlighted hits out. Build one from files
 * with `buildIndex`, load a saved one with `loadIndex`, or fill one from records.
 *
 * @example
 * const engine = new SearchEngine({ synonyms: [['人工智能', 'AI']] });
 * engine.add({ id: 'tea', title: '乳山绿茶', date: '2024-05-01', body: '<p>乳山绿茶的春天</p>', tags: ['茶叶'] });
 * engine.search('绿茶').hits[0]?.titleHighlight; // '乳山<mark>绿茶</mark>'
 * engine.suggest('rs');                           // pinyin completions: 乳山 …
 * engine.remove('tea');
 */
export class SearchEngine {
  /** @internal */
  readonly options: Required<Pick<EngineOptions, 'snippetLength'>> & EngineOptions;
  /** @internal */
  readonly tokenizer: Tokenizer;
  private docs: (AnalyzedDoc | undefined)[] = [];
  /** The id of the post in a slot, for {@link slotMap}: read without a loaded post keeping it. */
  private readonly idOf = (slot: number): string | undefined => {
    const d = this.docs[slot];
    return d && (d.idUnkept ? d.idUnkept() : d.id);
  };
  /** See {@link slots}: null until first used in a loaded engine. */
  private slotMap: IdSlots | null = new IdSlots(this.idOf);
  private grams = new GramIndex();
  private readonly boost: Record<BoostedField, number>;
  private readonly freshness: Freshness;
  /** Total normalised length of each field over live posts, for BM25 length normalisation. */
  private fieldChars: Record<Field, number> = { title: 0, tags: 0, body: 0 };
  private suggestions: SuggestionIndex | null = null;
  /**
   * Title and tag words with the number of live posts using them, kept up to date as
   * posts come and go; null until counted (a loaded index saved without them counts them
   * on first use, reading every post's line: a million posts, 3–5 s of each thread).
   */
  private terms: Map<string, number> | null = new Map();
  /** Posts added whose terms a build fills in later ({@link addAnalyzed}): counted by {@link termsFilled}. */
  private readonly uncounted = new Set<AnalyzedDoc>();
  /** Words of posts counted elsewhere though no longer indexed: taken off by {@link addCountedWords}. */
  private readonly overcounted = new Map<string, number>();
  /** Posts' words are being counted elsewhere (see {@link termsFilled}) until {@link addCountedWords}. */
  private awaitingCounts = false;
  private readonly assist: Assist;
  private synonyms: Synonyms;
  private columns: { categories: FacetColumn; tags: FacetColumn } | null = null;
  /**
   * What post-weights.ts made of the posts as they were at `epoch` with `slots` slots
   * (the categories' texts, the newest post's time, the own shares of the posts that list
   * the others), each on first use; made again after a change.
   */
  private weights: {
    epoch: number;
    slots: number;
    categories?: CategoryTexts;
    newest?: number;
    ownShares?: ReadonlyMap<number, number> | null;
  } | null = null;
  /** The characters of each post's title and tags, learnt as the ranking reads them (see page-order.ts). */
  private readonly shortFields = new ShortFieldSignatures((slot) => this.docs[slot]?.norm);
  /**
   * The saved index version whose posts this engine holds: set when it is loaded and as
   * deltas are applied (store/store.ts), undefined for an engine filled in memory. A
   * server labels each answer with it.
   * @internal
   */
  version?: string;
  /** What was removed and restamped since the last {@link changeMark}. */
  private journal: ChangeMark | null = null;
  /** Counts changes of the posts: a lookup built in slices across one is not kept. */
  private epoch = 0;
  /**
   * Lookups built before {@link applyChanges}: answered from (a few posts out of date)
   * until {@link warm} builds new ones, so no reader waits for a rebuild after a delta.
   */
  private outdated: { suggestions: SuggestionIndex | null; terms: Map<string, number> | null } | null = null;

  constructor(options: EngineOptions = {}) {
    this.options = { snippetLength: DEFAULT_SEARCH_OPTIONS.snippetLength, ...options };
    this.tokenizer = new Tokenizer(options);
    this.boost = { ...DEFAULT_BOOST, ...options.boost };
    this.freshness = { ...DEFAULT_FRESHNESS, ...options.freshness };
    this.synonyms = synonymMap(options.synonyms ?? []);
    this.assist = new Assist({
      corpus: () => this.corpus(),
      termCounts: () => this.termCounts(),
    });
  }

  /**
   * The engine in saved form, documents renumbered without the removed ones.
   * @internal
   */
  snapshot(): EngineSnapshot {
    // An index saved before the pairs where Han text meets a word were indexed gets them
    // in its next full save: its posts' texts are indexed again (a few seconds at
    // 100,000 posts, in the build process; a delta carries no postings).
    if (!this.grams.indexesBoundaries) {
      const grams = new GramIndex();
      this.docs.forEach((d, slot) => d && indexText(grams, slot, d));
      this.grams = grams;
    }
    const remap = new Int32Array(this.docs.length).fill(-1);
    const docs: AnalyzedDoc[] = [];
    this.docs.forEach((d, slot) => {
      if (d) {
        remap[slot] = docs.length;
        docs.push(d);
      }
    });
    // The word counts, unless posts still wait for their terms or their counts (a build segmenting them).
    const termCounts = this.uncounted.size === 0 && !this.awaitingCounts ? runSteps(this.termCountSteps()) : undefined;
    return { docs, grams: this.grams.serialize(remap), ...(termCounts ? { termCounts } : {}) };
  }

  /**
   * An engine from a snapshot; `options` must carry the settings it was built with.
   * @internal
   */
  static restore(snapshot: EngineSnapshot, options: EngineOptions = {}): SearchEngine {
    const engine = new SearchEngine(options);
    engine.docs = snapshot.docs;
    // Every post of a snapshot is live: the id map waits for its first use (or warm).
    engine.slotMap = null;
    if (snapshot.fieldChars) engine.fieldChars = { ...snapshot.fieldChars };
    else for (const d of snapshot.docs) engine.countLengths(d, 1);
    engine.terms = snapshot.termCounts ?? null;
    engine.grams = GramIndex.deserialize(snapshot.grams);
    return engine;
  }

  /** Settings recorded with a saved index. */
  get settings(): EngineSettings {
    return {
      stopWords: [...this.tokenizer.stopWords].sort(),
      permalink: this.options.permalink ?? 'date',
      baseurl: this.options.baseurl ?? '',
      siteUrl: this.options.siteUrl ?? '',
    };
  }

  /** Number of indexed posts. */
  get documentCount(): number {
    // Before its id map is built, a loaded engine's posts are all live.
    return this.slotMap ? this.slotMap.size : this.docs.length;
  }

  /**
   * The slot of each live post's id (indexes/id-slots.ts). A loaded engine builds it on
   * first use or while it warms, not while it loads (a million ids: a quarter of a second).
   */
  private get slots(): IdSlots {
    return (this.slotMap ??= runSteps(this.slotMapSteps()));
  }

  private slotMapSteps(): Steps<IdSlots> {
    return IdSlots.build(this.idOf, this.docs.length);
  }

  /** Analyses and indexes posts given as records; a post with a known id replaces the old one. */
  add(records: PostRecord | PostRecord[]): void {
    for (const r of Array.isArray(records) ? records : [records]) {
      const doc = analyzePost(postFromRecord(r, this.options), contentHash(JSON.stringify(r)));
      doc.terms = segmentTerms(this.tokenizer, doc.norm.title, doc.norm.tags);
      this.addAnalyzed(doc);
    }
  }

  /**
   * Indexes an already analysed post (from a build or a saved index); replaces one with
   * the same id. With `termsLater`, its title and tag terms are filled in later (a build
   * segments them meanwhile) and told with {@link termsFilled}.
   * @internal
   */
  addAnalyzed(doc: AnalyzedDoc, termsLater = false): void {
    if (this.slots.has(doc.id)) this.remove(doc.id);
    const slot = this.docs.length;
    this.docs.push(doc);
    this.slots.set(doc.id, slot);
    this.lookupsStale();
    if (termsLater) this.uncounted.add(doc);
    else if (this.terms) countTermWords(this.terms, doc.terms, 1);
    indexText(this.grams, slot, doc);
    this.countLengths(doc, 1);
  }

  /**
   * Does now the index work that the next search or save would otherwise start with.
   * @internal
   */
  compact(): void {
    this.grams.compact();
  }

  /**
   * The title and tag terms of `docs`, added with `termsLater`, are filled in: they are
   * counted (those still indexed), and the lookups built from the words (completions,
   * pinyin, corrections) are built again on use. `countedElsewhere`: whoever filled them
   * in counts their words and gives the counts to {@link addCountedWords} (a build's
   * segmenter worker: a million posts' words counted here were 3 s of the build's main
   * thread); those of posts no longer indexed are taken off then.
   * @internal
   */
  termsFilled(docs: readonly AnalyzedDoc[], countedElsewhere = false): void {
    if (countedElsewhere) this.awaitingCounts = true;
    for (const d of docs) {
      const live = this.uncounted.delete(d);
      if (countedElsewhere) {
        if (!live) countTermWords(this.overcounted, d.terms, 1);
      } else if (live && this.terms) countTermWords(this.terms, d.terms, 1);
    }
    this.lookupsStale();
  }

  /**
   * Adds the word counts of posts whose terms were filled in with `countedElsewhere` (see
   * {@link termsFilled}), after the last of them.
   * @internal
   */
  addCountedWords(counts: ReadonlyMap<string, number>): void {
    const terms = this.terms;
    if (terms) {
      for (const [word, n] of counts) {
        const count = (terms.get(word) ?? 0) + n - (this.overcounted.get(word) ?? 0);
        if (count > 0) terms.set(word, count);
        else terms.delete(word);
      }
    }
    this.overcounted.clear();
    this.awaitingCounts = false;
  }

  /**
   * Puts `copies[i]` (the same post, held differently: packed by a build) in the place of
   * `docs[i]`, for each post still indexed as that object.
   * @internal
   */
  swapDocs(docs: readonly AnalyzedDoc[], copies: readonly AnalyzedDoc[]): void {
    docs.forEach((doc, i) => {
      const slot = this.slots.get(doc.id);
      if (slot !== undefined && this.docs[slot] === doc) this.docs[slot] = copies[i];
    });
  }

  /**
   * Applies a saved change (a delta segment, store/store.ts): `docs` added or replacing
   * the posts with their ids, in order, then the posts `removed`. Searches see all of it
   * at once (nothing pauses in between); lookups are rebuilt on use or by {@link warm}.
   * @internal
   */
  applyChanges(docs: AnalyzedDoc[], removed: string[]): void {
    const suggestions = this.suggestions ?? this.outdated?.suggestions ?? null;
    const terms = this.terms ?? this.outdated?.terms ?? null;
    const pinyin = this.assist.pinyinInUse();
    // Word counts up to date follow the change post by post (addAnalyzed, remove), in
    // place: the outdated lookups answered from meanwhile keep what they read of them.
    for (const d of docs) this.addAnalyzed(d);
    for (const id of removed) this.remove(id);
    this.grams.compact();
    this.outdated = suggestions || terms ? { suggestions, terms } : null;
    this.assist.answerFromOutdated(pinyin);
  }

  /**
   * Stops answering from lookups outdated by {@link applyChanges}: the next use builds
   * new ones (for an engine that is not warmed).
   * @internal
   */
  dropOutdatedLookups(): void {
    this.outdated = null;
    this.assist.answerFromOutdated(null);
  }

  /**
   * This moment, to ask {@link changesSince} later what changed.
   * @internal
   */
  changeMark(): ChangeMark {
    this.journal = { slots: this.docs.length, removed: [], stamps: new Map() };
    return this.journal;
  }

  /**
   * What changed since `mark`: posts indexed since (a post added, changed or segmented
   * again is indexed anew, at the end), posts removed, stamps renewed in place.
   * {@link applyChanges} of it on a copy of the engine as it was at `mark` gives these posts.
   * @internal
   */
  changesSince(mark: ChangeMark): EngineChange {
    if (mark !== this.journal) throw new Error('changesSince: not the latest mark');
    const docs: AnalyzedDoc[] = [];
    for (let slot = mark.slots; slot < this.docs.length; slot++) {
      const d = this.docs[slot];
      if (d) docs.push(d);
    }
    // A post removed and indexed again since is replaced (it is in `docs`), not removed.
    const removed = [...new Set(mark.removed)].filter((id) => !this.slots.has(id));
    const stamps = [...mark.stamps].filter(([id]) => (this.slots.get(id) ?? Infinity) < mark.slots);
    return { docs, removed, stamps };
  }

  /**
   * Records that an unchanged post's file has a new stamp (read again, found the same).
   * @internal
   */
  restamp(doc: AnalyzedDoc, stamp: string): void {
    doc.stamp = stamp;
    this.journal?.stamps.set(doc.id, stamp);
  }

  /** Removes a post; returns false when the id is unknown. */
  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    if (this.journal && slot < this.journal.slots) this.journal.removed.push(id);
    const doc = this.docs[slot]!;
    this.countLengths(doc, -1);
    // A post still waiting for its terms was never counted; one whose words may be among
    // counts still to come (termsFilled) makes the engine count again on use.
    if (!this.uncounted.delete(doc)) {
      if (this.awaitingCounts) this.terms = null;
      else if (this.terms) countTermWords(this.terms, doc.terms, -1);
    }
    // While the slot still holds the post: the table reads its id to find it.
    this.slots.delete(id);
    this.docs[slot] = undefined;
    this.lookupsStale();
    return true;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** The stored post with this id, or undefined. */
  get(id: string): AnalyzedDoc | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.docs[slot];
  }

  /** Every stored post, in indexing order. */
  *documents(): IterableIterator<AnalyzedDoc> {
    for (const d of this.docs) if (d) yield d;
  }

  /** Completions of what a reader has typed so far (words and titles), most frequent first. */
  suggest(prefix: string, limit: number = DEFAULT_SEARCH_OPTIONS.suggestLimit): Suggestion[] {
    const norm = normalize(prefix);
    const whole = this.completions(norm, limit);
    if (whole.length >= limit) return whole;
    // A question or words typed before a Latin word (`什么是Dock`, `怎么安装pyth`): the word
    // being typed is completed, after what came before it (pinyin too: `什么是kaiy`, 开源).
    // Not titles: a title after a question's words is no query. The count is the word's.
    const typing = lastTypedWord(norm);
    if (!typing) return whole;
    // What came before as typed (`Mac还是`), where it normalises to the same.
    const typedHead = prefix.trimEnd().slice(0, -typing.word.length);
    const head = normalize(typedHead) === typing.head ? typedHead : typing.head;
    const shown = new Set(whole.map((s) => normalize(s.text)));
    const more = this.completions(typing.word, limit)
      .filter((s) => s.kind !== 'title')
      .map((s) => ({ ...s, text: head + s.text }))
      .filter((s) => !shown.has(normalize(s.text)));
    return [...whole, ...more].slice(0, limit);
  }

  /** Completions of all of `norm` (normalised): title and tag words, titles, pinyin readings, and for Han the words that follow it in the posts. */
  private completions(norm: string, limit: number): Suggestion[] {
    const own = this.suggestionIndex().complete(norm, limit);
    if (/\p{Script=Han}/u.test(norm) && own.length < limit) return [...own, ...this.assist.continuations(norm, limit - own.length, own)];
    // Latin letters may be pinyin: 乳山 for `rushan`, `ru'shan` or `rs`. Half the list goes to those.
    const latin = pinyinLetters(norm);
    if (latin === null) return own;
    const spelled = [...new Set([...this.assist.spell(latin, limit), ...this.assist.pinyin().complete(latin, limit)])];
    const pinyin: Suggestion[] = spelled.slice(0, limit).map((text) => ({ text, kind: 'pinyin', count: this.assist.frequency(text) }));
    const mine = Math.max(limit - pinyin.length, Math.ceil(limit / 2));
    return [...own.slice(0, mine), ...pinyin].slice(0, limit);
  }

  /** Searches; see the class comment for how hits are chosen and ordered. */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const typed = this.searchTyped(query, options);
    // Nothing found as typed, and a spelling offered that posts say: its hits, and so said
    // (as a search engine shows the results of `python` for `pyhton`, or of 乳山绿茶 for
    // 乳山绿查). Not for a word as typed (直拨, which sounds like 直播): only offered then.
    if (typed.total > 0 || !typed.didYouMean || options.correct === false) return typed;
    if (areDictionaryWords([normalize(query)])?.[0] === true) return typed;
    const corrected = this.searchTyped(typed.didYouMean.query, options);
    if (corrected.total === 0) return typed;
    return { ...corrected, query: typed.query, didYouMean: typed.didYouMean, correctedQuery: typed.didYouMean.query };
  }

  private searchTyped(query: string, options: SearchOptions): SearchResult {
    const asked = askedAs(query);
    // The query's Han runs cut in one call.
    return this.searchAsked(asked, cutNow(cutTexts(asked), 'cut') ?? undefined, options);
  }

  /**
   * {@link search}'s answer as a promise. Kept for callers written when the main thread cut
   * a query's words on jieba's worker and this let it serve other work meanwhile; every
   * thread now cuts in place, in microseconds.
   * @deprecated Call {@link search}.
   */
  async searchAsync(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    return this.search(query, options);
  }

  /**
   * The query as typed, or its mainland reading (text/mainland-reading.ts) when more posts
   * have every word of that: a sound-alike is offered on the same terms.
   */
  private searchAsked(asked: AskedQuery, cuts: QueryCuts | undefined, options: SearchOptions): SearchResult {
    const typed = this.searchParsed(asked.query, asked.parsed, cuts, options);
    if (!asked.reading) return typed.result;
    const read = this.searchParsed(asked.reading.query, asked.reading.parsed, cuts, options);
    if (read.withEveryWord <= typed.withEveryWord) return typed.result;
    return { ...read.result, query: asked.query, mainlandReading: asked.reading.query };
  }

  private searchParsed(
    query: string,
    parsed: ParsedQuery,
    cuts: QueryCuts | undefined,
    options: SearchOptions,
  ): { result: SearchResult; withEveryWord: number } {
    const limit = options.limit ?? DEFAULT_SEARCH_OPTIONS.limit;
    const offset = options.offset ?? 0;
    const corpusRanked = this.rankingCorpus();
    const df = corpusRanked.df;
    const typed = planQuery(query, this.tokenizer, this.synonyms, parsed, cuts);
    const question = isQuestion(typed.required);
    let plan = refinePlan(typed, df, this.documentCount, quotedPhrases(parsed));
    // Asked for what is newest (`最新的iPhone`): newer posts of about the same relevance
    // first, on a site that weighs freshness not at all.
    const ranking =
      corpusRanked.freshness === null && asksForNewest(typed, plan) ? this.rankingCorpus(RECENCY_FRESHNESS, df) : corpusRanked;
    // The whole query looked for is what a question asks, not the query as typed: a title
    // that says it ranks high (`Deno是什么`: the post titled Deno), a passing mention does not.
    let spanAsked = false;
    // …and some post says it verbatim: typed as meant, as a query found verbatim is.
    let spanFound = false;
    const corpus = this.corpus();
    let matched: SearchResult['matched'] = 'all';
    let scored: MatchList;
    // The query's own filters (`category:`, `after:`…) and the caller's, as one test; made
    // here when the posts are listed with them (filters alone), else after matching.
    let keep: ((slot: number) => boolean) | null | undefined;
    // A word no post contains was split into its characters (intent/optional-words.ts
    // `splitUnfound`); one of question words run together is left out instead.
    let splitWords = false;
    // The sound-alike spelling of the typed plan with no posts, once looked for.
    let typedCorrection: { plan: QueryPlan; better: ReturnType<Assist['correction']> } | null = null;
    // The Chinese words the query's Latin was read as in pinyin, when it was.
    let readAs: string[] | null = null;
    if (plan.required.length === 0 && !plan.whole) {
      // Filters alone: tested as the posts are listed, not after (a rare tag at 100,000 posts).
      keep = this.filtersOf(plan, options);
      scored = matchEvery(corpus, plan, keep);
    } else {
      const required = requiredPosts(corpus, plan);
      // Keywords parted by commas that no post says with them: as if parted by spaces.
      if (plan.unpunctuated && plan.whole && verified(corpus, [[[plan.whole]]], [], required).length === 0)
        plan = makePlan({ ...plan, whole: plan.unpunctuated, unpunctuated: null });
      const verbatim = plan.asked ? verbatimPosts(corpus, plan, required) : null;
      if (verbatim && verbatim.unit !== plan.whole) {
        // No post has the question as typed: what it asks is looked for verbatim instead.
        plan = makePlan({ ...plan, whole: verbatim.unit, asked: null });
        spanAsked = true;
        spanFound = verbatim.posts.length > 0;
      }
      scored = matchAll(corpus, plan, required, verbatim?.posts, !spanAsked);
      if (scored.length === 0 && !plan.syntax) {
        const refined = plan;
        const reading = this.assist.pinyinReading(plan);
        if (reading) {
          plan = reading.plan;
          readAs = reading.words;
          scored = matchAll(corpus, plan);
          if (scored.length > 0) matched = 'pinyin';
        }
        // Still nothing, and no spelling to offer instead: a word nobody wrote, asked for by its characters.
        const split = scored.length === 0 ? splitUnfound(refined, df, this.documentCount) : null;
        if (split) typedCorrection = { plan: refined, better: this.assist.correction(refined, 0) };
        if (split && !typedCorrection!.better) {
          plan = split.plan;
          readAs = null;
          scored = matchAll(corpus, plan);
          splitWords = split.characters;
        }
        // Still nothing, as read, and no spelling to offer instead (`如何学习Rustz`: rust):
        // the words made optional are asked for too, and the fill-up below finds posts with
        // most of them.
        const wider = scored.length === 0 && !readAs && !split ? withOptionalWords(typed, plan) : null;
        if (wider) {
          // Looked for once: the wider plan's whole query, and so its spelling, is the same.
          const better = this.assist.correction(plan, 0);
          if (!better) plan = wider;
          typedCorrection = { plan, better };
        }
      }
    }
    if (keep === undefined) {
      keep = this.filtersOf(plan, options);
      if (keep) scored = scored.filter(keep);
    }
    // A single phrase found verbatim was typed as meant: no fill-up then. Separate words
    // (`恐龙 化石`), a phrase nobody wrote, or Latin and Han run together (`LLM应用`, which
    // Chinese writers type with a space or without: the words of `LLM 应用`) are filled up.
    const typedAsMeant = plan.segments.length <= 1 && scored.hasTierFrom(TIER.OTHER_SPELLING) && !mixesScripts(plan.whole);
    // The posts with every word typed, before any fill-up: what a sound-alike must beat.
    const withEveryWord = scored.length;
    if (!plan.syntax && plan.required.length > 1 && scored.length < FILL_UP_BELOW && !typedAsMeant) {
      // Few posts have every word: posts with most of them follow.
      const have = new Set(scored.slotView());
      const more = fillUp(corpus, plan, { have, keep }, df, this.documentCount);
      if (more.length > 0) {
        matched = scored.length > 0 ? 'most' : 'any';
        if (plan.segments.length <= 1) demoteScattered(corpus, plan, scored, more, question);
        scored = scored.concat(more);
      }
    }
    if (scored.length === 0 && matched === 'all' && !(plan.required.length === 0 && !plan.whole)) matched = 'none';
    // Posts with the characters of a word they do not contain have some of what was asked.
    else if (splitWords) matched = 'any';
    const relevance = plan.required.length > 0 || !!plan.whole;
    const page = orderPage(ranking, scored, offset + limit, options.sort ?? (relevance ? 'relevance' : 'date'), plan, options.explain);
    const opts: HighlightOptions = {
      pre: options.highlightPre ?? defaultHighlight.pre,
      post: options.highlightPost ?? defaultHighlight.post,
      length: options.snippetLength ?? this.options.snippetLength,
    };
    const units = highlightUnits(plan);
    const hits = page.slice(offset, offset + limit).map((s) => {
      const hit = options.highlight === false ? this.bareHit(s) : this.hit(s, units, opts);
      if (options.explain) hit.explain = explanation(s, plan, hit.date);
      return hit;
    });
    const result: SearchResult = {
      query,
      total: scored.length,
      offset,
      limit,
      hits,
      facets: this.facets(scored, options.facetLimit ?? DEFAULT_SEARCH_OPTIONS.facetLimit),
      matched,
    };
    if (readAs && (matched === 'pinyin' || scored.length > 0)) result.interpretedAs = readAs;
    // Text that occurs verbatim somewhere was typed as meant; otherwise a sound-alike
    // spelling that does occur is offered (only offered: the search ran as typed).
    // Posts with every word of what was searched (a pinyin reading or split words are not what was typed).
    const full = matched === 'all' || matched === 'most' ? withEveryWord : 0;
    if (!plan.syntax && !splitWords && !spanFound && plan.segments.length <= 1 && !scored.hasTierFrom(TIER.WHOLE_QUERY)) {
      const better = typedCorrection?.plan === plan && full === 0 ? typedCorrection.better : this.assist.correction(plan, full);
      if (better) result.didYouMean = better;
    }
    return { result, withEveryWord: full };
  }

  /** Drops the lookups built from the posts' words (suggestions, pinyin, corrections); they are rebuilt on use. The word counts follow each change instead. */
  private lookupsStale(): void {
    this.epoch++;
    this.suggestions = null;
    this.assist.invalidate();
  }

  /**
   * Builds the lookups that the first suggestion or correction would otherwise build.
   * @internal
   */
  warm(): void {
    runSteps(this.warmSteps());
  }

  /**
   * {@link warm}, pausing between pieces of work (see steps.ts): a server warms a new
   * index in slices between requests. `completions: false` leaves out the completion
   * lookup, which only {@link suggest} reads (a search thread that answers no
   * suggestions need not hold one: server/search-pool.ts).
   * @internal
   */
  *warmSteps({ completions = true }: { completions?: boolean } = {}): Steps {
    // Posts changed during a pause (a delta applied) make what was built so far stale:
    // it is dropped, and the next use (or warm) builds it again.
    const epoch = this.epoch;
    if (!this.slotMap) {
      const map = yield* this.slotMapSteps();
      if (this.epoch === epoch) this.slotMap ??= map;
    }
    yield* this.termCountSteps();
    yield* this.assist.pinyinSteps(() => this.epoch === epoch);
    if (completions && !this.suggestions) {
      const terms = yield* this.termCountSteps();
      const latin = this.grams.latinWords();
      yield;
      const built = yield* SuggestionIndex.build(this.documents(), terms, latin);
      if (this.epoch === epoch) this.suggestions = built;
    }
    yield;
    this.facetColumns();
    // The word classes a question's first search would otherwise read (text/modifiers.ts).
    yield* wordClassSteps();
    yield* commonWordSteps();
    if (this.epoch === epoch) this.outdated = null;
  }

  /**
   * Searches the index's own words, one search per step, until `count` searches or
   * `budgetMs` of searching (see warm-searches.ts): V8 then compiles the search code
   * before readers' searches need it. A server's search thread runs these once, after its
   * first index is in; nothing a search leaves behind changes.
   * @internal
   */
  *searchWarmSteps(count: number = WARM_SEARCHES, budgetMs: number = WARM_SEARCH_BUDGET_MS): Steps<number> {
    let searched = 0;
    let spent = 0;
    const docs = this.docs;
    // A post's title; none where its slot is empty (a removed post).
    const titleAt = (i: number): string => docs[i % Math.max(1, docs.length)]?.title ?? '';
    for (const q of warmQueries(this.termCounts().keys(), titleAt, count)) {
      const t = performance.now();
      try {
        this.search(q, { limit: DEFAULT_SEARCH_OPTIONS.limit });
      } catch {
        // A word that makes no query (query-bounds.ts) warms nothing; the next one will.
      }
      spent += performance.now() - t;
      searched++;
      if (spent >= budgetMs) break;
      yield;
    }
    return searched;
  }

  private suggestionIndex(): SuggestionIndex {
    return (
      this.suggestions ??
      this.outdated?.suggestions ??
      (this.suggestions = runSteps(SuggestionIndex.build(this.documents(), this.termCounts(), this.grams.latinWords())))
    );
  }

  /**
   * Title and tag words with the number of posts using each, as the engine holds them:
   * loaded with the index, counted along each change.
   * @internal
   */
  wordCounts(): ReadonlyMap<string, number> {
    return this.termCounts();
  }

  /** Title and tag words with the number of posts using them (for suggestions and pinyin). */
  private termCounts(): Map<string, number> {
    return this.terms ?? this.outdated?.terms ?? runSteps(this.termCountSteps());
  }

  private *termCountSteps(): Steps<Map<string, number>> {
    if (this.terms) return this.terms;
    const epoch = this.epoch;
    const terms = new Map<string, number>();
    let n = 0;
    for (const d of this.documents()) {
      if (++n % 128 === 0) yield;
      // Those a build has yet to segment are counted once it has (termsFilled).
      if (!this.uncounted.has(d)) countTermWords(terms, d.terms, 1);
    }
    // Kept unless posts changed meanwhile, or counts of posts counted elsewhere are still to come (they would count twice).
    if (this.epoch === epoch && !this.awaitingCounts) this.terms = terms;
    return terms;
  }

  /** Replaces the synonym groups used at query time (e.g. `[['人工智能', 'AI']]`). */
  setSynonyms(groups: string[][]): void {
    this.synonyms = synonymMap(groups);
  }

  /**
   * A post's jieba TF-IDF keywords (what {@link related} matches), null for an unknown id.
   * @internal
   */
  keywordsOf(id: string): string[] | null {
    const slot = this.slots.get(id);
    const d = slot === undefined ? undefined : this.docs[slot];
    return d ? postKeywords(d) : null;
  }

  /**
   * The posts most similar to one post, by its jieba TF-IDF keywords; null for an unknown
   * id. `postKeywords`: the post's {@link keywordsOf}, when computed elsewhere.
   */
  related(id: string, limit: number = DEFAULT_SEARCH_OPTIONS.relatedLimit, postKeywords?: string[]): SearchHit[] | null {
    const slot = this.slots.get(id);
    const d = slot === undefined ? undefined : this.docs[slot];
    if (!d) return null;
    const units = (postKeywords ?? this.keywordsOf(id) ?? [])
      .map(normalize)
      .filter((k) => k.length > 1)
      .map(makeUnit);
    const corpus = this.corpus();
    const contains = units.map((u) => verified(corpus, [[[u]]]));
    // By BM25, then by how many of the keywords a post has, then by id.
    const order = (a: Scored, b: Scored): number =>
      b.score - a.score || b.title - a.title || this.docs[a.slot]!.id.localeCompare(this.docs[b.slot]!.id);
    const best = topByBm25(this.rankingCorpus(), contains, units, limit, order, (s, n) => scoredMatch(s, 0, n), slot);
    const opts = { ...defaultHighlight, length: this.options.snippetLength };
    return best.map((s) => this.hit(s, units, opts));
  }

  /** The query's own filters (`category:`, `after:`…) and the caller's, as one test; null when they keep every post. */
  private filtersOf(plan: QueryPlan, options: SearchOptions): ((slot: number) => boolean) | null {
    const byQuery = this.slotFilter(planFilters(plan));
    const byOptions = this.slotFilter(options);
    return byQuery && byOptions ? (slot: number) => byQuery(slot) && byOptions(slot) : (byQuery ?? byOptions);
  }

  /** Which posts the filters keep; null when they keep every post. */
  private slotFilter(o: Filters): ((slot: number) => boolean) | null {
    const lower = (name: string): string => name.toLowerCase();
    const cats = o.categories?.length ? [...new Set(o.categories.map(lower))] : null;
    const tags = o.tags?.length ? o.tags.map(lower) : null;
    if (!cats && !tags && o.from === undefined && o.to === undefined && !o.titles?.length) return null;
    // Categories and tags are read from the facet columns: a filter alone tests every post.
    const columns = cats || tags ? this.facetColumns() : null;
    const inCategory = cats
      ? (columns!.categories.keeps(cats, lower, false) ??
        ((slot: number) => this.docs[slot]!.categories.some((c) => cats.includes(lower(c)))))
      : null;
    const tagged = tags
      ? (columns!.tags.keeps(tags, lower, true) ??
        ((slot: number) => {
          const own = this.docs[slot]!.tags.map(lower);
          return tags.every((t) => own.includes(t));
        }))
      : null;
    // Each group of title words is in the title: read only where its characters may hold
    // one of them. Loops, not closures: this runs for every post a filter alone keeps.
    const titles = o.titles?.length ? o.titles : null;
    const titleBits = titles?.map((group) => group.map((u) => charBits(u.text)));
    const titled = (slot: number, d: AnalyzedDoc): boolean => {
      let title: string | null = null;
      for (let g = 0; g < titles!.length; g++) {
        const group = titles![g]!;
        const lacking = this.shortFields.lacking(slot, titleBits![g]!);
        let found = false;
        for (let k = 0; k < group.length && !found; k++) found = !isLacking(lacking, k) && contains((title ??= d.norm.title), group[k]!);
        if (!found) return false;
      }
      return true;
    };
    return (slot) => {
      const d = this.docs[slot]!;
      if (titles && !titled(slot, d)) return false;
      if (inCategory && !inCategory(slot)) return false;
      if (tagged && !tagged(slot)) return false;
      if (o.from !== undefined && (d.time === null || d.time < o.from)) return false;
      if (o.to !== undefined && (d.time === null || d.time > o.to)) return false;
      return true;
    };
  }

  private countLengths(d: AnalyzedDoc, sign: 1 | -1): void {
    for (const f of FIELDS) this.fieldChars[f] += sign * d.norm[f].length;
  }

  /** What matching reads of this engine (matcher.ts). */
  private corpus(): Corpus {
    return { docs: this.docs, grams: this.grams, everyLive: this.documentCount === this.docs.length, shortFields: this.shortFields };
  }

  /**
   * What the ranking reads of this engine (page-order.ts); made for each search, as its
   * posts do not change meanwhile. `freshness`: how it weighs, the site's unless a search
   * asks for the newest; `df`: the frequencies a search has already asked for, when it is
   * made again for that search.
   */
  private rankingCorpus(freshness: Freshness = this.freshness, df?: (u: Unit) => number): RankingCorpus {
    const n = this.documentCount;
    // A unit's frequency is asked for again and again in a search (whether it is optional,
    // the fill-up's weights, the signals, BM25), and each time its grams' lists were
    // intersected anew: kept for the search, by text and matching rule.
    const known = [new Map<string, number>(), new Map<string, number>()] as const;
    return {
      docs: this.docs,
      documentCount: n,
      df:
        df ??
        ((u: Unit): number => {
          const seen = known[u.bounded ? 1 : 0];
          let count = seen.get(u.text);
          if (count === undefined) seen.set(u.text, (count = this.grams.candidateCount(u.text, !u.bounded) ?? n));
          return count;
        }),
      fieldChars: this.fieldChars,
      shortFields: this.shortFields,
      boost: this.boost,
      categories:
        this.boost.categories > 0 ? (this.postWeights().categories ??= categoryTexts(this.facetColumns().categories, this.docs)) : null,
      freshness:
        freshness.weight > 0 ? freshnessOf(this.docs, freshness, (this.postWeights().newest ??= newestTime(this.docs)), Date.now()) : null,
      ownShares: this.ownShares(),
    };
  }

  /** {@link ownShares} of the posts as they are now: made once per change (null, when no post lists the others, is kept too). */
  private ownShares(): ReadonlyMap<number, number> | null {
    const weights = this.postWeights();
    if (weights.ownShares === undefined) weights.ownShares = ownShares(this.docs);
    return weights.ownShares;
  }

  /** {@link weights} for the posts as they are now. */
  private postWeights(): NonNullable<SearchEngine['weights']> {
    const known = this.weights;
    if (known && known.epoch === this.epoch && known.slots === this.docs.length) return known;
    return (this.weights = { epoch: this.epoch, slots: this.docs.length });
  }

  private hit(s: Scored, units: Unit[], opts: HighlightOptions): SearchHit {
    const d = this.docs[s.slot]!;
    return {
      id: d.id,
      url: d.url,
      title: d.title,
      titleHighlight: highlight({ source: d.title, norm: d.norm.title, anchors: d.anchors.title }, units, opts),
      date: d.date,
      categories: d.categories,
      tags: d.tags,
      snippet: snippet({ source: d.text, norm: d.norm.body, anchors: d.anchors.body }, units, opts),
      score: hitScore(s, pageBucket(s)),
      ...this.absolute(d.url),
    };
  }

  private bareHit(s: Scored): SearchHit {
    const d = this.docs[s.slot]!;
    return {
      id: d.id,
      url: d.url,
      title: d.title,
      titleHighlight: '',
      date: d.date,
      categories: d.categories,
      tags: d.tags,
      snippet: '',
      score: hitScore(s, pageBucket(s)),
      ...this.absolute(d.url),
    };
  }

  /** `{ absoluteUrl }` when the site's address is known; nothing otherwise. */
  private absolute(url: string): { absoluteUrl?: string } {
    const site = this.options.siteUrl;
    return site ? { absoluteUrl: `${site.replace(/\/+$/, '')}${url}` } : {};
  }

  private facets(matches: MatchList, max: number): SearchResult['facets'] {
    const { categories, tags } = this.facetColumns();
    const slots = matches.slotView();
    return { categories: categories.top(slots, max), tags: tags.top(slots, max) };
  }

  /** Categories and tags per slot as ids, built on first use and kept up with additions. */
  private facetColumns(): { categories: FacetColumn; tags: FacetColumn } {
    const cols = (this.columns ??= { categories: new FacetColumn(), tags: new FacetColumn() });
    for (let slot = cols.categories.size; slot < this.docs.length; slot++) {
      const d = this.docs[slot];
      cols.categories.add(d?.categories ?? []);
      cols.tags.add(d?.tags ?? []);
    }
    return cols;
  }
}

/** A post's texts in the gram index, one after another as a reader sees them (matcher.ts `docContains`). */
function indexText(grams: GramIndex, slot: number, d: AnalyzedDoc): void {
  grams.add(slot, [d.norm.title, d.norm.tags, d.norm.body]);
}

/** A post's jieba TF-IDF keywords, what {@link SearchEngine.related} matches (text/keywords.ts). */
export function postKeywords(post: { title: string; text: string }): string[] {
  return keywords(`${post.title}。${post.text}`.slice(0, 5000), 12);
}

/** The normalised texts of a query's quoted phrases. */
function quotedPhrases(parsed: ParsedQuery): ReadonlySet<string> {
  const out = new Set<string>();
  for (const group of parsed.groups) for (const term of group) if (term.phrase) out.add(normalize(term.text));
  return out;
}

/** True when the text has both Han characters and Latin words or numbers (`llm应用`). */
function mixesScripts(unit: Unit | null): boolean {
  const parts = unit ? pieces(unit.text) : [];
  return parts.some((p) => p.kind !== parts[0]!.kind);
}
