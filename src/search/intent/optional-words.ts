/**
 * The plan a query is searched with: words that carry little information made optional.
 * They may lift a post (BM25 still counts them) but never exclude one, and a query made
 * only of them keeps them all required. Anywhere: question and grammatical words (`怎么`,
 * `为啥`, `吗`, `把`, `以后`), modals, their negations and a modal glued to a verb (`要`,
 * `不想`, `要学`), English function words beside another English word (`how to`), an
 * adverb of degree alone (`最`), conjunctions, and words in more than a fifth of the posts
 * (of a site with at least 200) that Chinese at large uses as much, or in half of them
 * (information.ts `saysLittle`). In a question: adjectives and adverbs (not after 对 or
 * 关于, where they are nouns: `对健康`), verbs of one character and with their complement
 * (`学好`, `打不开`), quantities and the judgement asked for (`完整`, `写`, `几本`, `好学`; the
 * word classes from jieba's dictionary, text/modifiers.ts). In a comparison (`A和B的区别`):
 * its 区别. The words are told by question-words.ts; Latin spelling variants are added
 * (latin-variants.ts). A question also carries what it asks verbatim (`askedSpan`), which
 * a title may hold. And words nobody wrote: a word of two Han characters no post contains
 * (`养猫`) is asked for by its characters, when nothing else matched (`splitUnfound`).
 */
import { makeUnit, type Unit } from '../match.js';
import {
  isAdjective,
  isGluedCopula,
  isGluedModal,
  isGluedModalAfter,
  isModifier,
  isOneCharVerb,
  isTwoCharVerb,
  MODAL_CHARS,
} from '../../text/modifiers.js';
import { plan as makePlan, singleUnit as single, type QueryPlan, type Requirement } from '../query-plan.js';
import { areDictionaryWords } from '../../text/jieba.js';
import { isCommonCharacter, isFrequent, saysLittle, type DocumentFrequency } from './information.js';
import { joinedPairs, LATIN, latinVariants } from './latin-variants.js';
import {
  ASKING_IN_QUESTIONS,
  CHANGING,
  COMPARING,
  ENGLISH_FUNCTION_WORDS,
  isModalAndVerb,
  isDegree,
  isDegreeAlone,
  isInterrogative,
  isQuestion,
  isQuestionWord,
  isSomeoneDid,
  isUnable,
  isVerbAndComplement,
  isVerbDone,
  JOINING,
  JUDGEMENTS,
  RECENCY,
  LIKE_CLOSING,
  MANY,
  negated,
  OFTEN,
  PREPOSITIONS,
  QUANTITY,
  UNITS,
  HOW_MUCH,
  relationsAsked,
  RESEMBLING,
  statedOf,
  TAKING_OBJECTS,
  TOOL_TAKING,
  WEIGHING,
} from './question-words.js';

const NONE: ReadonlySet<string> = new Set();

/**
 * The plan with low-information words made optional and Latin spelling variants added;
 * `quoted`: the query's quoted phrases (normalised), kept as typed.
 */
