/**
 * What a reader meant, beyond the words typed:
 * - **optional words** carry little information: they may lift a post (BM25 still counts
 *   them) but never exclude one, and a query made only of them keeps them all required.
 *   Anywhere: question and grammatical words (`怎么`, `为啥`, `吗`, `把`, `以后`), modals,
 *   their negations and a modal glued to a verb (`要`, `不想`, `要学`), English function
 *   words beside another English word (`how to`), and words in more than a fifth of the
 *   posts (of a site with at least 200). In a question: adjectives and adverbs, verbs of
 *   one character, quantities and the judgement asked for (`完整`, `写`, `几本`, `好学`;
 *   the first two from jieba's dictionary, text/modifiers.ts). In a comparison
 *   (`A和B的区别`): its 区别.
 * - **Latin spelling variants**: `TailwindCSS` also matches `Tailwind CSS` and
 *   `tailwind-css`, and `Web Assembly` also `WebAssembly`, when the index knows the
 *   parts (or the joined word) as words.
 * - **words nobody wrote**: a word of two Han characters no post contains (`养猫`) is
 *   asked for by its characters, when nothing else matched (`splitUnfound`).
 * - **fill-up**: when fewer posts than asked contain every remaining word, posts with
 *   most of them follow, dropping the most frequent word first (Meilisearch's
 *   `frequency` matching strategy), so the rarest words decide.
 */
import { makeUnit, type Unit } from './match.js';
import { TIER, verified, type Corpus } from './matcher.js';
import { ALL_MET, MatchList, MET_BITS } from './match-list.js';
import { closeness } from './proximity.js';
import { isGluedCopula, isGluedModal, isModifier, isOneCharVerb, MODAL_CHARS } from '../text/modifiers.js';
import { joinLists, packed, plan as makePlan, type QueryPlan, type Requirement } from './query-plan.js';

/**
 * Grammatical words a question is built with: prepositions and the disposal and passive
 * markers (`把网页保存下来`, `在浏览器里玩`), structural particles, directional complements,
 * demonstratives, locatives and pronouns. They say how a sentence is put together, not
 * what it is about.
 */
// prettier-ignore
const PARTICLES = [
  '把', '将', '被', '让', '给', '在', '对', '从', '向', '关于', '用', '和', '与', '跟', '及', '的', '地', '了', '着', '过',
  '下来', '起来', '出来', '上去', '下去', '里', '里面', '上面', '这', '那', '这个', '那个', '这些', '那些', '这样', '那样',
  '这么', '那么', '这种', '那种', '这里', '那里', '其他', '其它', '别的',
  // Locatives (jieba's tag f): where or when, after the word they place (`Linux下`, `35岁以后`).
  '上', '下', '中', '内', '外', '以后', '之后', '以前', '之前', '以上', '以下', '之间',
  '我', '你', '他', '她', '我们', '你们', '他们', '大家', '自己', '有', '是',
  // Modal particles at a sentence's end (`…怎么用啦`, `…好用哦`): a tone, not a topic.
  '啦', '哦', '呗', '咯', '嘞', '呐', '哈', '噢', '喔',
];

/** Words that make a query a question: they say how it is asked, not what about (normalised: 么 stays 么). */
// prettier-ignore
const ASKING_WORDS = new Set([
  '怎么', '怎样', '怎么样', '怎么办', '如何', '为什么', '为何', '什么', '什么样', '哪些', '哪个', '哪里', '哪儿', '哪款', '有没有',
  '有什么', '是不是', '能不能', '可不可以', '会不会', '要不要', '是否', '可以', '能否', '请问', '推荐', '求', '吗', '呢', '吧', '呀', '嘛',
  '啊', '么', '一下', '一个', '一些', '哪', '谁', '要', '想', '能', '会', '应该', '需要', '得',
  // Spoken forms, and asking how many, how long, when.
  '为啥', '啥', '咋', '咋样', '咋办', '干嘛', '干啥', '干什么', '多少', '多久', '几', '什么时候', '时候',
  '哪家', '哪种', '哪一个', '哪一种', '哪位',
  // Asking for help (`帮我找…`).
  '帮', '帮忙',
]);

/**
 * Words that in a question are part of how it is asked (`怎样才能睡好`: only then can;
 * `区块链是什么东西`: what thing; `…是什么意思`, `…是怎么回事`: what it means), and in
 * keywords may be what is asked for (才能, talent). With them the judgements a question
 * asks for, good, easy or hard to do, worth it and suited to (`哪个好学`,
 * `有什么好看的纪录片`, `值得买吗`, `适合程序员的键盘`), and the other groups below: what
 * a post on the thing seldom says.
 */
