/**
 * The search engine: a {@link GramIndex} with the stored normalised text for exact
 * recall, BM25 per field counted on that text (rank.ts), and a MiniSearch index of the
 * jieba words of titles and tags for completions and corrections.
 *
 * A query is answered in tiers. Posts containing the whole query verbatim come first,
 * then posts containing each space-separated part verbatim, then posts containing every
 * word of the query. Only when none exist does any single word suffice. Within a tier,
 * a title match outranks a body match, then BM25 decides, then the newer post.
 */
import MiniSearch from 'minisearch';
import { postFromRecord, type PostOptions, type PostRecord } from '../ingest/post.js';
import { Tokenizer, type TokenizerOptions } from '../text/tokenize.js';
import { analyzePost, FIELDS, segmentTerms, type AnalyzedDoc, type Field } from './analyze.js';
import { fieldBm25, idf } from './rank.js';
import { GramIndex, type GramIndexData } from './gram-index.js';
import { contains, type Unit } from './match.js';
import { intersectAll } from './postings.js';
import { highlightUnits, planQuery, type QueryPlan } from './query-plan.js';
import { defaultHighlight, highlight, snippet, type HighlightOptions } from './snippet.js';
import { contentHash } from './hash.js';
import { SuggestionIndex, type Suggestion } from './suggest.js';
import { joinNormalized, normalize } from '../text/normalize.js';

/** Options of a {@link SearchEngine}. All have defaults. */
export interface EngineOptions extends PostOptions, TokenizerOptions {
  /** BM25 weight of each field. Default `{ title: 3, tags: 1.5, body: 1 }`. */
  boost?: Partial<Record<Field, number>>;
  /** Default snippet length in characters. Default 120. */
  snippetLength?: number;
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
  score: number;
}

/** The answer to a search. */
export interface SearchResult {
  query: string;
  total: number;
  offset: number;
  limit: number;
  hits: SearchHit[];
  facets: { categories: Record<string, number>; tags: Record<string, number> };
  /** `all` when every word had to match (the default), `any` when the any-word fallback answered. */
  matched: 'all' | 'any' | 'none';
}

interface Scored {
  slot: number;
  tier: number;
  title: number;
  score: number;
}

interface MsDoc {
  id: number;
  title: string;
  tags: string;
}

const DEFAULT_BOOST: Record<Field, number> = { title: 3, tags: 1.5, body: 1 };
const splitTerms = (s: string): string[] => s.split(' ');

/** Serialisable settings that must match between a saved index and the engine loading it. */
export interface EngineSettings {
  stopWords: string[];
  permalink: string;
  baseurl: string;
}

/** An engine's whole state in saved form (see store.ts for the file around it). */
export interface EngineSnapshot {
  docs: AnalyzedDoc[];
  grams: GramIndexData;
  /** MiniSearch's JSON of the title and tag word index. */
  words: string;
}

const MINISEARCH_OPTIONS = { fields: ['title', 'tags'], idField: 'id', tokenize: splitTerms, processTerm: (t: string) => t || null };

export class SearchEngine {
  readonly options: Required<Pick<EngineOptions, 'snippetLength'>> & EngineOptions;
  readonly tokenizer: Tokenizer;
  private docs: (AnalyzedDoc | undefined)[] = [];
  private slots = new Map<string, number>();
  private grams = new GramIndex();
  private words: MiniSearch<MsDoc>;
  private readonly boost: Record<Field, number>;
  /** Total normalised length of each field over live posts, for BM25 length normalisation. */
  private fieldChars: Record<Field, number> = { title: 0, tags: 0, body: 0 };
  private suggestions: SuggestionIndex | null = null;
  /** Slots whose title and tag terms are not in the word index yet (a build still segmenting them). */
  private unsegmented: number[] = [];

  constructor(options: EngineOptions = {}) {
    this.options = { snippetLength: 120, ...options };
    this.tokenizer = new Tokenizer(options);
    this.boost = { ...DEFAULT_BOOST, ...options.boost };
    this.words = this.newWordIndex();
  }

  private newWordIndex(): MiniSearch<MsDoc> {
    return new MiniSearch<MsDoc>({ ...MINISEARCH_OPTIONS, searchOptions: this.searchDefaults() });
  }

  private searchDefaults() {
    return { tokenize: splitTerms, processTerm: (t: string) => t || null, boost: this.boost, combineWith: 'OR' as const };
  }

  /** The engine in saved form, documents renumbered without the removed ones. */
  snapshot(): EngineSnapshot {
    this.indexDeferredWords();
    const remap = new Int32Array(this.docs.length).fill(-1);
    const docs: AnalyzedDoc[] = [];
    this.docs.forEach((d, slot) => {
      if (d) {
        remap[slot] = docs.length;
        docs.push(d);
      }
    });
    let words = this.words;
    if (docs.length !== this.docs.length) {
      words = this.newWordIndex();
      docs.forEach((d, slot) => words.add({ id: slot, ...d.terms }));
    }
    return { docs, grams: this.grams.serialize(remap), words: JSON.stringify(words) };
  }