export function refinePlan(typed: QueryPlan, df: DocumentFrequency, documents: number, quoted: ReadonlySet<string> = NONE): QueryPlan {
  if (typed.required.length === 0) return typed;
  // A quoted phrase is looked for as typed: never parted where jieba glued words (below).
  const asTyped = (text: string): boolean => quoted.has(text);
  const located = withoutLocativeVerbs(typed, df, asTyped);
  const uncopulated = withoutGluedCopulas(withoutGluedHeads(located, df, asTyped), asTyped);
  // Asked as a question: the degree words below are read on the plan as typed, whose
  // question words they leave as they are.
  const asked = isQuestion(uncopulated.required);
  // The state a question asks about: an adjective an adverb of degree grades (`很慢` of
  // `电脑很慢怎么办`, `这么` `便宜`), required; unless a character that common is mostly a
  // part of other words (`高` of `房价这么高`: 提高, 高级), which would match posts at random.
  const isState = (text: string): boolean => !isCommonCharacter(makeUnit(text), df, documents);
  const { plan, states } = asked ? withoutGluedDegrees(uncopulated, isState, asTyped) : { plan: uncopulated, states: new Set<string>() };
  const textOf = (r: Requirement): string => single(r)?.text ?? '';
  // Adjectives and adverbs are optional in a question only (`怎么把网页完整保存下来`): in
  // keywords (`使用特殊`) they are what was asked for, and dropping them would leave a
  // common word matching much of the site.
  const hasWord = (test: (u: Unit) => boolean): boolean =>
    plan.required.some((r) => {
      const u = single(r);
      return !!u && test(u);
    });
  // A yes-or-no question that jieba cut in two (`难` `不难` of `Python难不难学`, `行` `不行`).
  const yesOrNo = new Set<string>();
  // People in general after a quantity (`很多` `人` of `为什么很多人推荐…`): who says so, in a question.
  let people = false;
  // Words of how it is asked found by their neighbours: the relation asked about, and someone having done it.
  const asking = relationsAsked(plan.required);
  // Adjectives of a question used as nouns, after a preposition.
  const objects = new Set<string>();
  // Words that are adverbs of degree by the adjective after them.
  const grading = new Set<Requirement>();
  for (let i = 0; i < plan.required.length; i++) {
    const a = single(plan.required[i]!);
    if (!a) continue;
    // An adjective after an adverb of degree (`越来越` `慢`).
    const before = i > 0 ? single(plan.required[i - 1]!) : null;
    if (before && isDegree(before.text) && isModifier(a.text) && isState(a.text)) states.add(a.text);
    // An adjective as the object of a preposition (`对` `健康`): a noun there.
    if (before && TAKING_OBJECTS.has(before.text) && isModifier(a.text)) objects.add(a.text);
    if (isSomeoneDid(plan.required, i)) asking.add(a.text);
    // A change asked how to make, before its object or after it (`提高` `代码`, `npm报错怎么解决`),
    // and not after 的 (`命令行工具的增强`, a noun).
    if (CHANGING.has(a.text) && before?.text !== '的') asking.add(a.text);
    const b = i + 1 < plan.required.length ? single(plan.required[i + 1]!) : null;
    if (!b) continue;
    // 比较 and 特别 before an adjective are adverbs of degree (`比较` `好`), not a comparison.
    if ((a.text === '比较' || a.text === '特别') && isModifier(b.text)) grading.add(plan.required[i]!);
    if (negated(b.text) === a.text) yesOrNo.add(a.text).add(b.text);
    if (b.text === '人' && MANY.has(a.text)) people = true;
    // How much, in a unit: the amount asked (`考驾照需要多少钱`, `续航多少公里`), which a post gives in figures.
    if (HOW_MUCH.has(a.text) && UNITS.has(b.text)) asking.add(b.text);
  }
  // Asked as only a question is (`怎样…`, `…吗`): of words that all say little, the ones
  // not how it is asked say what about (see keptWords).
  const interrogative = yesOrNo.size > 0 || hasWord((u) => isInterrogative(u.text));
  const comparing = hasWord((u) => JOINING.has(u.text));
  // A tool used to do something (`用JavaScript做游戏`, `用Rust写命令行工具`): the verb of one
  // character after it says only that something is made with it, in keywords as in a question.
  const usingTool = hasWord((u) => TOOL_TAKING.has(u.text));
  // Something done at a place (`在Mac上装Windows`): the verb of one character says only that
  // it is done there, as with a tool.
  const doneAt = located !== typed;
  // 像 opening a resemblance that a later word closes (`像X一样`).
  const likening = hasWord((u) => LIKE_CLOSING.has(u.text));
  // Typed in English: a Latin word that is not a function word.
  const english = hasWord((u) => u.bounded && LATIN.test(u.text) && !ENGLISH_FUNCTION_WORDS.has(u.text));
  // How the question is put, never what it is about: question and grammatical words, a
  // preposition (`往树莓派传文件`), a yes-or-no question, English function words beside
  // English, an adverb of degree alone (`最`, `比较` before an adjective).
  const howAsked = (r: Requirement): boolean => {
    const u = single(r);
    return (
      !!u &&
      (isQuestionWord(u.text) ||
        PREPOSITIONS.has(u.text) ||
        yesOrNo.has(u.text) ||
        (english && u.bounded && ENGLISH_FUNCTION_WORDS.has(u.text)) ||
        isDegreeAlone(u.text) ||
        grading.has(r))
    );
  };
  // How this question is put, beyond its question words: what it asks of the thing (its
  // use, a view, whether it is worth it), who asks, how many, a comparison or resemblance.
  const framing = (r: Requirement): boolean => {
    const u = single(r);
    return (
      !!u &&
      ((asked &&
        (ASKING_IN_QUESTIONS.has(u.text) ||
          isModalAndVerb(u.text) ||
          QUANTITY.test(u.text) ||
          MANY.has(u.text) ||
          asking.has(u.text) ||
          isVerbDone(u.text) ||
          (people && u.text === '人'))) ||
        isGluedModal(u.text) ||
        (comparing && COMPARING.has(u.text)) ||
        WEIGHING.has(u.text) ||
        JUDGEMENTS.has(u.text) ||
        RECENCY.has(u.text) ||
        RESEMBLING.has(u.text) ||
        (likening && u.text === '像'))
    );
  };
  // Words of little information that may still be what is asked about: in a question its
  // adjectives, adverbs and verbs of one character; anywhere, words in much of the site
  // that say little in Chinese at large too.
  const little = (r: Requirement): boolean => {
    const u = single(r);
    return (
      !!u &&
      ((asked && isModifier(u.text) && !states.has(u.text) && !objects.has(u.text)) ||
        ((asked || usingTool || doneAt) && isOneCharVerb(u.text)) ||
        (asked && (isVerbAndComplement(u.text) || isUnable(u.text) || OFTEN.has(u.text))) ||
        (!u.bounded && saysLittle(u, df, documents)))
    );
  };
  const lowInformation = (r: Requirement): boolean => howAsked(r) || framing(r) || little(r);
  // Of a question's words that all say little, the ones not how it is asked; first those
  // that are neither adjectives or adverbs nor verbs of one character (`睡得` of
  // `怎样才能睡得更好`, not 更好), then those of two characters or more (`买什么相机好`: 相机,
  // which jieba's dictionary takes for an adverb, not 买 or 好; `清单的作用用来做什么`: 清单).
  const notAsked = (r: Requirement): boolean => !(howAsked(r) || framing(r));
  const fallbacks = interrogative
    ? [
        (r: Requirement) => notAsked(r) && !isModifier(textOf(r)) && !isOneCharVerb(textOf(r)),
        (r: Requirement) => notAsked(r) && textOf(r).length >= 2,
        notAsked,
        (r: Requirement) => !howAsked(r),
      ]
    : [];
  if (plan.syntax) {
    // Quoted phrases, OR groups and filters stay as typed; the plain words beside them are
    // still words of a question (`"精益开发" 是什么呢`).
    const typedAsIs = (r: Requirement): boolean => quoted.has(textOf(r));
    const kept = keptWords(
      plan.required,
      (r) => !lowInformation(r) || typedAsIs(r),
      fallbacks.map((keep) => (r: Requirement) => keep(r) || typedAsIs(r)),
    );
    return kept.length === plan.required.length ? plan : makePlan({ ...plan, required: kept });
  }
  // Words that make one word the index knows with their neighbour are part of it (`vs` of
  // `vs code`, which is VSCode), however little they say alone; unless the neighbour says
  // as little (`how to` of `how to learn python`, though the index knows howto).
  const joined = joinedPairs(plan.required, df, lowInformation);
  let required = keptWords(
    plan.required,
    (r, i) => joined.has(i) || !lowInformation(r),
    fallbacks.map((keep) => (r: Requirement, i: number) => joined.has(i) || keep(r)),
  );
  // An adjective of a question with nothing but verbs kept beside it (`怎么面对焦虑`: 面对) is
  // what they act on, what is asked about; beside a noun it says how (`网页` `完整` `保存`).
  const isAdjectiveLeft = (r: Requirement): boolean => !required.includes(r) && isAdjective(textOf(r)) && little(r);
  if (asked && required.every((r) => isTwoCharVerb(textOf(r))) && plan.required.some(isAdjectiveLeft)) {
    const kept = required;
    required = plan.required.filter((r) => kept.includes(r) || isAdjectiveLeft(r));
  }
  // Read before the Latin variants, which make one word several.
  const asks = interrogative ? askedSpan(plan, required) : null;
  const variants: Unit[] = [];
  // The verb of a verb and its complement (`学` of `学好`), optional: what a post on doing it says.
  if (asked) {
    for (const r of plan.required) {
      const text = textOf(r);
      if (isVerbAndComplement(text)) variants.push(makeUnit(text[0]!));
    }
  }
  required = latinVariants(required, df, variants);
  const kept = new Set(required.map((r) => single(r)?.text));
  // Asked for what is newest, a post that says 最新 in passing is no newer: the date weighs
  // instead (search/engine.ts), not the word.
  const ranked = plan.rank.filter((u) => kept.has(u.text) || !RECENCY.has(u.text));
  return makePlan({
    ...plan,
    asked: asks,
    required,
    rank: [...ranked, ...variants.filter((v) => !ranked.some((u) => u.text === v.text))],
    states: [...states].filter((state) => kept.has(state)),
  });
}

