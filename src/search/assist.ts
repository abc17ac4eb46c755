/**
 * Help for what readers type: pinyin readings and completions, sound-alike and typo
 * corrections, and words that continue a Han prefix. Built on the engine's posts, gram
 * index and title and tag words, through {@link AssistContext}.
 */
import { FuzzyWords, type NearWord } from '../indexes/fuzzy-words.js';
import { areDictionaryWords, tryCutAll } from '../text/jieba.js';
import { isHan, normalize } from '../text/normalize.js';
import { makeUnit, type Unit } from './match.js';
import { verified, type Corpus } from './matcher.js';
import { runSteps, type Steps } from '../indexes/steps.js';
import { PinyinIndex } from '../indexes/pinyin-index.js';
import { plan as makePlan, type QueryPlan } from './query-plan.js';
import { MIN_POSTS_MADE_UP, type Suggestion } from '../indexes/suggest.js';

/** What the assistant reads from the engine. */
export interface AssistContext {
  /** The posts by slot and the gram index, as they are now. */
  corpus(): Corpus;
  /** The title and tag words with the number of posts using them. */
  termCounts(): Map<string, number>;
}

/** A correction offered to the reader. */
export interface Correction {
  query: string;
  total: number;
}

/**
 * Posts that must share a continuation jieba's model made one word of, when neither its
 * dictionary nor the site's titles and tags have it (我想通, 值高, 珠笔 of 圆珠笔).
 */
const MIN_POSTS_UNKNOWN = 5;

/**
 * Which candidates are a word (of jieba's dictionary or, in {@link MIN_POSTS_MADE_UP}
 * posts, of the site's titles and tags, `titleWords`; or one its model made of text
 * {@link MIN_POSTS_UNKNOWN} posts share), or a compound of two words of the dictionary
 * or the titles that several posts share: 直播平台 and 安卓手机, not 直播的, nor 翻译成中 of
 * 翻译成中文, whose 成中 jieba's model made up. While jieba loads, those several posts
 * share are taken.
 */
function wordLike(candidates: [text: string, posts: number][], titleWords: ReadonlyMap<string, number>): [string, number][] {
  const cuts = tryCutAll(
    candidates.map(([t]) => t),
    'cut',
  );
  const pairs = cuts?.map((parts, i) => (parts.length === 2 && candidates[i]![1] >= 3 && parts.every((p) => p.length >= 2) ? parts : null));
  // The words to look up: each candidate cut as one word, and the two of each pair.
  const singles = (cuts ?? []).flatMap((parts) => (parts.length === 1 ? parts : []));
  const halves = pairs?.flatMap((p) => p ?? []) ?? [];
  const known = areDictionaryWords([...singles, ...halves]);
  const inDictionary = (i: number): boolean => known?.[i] !== false;
  // A word alone is one of several titles (a title's own may be jieba's model's: 安卓会);
  // half of a compound, of any (导图 of 思维导图).
  const words = new Set(singles.filter((w, i) => inDictionary(i) || (titleWords.get(w) ?? 0) >= MIN_POSTS_MADE_UP));
  const halfWords = new Set(halves.filter((w, i) => inDictionary(singles.length + i) || titleWords.has(w)));
  return candidates.filter(([, posts], i) => {
    const parts = cuts?.[i];
    if (!parts) return posts >= 3;
    return parts.length === 1 ? words.has(parts[0]!) || posts >= MIN_POSTS_UNKNOWN : !!pairs?.[i]?.every((p) => halfWords.has(p));
  });
}

/**
 * Posts read at most to count a word's (a pinyin suggestion's, a reading's): more, and the
 * gram index's count stands, which for a word of three characters or more is the posts
 * holding each of its pairs of characters, nearly always those holding the word. At
 * 1,000,000 posts reading them took 50 ms for 浏览器 (`llq`) or 数据库 (`shujuku`), at every
 * keystroke.
 */