// prettier-ignore
const ASKING_IN_QUESTIONS = new Set([
  '才能', '东西', '玩意', '玩意儿', '意思', '含义', '回事', '好用', '好学', '好玩', '好看', '好吃', '好喝', '好听', '难学', '难用', '易用',
  '值得', '适合', '好使', '管用', '可靠', '靠谱',
  // What a thing is for and what it is like (`…有什么作用`, `…用来做什么`, `…有哪些功能`).
  '作用', '用途', '用处', '用来', '功能', '特点', '特色',
  // How a question asks for a view (`如何看待996`, `怎么评价…`, `大家觉得…怎么样`).
  '看待', '评价', '觉得', '认为', '看法',
  // What the reader asks to be told (`请介绍一下…`, `我想了解…`, `有人知道…吗`, `…是什么东东`).
  '介绍', '了解', '知道', '有人', '告诉', '讲讲', '说说', '东东',
  // Who asks and when (`新手如何学…`, `…适合新手吗`, `…现在怎么样了`, `最近…怎么了`), and
  // whether it is of use (`…有用吗`).
  '学', '学习', '新手', '小白', '初学者', '现在', '最近', '目前', '如今', '有用',
  // Whether it has had its day, its pitfalls, why so popular (`…是不是已经过时了`,
  // `…有哪些坑`, `为什么…这么火`).
  '过时', '坑', '火', '火爆', '流行', '受欢迎',
]);

/** How many say so, in a question (`为什么很多人推荐…`), with the people after it. */
const MANY = new Set(['很多', '许多', '不少', '好多']);

/**
 * A comparison's own words (`Vue和React的区别`, `Rust 与 Go 有什么不同`, `…和其他工具相比`):
 * with two things joined by 和, 与, 跟 or 及, what is asked about is the two things; a post
 * comparing them seldom says 区别.
 */
const COMPARING = new Set(['区别', '差别', '差异', '异同', '不同', '相比', '相较', '比较', '对比']);
const JOINING = new Set(['和', '与', '跟', '及']);

/**
 * The weighing asked for (`飞行汽车的优缺点`, `远程办公的利弊`): what is asked about is the
 * thing, and a post on it seldom says 优缺点. Optional wherever they stand, as a question
 * or as keywords.
 */
const WEIGHING = new Set(['优缺点', '优劣', '利弊', '好坏', '优点', '缺点', '好处', '坏处', '优势', '劣势']);

/**
 * English question and function words, as readers of a technical blog type them
 * (`how to learn python`, `what is rust`, `rust vs go`): in a site written in Chinese,
 * too rare for their frequency to mark them. Optional only beside another English word
 * (`IT 行业`, `A 股`, `CAN 总线` keep theirs), and the ones that are also Chinese
 * readers' abbreviations (IT, A, CAN, I/O) are not among them.
 */
// prettier-ignore
const ENGLISH_FUNCTION_WORDS = new Set([
  'what', 'which', 'who', 'why', 'how', 'when', 'where', 'is', 'are', 'was', 'were', 'be', 'do', 'does', 'did',
  'could', 'should', 'would', 'will', 'to', 'the', 'an', 'of', 'for', 'in', 'on', 'at', 'by', 'with',
  'from', 'about', 'and', 'vs', 'versus', 'my', 'me', 'you', 'your',
]);

/** Words a query never needs: the question words and the grammatical ones. */
const QUESTION_WORDS = new Set([...ASKING_WORDS, ...PARTICLES]);

/**
 * Modal verbs, which jieba also cuts with their negation as one word (`不想`, `不能`,
 * `没有`): negated, a modal still says how the question is put, not what it is about
 * (`为什么年轻人不想生孩子` asks about young people and children; a post on birth rates
 * does not say 不想).
 */
const MODALS = new Set(['想', '要', '能', '会', '应该', '需要', '可以', '用', '有']);
const NEGATION = /^[不没]/;

/**
 * A modal and a verb of one character, or a modal and a grammatical word, as one word of
 * jieba's (`要用`, `想买`, `能做`): in a question, how it is asked, like the two apart.
 */