/**
 * What a question (asked as only a question is: `怎么`, `吗`) asks, verbatim: the query from
 * the first to the last word it requires (`about`), as typed between them (`deno` of
 * `Deno是什么`, `笔记软件` of `有哪些笔记软件推荐`, `git怎么回滚提交`), the phrase a post on it
 * may say, where the query as typed seldom is. Null when that is the whole query, or
 * when a word is not one unit (synonyms).
 */
function askedSpan(plan: QueryPlan, about: Requirement[]): Unit | null {
  const whole = plan.whole;
  const words = about.map(single);
  const first = words[0];
  const last = words[words.length - 1];
  if (!whole || !first || !last) return null;
  const start = whole.text.indexOf(first.text);
  const end = whole.text.lastIndexOf(last.text) + last.text.length;
  if (start < 0 || end < start + first.text.length || (start === 0 && end === whole.text.length)) return null;
  return makeUnit(whole.text.slice(start, end));
}

/**
 * The requirements that say what a query is about (`about`). When none does, a question
 * is about the first of `fallbacks` that keeps some (given for a question only): the
 * words of little information that are not how it is asked, first those that are not
 * adjectives, adverbs or verbs of one character (`怎样才能睡得更好`: 睡得), then those of
 * two characters or more, then all (`有人用过清单的作用吗`: 清单,
 * which jieba's dictionary takes for an adjective; `为什么要高效学习`: 高效), else those
 * that are not its question words (`怎么才能学习`: 才能 and 学习). Otherwise every word is
 * kept: a question of question words alone (`怎么办`), or keywords that all say little
 * (`一个非常`), is asked for as typed.
 */