const COUNTED_BY_READING = 2000;
/** Title and tag words near a Latin typo looked up in the posts, at most (the closest, then the most used). */
const WORDS_LOOKED_UP = 30;
/** Of the words a Latin text begins, the most used in titles and tags whose posts are counted. */
const COMPLETIONS_LOOKED_UP = 8;
/**
 * The letters of what may be pinyin, its syllables parted or not (`kaiyuan`, `kai yuan`,
 * and `kai'yuan` as an input method shows them), or null for text that cannot be.
 */
export function pinyinLetters(text: string): string | null {
  return /^[a-z][a-z '’]*$/.test(text) ? text.replace(/[ '’]/g, '') : null;
}

/**
 * What was typed before the Latin word being typed at the end of `norm`, and that word,
 * when Chinese came before it (`什么是dock`, `怎么安装pyth`) and it has
 * {@link MIN_COMPLETED} letters; else null. After Latin words (`stable d`) the site's
 * own phrases and titles complete the whole text, and a word completed alone after them
 * would make phrases nobody wrote (`stable docker`). A Han word at the end is not taken
 * either: the whole text's completions continue it already, and after a word typed in
 * full the words that follow it in posts (`语音识别` → 语音识别用户) are no query.
 */
export function lastTypedWord(norm: string): { head: string; word: string } | null {
  const latin = /[a-z0-9]+$/.exec(norm);
  if (!latin || latin[0].length < MIN_COMPLETED) return null;
  const head = norm.slice(0, latin.index);
  return /\p{Script=Han}/u.test(head) ? { head, word: latin[0] } : null;
}

/**
 * Letters of a Latin word from which it is completed (`typ`: typescript), and from which a
 * typo is corrected (`chorme`: chrome); two letters begin too many words to tell which.
 */
const MIN_COMPLETED = 3;
const MIN_CORRECTED = 4;

export class Assist {
  private pinyinIndex: PinyinIndex | null = null;
  private fuzzy: { from: Map<string, number>; words: FuzzyWords } | null = null;
  /** The pinyin lookup of the posts before a delta, answered from until a new one is built (see SearchEngine.applyChanges). */
  private outdatedPinyin: PinyinIndex | null = null;

  constructor(private readonly ctx: AssistContext) {}

  /** Forgets lookups built from the posts (after posts change: the word counts change in place). */
  invalidate(): void {
    this.pinyinIndex = null;
    this.fuzzy = null;
  }

  /** The pinyin lookup answered from now (the current one or an outdated one), or null. */
  pinyinInUse(): PinyinIndex | null {
    return this.pinyinIndex ?? this.outdatedPinyin;
  }

  /** Answers from `index` until a new lookup is built (null: until then, none is). */
  answerFromOutdated(index: PinyinIndex | null): void {
    this.outdatedPinyin = index;
  }

  /**
   * For a query that matched nothing: the Chinese words its Latin spells in pinyin, as a
   * plan, and those words (a wholly Latin query read as one word, a mixed one word by word).
   * A wholly Latin query is asked as its most used reading would be typed, the other
   * readings as alternatives: `kaiyuan` ranks as `开源` does, its titles first, and a post
   * holding 开远 only where 打开远程 runs two words together no longer ranks among them
   * (the 300 most used title words of the shared posts, asked in pinyin: the first hit is
   * the word's own first hit for 287 of them, 199 before; the searches took 0.74-0.78 ms
   * on average, 1.16-1.27 ms before, 0.26-0.30 ms for the words typed).
   */
  pinyinReading(plan: QueryPlan): { plan: QueryPlan; words: string[] } | null {
    const latin = pinyinLetters(plan.whole?.text ?? '');
    if (latin === null) return this.mixedPinyinReading(plan);
    const words = [...new Set([...this.pinyin().exact(latin, 8), ...this.spell(latin, 4)])].slice(0, 8);
    if (words.length === 0) return null;
    const units = words.map(makeUnit);
    return { plan: makePlan({ ...plan, whole: units[0]!, segments: [units[0]!], required: [units.map((u) => [u])], rank: units }), words };
  }