function isModalAndVerb(text: string): boolean {
  if (text.length !== 2 || !MODAL_CHARS.includes(text[0]!)) return false;
  const second = text[1]!;
  return QUESTION_WORDS.has(second) || isOneCharVerb(second);
}

/**
 * A number and a measure word as one word of jieba's (`几本`, `一款`, `两个`): in a
 * question, how many is asked for (`能推荐几本科幻小说吗`), never what about; in keywords
 * (`两种天气`) it may be part of what was asked for.
 */
const QUANTITY = /^[几一两][个本款种家部篇首件位只条台些张份次]$/;

/**
 * A question put as a choice between yes and no, a word and its negation side by side, as
 * one word of jieba's (`好不好`, `贵不贵`, `值不值得`, `用没用过`): how it is asked, whatever
 * the word (`是不是`, `能不能`, `有没有` are among the question words as well).
 */
const YES_OR_NO = /^(\p{Script=Han})[不没]\1/u;

/**
 * Which one, as one word of jieba's model (`哪国`, `哪天`, `哪年`), but the name 哪吒 (a
 * deity, and films named after him).
 */
const WHICH = /^哪\p{Script=Han}$/u;

/**
 * Someone having done it, as one word of jieba's after an existential 有 (`有没有` `人用`,
 * `有没有` `人玩过`) or with it (`没人用`): whether anyone has, not what about.
 */
const SOMEONE_DID = /^[有没]?人(\p{Script=Han})过?$/u;
const EXISTENTIAL = new Set(['有', '有没有', '没有', '没']);

/** True when the `i`th requirement is someone having done it ({@link SOMEONE_DID}). */
function isSomeoneDid(required: readonly Requirement[], i: number): boolean {
  const text = single(required[i]!)?.text ?? '';
  const did = SOMEONE_DID.exec(text);
  return !!did && isLightVerb(did[1]!) && (text[0] !== '人' || EXISTENTIAL.has(single(required[i - 1] ?? [])?.text ?? ''));
}

/** A verb of one character, as jieba's dictionary tags it, or a modal (`用`, `有`). */
function isLightVerb(char: string): boolean {
  return isOneCharVerb(char) || MODALS.has(char);
}

/** A verb of one character and the experiential 过 as one word (`用过`, `玩过`): in a question, as the verb alone. */
function isVerbDone(text: string): boolean {
  return text.length === 2 && text[1] === '过' && isLightVerb(text[0]!);
}

/** Asking who or where (`T是谁开发的`, `T在哪里下载`): the word after it is the relation asked about. */
const WHO_OR_WHERE = new Set(['谁', '哪里', '哪儿']);
/**
 * Which one with a measure word (`哪款手机`, `程序员用哪个键盘`): the noun after it is what is
 * asked about, as after 什么 (`程序员用什么键盘` asks for keyboards).
 */
const WHICH_OF = new Set(['哪个', '哪些', '哪种', '哪家', '哪款']);

/** Who, where, or which one as one word of jieba's model ({@link WHICH}: `哪天`, `哪位`), which a relation follows. */
function asksRelation(word: string): boolean {
  return WHO_OR_WHERE.has(word) || (WHICH.test(word) && !WHICH_OF.has(word) && isAsking(word));
}

/**
 * The words of a question that name the relation asked about rather than what it is
 * about (`T是谁开发的`, `T哪天发布`, `T在哪里下载`), once what it is about came first: the
 * word after who, where or when. Before what it is about, that word is what is asked
 * about (`谁发明了电话`). Not the noun after 什么 or 哪个: there it is as often what is
 * asked about (`程序员用什么键盘`) as the kind of answer (`T有什么新闻`).
 */
function relationsAsked(required: Requirement[]): Set<string> {
  const relations = new Set<string>();
  const words = required.map(single);
  const plain = (u: Unit | null): boolean => !u || !(isQuestionWord(u.text) || isModifier(u.text));
  let topicBefore = false;
  words.forEach((u, i) => {
    const word = u?.text ?? '';
    if (topicBefore && asksRelation(word)) {
      const relation = words.slice(i + 1).find(plain);
      if (relation) relations.add(relation.text);
    }
    if (!u || (!isQuestionWord(word) && !ASKING_IN_QUESTIONS.has(word) && !isModifier(word))) topicBefore = true;
  });
  return relations;
}

/** The word a negation (`不想`, `不难`) negates, or null. */
function negated(text: string): string | null {
  return NEGATION.test(text) ? text.slice(1) : null;
}

