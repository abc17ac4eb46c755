/**
 * node dist/scripts/question-variants.js INDEX [--posts DIR] [--other ROOT] [--show VARIANT]
 *
 * Does a reader who asks for a post in a question still find it? Each post of `--posts`
 * (default ../shared/corpus/_posts; ids are file names without extension) whose title is a
 * question (如何, 怎么, 为什么…) is searched by its title and by variants a reader might type
 * instead: another question word (如何 → 怎么, 为什么 → 为啥), a particle added (呢), the
 * question mark dropped; and every 17th post's title of 4 to 20 characters is asked about
 * (怎么 + title, title + 是什么, 请问 + title + 吗, title + 好不好, title + 的优缺点,
 * 关于 + title + 的文章, title + 教程…: the last adds a word the post need not say, a
 * measure of what an extra word costs). Reported per variant: the mean
 * reciprocal rank of the post in the top 10, how many were in the top 10, and how many
 * searches found nothing. With `--other`, another build (a worktree built with
 * `npx tsc -p .`) answers the same searches, reported beside it. `--show VARIANT` lists
 * that variant's searches whose post was not first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../src/config.js';
import { ROOT } from './server-process.js';
import { engineOf } from './engine-of.js';

interface Engine {
  search(query: string, options: { limit: number }): { total: number; hits: { id: string; title: string }[] };
  get(id: string): { title: string } | undefined;
}

const index = process.argv[2];
const args = parseArgs(process.argv.slice(3));
if (!index || index.startsWith('--')) {
  console.error('usage: question-variants INDEX [--posts DIR] [--other ROOT] [--show VARIANT]');
  process.exit(2);
}
const postsDir = String(args.posts ?? path.join(ROOT, '../shared/corpus/_posts'));
const builds: [string, Engine][] = [['this checkout', await engineOf<Engine>(ROOT, index)]];
if (args.other) builds.push([String(args.other), await engineOf<Engine>(String(args.other), index)]);

const ids = fs
  .readdirSync(postsDir)
  .filter((f) => /\.(md|markdown|html)$/.test(f))
  .sort()
  .map((f) => f.replace(/\.[^.]+$/, ''));
const titleOf = (id: string): string => builds[0]![1].get(id)?.title ?? '';
// Titles with query syntax in them (quotes, a leading minus) would test the syntax instead.
const plain = (t: string): boolean => !/["“”＂]|(^|\s)-/.test(t);
const questions = ids.filter(
  (id) => /如何|怎么|为什么|怎样|什么是|是什么/.test(titleOf(id)) && titleOf(id).length >= 6 && plain(titleOf(id)),
);
const sample = ids.filter((id, i) => i % 17 === 0 && titleOf(id).length >= 4 && titleOf(id).length <= 20 && plain(titleOf(id)));

/**
 * The forms a sampled title is asked about in, each its own name: `title` stands for the
 * title, ` + ` joins the parts as typed (no space between them), ` ~ ` with a space.
 */
