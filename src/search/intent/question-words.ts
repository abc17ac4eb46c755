/**
 * How a Chinese (or English) question is put, as words: the question and grammatical
 * words, modals and their negations, yes-or-no questions, quantities, the judgement asked
 * for, comparisons and weighings, and the relation asked about (`T是谁开发的`). What
 * optional-words.ts makes optional in a query is decided from these.
 */
import type { Unit } from '../match.js';
import { isModifier, isOneCharVerb, MODAL_CHARS } from '../../text/modifiers.js';
import { singleUnit as single, type Requirement } from '../query-plan.js';

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
  // Unable to, after the verb (`登录不了`); or, between the two things a reader chooses from
  // (`Mac还是Windows`); than (`Rust是不是比C++安全`); as (`手机可以当电脑用吗`).
  '不了', '还是', '比', '当',
  // Conjunctions joining a reader's clauses (`想换工作但是不知道怎么写简历`, `电脑上怎么同时开两个微信`).
  '但是', '可是', '而且', '并且', '或者', '因为', '所以', '如果', '虽然', '然后', '同时',
];

/**
 * The asking words that only a question has: who, what, how, why, which, whether, how
 * many, and the particles that end a question (normalised: 么 stays 么).
 */
// prettier-ignore
const INTERROGATIVES = new Set([
  '怎么', '怎样', '怎么样', '怎么办', '如何', '为什么', '为何', '什么', '什么样', '哪些', '哪个', '哪里', '哪儿', '哪款', '有没有',
  '有什么', '是不是', '能不能', '可不可以', '会不会', '要不要', '是否', '能否', '请问', '吗', '呢', '么', '哪', '谁',
  // Spoken forms, and asking how many, how long, when.
  '为啥', '啥', '咋', '咋样', '咋办', '干嘛', '干啥', '干什么', '多少', '多久', '几', '什么时候',
  '哪家', '哪种', '哪一个', '哪一种', '哪位',
]);

/**
 * Words that make a query a question: they say how it is asked, not what about. The
 * interrogatives, and words a question is put with that keywords have too (`一个非常` is a
 * phrase, not a question): modals, particles, asking for a recommendation or for help
 * (`帮我找…`).
 */
// prettier-ignore
const ASKING_WORDS = new Set([
  ...INTERROGATIVES,
  '可以', '推荐', '求', '吧', '呀', '嘛', '啊', '一下', '一个', '一些', '要', '想', '能', '会', '应该', '需要', '得', '时候',
  '帮', '帮忙',
]);

/**
 * The judgements a reader asks for, good, easy or hard to do, worth it and suited to
 * (`哪个好学`, `有什么好看的纪录片`, `值得买吗`, `适合程序员的键盘`, and in keywords
 * `好用的截图工具`): what a post on the thing seldom says. Optional wherever they stand.
 */
// prettier-ignore
export const JUDGEMENTS = new Set([
  '好用', '好学', '好玩', '好看', '好吃', '好喝', '好听', '难学', '难用', '易用', '值得', '适合', '好使', '管用', '可靠', '靠谱',
  '划算', '合算',
  // The best asked for (`最好的Markdown编辑器`, `最佳…`).
  '最好', '最佳',
]);

/**
 * Asking for what is newest (`最新的iPhone`, `最近的AI新闻`, `Rust 最新版本`): what a post on
 * the thing seldom says of itself. Optional wherever they stand, and the newest posts of
 * about the same relevance come first (search/engine.ts `RECENCY_FRESHNESS`).
 */
export const RECENCY = new Set(['最新', '最近', '近期', '近来', '新近']);

/**
 * Words that in a question are part of how it is asked (`怎样才能睡好`: only then can;
 * `区块链是什么东西`: what thing; `…是什么意思`, `…是怎么回事`: what it means), and in
 * keywords may be what is asked for (才能, talent); with them the groups below: what a
 * post on the thing seldom says.
 */