/** A word that makes a query a question. */
function isAsking(text: string): boolean {
  return ASKING_WORDS.has(text) || YES_OR_NO.test(text) || (WHICH.test(text) && text !== '哪吒');
}

/** A question word, a grammatical word, a negated modal, or a yes-or-no question. */
function isQuestionWord(text: string): boolean {
  return QUESTION_WORDS.has(text) || MODALS.has(negated(text) ?? '') || isAsking(text);
}

/**
 * True for words put as a question: a question word among them (`怎么`, `吗`, `哪国`), or a
 * yes-or-no question cut in two (`难` `不难`).
 */
export function isQuestion(required: readonly Requirement[]): boolean {
  const words = required.map(single);
  return words.some((u, i) => !!u && (isAsking(u.text) || (i > 0 && negated(u.text) === words[i - 1]?.text)));
}

/** A word in more posts than this share carries little information… */
export const LOW_INFORMATION_SHARE = 0.2;
/** …when there are enough posts to tell (in a ten-post blog every word is in a tenth of them). */
const FREQUENCY_NEEDS_POSTS = 200;

/** Document frequency of a unit, as the gram index estimates it. */
export type DocumentFrequency = (unit: Unit) => number;

/** True when the unit is in more than {@link LOW_INFORMATION_SHARE} of the posts of a site large enough to tell. */
function isFrequent(u: Unit, df: DocumentFrequency, documents: number): boolean {
  return documents >= FREQUENCY_NEEDS_POSTS && df(u) > LOW_INFORMATION_SHARE * documents;
}

const single = (r: Requirement): Unit | null => (r.length === 1 && r[0]!.length === 1 ? r[0]![0]! : null);
const LATIN = /^[a-z][a-z0-9]*$/;

const NONE: ReadonlySet<string> = new Set();

/**
 * The plan with low-information words made optional and Latin spelling variants added;
 * `quoted`: the query's quoted phrases (normalised), kept as typed.
 */
export function refinePlan(typed: QueryPlan, df: DocumentFrequency, documents: number, quoted: ReadonlySet<string> = NONE): QueryPlan {
  if (typed.required.length === 0) return typed;
  const plan = withoutGluedCopulas(typed);
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
  for (let i = 0; i < plan.required.length; i++) {
    const a = single(plan.required[i]!);
    if (!a) continue;
    if (isSomeoneDid(plan.required, i)) asking.add(a.text);
    const b = i + 1 < plan.required.length ? single(plan.required[i + 1]!) : null;
    if (!b) continue;
    if (negated(b.text) === a.text) yesOrNo.add(a.text).add(b.text);
    if (b.text === '人' && MANY.has(a.text)) people = true;
  }
  const asked = isQuestion(plan.required);
  const comparing = hasWord((u) => JOINING.has(u.text));
  // Typed in English: a Latin word that is not a function word.
  const english = hasWord((u) => u.bounded && LATIN.test(u.text) && !ENGLISH_FUNCTION_WORDS.has(u.text));
  const lowInformation = (r: Requirement): boolean => {
    const u = single(r);
    return (
      !!u &&
      (isQuestionWord(u.text) ||
        yesOrNo.has(u.text) ||
        (asked && isModifier(u.text)) ||
        (asked &&
          (isOneCharVerb(u.text) ||
            ASKING_IN_QUESTIONS.has(u.text) ||
            isModalAndVerb(u.text) ||
            QUANTITY.test(u.text) ||
            MANY.has(u.text) ||
            asking.has(u.text) ||
            isVerbDone(u.text) ||
            (people && u.text === '人'))) ||
        isGluedModal(u.text) ||
        (english && u.bounded && ENGLISH_FUNCTION_WORDS.has(u.text)) ||
        (comparing && COMPARING.has(u.text)) ||
        WEIGHING.has(u.text) ||
        (!u.bounded && isFrequent(u, df, documents)))
    );
  };
  if (plan.syntax) {
    // Quoted phrases, OR groups and filters stay as typed; the plain words beside them are
    // still words of a question (`"精益开发" 是什么呢`).
    const kept = plan.required.filter((r) => !lowInformation(r) || quoted.has(single(r)!.text));
    return kept.length === plan.required.length || kept.length === 0 ? plan : makePlan({ ...plan, required: kept });
  }
  // Words that make one word the index knows with their neighbour are part of it (`vs` of
  // `vs code`, which is VSCode), however little they say alone; unless the neighbour says
  // as little (`how to` of `how to learn python`, though the index knows howto).
  const joined = joinedPairs(plan.required, df, lowInformation);
  let required = plan.required.filter((r, i) => joined.has(i) || !lowInformation(r));
  if (required.length === 0) required = plan.required;
  const variants: Unit[] = [];
  required = latinVariants(required, df, variants);
  return makePlan({ ...plan, required, rank: [...plan.rank, ...variants.filter((v) => !plan.rank.some((u) => u.text === v.text))] });
}