// prettier-ignore
const ASKED = [
  'title',
  '怎么 + title',
  'title + 是什么',
  '请问 + title + 吗',
  '有没有 + title',
  '为啥 + title',
  'title + 怎么样',
  'title + 有什么用',
  '如何评价 + title',
  'title + 的优缺点',
  'title + 是什么意思',
  'title + 怎么用',
  '怎样才能 + title',
  'title + 好不好',
  'title + 值得买吗',
  'title + 靠谱吗',
  '关于 + title + 的文章',
  'title + 教程',
  'title + 是怎么回事',
  'title + 有什么作用',
  'title + 的含义',
  'title + 到底是什么',
  'title + 是真的吗',
  'title + 还能用吗',
  'title + 为什么这么火',
  'title + 的用途',
  'title + 最新消息',
  '什么是 + title',
  'title + 有哪些',
  '大家觉得 + title + 怎么样',
  'title + 的替代品',
  'title + 的介绍',
  'title + 的意义',
  'title + 能干什么',
  'title + 是什么原理',
  'title + 相关的文章',
  '请介绍一下 + title',
  '我想了解 + title',
  '帮我找 + title',
  '有人知道 + title + 吗',
  '谁能告诉我 + title',
  'title + 是什么东东',
  '有没有人用过 + title',
  'title + 是谁开发的',
  'title + 有什么新闻',
  'title + 免费吗',
  'title + 有用吗',
  '怎么学 + title',
  '新手如何学 + title',
  'title + 适合新手吗',
  'title + 现在怎么样了',
  '最近 + title + 怎么了',
  'title + 是干嘛的',
  'title + 是啥玩意',
  'title + 用来做什么',
  'title + 有哪些功能',
  'title + 和ChatGPT哪个好',
  'title + 好使吗',
  'title + 怎么用啦',
  'title + 好用哦',
  'title + 和其他工具相比有什么优势',
  '为什么很多人推荐 + title',
  'title + 是不是已经过时了',
  'title + 有哪些坑',
  'title + 为什么这么流行',
  '学习 + title + 需要什么基础',
  '有人用过 + title + 吗',
  'title + 用什么语言写的',
  'title + 是哪个公司的',
  'title + 是哪国的',
  'title + 哪天发布',
  'title + 使用心得',
  'title + 评测',
  '最好的 + title',
  '怎么挑选 + title',
  '如何学好 + title',
  '怎么做好 + title',
  '如何保持 + title',
  'title + 要学几年',
  'title + 多少钱一个月',
  '什么是 ~ title',
  'title ~ 是什么',
  '如何 ~ title',
  'title ~ 怎么用',
  '关于 ~ title',
  'title ~ 教程',
  '用 + title + 做什么',
  '怎么用 + title',
  '拿 + title + 做什么',
  '对 + title + 的看法',
  '买 + title',
  '在 + title + 上装Linux',
];

/** A variant: its name, the posts it asks for, and the query it makes of a title (null: not applicable). */
type Variant = [string, string[], (title: string) => string | null];

const VARIANTS: Variant[] = [
  ['question title', questions, (t) => t],
  ['如何 → 怎么', questions, (t) => (t.includes('如何') ? t.replaceAll('如何', '怎么') : null)],
  ['怎么 → 如何', questions, (t) => (t.includes('怎么') ? t.replaceAll('怎么', '如何') : null)],
  ['为什么 → 为啥', questions, (t) => (t.includes('为什么') ? t.replaceAll('为什么', '为啥') : null)],
  ['+ 呢', questions, (t) => `${t.replace(/[？?]$/, '')}呢`],
  ['？ dropped', questions, (t) => (/[？?]/.test(t) ? t.replace(/[？?]/g, '') : null)],
  ...ASKED.map((form): Variant => [
    form,
    sample,
    (t) =>
      form
        .split(/ ([+~]) /)
        .map((part) => (part === 'title' ? t : part === '+' ? '' : part === '~' ? ' ' : part))
        .join(''),
  ]),
];

console.log(['variant', 'searches', ...builds.map(([name]) => `${name}: MRR@10, in top 10, none found`)].join(' | '));
for (const [name, posts, vary] of VARIANTS) {
  const figures = builds.map(() => ({ rr: 0, top10: 0, none: 0 }));
  let searches = 0;
  for (const id of posts) {
    const query = vary(titleOf(id));
    if (query === null) continue;
    searches++;
    builds.forEach(([, engine], b) => {
      const r = engine.search(query, { limit: 10 });
      const at = r.hits.findIndex((h) => h.id === id);
      const f = figures[b]!;
      if (at >= 0) {
        f.rr += 1 / (at + 1);
        f.top10++;
      }
      if (r.total === 0) f.none++;
      if (b === 0 && args.show === name && at !== 0)
        console.log(`  ${at < 0 ? '-' : at + 1}: ${query} → ${r.hits[0]?.title ?? '(nothing)'}`);
    });
  }
  console.log([name, searches, ...figures.map((f) => `${(f.rr / Math.max(1, searches)).toFixed(3)}, ${f.top10}, ${f.none}`)].join(' | '));
}
process.exit(0);