// prettier-ignore
export const ASKING_IN_QUESTIONS = new Set([
  '才能', '东西', '玩意', '玩意儿', '意思', '含义', '回事',
  // The choice asked for (`机械键盘怎么选`, `Vue和React选哪个`, `怎么挑选显示器`).
  '选', '挑', '选择', '挑选', '选购',
  // What a thing is for and what it is like (`…有什么作用`, `…用来做什么`, `…有哪些功能`).
  '作用', '用途', '用处', '用来', '功能', '特点', '特色',
  // How a question asks for a view (`如何看待996`, `怎么评价…`, `大家觉得…怎么样`).
  '看待', '评价', '觉得', '认为', '看法',
  // What the reader asks to be told or was told (`请介绍一下…`, `我想了解…`, `有人知道…吗`,
  // `…是什么东东`, `听说Arc浏览器很好用是真的吗`).
  '介绍', '了解', '知道', '有人', '告诉', '讲讲', '说说', '东东', '听说', '真的',
  // Who asks and when (`新手如何学…`, `…适合新手吗`, `…现在怎么样了`, `最近…怎么了`), and
  // whether it is of use (`…有用吗`).
  '学', '学习', '学会', '新手', '小白', '初学者', '现在', '最近', '目前', '如今', '有用',
  // Asking for a way (`有什么办法能…`).
  '办法',
  // Whether it has had its day, its pitfalls, why so popular (`…是不是已经过时了`,
  // `…有哪些坑`, `为什么…这么火`).
  '过时', '坑', '火', '火爆', '流行', '受欢迎',
  // Whether it has a future or is still around (`…有前途吗`, `现在还有人用…吗`).
  '前途', '前景', '还有',
]);

/**
 * Unable to, as a verb and a complement of result or direction negated (`打不开` of
 * `GitHub为什么打不开`, `睡不着`, `买不起`): in a question, the trouble asked about is the
 * thing's, which a post on it names in other words (无法访问, 失眠). Not the complement
 * alone, where jieba cut the verb off (`留` `不住`): it is then what was kept. 不了 is
 * among the grammatical words.
 */
const UNABLE = /^\p{Script=Han}不[住到起动开上下去来完够清懂见着]$/u;

/** True for a verb's negated complement ({@link UNABLE}). */
export function isUnable(text: string): boolean {
  return UNABLE.test(text);
}

/** How often, which jieba's dictionary does not tag as an adverb (`为什么总是失眠`). */
export const OFTEN = new Set(['总是', '老是']);

/**
 * The direction of a change a question asks how to make (`怎么提高代码质量`, `如何减少…`,
 * `怎样防止…`, `如何给网站加上HTTPS`), or how to cope with a thing or grow it
 * (`如何应对职场压力`, `怎么培养…习惯`): before its object or after it (`代码质量怎么提高`),
 * what is asked about is the object, which a post on it names without the verb. After 的
 * it is a noun (`命令行工具的增强`), what is asked about.
 */
// prettier-ignore
export const CHANGING = new Set([
  '提高', '提升', '改善', '改进', '增加', '增强', '减少', '降低', '避免', '防止', '添加', '加上', '加入',
  '培养', '养成', '应对', '克服', '缓解', '摆脱',
  // And the trouble asked how to solve (`怎么解决…`, `npm报错怎么解决`, `如何修复…`).
  '解决', '修复', '处理', '排查',
]);

/**
 * Prepositions whose object is a thing (`咖啡对健康有害吗`, `关于幸福的书`, `把代码变简单`):
 * a word jieba's dictionary tags as an adjective right after one is used as a noun, what
 * is asked about (健康), not how.
 */
export const TAKING_OBJECTS = new Set(['对', '关于', '把', '给']);

/**
 * Prepositions of one character (jieba's tag `p`) that take what follows as their object
 * (`用树莓派`, `在浏览器里`, `把网页`), which jieba's model may glue to it.
 */
export const PREPOSITIONS = new Set(['用', '把', '给', '对', '在', '从', '被', '向', '跟', '将', '往', '朝', '替']);

/** Verbs of a tool something is done with (`用Rust写命令行工具`, `拿手机拍照`). */
export const TOOL_TAKING = new Set(['用', '拿']);