/**
 * The plan with each word that jieba's model glued to the copula (`节是` of `程序员节是哪天`,
 * text/modifiers.ts `isGluedCopula`) asked for as its first character: 是 is how the
 * question is put, and no post on programmers' day need say 节是.
 */
function withoutGluedCopulas(plan: QueryPlan): QueryPlan {
  let glued = false;
  const required = plan.required.map((r): Requirement => {
    const u = single(r);
    if (!u || u.bounded || !isGluedCopula(u.text)) return r;
    glued = true;
    return [[makeUnit(u.text[0]!)]];
  });
  return glued ? makePlan({ ...plan, required }) : plan;
}

/**
 * The plan with each required word of two Han characters that no post contains (`养猫` of
 * `怎么养猫`, a word of jieba's dictionary) asked for as its two characters, so a question
 * about cats finds the posts about cats; null when there is no such word. For a query
 * that found nothing, its pinyin reading and a correction tried first (search/engine.ts):
 * `笔特币` is a typo of 比特币, not a question about 笔 and 币.
 */
export function splitUnfound(plan: QueryPlan, df: DocumentFrequency, documents: number): QueryPlan | null {
  let split = false;
  // A character as common as a question word (`个` of `睡个`, `好` of `学好`) is left optional, unless both are.
  const common = (u: Unit): boolean => isQuestionWord(u.text) || isFrequent(u, df, documents);
  const required = plan.required.flatMap((r): Requirement[] => {
    const u = single(r);
    if (!u || u.bounded || !HAN_PAIR.test(u.text) || df(u) > 0) return [r];
    split = true;
    const chars = [makeUnit(u.text[0]!), makeUnit(u.text[1]!)];
    const kept = chars.filter((c) => !common(c));
    return (kept.length > 0 ? kept : chars).map((c) => [[c]]);
  });
  return split ? makePlan({ ...plan, required }) : null;
}

const HAN_PAIR = /^\p{Script=Han}{2}$/u;

/**
 * Positions of the Latin words that {@link latinVariants} would join with their neighbour
 * (`vs` `code` → `vscode`), one of the two at least not of `little` information.
 */
function joinedPairs(required: Requirement[], df: DocumentFrequency, little: (r: Requirement) => boolean): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i + 1 < required.length; i++) {
    const a = single(required[i]!);
    const b = single(required[i + 1]!);
    if (!a || !b || !joinable(a, b) || (little(required[i]!) && little(required[i + 1]!))) continue;
    if (df(makeUnit(a.text + b.text)) > 0) out.add(i).add(i + 1);
  }
  return out;
}

/** A Latin word and the word or number after it, which may be one word written apart (`web assembly`, `gpt 4`). */
function joinable(a: Unit, b: Unit): boolean {
  return a.bounded && b.bounded && LATIN.test(a.text) && (LATIN.test(b.text) || VERSION.test(b.text));
}

/**
 * Adds joined (`web assembly` → `webassembly`, `gpt 4` → `gpt4`) and split (`tailwindcss`
 * → `tailwind css`, `gpt4` → `gpt 4`, `gpt-4`) forms the index knows.
 */
function latinVariants(required: Requirement[], df: DocumentFrequency, added: Unit[]): Requirement[] {
  const out: Requirement[] = [];
  for (let i = 0; i < required.length; i++) {
    const a = single(required[i]!);
    const b = i + 1 < required.length ? single(required[i + 1]!) : null;
    // A word and the word or number after it (`GPT-4` is cut as gpt and 4).
    const version = !!b && VERSION.test(b.text);
    if (a && b && joinable(a, b)) {
      const joined = makeUnit(a.text + b.text);
      if (df(joined) > 0) {
        out.push([[a, b], [joined]]);
        // A version written otherwise is found, and ranks after the spelling typed.
        if (!version) added.push(joined, makeUnit(`${a.text} ${b.text}`));
        i++;
        continue;
      }
    }
    if (a?.bounded && LATIN.test(a.text)) {
      const numbered = numberedSplit(a.text, df);
      const split = numbered ?? (a.text.length >= 6 ? bestSplit(a.text, df) : null);
      if (split) {
        const spaced = makeUnit(`${split[0]} ${split[1]}`);
        const hyphened = makeUnit(`${split[0]}-${split[1]}`);
        out.push([[a], [spaced], [hyphened]]);
        if (!numbered) added.push(spaced, hyphened);
        continue;
      }
    }
    out.push(required[i]!);
  }
  return out;
}