function keptWords(
  required: Requirement[],
  about: (r: Requirement, i: number) => boolean,
  fallbacks: ((r: Requirement, i: number) => boolean)[],
): Requirement[] {
  for (const keep of [about, ...fallbacks]) {
    const kept = required.filter(keep);
    if (kept.length > 0) return kept;
  }
  return required;
}

/**
 * A question's plan with each word of an adverb of degree and an adjective, as jieba cuts
 * them (`很慢`, `太贵`), asked for as its adjective: a post on a slow computer says 慢,
 * seldom 很慢. `states`: those adjectives that `isState` takes for the state asked about.
 */
function withoutGluedDegrees(
  plan: QueryPlan,
  isState: (text: string) => boolean,
  asTyped: (text: string) => boolean,
): { plan: QueryPlan; states: Set<string> } {
  const states = new Set<string>();
  const unglued = withWordsReplaced(plan, asTyped, (u) => {
    const adjective = statedOf(u.text);
    if (adjective && isState(adjective)) states.add(adjective);
    return adjective;
  });
  return { plan: unglued, states };
}

/**
 * The plan with each required word (one Han unit) that `replacement` gives another text
 * for asked for as that text, but those `asTyped` keeps; the same plan when it gives none.
 */
function withWordsReplaced(plan: QueryPlan, asTyped: (text: string) => boolean, replacement: (u: Unit) => string | null): QueryPlan {
  let changed = false;
  const required = plan.required.map((r): Requirement => {
    const u = single(r);
    const text = u && !u.bounded && !asTyped(u.text) ? replacement(u) : null;
    if (text === null) return r;
    changed = true;
    return [[makeUnit(text)]];
  });
  return changed ? makePlan({ ...plan, required }) : plan;
}

/**
 * The plan with a preposition or verb of one character that jieba's model glued to the
 * start of the next word asked for as a word of its own (`用树莓` `派` of `用树莓派做什么`
 * and `用大` `模型` of `怎么用大模型`, where its dictionary has no 树莓 or 大模型): the rest
 * with the word after it (`用` `树莓派`, `用` `大模型`), or alone (`拿树莓`: `拿` `树莓`),
 * when the site says that in more than {@link GLUED_SHARE} times as many posts as the text
 * glued. Glued, the word matched only the posts where the character stands before it
 * (使用树莓派), or none. A word of jieba's dictionary (`打电话`) stays as cut.
 */