  /** An engine from a snapshot; `options` must carry the settings it was built with. */
  static restore(snapshot: EngineSnapshot, options: EngineOptions = {}): SearchEngine {
    const engine = new SearchEngine(options);
    engine.docs = snapshot.docs;
    snapshot.docs.forEach((d, slot) => {
      engine.slots.set(d.id, slot);
      engine.countLengths(d, 1);
    });
    engine.grams = GramIndex.deserialize(snapshot.grams);
    engine.words = MiniSearch.loadJSON<MsDoc>(snapshot.words, { ...MINISEARCH_OPTIONS, searchOptions: engine.searchDefaults() });
    return engine;
  }

  /** Settings recorded with a saved index. */
  get settings(): EngineSettings {
    return {
      stopWords: [...this.tokenizer.stopWords].sort(),
      permalink: this.options.permalink ?? 'date',
      baseurl: this.options.baseurl ?? '',
    };
  }

  /** Number of indexed posts. */
  get documentCount(): number {
    return this.slots.size;
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
   * the same id. With `deferWords`, its title and tag terms enter the word index at the
   * next {@link indexDeferredWords} (or search), so a build can segment them meanwhile.
   */
  addAnalyzed(doc: AnalyzedDoc, deferWords = false): void {
    if (this.slots.has(doc.id)) this.remove(doc.id);
    const slot = this.docs.length;
    this.docs.push(doc);
    this.slots.set(doc.id, slot);
    this.suggestions = null;
    this.grams.add(slot, [doc.norm.title, doc.norm.tags, doc.norm.body]);
    if (deferWords) this.unsegmented.push(slot);
    else this.words.add({ id: slot, ...doc.terms });
    this.countLengths(doc, 1);
  }

  /** Adds the title and tag terms of posts added with `deferWords` to the word index. */
  indexDeferredWords(): void {
    for (const slot of this.unsegmented) {
      const d = this.docs[slot];
      if (d) this.words.add({ id: slot, ...d.terms });
    }
    this.unsegmented = [];
  }

  /** Removes a post; returns false when the id is unknown. */
  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.indexDeferredWords();
    this.words.discard(slot);
    this.countLengths(this.docs[slot]!, -1);
    this.docs[slot] = undefined;
    this.slots.delete(id);
    this.suggestions = null;
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
  suggest(prefix: string, limit = 8): Suggestion[] {
    if (this.unsegmented.length > 0) this.indexDeferredWords();
    this.suggestions ??= new SuggestionIndex(this.documents(), this.grams.latinWords());
    return this.suggestions.complete(normalize(prefix), limit);
  }

  /** Searches; see the class comment for how hits are chosen and ordered. */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = options.limit ?? 10;
    const offset = options.offset ?? 0;
    if (this.unsegmented.length > 0) this.indexDeferredWords();
    const plan = planQuery(query, this.tokenizer);
    let matched: SearchResult['matched'] = 'all';
    let scored: Scored[];
    if (!plan.whole) {
      scored = this.browse();
    } else {
      scored = this.matchAll(plan);
      if (scored.length === 0) {
        scored = this.matchAny(plan);
        matched = scored.length > 0 ? 'any' : 'none';
      }
    }
    scored = this.applyFilters(scored, options);
    if (plan.whole && scored.length > 0) this.addBm25(scored, plan);
    this.order(scored, options.sort ?? (plan.whole ? 'relevance' : 'date'));
    const opts: HighlightOptions = {
      pre: options.highlightPre ?? defaultHighlight.pre,
      post: options.highlightPost ?? defaultHighlight.post,
      length: options.snippetLength ?? this.options.snippetLength,
    };
    const units = highlightUnits(plan);
    const hits = scored.slice(offset, offset + limit).map((s) => this.hit(s, units, opts));
    return {
      query,
      total: scored.length,
      offset,
      limit,
      hits,
      facets: this.facets(scored, options.facetLimit ?? 20),
      matched,
    };
  }

  private browse(): Scored[] {
    const out: Scored[] = [];
    this.docs.forEach((d, slot) => d && out.push({ slot, tier: 0, title: 0, score: 0 }));
    return out;
  }

  /** Live slots whose stored text contains every unit. */
  private verified(units: Unit[]): number[] {
    const lists: ArrayLike<number>[] = [];
    for (const u of units) {
      const c = this.grams.candidates(u.text, !u.bounded);
      if (c) lists.push(c);
    }
    const candidates = lists.length > 0 ? intersectAll(lists) : this.liveSlots();
    const out: number[] = [];
    for (let i = 0; i < candidates.length; i++) {
      const d = this.docs[candidates[i]!];
      if (d && units.every((u) => this.docContains(d, u))) out.push(candidates[i]!);
    }
    return out;
  }

  private liveSlots(): number[] {
    const out: number[] = [];
    this.docs.forEach((d, i) => d && out.push(i));
    return out;
  }