/** How many say so, in a question (`为什么很多人推荐…`), with the people after it. */
export const MANY = new Set(['很多', '许多', '不少', '好多']);

/**
 * A comparison's own words (`Vue和React的区别`, `Rust 与 Go 有什么不同`, `…和其他工具相比`,
 * `Git和GitHub是什么关系`): with two things joined by 和, 与, 跟 or 及, what is asked about
 * is the two things; a post comparing them seldom says 区别.
 */
export const COMPARING = new Set(['区别', '差别', '差异', '异同', '不同', '相比', '相较', '比较', '对比', '关系', '联系']);
export const JOINING = new Set(['和', '与', '跟', '及']);

/**
 * The weighing asked for (`飞行汽车的优缺点`, `远程办公的利弊`): what is asked about is the
 * thing, and a post on it seldom says 优缺点. Optional wherever they stand, as a question
 * or as keywords.
 */
export const WEIGHING = new Set(['优缺点', '优劣', '利弊', '好坏', '优点', '缺点', '好处', '坏处', '优势', '劣势']);

/**
 * A resemblance asked for (`像Notion一样的开源软件`, `类似Notion的软件`, `和Notion差不多的`):
 * what is asked about is the thing named, and things like it; a post on them seldom says
 * 一样. Optional wherever they stand, as a question or as keywords; so is the 像 that frames
 * one (`像X一样`, `像X这样`).
 */
export const RESEMBLING = new Set(['一样', '类似', '差不多', '相似', '相近', '之类']);
/**
 * Adverbs of degree (`很慢`, `太贵`, `越来越慢`, `这么便宜`): the adjective after one is the
 * state a question asks about (`电脑很慢怎么办` is about slowness), not how something should
 * be done (`怎么把网页完整保存下来`). Not 最, 比较 or 更: `哪个最好用` asks for the best, and a
 * post on it need not say 好用; `让网站更快` asks how to make it so.
 */
const DEGREE = /^(很|太|越来越|非常|特别|十分|挺|这么|那么|如此|有点|有些)/;

/** The adjective of a word of an adverb of degree and an adjective (`很慢` → 慢), or null. */
export function statedOf(text: string): string | null {
  const m = DEGREE.exec(text);
  if (!m || m[0].length === text.length) return null;
  const rest = text.slice(m[0].length);
  return isModifier(rest) ? rest : null;
}

/**
 * An adverb of degree standing alone (`最` `古老`, `更` `快`, `非常`): how much, never what
 * about, as a question or as keywords. Not 特别 or 比较, which are also an adjective and a
 * verb (`特别版`, `比较` of a comparison).
 */
const DEGREE_ALONE = /^(很|太|越来越|非常|十分|挺|有点|有些|最|更|更加|最为|极其)$/;

/** True for an adverb of degree standing alone ({@link DEGREE_ALONE}). */
export function isDegreeAlone(text: string): boolean {
  return DEGREE_ALONE.test(text);
}

/** An adverb of degree alone (`越来越`, `这么`), before the adjective it grades. */
export function isDegree(text: string): boolean {
  const m = DEGREE.exec(text);
  return !!m && m[0].length === text.length;
}

/** What closes the frame that 像 opens (`像X一样`, `像X这样的`). */
export const LIKE_CLOSING = new Set([...RESEMBLING, '这样', '那样', '这种', '那种']);

/**
 * English question and function words, as readers of a technical blog type them
 * (`how to learn python`, `what is rust`, `rust vs go`): in a site written in Chinese,
 * too rare for their frequency to mark them. Optional only beside another English word
 * (`IT 行业`, `A 股`, `CAN 总线` keep theirs), and the ones that are also Chinese
 * readers' abbreviations (IT, A, CAN, I/O) are not among them.
 */