function withoutGluedHeads(plan: QueryPlan, df: DocumentFrequency, asTyped: (text: string) => boolean): QueryPlan {
  const reqs = plan.required;
  const whole = plan.whole?.text ?? '';
  // `text` in more than GLUED_SHARE times as many posts as `glued`.
  const saidApart = (text: string, glued: string): boolean => {
    const n = df(makeUnit(text));
    return n > 0 && n > GLUED_SHARE * df(makeUnit(glued));
  };
  // The glued character and its object, and whether the object took in the next word; null: not glued.
  const unglued = (word: string, next: string | null): { head: string; object: string; withNext: boolean } | null => {
    const head = word[0]!;
    const rest = word.slice(1);
    const preposition = PREPOSITIONS.has(head);
    // A modal glued to a verb (`想学`) is read elsewhere (isGluedModal); a verb and what
    // grammar puts after it (`打` `不开`, `用` `过`, `看` `得懂`) are no verb and object; a
    // word of the dictionary (`打电话`) stays as cut.
    if (!(preposition || (isOneCharVerb(head) && !MODAL_CHARS.includes(head))) || AFTER_VERBS.includes(rest[0]!)) return null;
    if (isDictionaryWord(word)) return null;
    // Only a preposition's object is a noun made whole again (`用` `大模型`): after a verb
    // the rest and the next word are a phrase of their own (`想学` `编程`).
    if (preposition && next && saidApart(rest + next, word + next)) return { head, object: rest + next, withNext: true };
    if (rest.length >= 2 && saidApart(rest, word)) return { head, object: rest, withNext: false };
    return null;
  };
  let required: Requirement[] | null = null;
  const replaced = new Set<string>();
  for (let i = 0; i < reqs.length; i++) {
    const u = single(reqs[i]!);
    const next = i + 1 < reqs.length ? single(reqs[i + 1]!) : null;
    const split =
      isHanWord(u) && u.text.length >= 2 && !asTyped(u.text)
        ? unglued(u.text, isHanWord(next) && !asTyped(next.text) && whole.includes(u.text + next.text) ? next.text : null)
        : null;
    if (!split) {
      required?.push(reqs[i]!);
      continue;
    }
    required ??= reqs.slice(0, i);
    required.push([[makeUnit(split.head)]], [[makeUnit(split.object)]]);
    replaced.add(u!.text);
    if (split.withNext) {
      // The next word is in the object.
      replaced.add(next!.text);
      i++;
    }
  }
  if (!required) return plan;
  // The words scored: the new ones for those they replace.
  const added = required.flatMap((r) => r.flatMap((alt) => alt));
  const rank = [...plan.rank.filter((w) => !replaced.has(w.text)), ...added.filter((a) => !plan.rank.some((w) => w.text === a.text))];
  return makePlan({ ...plan, required, rank });
}

/**
 * The plan with a word of jieba's dictionary that is the locative closing 在's frame and
 * the verb after it (`上装`, a jacket, of `在Mac上装Windows`) asked for as the verb: the
 * locative says only where (在 Mac 上). Only where the site says the verb in more than
 * {@link LOCATIVE_SHARE} times as many posts as the word: `下载` and `上涨` stay words.
 */
function withoutLocativeVerbs(plan: QueryPlan, df: DocumentFrequency, asTyped: (text: string) => boolean): QueryPlan {
  const whole = plan.whole?.text ?? '';
  const framed = (word: string): boolean => {
    const at = whole.indexOf(word);
    // 在, then what it frames, then the locative.
    return at > 0 && whole.lastIndexOf('在', at - 2) >= 0;
  };
  return withWordsReplaced(plan, asTyped, (u) => {
    const verb = u.text[1]!;
    const isLocativeVerb = LOCATIVE_VERB.test(u.text) && isOneCharVerb(verb) && framed(u.text);
    return isLocativeVerb && df(makeUnit(verb)) > LOCATIVE_SHARE * df(u) ? verb : null;
  });
}

/** A locative and a character after it (`上装`, `里用`). */
const LOCATIVE_VERB = /^[上下里中内]\p{Script=Han}$/u;
/** See {@link withoutLocativeVerbs}. */
const LOCATIVE_SHARE = 20;

/** See {@link withoutGluedHeads}. */
const GLUED_SHARE = 2;
/** Characters that follow a verb as grammar, not as its object: negation, 得 and aspect particles. */
const AFTER_VERBS = '不没得了着过的地';
const HAN_RUN = /^\p{Script=Han}+$/u;