/** A version: a number, and letters after it (`4`, `11`, `4o`). */
const VERSION = /^[0-9][a-z0-9]*$/;
/** Letters then a version (`gpt4`, `win11`, `python3`, `gpt4o`, `utf8`): a name and its version. */
const NUMBERED = /^([a-z]{2,})([0-9][a-z0-9]*)$/;

/** A name and its version written together (`gpt4`) split where the number starts, when the index knows it apart (`gpt 4`, `gpt-4`). */
function numberedSplit(word: string, df: DocumentFrequency): [string, string] | null {
  const m = NUMBERED.exec(word);
  if (!m) return null;
  const [, name, version] = m;
  return df(makeUnit(`${name} ${version}`)) > 0 || df(makeUnit(`${name}-${version}`)) > 0 ? [name!, version!] : null;
}

/** The split of a Latin word into two words the index knows, the more common the parts the better. */
function bestSplit(word: string, df: DocumentFrequency): [string, string] | null {
  let best: [string, string] | null = null;
  let bestScore = 0;
  for (let i = 3; i <= word.length - 2; i++) {
    const left = word.slice(0, i);
    const right = word.slice(i);
    const together = df(makeUnit(`${left} ${right}`));
    if (together === 0) continue;
    const score = Math.min(df(makeUnit(left)), df(makeUnit(right))) + together;
    if (score > bestScore) {
      best = [left, right];
      bestScore = score;
    }
  }
  return best;
}

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

/** A number alone (`17`, `3.12`), without synonyms. */
function isNumber(r: Requirement): boolean {
  const u = single(r);
  return !!u && NUMBER.test(u.text);
}

const NUMBER = /^[0-9]+(\.[0-9]+)*$/;

/** Fewer posts than this with every word, and posts with most of them follow (a constant, so totals do not change from page to page). */
export const FILL_UP_BELOW = 10;

/** Each requirement's units, any of which meets it: what proximity.ts `closeness` looks for. */
export function requirementGroups(plan: QueryPlan): Unit[][] {
  return packed(plan.required.map(joinLists));
}

/** The information of a requirement: the IDF on this site of its commonest alternative. */
export function requirementInformation(req: Requirement, df: DocumentFrequency, documents: number): number {
  return information(Math.max(...req.map((alt) => Math.min(...alt.map(df)))), documents);
}

/** The IDF of a word in `count` of the site's posts. */
function information(count: number, documents: number): number {
  return Math.log(1 + documents / (1 + count));
}

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
  // A number typed apart names no topic either (`17` of `iOS 17`, `3.12` of `Python 3.12`),
  // however rare: beside a word, it counts as a common word. Typed against a word it is
  // part of a name (`分解42`, `98.css`).
  const version = (r: Requirement): boolean => isNumber(r) && plan.segments.some((s) => s.text === single(r)!.text);
  if (!reqs.every(version)) reqs.forEach((r, i) => version(r) && (weight[i] = Math.min(weight[i]!, commonWord)));
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
    // Pruned: posts with only common words were left out, which only a page the strong posts
    // do not fill would show (below). Then all of them are counted after all.
    if (pruned && have.size + strongOf(slots, covered, keep).length < FILL_UP_BELOW) {
      for (const slot of slots) covered[slot] = scratch.met[slot] = 0;
      slots.length = 0;
      postsMeetingSome(c, plan, weight, keep, covered, met, false, slots);
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
    // The posts the filters keep, and of those the ones covering enough (FILL_UP_LEAST);
    // too few of those, and the buckets that fill a page (fillingBucket).
    const strong = strongOf(slots, covered, keep);
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
    if (full.tiers[i]! >= TIER.WHOLE_QUERY) continue;
    const d = c.docs[full.slots[i]!]!;
    if (Math.max(closeness(d.norm.title, groups), closeness(d.norm.body, groups)) >= scattered) continue;
    full.tiers[i] = top;
    full.setCoverage(i, 1);
  }
}