// prettier-ignore
export const ENGLISH_FUNCTION_WORDS = new Set([
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
export function isModalAndVerb(text: string): boolean {
  if (text.length !== 2 || !MODAL_CHARS.includes(text[0]!)) return false;
  const second = text[1]!;
  // 学 is a noun to jieba's dictionary, and a question's verb (`想学编程`).
  return QUESTION_WORDS.has(second) || isOneCharVerb(second) || second === '学';
}

/** Measure words that jieba's model joins to a number (`几本`, `一款`, `两年`). */
const MEASURES = '个本款种家部篇首件位只条台些张份次平斤米吨升克杯瓶年天月周岁';

/**
 * A number and a measure word as one word of jieba's (`几本`, `一款`, `两个`, the `一平` of
 * `上海房价多少钱一平`): in a question, how many or how much is asked for
 * (`能推荐几本科幻小说吗`), never what about; in keywords
 * (`两种天气`) it may be part of what was asked for.
 */
export const QUANTITY = new RegExp(`^[几一两][${MEASURES}]$`);

/** How many, as one word of jieba's (`几年`, `几个`, `几本`): a word only a question has. */
const HOW_MANY = new RegExp(`^几[${MEASURES}]$`);

/** The words that ask an amount before its unit ({@link UNITS}). */
export const HOW_MUCH = new Set(['多少', '几', '几个']);

/**
 * Units a quantity is asked in after 多少, 几 or 几个 (`多少钱`, `多少公里`, `几个小时`): the
 * amount asked, which a post gives in figures, never what about.
 */
// prettier-ignore
export const UNITS = new Set([
  '钱', '元', '块', '公里', '千米', '里', '米', '厘米', '公斤', '千克', '斤', '克', '吨', '升', '平米', '平方米',
  '小时', '分钟', '秒', '天', '年', '个月', '月', '周', '岁', '倍',
]);

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
const EXISTENTIAL = new Set(['有', '有没有', '没有', '没', '还有']);

/** True when the `i`th requirement is someone having done it ({@link SOMEONE_DID}). */
export function isSomeoneDid(required: readonly Requirement[], i: number): boolean {
  const text = single(required[i]!)?.text ?? '';
  const did = SOMEONE_DID.exec(text);
  return !!did && isLightVerb(did[1]!) && (text[0] !== '人' || EXISTENTIAL.has(single(required[i - 1] ?? [])?.text ?? ''));
}

/** A verb of one character, as jieba's dictionary tags it, or a modal (`用`, `有`). */
function isLightVerb(char: string): boolean {
  return isOneCharVerb(char) || MODALS.has(char);
}

/**
 * A verb of one character and the complement 好 or 得 as one word (`做好` of
 * `怎么做好时间管理`, `学好`, `开得` of `为什么飞机不能开得更快`): in a question, how well
 * something is done, which says little of what about; as the verb alone would.
 */
export function isVerbAndComplement(text: string): boolean {
  if (text.length !== 2 || (text[1] !== '好' && text[1] !== '得')) return false;
  // 学 is a noun to jieba's dictionary, and a question's verb (`如何学好英语`).
  return isLightVerb(text[0]!) || ASKING_IN_QUESTIONS.has(text[0]!);
}

/** A verb of one character and the experiential 过 as one word (`用过`, `玩过`): in a question, as the verb alone. */
export function isVerbDone(text: string): boolean {
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
export function relationsAsked(required: Requirement[]): Set<string> {
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
export function negated(text: string): string | null {
  return NEGATION.test(text) ? text.slice(1) : null;
}

/** A word only a question has ({@link INTERROGATIVES}, a yes-or-no question, `几年`, `哪国`). */
export function isInterrogative(text: string): boolean {
  return INTERROGATIVES.has(text) || YES_OR_NO.test(text) || HOW_MANY.test(text) || (WHICH.test(text) && text !== '哪吒');
}

/** A word that makes a query a question: an interrogative, or another of the {@link ASKING_WORDS}. */
function isAsking(text: string): boolean {
  return ASKING_WORDS.has(text) || isInterrogative(text);
}

/** A question word, a grammatical word, a negated modal, or a yes-or-no question. */
export function isQuestionWord(text: string): boolean {
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