/** A word of Han characters only. */
function isHanWord(w: Unit | null): w is Unit {
  return !!w && !w.bounded && HAN_RUN.test(w.text);
}

/** True when jieba's dictionary (or a site's) has the word; taken to be so while it loads. */
function isDictionaryWord(text: string): boolean {
  return areDictionaryWords([text])?.[0] ?? true;
}

/**
 * The plan with each word that jieba's model glued to the copula or a modal after it
 * (`节是` of `程序员节是哪天`, `币会` of `比特币会不会归零`: text/modifiers.ts `isGluedCopula`,
 * `isGluedModalAfter`) asked for as its first character: 是 and 会 are how the question is
 * put, and no post on programmers' day need say 节是.
 */
function withoutGluedCopulas(plan: QueryPlan, asTyped: (text: string) => boolean): QueryPlan {
  return withWordsReplaced(plan, asTyped, (u) => (isGluedCopula(u.text) || isGluedModalAfter(u.text) ? u.text[0]! : null));
}

/**
 * The plan with each required word of two Han characters that no post contains (`养猫` of
 * `怎么养猫`, a word of jieba's dictionary) asked for as its two characters, so a question
 * about cats finds the posts about cats; null when there is no such word. `characters`:
 * some word is asked for by its characters (not only left out), so that no post has every
 * word as typed. For a query
 * that found nothing, its pinyin reading and a correction tried first (search/engine.ts):
 * `笔特币` is a typo of 比特币, not a question about 笔 and 币.
 */
export function splitUnfound(plan: QueryPlan, df: DocumentFrequency, documents: number): { plan: QueryPlan; characters: boolean } | null {
  let split = false;
  let characters = false;
  // A character as common as a question word (`个` of `睡个`, `好` of `学好`) is left
  // optional. Both as common (`下用` of `Linux下用什么截图工具`: a locative and 用 run
  // together), the word says nothing beside other words and is left out; with none
  // beside it, both characters are asked for.
  const common = (u: Unit): boolean => isQuestionWord(u.text) || isFrequent(u, df, documents);
  const splitWords = (dropEmpty: boolean): Requirement[] => {
    characters = false;
    return plan.required.flatMap((r): Requirement[] => {
      const u = single(r);
      if (!u || u.bounded || !HAN_PAIR.test(u.text) || df(u) > 0) return [r];
      split = true;
      const chars = [makeUnit(u.text[0]!), makeUnit(u.text[1]!)];
      const kept = chars.filter((c) => !common(c));
      const asked = kept.length > 0 || dropEmpty ? kept : chars;
      if (asked.length > 0) characters = true;
      return asked.map((c) => [[c]]);
    });
  };
  let required = splitWords(true);
  if (required.length === 0) required = splitWords(false);
  return split ? { plan: makePlan({ ...plan, required }), characters } : null;
}

const HAN_PAIR = /^\p{Script=Han}{2}$/u;

/**
 * Whether the query as typed asks for what is newest ({@link RECENCY}: `最新的iPhone`) about
 * the words the refined plan keeps, the recency word left optional.
 */
export function asksForNewest(typed: QueryPlan, refined: QueryPlan): boolean {
  const recent = (r: Requirement): boolean => RECENCY.has(single(r)?.text ?? '');
  return typed.required.some(recent) && refined.required.length > 0 && !refined.required.some(recent);
}

/**
 * The plan asking also for the words `refined` made optional in `typed`, but not for how
 * it is asked (question words): for when the words it kept are in no post, so that the
 * fill-up finds posts with most of the others, as for the query without its question
 * words (`iOS17新功能吗`: no post has ios17, and 新 and 功能 were optional in a question;
 * `iOS17新功能` finds the posts on 新功能). Null when `refined` asks for two words or more
 * (the fill-up looks for most of those), or this would ask for fewer.
 */
export function withOptionalWords(typed: QueryPlan, refined: QueryPlan): QueryPlan | null {
  const kept = new Set(refined.required.flatMap((r) => r.flatMap((alt) => alt.map((u) => u.text))));
  const more = typed.required.filter((r) => {
    const u = single(r);
    return !!u && !kept.has(u.text) && !isQuestionWord(u.text);
  });
  const required = [...refined.required, ...more];
  return refined.required.length < 2 && required.length > 1 ? makePlan({ ...refined, required }) : null;
}