  /**
   * For a query of Chinese and Latin words that matched nothing (`kaiyuan工具`: an input
   * method switched to Latin for a word): each Latin word no post has read as the
   * Chinese words it spells in pinyin, the others kept; null when none reads so. The
   * query is then asked as typed with each such word's most used reading (`开源工具`), the
   * other readings as alternatives (400 queries of two of the shared posts' most used title
   * words, one in pinyin: the first hit is the two words' own for 387, 251 before).
   */
  private mixedPinyinReading(plan: QueryPlan): { plan: QueryPlan; words: string[] } | null {
    const corpus = this.ctx.corpus();
    const read: string[] = [];
    // The Latin words read, which rank as the words they were read as, and their most used readings.
    const spelt = new Map<string, string>();
    const required = plan.required.map((r) => {
      const u = r.length === 1 && r[0]!.length === 1 ? r[0]![0]! : null;
      if (!u?.bounded || !/^[a-z]{2,}$/.test(u.text) || verified(corpus, [r]).length > 0) return r;
      const words = this.pinyin().exact(u.text, 8);
      if (words.length === 0) return r;
      read.push(...words);
      spelt.set(u.text, words[0]!);
      return words.map((w) => [makeUnit(w)]);
    });
    if (read.length === 0) return null;
    const units = read.map(makeUnit);
    const rank = [...plan.rank.filter((u) => !(u.bounded && spelt.has(u.text))), ...units];
    // The text as typed, each word read in its most used reading.
    const asRead = (u: Unit): Unit => makeUnit(u.text.replace(/[a-z0-9]+/g, (w) => spelt.get(w) ?? w));
    const whole = plan.whole ? asRead(plan.whole) : null;
    return { plan: makePlan({ ...plan, whole, segments: plan.segments.map(asRead), required, rank }), words: read };
  }

  /**
   * A close query with more hits: each Han character swapped for a sound-alike (乳山绿查
   * gives 乳山绿茶), said verbatim by more posts than have every word typed (`total`; 人工只能
   * 10, 人工智能 135; while a reader types 程序员必, 81 posts have 程序员 and 必, and the 4
   * that say 程序员比 are no better). Only suggested, never searched in place of what was typed.
   */
  correction(plan: QueryPlan, total: number): Correction | null {
    const text = plan.whole?.text;
    if (text && /^[a-z][a-z0-9 .-]*$/.test(text)) return this.latinCorrection(text, total);
    if (!text || !/\p{Script=Han}/u.test(text) || text.length > 12) return null;
    const corpus = this.ctx.corpus();
    const chars = Array.from(text);
    const needed = total + 1;
    let best: Correction | null = null;
    let tries = 0;
    for (let i = 0; i < chars.length && tries < 240; i++) {
      if (!isHan(chars[i]!.codePointAt(0)!)) continue;
      // A post with a swapped spelling contains the text on both sides of the swapped
      // character: where those co-occur too rarely, no sound-alike there can do better.
      const sides = [chars.slice(0, i).join(''), chars.slice(i + 1).join('')].filter((side) => /\p{Script=Han}/u.test(side));
      if (
        sides.length > 0 &&
        verified(
          corpus,
          sides.map((side) => [[makeUnit(side)]]),
        ).length < Math.max(needed, (best?.total ?? 0) + 1)
      )
        continue;
      for (const alike of this.pinyin().soundAlikes(chars[i]!, 16)) {
        tries++;
        const candidate = [...chars.slice(0, i), alike, ...chars.slice(i + 1)].join('');
        const n = verified(corpus, [[[makeUnit(candidate)]]]).length;
        if (n > (best?.total ?? 0) && this.makesWord(candidate, chars.slice(0, i).join('').length)) best = { query: candidate, total: n };
      }
    }
    return best && best.total >= needed ? best : null;
  }