  private docContains(d: AnalyzedDoc, u: Unit): boolean {
    if (contains(d.norm.body, u) || contains(d.norm.title, u) || contains(d.norm.tags, u)) return true;
    // A reader sees title, tags and body one after another: text may run across them.
    return contains(joinNormalized(joinNormalized(d.norm.title, d.norm.tags), d.norm.body), u);
  }

  private matchAll(plan: QueryPlan): Scored[] {
    const whole = new Set(this.verified([plan.whole!]));
    const segmented = plan.segments.length > 1 ? new Set(this.verified(plan.segments)) : whole;
    const allWords = plan.words.length > 0 ? this.verified(plan.words) : [];
    const slots = new Set<number>([...whole, ...segmented, ...allWords]);
    const out: Scored[] = [];
    for (const slot of slots) {
      const tier = whole.has(slot) ? 3 : segmented.has(slot) ? 2 : 1;
      out.push({ slot, tier, title: this.titleMatch(this.docs[slot]!, plan), score: 0 });
    }
    return out;
  }

  private matchAny(plan: QueryPlan): Scored[] {
    const counts = new Map<number, number>();
    for (const w of plan.words) for (const slot of this.verified([w])) counts.set(slot, (counts.get(slot) ?? 0) + 1);
    return [...counts].map(([slot, n]) => ({ slot, tier: n / 1000, title: this.titleMatch(this.docs[slot]!, plan), score: 0 }));
  }

  // 2: the title is the query; 1: the title contains the query; 0: otherwise.
  private titleMatch(d: AnalyzedDoc, plan: QueryPlan): number {
    const q = plan.whole!.text;
    if (d.norm.title === q) return 2;
    return contains(d.norm.title, plan.whole!) ? 1 : 0;
  }

  private applyFilters(scored: Scored[], o: SearchOptions): Scored[] {
    const cats = o.categories?.length ? new Set(o.categories.map((c) => c.toLowerCase())) : null;
    const tags = o.tags?.length ? o.tags.map((t) => t.toLowerCase()) : null;
    if (!cats && !tags && o.from === undefined && o.to === undefined) return scored;
    return scored.filter(({ slot }) => {
      const d = this.docs[slot]!;
      if (cats && !d.categories.some((c) => cats.has(c.toLowerCase()))) return false;
      if (tags) {
        const own = d.tags.map((t) => t.toLowerCase());
        if (!tags.every((t) => own.includes(t))) return false;
      }
      if (o.from !== undefined && (d.time === null || d.time < o.from)) return false;
      if (o.to !== undefined && (d.time === null || d.time > o.to)) return false;
      return true;
    });
  }

  private countLengths(d: AnalyzedDoc, sign: 1 | -1): void {
    for (const f of FIELDS) this.fieldChars[f] += sign * d.norm[f].length;
  }

  /** BM25 per field on the stored text, weighted by the field boosts (see rank.ts). */
  private addBm25(scored: Scored[], plan: QueryPlan): void {
    const n = Math.max(1, this.documentCount);
    const idfs = plan.words.map((w) => idf(n, this.grams.candidates(w.text, !w.bounded)?.length ?? n));
    const avg = { title: this.fieldChars.title / n, tags: this.fieldChars.tags / n, body: this.fieldChars.body / n };
    for (const s of scored) {
      const d = this.docs[s.slot]!;
      let score = 0;
      for (const f of FIELDS) if (d.norm[f]) score += this.boost[f] * fieldBm25(d.norm[f], plan.words, idfs, avg[f]);
      s.score = score;
    }
  }

  private order(scored: Scored[], sort: 'relevance' | 'date'): void {
    const time = (s: Scored): number => this.docs[s.slot]!.time ?? -Infinity;
    const id = (s: Scored): string => this.docs[s.slot]!.id;
    scored.sort((a, b) => {
      if (sort === 'relevance') {
        const d = b.tier - a.tier || b.title - a.title || b.score - a.score;
        if (d !== 0) return d;
      }
      const ta = time(a);
      const tb = time(b);
      if (ta !== tb) return tb > ta ? 1 : -1;
      return id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;
    });
  }

  private hit(s: Scored, units: Unit[], opts: HighlightOptions): SearchHit {
    const d = this.docs[s.slot]!;
    return {
      id: d.id,
      url: d.url,
      title: d.title,
      titleHighlight: highlight(d.title, units, opts),
      date: d.date,
      categories: d.categories,
      tags: d.tags,
      snippet: snippet(d.text, units, opts),
      score: Math.round((s.tier * 1000 + s.title * 100 + s.score) * 1000) / 1000,
    };
  }

  private facets(scored: Scored[], max: number): SearchResult['facets'] {
    const categories = new Map<string, number>();
    const tags = new Map<string, number>();
    if (max > 0) {
      for (const { slot } of scored) {
        const d = this.docs[slot]!;
        for (const c of d.categories) categories.set(c, (categories.get(c) ?? 0) + 1);
        for (const t of d.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
      }
    }
    const top = (m: Map<string, number>): Record<string, number> =>
      Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max));
    return { categories: top(categories), tags: top(tags) };
  }
}