  /**
   * True when the character at `at` of a sound-alike spelling is part of a word there: a
   * title or tag word of the site's, or a word of jieba's dictionary, of two to four
   * characters. A spelling mistake is fixed into a word (乳山绿查 → 乳山绿茶, 维信 → 微信),
   * while a character that merely sounds like another forms none, though posts have the
   * characters side by side as the end of one word and the start of the next (鞋有 → 些有,
   * 看伍 → 看无). True while the dictionaries load.
   */
  private makesWord(candidate: string, at: number): boolean {
    const around: string[] = [];
    for (let start = Math.max(0, at - 3); start <= at; start++) {
      for (let end = at + 1; end <= Math.min(candidate.length, start + 4); end++)
        if (end - start >= 2) around.push(candidate.slice(start, end));
    }
    const words = this.ctx.termCounts();
    if (around.some((text) => words.has(text))) return true;
    const known = areDictionaryWords(around);
    return !known || known.some(Boolean);
  }

  /**
   * Words of the post texts that continue a Han prefix (乳山 → 乳山市, 乳山绿茶): the
   * characters after each occurrence, kept when jieba knows the result as a word or
   * several posts share it.
   */
  continuations(prefix: string, limit: number, exclude: Suggestion[]): Suggestion[] {
    const unit = makeUnit(prefix);
    const counts = new Map<string, number>();
    // Occurrences of each text, and of each followed by another character.
    const occurrences = new Map<string, number>();
    const { docs, grams } = this.ctx.corpus();
    const list = grams.candidates(prefix, false) ?? [];
    for (let i = 0, seen = 0; i < list.length && seen < 300; i++) {
      const d = docs[list[i]!];
      if (!d) continue;
      seen++;
      const found = new Set<string>();
      for (const text of [d.norm.title, d.norm.body]) {
        for (let at = text.indexOf(unit.text); at >= 0; at = text.indexOf(unit.text, at + 1)) {
          let end = at + prefix.length;
          for (let k = 0; k < 4 && end < text.length && isHan(text.codePointAt(end)!); k++) {
            const continued = text.slice(at, ++end);
            found.add(continued);
            occurrences.set(continued, (occurrences.get(continued) ?? 0) + 1);
          }
        }
      }
      for (const f of found) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    const taken = new Set(exclude.map((e) => normalize(e.text)));
    const ranked = wordLike(
      [...counts].filter(([text]) => !taken.has(text)),
      this.ctx.termCounts(),
    ).sort((a, b) => b[1] - a[1] || a[0].length - b[0].length);
    // A text always continued by the same character, inside a word there, is a piece of a
    // longer text (命令行程 of 命令行程序, 珠穆朗 of 珠穆朗玛峰); not before a word of its own
    // (翻译工具 of 翻译工具很多). Only the first few are cut again to tell.
    const first = ranked.slice(0, 2 * limit);
    const asked = new Set(first.map(([text]) => text));
    const continuedAs = new Map<string, string>();
    for (const [text, n] of occurrences) {
      const piece = text.slice(0, -1);
      if (asked.has(piece) && occurrences.get(piece) === n) continuedAs.set(piece, text);
    }
    const longer = first.map(([text]) => continuedAs.get(text) ?? text);
    const cuts = tryCutAll(longer, 'cut');
    return first
      .filter(([text], i) => !(longer[i] !== text && cuts?.[i] && cuts[i]!.at(-1)!.length > 1))
      .slice(0, limit)
      .map(([text, count]) => ({ text, kind: 'word' as const, count }));
  }

  /**
   * Corpus strings spelled by Latin letters in pinyin: the dictionary words among them, or
   * the strings when none is one (a name jieba does not know). Read as initials, dictionary
   * words only: the initials of two characters fit hundreds of strings that are none (`rs`:
   * 然是, `ja`: 机安), and none of them is what a reader typing initials means. A word is
   * one jieba's dictionary holds (its model joins unknown characters too: `然是`). While
   * jieba loads, initials spell nothing.
   */
  spell(latin: string, limit: number): string[] {
    const found = this.pinyin().spell(latin, (t) => this.frequency(t), limit * 3);
    const whole = areDictionaryWords(found.texts);
    const words = whole ? found.texts.filter((_, i) => whole[i]) : [];
    // Other strings only when it spells no word: beside words they are pieces of longer
    // words or runs across two (`shuju`: 输距 of 传输距离 after 数据; `jiqi`: 辑器 of 编辑器).
    if (found.byInitials || words.length > 0) return words.slice(0, limit);
    return found.texts.slice(0, limit);
  }

  /**
   * Posts containing `text` (normalised) verbatim; beyond {@link COUNTED_BY_READING} posts
   * that may, the gram index's count of those (the posts holding each of its pairs).
   */
  frequency(text: string): number {
    const corpus = this.ctx.corpus();
    const may = corpus.grams.candidateCount(text, false) ?? 0;
    // Two Han characters: the pair list is exact, no need to read the posts.
    const exact = text.length === 2 && isHan(text.charCodeAt(0)) && isHan(text.charCodeAt(1));
    if (exact || may === 0 || may > COUNTED_BY_READING) return may;
    return verified(corpus, [[[makeUnit(text)]]]).length;
  }

  /**
   * A Latin typo (`spotfy`): the title or tag words within a quarter of its length in
   * edits (MiniSearch's fuzzy matching, as its `fuzzy: 0.25` counts them) that posts
   * contain, the closest first, then the one more posts contain. (A query of several words
   * is never corrected: see SearchEngine.search.)
   */
  latinCorrection(text: string, total: number): Correction | null {
    if (total > 0 || text.length < MIN_COMPLETED || text.includes(' ')) return null;
    const words = this.fuzzyWords();
    // The first of the words that posts contain, in `order`.
    type Option = Correction & { distance: number };
    const best = (near: NearWord[], order: (a: Option, b: Option) => number): Correction | null => {
      const options = near
        .slice(0, WORDS_LOOKED_UP)
        .map((n) => ({ query: n.word, distance: n.distance, total: this.frequency(n.word) }))
        .filter((s) => s.total > 0)
        .sort(order);
      return options[0] ? { query: options[0].query, total: options[0].total } : null;
    };
    // A word the text begins is one still being typed (`chro`, `chatg`): its completion in
    // the most posts, rather than a word a letter away (coro, chat), the closest first.
    return (
      best(words.completions(text, COMPLETIONS_LOOKED_UP), (a, b) => b.total - a.total) ??
      (text.length < MIN_CORRECTED
        ? null
        : best(
            words.near(text, Math.min(6, Math.round(text.length * 0.25))).filter((n) => n.word !== text),
            (a, b) => a.distance - b.distance || b.total - a.total,
          ))
    );
  }

  /** The Latin title and tag words for corrections, built again when those words change. */
  private fuzzyWords(): FuzzyWords {
    const terms = this.ctx.termCounts();
    if (this.fuzzy?.from !== terms) this.fuzzy = { from: terms, words: FuzzyWords.of(terms) };
    return this.fuzzy.words;
  }

  pinyin(): PinyinIndex {
    return this.pinyinInUse() ?? runSteps(this.pinyinSteps());
  }

  /**
   * {@link pinyin}, pausing while it builds the lookup (see steps.ts); what it built is
   * kept only if `current()` still holds at the end (the posts did not change meanwhile).
   */
  *pinyinSteps(current: () => boolean = () => true): Steps<PinyinIndex> {
    if (this.pinyinIndex) return this.pinyinIndex;
    const words = this.ctx.termCounts();
    yield;
    const chars = this.ctx.corpus().grams.hanCharCounts();
    yield;
    const built = yield* PinyinIndex.build(words, chars);
    if (current()) {
      this.pinyinIndex = built;
      this.outdatedPinyin = null;
    }
    return built;
  }
}
