/**
 * Ranking for what readers type: question words are optional, a few full matches are
 * followed by posts with most of the words (rarest words deciding), Latin spelling
 * variants match each other, and `explain` says why a hit ranks where it does.
 */
import assert from 'node:assert/strict';
import { SearchEngine } from '../src/search/engine.js';
import { whenReady } from '../src/text/jieba.js';

const ids = (r: { hits: { id: string }[] }): string[] => r.hits.map((h) => h.id);
/** Sentences about nothing in particular, to make a post long. */
const filler = (n: number): string => '今天天气不错，我们去公园散步，看见很多人在跑步。'.repeat(n);
/** `n` posts numbered from `from` (their ids), each saying `body` beside some filler. */
const postsSaying = (body: string, n: number, from: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${from + i}`,
    title: `第${from + i}篇`,
    date: '2024-01-01',
    body: `<p>${body} ${filler(1)}</p>`,
  }));

/** A post saying `text`, dated `date`. */
const post = (id: string, title: string, text: string, date = '2024-01-01') => ({ id, title, date, body: `<p>${text}</p>` });

async function engineOf(posts: Parameters<SearchEngine['add']>[0]): Promise<SearchEngine> {
  await whenReady();
  const e = new SearchEngine();
  e.add(posts);
  return e;
}

describe('ranking for what readers type', function () {
  this.timeout(30_000);
  let e: SearchEngine;
  before(async () => {
    await whenReady();
    e = new SearchEngine();
    e.add([
      { id: 'unit-tests', title: '写单元测试的好处', date: '2024-01-01', body: '<p>写单元测试能让重构更放心，单元测试也是一种文档。</p>' },
      { id: 'essay', title: '一篇随笔', date: '2024-01-02', body: '<p>为什么要写博客？怎么坚持下去？这是一个问题。</p>' },
      { id: 'dino-fossil', title: '恐龙化石的新发现', date: '2024-02-01', body: '<p>古生物学家在内蒙古发现了一块完整的恐龙化石。</p>' },
      { id: 'dino', title: '恐龙是怎样灭绝的', date: '2024-02-02', body: '<p>小行星撞击地球，恐龙从此消失。</p>' },
      { id: 'fossil-fuel', title: '化石能源的未来', date: '2024-02-03', body: '<p>煤炭和石油都属于化石能源。</p>' },
      { id: 'tailwind', title: 'Tailwind CSS 入门', date: '2024-03-01', body: '<p>用 Tailwind CSS 写样式，不用再起类名。</p>' },
      { id: 'wasm', title: 'WebAssembly 简介', date: '2024-03-02', body: '<p>WebAssembly 让浏览器运行接近原生速度的代码。</p>' },
      { id: 'gpt-4', title: 'GPT-4 能看图了', date: '2024-04-01', body: '<p>新模型可以读懂截图。</p>' },
      { id: 'gpt4', title: '我用 GPT4 写脚本', date: '2024-04-02', body: '<p>十分钟写完一个备份脚本。</p>' },
      { id: 'python-3', title: '从 Python 2 迁移到 Python 3', date: '2024-04-03', body: '<p>字符串的处理变了。</p>' },
    ]);
  });

  it('finds the posts about a question’s subject, though they lack its question words', () => {
    const r = e.search('为什么要写单元测试', { explain: true });
    // 为什么 and 要 are optional: the post about unit tests has every word left.
    assert.equal(r.hits[0]!.id, 'unit-tests');
    assert.equal(r.hits[0]!.explain!.tier, 'every-word');
    // explain says which words were required: 写, a verb of one character, is optional
    // in a question too, so an essay sharing only 为什么/要/写 is not a match.
    assert.deepEqual(r.hits[0]!.explain!.required, ['单元测试']);
    assert.deepEqual(r.hits[0]!.explain!.missing, []);
    assert.deepEqual(ids(r), ['unit-tests']);
  });

  it('explains BM25 field by field, each part with its field’s boost, the parts summing to the whole', async () => {
    const posts = [
      { id: 'in-title', title: '量子计算入门', date: '2024-01-01', body: '<p>一些别的内容。</p>' },
      { id: 'in-tags', title: '一篇笔记', date: '2024-01-02', tags: ['量子计算'], body: '<p>今天读了一些资料。</p>' },
      { id: 'in-body', title: '读书笔记', date: '2024-01-03', body: '<p>今天读了量子计算的资料。</p>' },
    ];
    const fieldsOf = (engine: SearchEngine) =>
      Object.fromEntries(
        engine.search('量子计算', { explain: true }).hits.map((h) => [h.id, { ...h.explain!.fields!, bm25: h.explain!.bm25 }]),
      );
    const f = fieldsOf(await engineOf(posts));
    assert.deepEqual(Object.keys(f).sort(), ['in-body', 'in-tags', 'in-title']);
    for (const [id, field] of [
      ['in-title', 'title'],
      ['in-tags', 'tags'],
      ['in-body', 'body'],
    ] as const) {
      // The word is in one field of each post: that field holds its whole BM25.
      assert.ok(f[id]![field] > 0, id);
      assert.equal(f[id]!.title + f[id]!.tags + f[id]!.body, f[id]![field], id);
      assert.ok(Math.abs(f[id]![field] - f[id]!.bm25) < 0.002, id);
    }
    // A site boosting titles twice as much as the default sees the title's part doubled, the others as they were.
    const boosted = new SearchEngine({ boost: { title: 6 } });
    boosted.add(posts);
    const g = fieldsOf(boosted);
    assert.ok(Math.abs(g['in-title']!.title - 2 * f['in-title']!.title) < 0.002);
    assert.equal(g['in-body']!.body, f['in-body']!.body);
    assert.equal(g['in-tags']!.tags, f['in-tags']!.tags);
  });

  it('weighs category names only where a site boosts them, and never matches a post by them', async () => {
    const posts = [
      { id: 'filed', title: '一篇笔记', date: '2024-01-01', categories: ['量子计算'], body: '<p>今天读了量子计算的资料。</p>' },
      { id: 'unfiled', title: '一篇笔记', date: '2024-01-02', categories: ['生活'], body: '<p>今天读了量子计算的资料。</p>' },
      { id: 'only-filed', title: '随笔', date: '2024-01-03', categories: ['量子计算'], body: '<p>今天天气不错。</p>' },
    ];
    const hitsOf = (engine: SearchEngine) =>
      engine.search('量子计算', { explain: true }).hits.map((h) => ({ id: h.id, ...h.explain!.fields!, bm25: h.explain!.bm25 }));
    // By default the two posts saying the same words weigh the same, whatever they are filed under.
    const plain = hitsOf(await engineOf(posts));
    assert.deepEqual(plain.map((h) => h.id).sort(), ['filed', 'unfiled']);
    assert.equal(plain[0]!.bm25, plain[1]!.bm25);
    assert.deepEqual(
      plain.map((h) => h.categories),
      [0, 0],
    );
    // Boosted, the post filed under the query's words ranks first, by its categories' part
    // of BM25; the post filed there without saying the words is still no match.
    const boosted = new SearchEngine({ boost: { categories: 2 } });
    boosted.add(posts);
    const b = hitsOf(boosted);
    assert.deepEqual(
      b.map((h) => h.id),
      ['filed', 'unfiled'],
    );
    assert.ok(b[0]!.categories > 0);
    assert.equal(b[1]!.categories, 0);
    assert.ok(Math.abs(b[0]!.title + b[0]!.tags + b[0]!.categories + b[0]!.body - b[0]!.bm25) < 0.002);
    assert.ok(Math.abs(b[0]!.bm25 - b[1]!.bm25 - b[0]!.categories) < 0.002);
    // A post added later is weighed by its categories too (the texts follow the posts).
    boosted.add([
      { id: 'filed-later', title: '一篇笔记', date: '2024-01-04', categories: ['量子计算'], body: '<p>今天读了量子计算的资料。</p>' },
    ]);
    assert.deepEqual(
      hitsOf(boosted)
        .map((h) => h.id)
        .sort(),
      ['filed', 'filed-later', 'unfiled'],
    );
    assert.equal(hitsOf(boosted).find((h) => h.id === 'unfiled')!.categories, 0);
    assert.ok(hitsOf(boosted).find((h) => h.id === 'filed-later')!.categories > 0);
  });

  it('ranks newer posts higher by the freshness a site asks for, halving every half-life, and by date only on ties otherwise', async () => {
    // The older post says the words twice: more relevant by BM25.
    const posts = [
      post('older', '一篇笔记', '量子计算的资料，量子计算的历史。', '2022-01-01'),
      post('newer', '一篇笔记', '量子计算的资料。', '2024-01-01'),
      post('undated', '一篇笔记', '量子计算的资料。', ''),
    ];
    const explained = (engine: SearchEngine) =>
      engine.search('量子计算', { explain: true }).hits.map((h) => ({ id: h.id, freshness: h.explain!.freshness }));
    const plain = explained(await engineOf(posts));
    assert.equal(plain[0]!.id, 'older');
    assert.deepEqual(
      plain.map((h) => h.freshness),
      [0, 0, 0],
    );
    // A half-life of 365 days: the newest post 1, the one 730 days older 1/4, one without a date 0.
    const fresh = new SearchEngine({ freshness: { weight: 3 } });
    fresh.add(posts);
    const f = explained(fresh);
    assert.equal(f[0]!.id, 'newer');
    const of = Object.fromEntries(f.map((h) => [h.id, h.freshness]));
    assert.equal(of.newer, 1);
    assert.equal(of.older, 0.25);
    assert.equal(of.undated, 0);
    // Counted from the newest post: a newer one added later takes its place.
    fresh.add([post('newest', '另一篇', '别的内容。', '2024-12-31')]);
    assert.equal(Object.fromEntries(explained(fresh).map((h) => [h.id, h.freshness])).newer, 0.5);
    // …but not from a post scheduled ahead (Jekyll's `future: true`): from today then, and
    // that post is as new as can be.
    fresh.add([post('scheduled', '一篇笔记', '量子计算的计划。', '2099-01-01')]);
    const ahead = Object.fromEntries(explained(fresh).map((h) => [h.id, h.freshness]));
    assert.equal(ahead.scheduled, 1);
    const daysAgo = (Date.now() - Date.parse('2024-01-01')) / 86_400_000;
    assert.ok(Math.abs(ahead.newer! - Math.round(1000 * 2 ** (-daysAgo / 365)) / 1000) <= 0.001);
  });

  it('fills the page with posts having some of the words, below the full matches, and says so', () => {
    const r = e.search('恐龙 化石');
    assert.equal(ids(r)[0], 'dino-fossil');
    assert.deepEqual(ids(r).slice(1).sort(), ['dino', 'fossil-fuel']);
    assert.equal(r.matched, 'most');
    assert.equal(r.total, 3);
  });

  it('fills up Latin and Han run together as it fills up the words written apart (LLM应用, LLM 应用)', async () => {
    const f = await engineOf([
      post('joined', 'DevOpsGPT', '一个 LLM应用 的例子。'),
      post('llm', 'LLM 可视化', '看 LLM 怎样一步步生成文字。'),
      post('apps', '应用商店', '手机上的应用越来越多。'),
    ]);
    for (const query of ['LLM应用', 'LLM 应用']) {
      const r = f.search(query);
      assert.deepEqual([r.matched, ids(r)[0], ids(r).slice(1).sort()], ['most', 'joined', ['apps', 'llm']], query);
    }
    // A phrase of Han characters alone found verbatim was typed as meant: not filled up.
    assert.deepEqual(ids(e.search('恐龙化石')), ['dino-fossil']);
  });

  it('leaves out fill-up posts with only the commonest word once posts with most of the information fill a page', async () => {
    // 12 posts say quokka (rare), 100 say latte (common), none both: a quokka post covers
    // most of the query's information, a latte post a fifth of it.
    const quokka = (h: { id: string }): boolean => Number(h.id) < 100;
    const many = await engineOf([...postsSaying('quokka', 12, 0), ...postsSaying('latte', 100, 100), ...postsSaying('walk', 188, 300)]);
    const r = many.search('quokka latte', { limit: 20 });
    assert.equal(r.matched, 'any');
    assert.equal(r.total, 12);
    assert.ok(r.hits.every(quokka));
    // Fewer than a page of those: the others fill it.
    const few = await engineOf([...postsSaying('quokka', 5, 0), ...postsSaying('latte', 100, 100), ...postsSaying('walk', 195, 300)]);
    const f = few.search('quokka latte', { limit: 20 });
    assert.equal(f.total, 105);
    assert.deepEqual(f.hits.slice(0, 6).map(quokka), [true, true, true, true, true, false]);
  });

  it('counts and orders the fill-up’s best buckets that fill a page, not every post with a word', async () => {
    // No post has two of the words: 3 say quokka (rare), 30 latte, 100 walk (each in under
    // a fifth of the posts, so all three are required), 467 something else.
    const site = await engineOf([
      ...postsSaying('quokka', 3, 0),
      ...postsSaying('latte', 30, 100),
      ...postsSaying('walk', 100, 200),
      ...postsSaying('run', 467, 400),
    ]);
    const r = site.search('quokka latte walk', { limit: 50 });
    assert.equal(r.matched, 'any');
    // The 3 quokka posts and the latte posts after them fill a page of 10: the walk posts,
    // which no first page shows, are left out.
    assert.equal(r.total, 33);
    const kind = (id: string): string => (Number(id) < 100 ? 'quokka' : Number(id) < 200 ? 'latte' : 'walk');
    assert.deepEqual(
      r.hits.map((h) => kind(h.id)),
      [...Array(3).fill('quokka'), ...Array(30).fill('latte')],
    );
  });

  it('keeps to the topic in the fill-up, not to the kind of post asked for (心得, 评测)', async () => {
    // 3 posts of 心得 on other things, rarer than the 8 about quokkas; none has both.
    const site = await engineOf([...postsSaying('读书心得', 3, 0), ...postsSaying('quokka', 8, 100), ...postsSaying('walk', 289, 200)]);
    const r = site.search('quokka 心得', { limit: 10 });
    assert.equal(r.matched, 'any');
    assert.deepEqual(
      r.hits.map((h) => (Number(h.id) >= 100 ? 'quokka' : '心得')),
      [...Array(8).fill('quokka'), '心得', '心得'],
    );
    // Alone, 心得 is what is asked for; before another word it is part of the topic.
    assert.equal(site.search('心得').total, 3);
    assert.deepEqual(
      site.search('心得 quokka', { limit: 3 }).hits.map((h) => h.id),
      ['0', '1', '2'],
    );
  });

  it('matches Latin words written together, apart or hyphenated', () => {
    assert.deepEqual(ids(e.search('TailwindCSS')), ['tailwind']);
    assert.deepEqual(ids(e.search('tailwind-css')), ['tailwind']);
    assert.deepEqual(ids(e.search('Web Assembly')), ['wasm']);
    assert.deepEqual(e.search('Web Assembly', { explain: true }).hits[0]!.explain!.required, ['web assembly | webassembly']);
  });

  it('marks the spelling a post has of Latin words typed apart (Vue3 for Vue 3)', () => {
    const f = new SearchEngine();
    f.add({ id: 'v', title: 'Vue3 源码解读', body: '<p>这个库把 Vue3 源码中最核心的逻辑剥离出来。</p>' });
    const hit = f.search('Vue 3').hits[0]!;
    assert.deepEqual(
      [hit.titleHighlight, hit.snippet],
      ['<mark>Vue3</mark> 源码解读', '这个库把 <mark>Vue3</mark> 源码中最核心的逻辑剥离出来。'],
    );
  });

  it('takes a title in another spelling for a title holding the query, and the spelling typed first among equals', async () => {
    const site = await engineOf([
      post('guide', 'Tailwind CSS 入门', '用 Tailwind CSS 写样式，不用再起类名。'),
      post('mention', '样式工具合集', '这个转换工具依赖 tailwindcss 包，其余都是小工具。'),
      post('typed', 'TailwindCSS 入门', '用 TailwindCSS 写样式，不用再起类名。'),
    ]);
    // Before: the post with `tailwindcss` in passing came before the guide titled Tailwind CSS.
    assert.deepEqual(ids(site.search('TailwindCSS')), ['typed', 'guide', 'mention']);
    assert.deepEqual(ids(site.search('Tailwind CSS')), ['guide', 'typed', 'mention']);
    const guide = site.search('TailwindCSS', { explain: true }).hits[1]!.explain!;
    assert.equal(guide.tier, 'other-spelling');
    assert.equal(guide.titleMatch, 1);
    // Typed hyphenated, two words the index knows apart: a title that is the query written apart is the query.
    const sd = await engineOf([
      post('videos', 'stable-diffusion-videos', '用 stable-diffusion 生成视频的脚本。'),
      post('sd', 'Stable Diffusion', '一个开源的图像生成模型。'),
      post('other', 'Stable 与 Diffusion', 'diffusion 的另一种说法。'),
    ]);
    assert.deepEqual(ids(sd.search('stable-diffusion')).slice(0, 2), ['sd', 'videos']);
    assert.equal(sd.search('stable-diffusion', { explain: true }).hits[0]!.explain!.titleMatch, 2);
    // With a word beside it, the query in another spelling is still the query verbatim.
    assert.equal(site.search('TailwindCSS 入门', { explain: true }).hits.find((h) => h.id === 'guide')!.explain!.tier, 'other-spelling');
  });

  it('matches a name written with a dot where the index knows it so (nodejs: Node.js, vuejs: Vue.js)', async () => {
    const site = await engineOf([
      post('node', 'Node.js 入门', '用 Node.js 写一个服务器。'),
      post('mention', '后端工具合集', '这个工具基于 nodejs 写成，其余都是小工具。'),
      post('vue', 'Vue.js 源码剖析', '逐行读 Vue.js 的源码。'),
      post('js', 'JS 小技巧', 'node 和 vue 之外的 js 技巧。'),
    ]);
    assert.deepEqual(ids(site.search('nodejs')), ['node', 'mention']);
    assert.deepEqual(ids(site.search('vuejs')), ['vue']);
    assert.equal(site.search('nodejs', { explain: true }).hits[0]!.explain!.tier, 'other-spelling');
    // Typed apart, the dotted name is a spelling of it too. Before: the post with `nodejs`
    // in passing came first, and the one titled Node.js after it.
    assert.deepEqual(ids(site.search('node js')).slice(0, 2), ['node', 'mention']);
    const typedApart = site.search('Node JS', { explain: true }).hits[0]!.explain!;
    assert.equal(typedApart.tier, 'other-spelling');
    assert.equal(typedApart.titleMatch, 1);
  });

  it('scores the spellings of one Latin word as one word: a post writing it both ways is not scored for two', async () => {
    const site = await engineOf([
      post('both', 'Wasm 笔记一', 'Web Assembly 很快。WebAssembly 很小。'),
      post('one', 'Wasm 笔记二', 'WebAssembly 很快了。WebAssembly 很小。'),
    ]);
    const body = (id: string): number => site.search('WebAssembly', { explain: true }).hits.find((h) => h.id === id)!.explain!.fields!.body;
    // Before: `web assembly` and `webassembly` each scored with its own IDF, the rarer one higher, and both saturating apart.
    assert.ok(Math.abs(body('both') - body('one')) < 1e-9, `${body('both')} vs ${body('one')}`);
  });

  it('splits a word written together after two letters too (AIAgent: AI Agent), and VSCode finds VS Code', async () => {
    const site = await engineOf([
      post('agent', 'AI Agent 入门', '一个会用工具的程序。'),
      post('vs-code', 'VS Code 主题', '深色主题。'),
      post('vscode', 'VSCode 的插件', '装了十个插件。'),
    ]);
    assert.deepEqual(ids(site.search('AIAgent')), ['agent']);
    assert.deepEqual(ids(site.search('VSCode')), ['vscode', 'vs-code']);
  });

  it('matches a name and its version written together, apart or hyphenated (GPT4, GPT 4, GPT-4)', () => {
    for (const q of ['GPT4', 'gpt-4', 'GPT 4']) assert.deepEqual(ids(e.search(q)).sort(), ['gpt-4', 'gpt4'], q);
    assert.deepEqual(ids(e.search('GPT4')), ['gpt4', 'gpt-4']);
    assert.deepEqual(ids(e.search('gpt-4')), ['gpt-4', 'gpt4']);
  });

  it('keeps a function word that makes one known word with its neighbour (vs code is VSCode)', async () => {
    const site = await engineOf([
      post('vscode', 'VSCode 的插件', '装了十个插件。', '2024-06-01'),
      post('vs-code', 'VS Code 主题', '深色主题。', '2024-06-02'),
      post('code', '代码评审', '每段 code 都要有人看。', '2024-06-03'),
      post('howto', 'Linux HOWTO', '一份 howto 文档。', '2024-06-04'),
      post('python', 'learn python the hard way', '一本书。', '2024-06-05'),
    ]);
    assert.deepEqual(ids(site.search('vs code')).sort(), ['vs-code', 'vscode']);
    assert.deepEqual(site.search('vs code', { explain: true }).hits[0]!.explain!.required, ['vs code | vscode']);
    // Both of little information: a question's words, though the index knows howto.
    assert.deepEqual(site.search('how to learn python', { explain: true }).hits[0]!.explain!.required, ['learn', 'python']);
    assert.deepEqual(ids(site.search('how to learn python')), ['python']);
  });

  it('takes a version number as one word, and in the fill-up as no topic', async () => {
    const site = await engineOf([
      post('claude-3.5', 'Claude 3.5 发布', '新模型更快。', '2024-07-01'),
      post('claude-3.7', 'Claude 3.7 与 Gemini 2.5', '两个模型的比较。', '2024-07-02'),
      ...['入门', '进阶', '实战'].map((t, i) => ({
        id: `python-${i}`,
        title: `Python ${t}`,
        date: '2024-07-03',
        body: '<p>从变量开始。</p>',
      })),
      post('rate', '利率调整', '年利率降到 3.12%。', '2024-07-04'),
      post('factor', '分解42', '把整数分解成质因数的小工具。', '2024-07-05'),
      post('soil', '土壤发电', '微生物分解有机物，这种电池的用途很多。', '2024-07-06'),
      ...postsSaying('walk', 200, 1000),
    ]);
    const claude = site.search('Claude 3.5', { explain: true });
    assert.deepEqual(ids(claude), ['claude-3.5', 'claude-3.7']);
    assert.deepEqual(claude.hits[0]!.explain!.required, ['claude', '3.5']);
    // 3.7 and 2.5 are not 3.5: this post has the name only.
    assert.deepEqual(claude.hits[1]!.explain!.missing, ['3.5']);
    // No post has both: the posts on Python come before the one with the number only, rarer though it is.
    const python = site.search('Python 3.12');
    assert.equal(python.matched, 'any');
    assert.deepEqual(ids(python).slice(0, 3).sort(), ['python-0', 'python-1', 'python-2']);
    // Typed against a word, a number is part of a name: the post named so first.
    assert.equal(ids(site.search('分解42的用途'))[0], 'factor');
  });

  it('takes a letter typed right after a word or apart at the end (an input method’s leftover) as no topic in the fill-up, a letter before one as a topic', async () => {
    const site = await engineOf([
      ...['推荐', '开发', '合集'].map((t, i) => post(`plugin-${i}`, `浏览器插件${t}`, '几个好用的浏览器插件。', '2024-07-03')),
      // Browser plugins are a common subject here, a lone z is rare.
      ...postsSaying('顺便装了一个浏览器插件。', 15, 2000),
      post('z-crossing', 'Z 字形斑马线', '行人走 Z 字形。'),
      post('z-index', 'z-index 和堆叠', '层叠上下文里的 z 值。'),
      post('r-lang', 'R 语言', '统计用的 R 语言。'),
      post('r-intro', '统计入门', '用 R 画图。'),
      ...['Go', 'Lua', 'Dart'].map((l, i) => post(`lang-${i}`, `${l} 语言入门`, `${l} 语言的第一步。`)),
      ...postsSaying('walk', 200, 1000),
    ]);
    // No post has the three: the posts on browser plugins come before the posts with a lone z, rarer though it is.
    const plugins = site.search('浏览器插件z');
    assert.equal(plugins.matched, 'any');
    assert.deepEqual(ids(plugins).slice(0, 3).sort(), ['plugin-0', 'plugin-1', 'plugin-2']);
    // Typed apart at the query's end, the same.
    assert.deepEqual(ids(site.search('浏览器插件 z')).slice(0, 3).sort(), ['plugin-0', 'plugin-1', 'plugin-2']);
    // A letter before its word names the topic: the posts on R first, glued or apart.
    assert.deepEqual(ids(site.search('R语言入门')).slice(0, 2).sort(), ['r-intro', 'r-lang']);
    assert.deepEqual(ids(site.search('R 语言 入门')).slice(0, 2).sort(), ['r-intro', 'r-lang']);
  });

  it('takes C#, C++ and F# as the names they are, not as C and F', async () => {
    const site = await engineOf([
      post('csharp', 'C# 入门', '用 C# 写一个小游戏。', '2024-05-01'),
      post('cpp', '模板元编程', 'C++ 的模板可以在编译时计算，C++很难。', '2024-05-02'),
      post('c', 'C 语言的指针', '指针是 C 的核心。', '2024-05-03'),
      post('fsharp', '函数式编程', 'F# 运行在 .NET 上，a+b 也是表达式。', '2024-05-04'),
    ]);
    assert.deepEqual(ids(site.search('C#')), ['csharp']);
    assert.deepEqual(ids(site.search('Ｃ＃')), ['csharp']); // full-width, as an input method may type it
    assert.deepEqual(ids(site.search('C++')), ['cpp']);
    assert.deepEqual(ids(site.search('c++很难')), ['cpp']);
    assert.deepEqual(ids(site.search('F#')), ['fsharp']);
    assert.deepEqual(ids(site.search('C')).sort(), ['c', 'cpp', 'csharp']);
    assert.deepEqual(ids(site.search('C# OR F#')).sort(), ['csharp', 'fsharp']);
    // A symbol between two words joins a code, as before.
    assert.deepEqual(ids(site.search('a+b')), ['fsharp']);
  });

  it('ranks the spelling typed first: the other is found, not scored as the word asked for', async () => {
    // Each spelling once in a long post and four times in a short one: scored as the word
    // asked for, the short post of the other spelling would come before the long one.
    const site = await engineOf(
      ['GPT4', 'GPT-4'].flatMap((spelling) => [
        { id: `${spelling} once`, title: '读图的模型', date: '2024-04-01', body: `<p>${spelling} 能看懂截图。${filler(6)}</p>` },
        { id: `${spelling} often`, title: '读图的模型', date: '2024-04-02', body: `<p>${`${spelling} 能看懂截图，`.repeat(4)}</p>` },
      ]),
    );
    for (const [q, typed] of [
      ['GPT4截图', 'GPT4'],
      ['GPT-4截图', 'GPT-4'],
    ]) {
      const r = site.search(q!);
      assert.equal(r.total, 4, q);
      assert.deepEqual(ids(r).slice(0, 2).sort(), [`${typed} often`, `${typed} once`], q);
    }
    assert.deepEqual(ids(e.search('Python3')), ['python-3']);
    assert.deepEqual(e.search('GPT4', { explain: true }).hits[0]!.explain!.required, ['gpt4 | gpt 4 | gpt-4']);
    assert.deepEqual(e.search('GPT-4', { explain: true }).hits[0]!.explain!.required, ['gpt 4 | gpt4']);
  });

  it('takes title:A OR title:B as either title', () => {
    assert.deepEqual(ids(e.search('title:恐龙')).sort(), ['dino', 'dino-fossil']);
    assert.deepEqual(ids(e.search('title:恐龙 OR title:能源')).sort(), ['dino', 'dino-fossil', 'fossil-fuel']);
    assert.deepEqual(ids(e.search('title:恐龙 title:化石')), ['dino-fossil']);
  });

  it('reads a changed post’s new title for the title signals, and no longer its old one', async () => {
    const e = await engineOf([post('tea', '乳山绿茶', '乳山的绿茶，也有红茶。'), post('other', '一篇随笔', '绿茶和红茶都好喝。')]);
    // Per hit: whether its title holds the query, and the share of the query's words in it.
    const inTitle = (q: string): Record<string, [number, number]> =>
      Object.fromEntries(e.search(q, { explain: true }).hits.map((h) => [h.id, [h.explain!.titleMatch, h.explain!.titleWords]]));
    // Learnt from the first title: it holds 绿茶, not 红茶.
    assert.deepEqual(inTitle('绿茶'), { tea: [1, 1], other: [0, 0] });
    assert.deepEqual(inTitle('红茶'), { tea: [0, 0], other: [0, 0] });
    e.add(post('tea', '乳山红茶', '乳山的绿茶，也有红茶。'));
    assert.deepEqual(inTitle('绿茶'), { tea: [0, 0], other: [0, 0] });
    assert.deepEqual(inTitle('红茶'), { tea: [1, 1], other: [0, 0] });
    assert.deepEqual(ids(e.search('title:红茶')), ['tea']);
    assert.deepEqual(ids(e.search('title:绿茶')), []);
  });

  it('explains each hit’s rank when asked: BM25 plus the signals make its score', () => {
    const [hit] = e.search('恐龙 化石', { explain: true }).hits;
    const x = hit!.explain!;
    assert.ok(x.signals > 0 && x.proximity === 1 && x.titleWords === 1);
    assert.ok(Math.abs(x.bm25 + x.signals - x.total) < 0.01);
    assert.ok(Math.abs(hit!.score - 10_000 - x.total) < 0.01); // every word: the 10,000 bucket
  });

  it('explains each hit’s rank when asked', () => {
    const [full, some] = e.search('恐龙 化石', { explain: true }).hits;
    assert.equal(full!.explain!.tier, 'whole-query'); // 恐龙化石 is in its title
    assert.equal(some!.explain!.tier, 'some-words');
    assert.ok(some!.explain!.coverage! > 0 && some!.explain!.coverage! < 1);
    assert.deepEqual(full!.explain!.words, ['恐龙', '化石']);
    assert.deepEqual([full!.explain!.missing, some!.explain!.missing.length], [[], 1]);
    assert.equal(e.search('恐龙 化石').hits[0]!.explain, undefined);
  });
});

describe('proximity and the verbatim query inside the score', function () {
  this.timeout(30_000);
  let e: SearchEngine;
  before(async () => {
    e = await engineOf([
      // Says the words side by side, in the other order.
      { id: 'near', title: '城市的一天', date: '2024-01-01', body: `<p>${filler(2)}大家都应该保护环境。${filler(2)}</p>` },
      // Says them far apart.
      { id: 'scattered', title: '城市的一天', date: '2024-01-02', body: `<p>环境很好。${filler(12)}我们要保护自己。</p>` },
      // About the subject: its title holds every word of the query.
      {
        id: 'about',
        title: '环境与保护：十年回顾',
        date: '2024-01-03',
        body: `<p>十年来城市的环境越来越好。${filler(3)}保护工作还要继续。</p>`,
      },
      // Mentions the query verbatim once, in passing, in a long post about something else.
      { id: 'passing', title: '一次长途旅行', date: '2024-01-04', body: `<p>${filler(30)}路上看见一块环境保护的牌子。${filler(30)}</p>` },
      // A site has other posts too: its words' rarity is what makes them informative.
      ...Array.from({ length: 40 }, (_, i) => ({
        id: `other-${i}`,
        title: `第 ${i} 篇`,
        date: '2023-01-01',
        body: `<p>${filler(1 + (i % 5))}</p>`,
      })),
    ]);
  });

  it('ranks a post that says the words together, in any order, above one where they are scattered', () => {
    // jieba keeps 环境保护 as one word; typed as two, either order matches.
    const order = e.search('环境 保护').hits.map((h) => h.id);
    assert.ok(order.indexOf('near') >= 0 && order.indexOf('near') < order.indexOf('scattered'), order.join());
  });

  it('ranks a post whose title is about the subject above a passing verbatim mention', () => {
    const order = e.search('环境 保护').hits.map((h) => h.id);
    assert.equal(order[0], 'about', order.join());
    assert.ok(order.indexOf('about') < order.indexOf('passing'));
  });

  it('gives each page the hits a full scoring of every match gives (bounded scoring skips only posts that cannot reach it)', () => {
    const all = e.search('环境 保护', { limit: 4 }).hits.map((h) => h.id);
    assert.equal(all.length, 4);
    for (let limit = 1; limit <= 4; limit++)
      assert.deepEqual(
        e.search('环境 保护', { limit }).hits.map((h) => h.id),
        all.slice(0, limit),
      );
    assert.deepEqual(
      e.search('环境 保护', { limit: 2, offset: 2 }).hits.map((h) => h.id),
      all.slice(2, 4),
    );
  });
});

describe('bounded scoring', function () {
  this.timeout(30_000);
  let e: SearchEngine;
  before(async () => {
    e = await engineOf([
      // Every word in each, the rare one (袋鼠) a few times or once in a long text, the
      // common one (旅行) a few times or many: a page of a few is scored with bounds,
      // which read a post's rare word before its common one.
      ...Array.from({ length: 14 }, (_, i) => ({
        id: `both-${i}`,
        title: `第 ${i} 次出门`,
        date: `2024-01-${String(i + 1).padStart(2, '0')}`,
        body: `<p>${'袋鼠。'.repeat(1 + (i % 3))}${filler(1 + ((i * 7) % 11))}${'旅行。'.repeat(1 + ((i * 5) % 9))}</p>`,
      })),
      ...Array.from({ length: 40 }, (_, i) => ({
        id: `trip-${i}`,
        title: `第 ${i} 篇`,
        date: '2023-01-01',
        body: `<p>旅行。${filler(1 + (i % 5))}</p>`,
      })),
    ]);
  });

  it('gives each page the hits and scores that scoring every match in full gives', () => {
    const all = e.search('袋鼠 旅行', { limit: 14, explain: true }).hits.map((h) => [h.id, h.score, h.explain]);
    assert.equal(all.length, 14);
    for (let limit = 1; limit <= 6; limit++) {
      const page = e.search('袋鼠 旅行', { limit, explain: true }).hits.map((h) => [h.id, h.score, h.explain]);
      assert.deepEqual(page, all.slice(0, limit));
    }
    assert.deepEqual(
      e.search('袋鼠 旅行', { limit: 3, offset: 3, explain: true }).hits.map((h) => [h.id, h.score, h.explain]),
      all.slice(3, 6),
    );
  });
});

describe('questions typed as one run', function () {
  this.timeout(30_000);
  let e: SearchEngine;
  before(async () => {
    e = await engineOf([
      // Every word of 开源项目怎么赚钱, paragraphs apart.
      {
        id: 'essay',
        title: '随笔',
        date: '2024-01-01',
        body: `<p>我读了一个开源库。${filler(20)}这个项目很有意思。${filler(20)}以后再说赚钱的事。</p>`,
      },
      // Most of them, together.
      { id: 'oss-money', title: '开源软件如何赚钱', date: '2023-01-01', body: '<p>开源软件赚钱的几种模式：托管、支持、双许可。</p>' },
      // Every word, in one sentence but not one clause (6 characters of words in 24).
      {
        id: 'one-sentence',
        title: '周记',
        date: '2022-01-01',
        body: `<p>${filler(3)}开源这件事，对一个刚刚起步的小项目来说，很难靠它赚钱。${filler(3)}</p>`,
      },
      { id: 'save-page', title: 'SingleFile', date: '2023-02-01', body: '<p>这个插件可以把网页保存成一个 HTML 文件。</p>' },
      // About young people and children, without the negated modal 不想 of the question.
      { id: 'birth-rate', title: '出生率下降', date: '2023-03-01', body: '<p>年轻人越来越晚生孩子，房价和教育成本是主要原因。</p>' },
      // The question's words, all of them, about something else.
      { id: 'not-want', title: '周末', date: '2023-03-02', body: '<p>我不想去上班。</p>' },
    ]);
  });

  it('ranks a post saying most of the words together above one with every word far apart', () => {
    const r = e.search('开源项目怎么赚钱');
    assert.equal(ids(r)[0], 'oss-money');
    assert.ok(ids(r).indexOf('essay') > 0);
    assert.equal(r.matched, 'most');
  });

  it('keeps every word first when the words were typed apart', () => {
    assert.equal(ids(e.search('开源 项目 赚钱'))[0], 'one-sentence');
  });

  it('asks a question for its words within a clause, keywords typed as one run within a sentence or two', () => {
    // A question is about a topic, which a post on it names within a clause.
    assert.deepEqual(ids(e.search('开源项目怎么赚钱')).slice(0, 2), ['oss-money', 'one-sentence']);
    // Keywords run together may be words remembered from a post (known-item search): the
    // post saying them in one sentence comes first, the essay far apart after the fill-up's best.
    assert.deepEqual(ids(e.search('开源项目赚钱')).slice(0, 3), ['one-sentence', 'oss-money', 'essay']);
  });

  it('needs none of the grammatical words of a question (把, 下来)', () => {
    const r = e.search('怎么把网页保存下来');
    assert.deepEqual(ids(r), ['save-page']);
    assert.equal(r.matched, 'all');
  });

  it('needs none of its adjectives and adverbs either (完整: how the page is saved, not what)', () => {
    const r = e.search('怎么把网页完整保存下来');
    assert.deepEqual(ids(r), ['save-page']);
    assert.equal(r.matched, 'all');
  });

  it('needs no negated modal (不想, 不能): how the question is put, like 想 and 能', () => {
    const r = e.search('为什么年轻人不想生孩子');
    assert.equal(ids(r)[0], 'birth-rate');
    assert.equal(r.matched, 'all');
    const why = e.search('为什么年轻人不想生孩子', { explain: true }).hits[0]!.explain!;
    assert.ok(!why.required.includes('不想'), why.required.join(','));
    // Alone, a negated modal is all the query says: required.
    assert.deepEqual(ids(e.search('不想')), ['not-want']);
  });

  it('keeps the adjectives of keywords required (no question word: 完整 is what was asked for)', () => {
    const r = e.search('网页完整保存');
    // No post has every word: the fill-up.
    assert.equal(r.matched, 'any');
    assert.deepEqual(ids(r), ['save-page']);
  });
});

describe('questions as readers say them', function () {
  this.timeout(30_000);
  let e: SearchEngine;
  /** The words a query required, as its first hit's explanation gives them. */
  const required = (q: string): string[] => e.search(q, { explain: true }).hits[0]!.explain!.required;
  /** Asserts that each query requires the word rust alone: its other words are optional. */
  const requiresRustAlone = (...queries: string[]): void => {
    for (const q of queries) assert.deepEqual(required(q), ['rust'], q);
  };
  before(async () => {
    e = await engineOf([
      { id: 'rust', title: 'Rust 入门', date: '2023-04-01', body: '<p>Rust 是一门系统编程语言。</p>' },
      { id: 'rust-go', title: 'Rust 与 Go 的比较', date: '2023-04-02', body: '<p>两门语言各有所长，Go 上手更快。</p>' },
      { id: 'notes', title: '一个笔记软件', date: '2023-04-03', body: '<p>支持 Markdown 的笔记软件。</p>' },
      { id: 'browser-game', title: '浏览器里的游戏', date: '2023-04-04', body: '<p>打开网页就能玩的小游戏。</p>' },
      { id: 'cat', title: '猫的一天', date: '2023-04-05', body: '<p>我家的猫每天睡十几个小时。</p>' },
      { id: 'diff', title: '随想', date: '2023-04-06', body: '<p>人与人的区别很大。</p>' },
      { id: 'tea', title: '绿茶', date: '2023-04-07', body: '<p>乳山的绿茶，有益健康。</p>' },
      { id: 'camera', title: '相机', date: '2023-04-08', body: '<p>一台旧相机。</p>' },
    ]);
  });

  it('needs no judgement asked for, even in keywords (好用的笔记软件), no choice asked for (怎么选, 还是), no 比 or 当', () => {
    assert.deepEqual(required('好用的笔记软件'), ['笔记', '软件']);
    assert.deepEqual(required('Rust还是Go'), ['rust', 'go']);
    requiresRustAlone('Rust怎么选', '选Rust吗');
    assert.deepEqual(required('Rust是不是比Go快'), ['rust', 'go']);
    assert.deepEqual(required('笔记可以当软件用吗'), ['笔记', '软件']);
    // A tool used to make something: its verb of one character, in keywords too.
    assert.deepEqual(required('用Rust写笔记软件'), ['rust', '笔记', '软件']);
    assert.deepEqual(required('拿Rust写笔记软件'), ['rust', '笔记', '软件']);
    // A preposition says how, never what about, however rare on the site (往, 朝, 替).
    assert.deepEqual(required('往笔记软件里写Rust'), ['笔记', '软件', '写', 'rust']);
    assert.deepEqual(required('朝Rust走'), ['rust', '走']);
  });

  it('needs no change asked how to make before its object (提高, 减少), nor whether it has a future or is still around', () => {
    requiresRustAlone('如何提高Rust', '怎样减少Rust', 'Rust有前途吗', '现在还有人用Rust吗');
    // After 的 it is a noun, what is asked about (the enhancements of Rust).
    assert.notDeepEqual(required('Rust的增强是什么'), ['rust']);
  });

  it('needs no best asked for (最好的), no 挑选, no verb and its complement (学好, 做好, 开得), no coping before its object (应对, 加上)', () => {
    requiresRustAlone('最好的Rust', '怎么挑选Rust', '如何学好Rust', '怎么做好Rust', '如何应对Rust', '为什么Rust不能开得更快');
    assert.deepEqual(required('最好的笔记软件'), ['笔记', '软件']);
    assert.deepEqual(required('如何给笔记软件加上Rust'), ['笔记', '软件', 'rust']);
    // How much, per unit: the price asked (多少钱一斤).
    assert.deepEqual(required('绿茶多少钱一斤'), ['绿茶']);
    assert.deepEqual(ids(e.search('绿茶多少钱一斤')), ['tea']);
    // How much in a unit after 多少 or 几 (小时, 年): the amount asked, which a post gives in figures.
    assert.deepEqual(required('猫每天睡多少小时'), ['猫', '每天']);
    assert.deepEqual(ids(e.search('猫每天睡多少小时')), ['cat']);
    requiresRustAlone('Rust要学几年', 'Rust要学几个小时');
    // An adverb of degree alone says how much, in keywords too; the adjective it grades stays.
    assert.deepEqual(required('最系统的Rust入门'), ['系统', 'rust', '入门']);
    // The post with all three first, then the fill-up: before, 最 was asked for, and no post had every word.
    assert.equal(ids(e.search('最系统的Rust入门'))[0], 'rust');
    assert.equal(e.search('最系统的Rust入门').matched, 'most');
  });

  it('asks for an adjective after a preposition as a noun (对健康); needs no 总是, 打不开, 听说, 但是, 比较 before an adjective, nor solving after the object', () => {
    assert.deepEqual(required('绿茶对健康有害吗'), ['绿茶', '健康']);
    assert.deepEqual(required('为什么Go总是上手更快'), ['go', '上手']);
    requiresRustAlone('Rust为什么打不开', '想学Rust怎么办', '听说Rust好用是真的吗', '买什么Rust比较好');
    // A conjunction, in keywords too.
    assert.deepEqual(required('Rust但是Go'), ['rust', 'go']);
    // Of words that all say little, the one of two characters: 相机, which jieba's dictionary takes for an adverb.
    assert.deepEqual(required('买什么相机好'), ['相机']);
    assert.ok(!required('Rust报错怎么解决').includes('解决'));
  });

  it('needs no spoken question word (为啥, 啥), no modal glued to a verb (要学), no one-character verb of a question (写, 玩)', () => {
    requiresRustAlone('为啥要学Rust');
    assert.equal(ids(e.search('为啥要学Rust'))[0], 'rust');
    assert.deepEqual(required('有啥好用的笔记软件'), ['笔记', '软件']);
    assert.deepEqual(ids(e.search('哪些游戏可以在浏览器里玩')), ['browser-game']);
    assert.deepEqual(required('哪些游戏可以在浏览器里玩'), ['游戏', '浏览器']);
    // Not in keywords: 玩 is then what was asked for (the game post says 玩 too).
    assert.deepEqual(required('游戏 浏览器 玩'), ['游戏', '浏览器', '玩']);
  });

  it('needs no demonstrative (这么), no 才能 or 东西 of a question, no modal and verb as one word (要用)', () => {
    // 慢 after 这么 is the state asked about (see 'questions of words that all say little').
    assert.deepEqual(required('为什么Rust编译器这么慢'), ['rust', '编译器', '慢']);
    requiresRustAlone('Rust是什么东西', '怎样才能写好Rust', '为什么要用Rust');
    // The judgement a question asks for (easy to learn, worth it) is not what a post says.
    assert.deepEqual(required('Rust和Go哪个好学'), ['rust', 'go']);
    requiresRustAlone('Rust值得用吗', 'Rust好使吗');
    // Nor a modal particle at the end (啦, 哦, 呗).
    requiresRustAlone('Rust怎么用啦', 'Rust是什么哦');
    // Nor how many (几本, 一款), in a question; in keywords it may be what was asked for.
    assert.deepEqual(required('能推荐几本Rust的书吗'), ['rust', '书']);
    assert.equal(e.search('两种 Rust').matched, 'any');
    // Nor a locative (下, 以后), nor 哪家, nor how a view is asked for (看待).
    requiresRustAlone('Rust下怎么写');
    assert.deepEqual(required('Rust和Go哪家快'), ['rust', 'go']);
    requiresRustAlone('如何看待Rust');
    // In keywords, 才能 (talent) is what was asked for: the Rust posts lack it.
    assert.equal(e.search('Rust 才能').matched, 'any');
  });

  it('needs no yes-or-no form (好不好, 难 不难), no 意思 of a question, no 关于, no pros and cons asked for', () => {
    // One word of jieba's, or cut in two: either way how the question is asked.
    requiresRustAlone('Rust好不好', 'Rust值不值得用', 'Rust行不行', 'Rust难不难');
    assert.equal(ids(e.search('Rust难不难'))[0], 'rust');
    // Alone, they are what was asked for.
    assert.equal(e.search('行不行').total, 0);
    requiresRustAlone('Rust是什么意思');
    assert.deepEqual(required('关于Rust的游戏'), ['rust', '游戏']);
    requiresRustAlone('Rust的优缺点', 'Rust 利弊');
  });

  it('needs no 怎么回事, 干什么, 作用 or 觉得 of a question; in keywords 作用 is what was asked for', () => {
    requiresRustAlone('Rust是怎么回事', 'Rust能干什么', 'Rust有什么作用', '大家觉得Rust怎么样');
    assert.equal(e.search('Rust 作用').matched, 'any');
    // 干嘛 as jieba cuts it after 是 (干 嘛), what a thing is like or can do, 玩意.
    requiresRustAlone('Rust是干嘛的', 'Rust有哪些功能', 'Rust用来做什么', 'Rust是啥玩意');
    assert.equal(e.search('Rust 功能').matched, 'any');
  });

  it('needs none of the words a reader asks to be told with (请介绍一下, 我想了解, 帮我找, 有人知道…吗)', () => {
    requiresRustAlone('请介绍一下Rust', '我想了解Rust');
    assert.deepEqual(required('帮我找Rust的书'), ['rust', '书']);
    requiresRustAlone('有人知道Rust吗', 'Rust是什么东东');
    // In keywords, 介绍 is what was asked for.
    assert.equal(e.search('Rust 介绍').matched, 'any');
  });

  it('needs no 学, no who asks or when (新手, 现在, 最近), no 有用 of a question; in keywords 新手 is what was asked for', () => {
    requiresRustAlone('新手如何学Rust', 'Rust现在怎么样了', '最近Rust怎么了', 'Rust有用吗');
    assert.equal(e.search('Rust 新手').matched, 'any');
    // Nor whether it is outdated, its pitfalls, why so popular, how many recommend it.
    requiresRustAlone('Rust是不是已经过时了', 'Rust有哪些坑', 'Rust为什么这么火', '为什么很多人推荐Rust');
    // A comparison with the others: neither 其他 nor 相比 nor the advantage asked for.
    assert.deepEqual(required('Rust和其他语言相比有什么优势'), ['rust', '语言']);
  });

  it('needs no one having done it (有没有人用过), nor the relation asked about after what it is about (是谁开发的, 哪天发布)', () => {
    // jieba glues 人 to the verb after 有没有 (人用, 人玩过) and the verb to 过 (用过).
    requiresRustAlone('有没有人用过Rust', '有没有人玩过Rust', '有人用过Rust吗', 'Rust是谁开发的', 'Rust在哪里下载');
    // Which one as one word of jieba's model (哪国, 哪天).
    requiresRustAlone('Rust是哪国的', 'Rust哪天发布');
    // After 什么 or 哪个, a noun is what is asked about (software for notes).
    assert.deepEqual(required('笔记用什么软件'), ['笔记', '软件']);
    assert.deepEqual(required('笔记用哪个软件'), ['笔记', '软件']);
    // Before what it is about, the word after 谁 or 哪些 is what is asked about.
    assert.deepEqual(required('谁支持Markdown'), ['支持', 'markdown']);
    assert.deepEqual(required('哪些游戏可以在浏览器里玩'), ['游戏', '浏览器']);
  });

  it('asks for the character jieba glued to 是 (节是 of 程序员节是哪天), and needs no 这 or 那', async () => {
    const site = await engineOf([
      { id: 'day', title: '程序员节', date: '2023-10-24', body: '<p>每年10月24日，程序员们过自己的节日。</p>' },
      { id: 'other', title: '程序员的一天', date: '2023-10-25', body: '<p>写代码，开会，就是不加班。</p>' },
    ]);
    const r = site.search('程序员节是哪天', { explain: true });
    assert.deepEqual(r.hits[0]!.explain!.required, ['程序员', '节']);
    assert.deepEqual(ids(r), ['day', 'other']);
    assert.equal(r.matched, 'most');
    // A word of jieba's dictionary ending in 是 (就是, 但是) is left as it is.
    assert.deepEqual(site.search('就是程序员', { explain: true }).hits[0]!.explain!.required, ['就是', '程序员']);
    requiresRustAlone('这是Rust');
  });

  it('keeps a quoted phrase as typed, and the question words beside it optional', () => {
    const r = e.search('"Rust 入门" 是什么呢', { explain: true });
    assert.deepEqual(ids(r), ['rust']);
    assert.deepEqual(r.hits[0]!.explain!.required, ['rust入门']);
    // A question word quoted is what was asked for: no post says 为啥.
    assert.equal(e.search('"为啥" Rust').total, 0);
  });

  it('needs no English question or function word (what is, how to, vs)', () => {
    requiresRustAlone('what is rust');
    assert.equal(ids(e.search('rust vs go'))[0], 'rust-go');
    assert.deepEqual(required('rust vs go'), ['rust', 'go']);
    // Alone, they are what was asked for.
    assert.equal(e.search('what is').total, 0);
    // Beside Chinese only, an English word is what was asked for (IT 行业, A 股): 入门 alone would match.
    assert.equal(e.search('on 入门').matched, 'any');
  });

  it('asks a comparison for the two things compared, not for the word 区别', () => {
    const r = e.search('Rust和Go的区别', { explain: true });
    assert.equal(ids(r)[0], 'rust-go');
    assert.equal(r.matched, 'most');
    assert.deepEqual(r.hits[0]!.explain!.required, ['rust', 'go']);
    // Without two things joined, 区别 is what was asked for.
    assert.equal(e.search('区别').total, 1);
  });

  it('asks for the characters of a word no post contains (养猫), unless it reads as a typo', () => {
    const r = e.search('怎么养猫');
    assert.equal(r.matched, 'any');
    assert.deepEqual(ids(r), ['cat']);

    // A sound-alike spelling that is somewhere is offered instead: no posts with 绿 and 查
    // apart. Nothing found as typed, its hits are given, and so said.
    assert.deepEqual([e.search('绿查', { correct: false }).total, e.search('绿查', { correct: false }).didYouMean?.query], [0, '绿茶']);
    const typo = e.search('绿查');
    assert.deepEqual([typo.query, typo.correctedQuery, typo.didYouMean?.query], ['绿查', '绿茶', '绿茶']);
    assert.deepEqual(ids(typo), ids(e.search('绿茶')));
    assert.ok(typo.total > 0);
  });

  it('asks for the words a question made optional when the ones it kept are in no post (iOS17新功能吗), unless a spelling is offered', async () => {
    const e = await engineOf([
      post('bun', 'Bun 1.3 新功能介绍', 'Bun 的新功能很多。'),
      post('node', 'Node.js 19 的新功能', '新版本的功能。'),
      post('ios', 'iOS 开发课程', '学习 iOS 开发。'),
      post('rust', 'Rust 入门', '学习 Rust 的第一步。'),
    ]);
    // No post has ios17: the posts with most of the other words, as for the query without its question word.
    const plain = e.search('iOS17新功能');
    assert.deepEqual(ids(plain).slice(0, 2).sort(), ['bun', 'node']);
    for (const q of ['iOS17新功能吗', '请问iOS17新功能', 'iOS17有什么新功能']) {
      const r = e.search(q);
      assert.equal(r.matched, 'any', q);
      assert.deepEqual(ids(r).slice(0, 2).sort(), ['bun', 'node'], q);
    }
    // A misspelt subject is offered its spelling, not posts on learning in general.
    const typo = e.search('如何学习Rustt');
    assert.deepEqual([typo.correctedQuery, typo.didYouMean?.query, ids(typo)], ['rust', 'rust', ['rust']]);
    assert.equal(e.search('如何学习Rustt', { correct: false }).total, 0);
  });

  it('reads 最新 and 最近 as asking for the newest posts on the subject, not for posts that say them', async () => {
    const e = await engineOf([
      post('older', 'iPhone 相机评测', 'iPhone 相机很好，iPhone 的屏幕也好。', '2019-03-01'),
      post('newer', '手机评测', 'iPhone 的屏幕。', '2024-03-01'),
      post('mention', '小米手机', '小米最新发布的手机，比 iPhone 更便宜。', '2020-03-01'),
    ]);
    assert.deepEqual(ids(e.search('iPhone')), ['older', 'newer', 'mention']);
    for (const q of ['最新的iPhone', 'iPhone 最新', '最近的iPhone']) {
      const r = e.search(q, { explain: true });
      assert.deepEqual(ids(r), ['newer', 'older', 'mention'], q);
      assert.deepEqual(r.hits[0]!.explain!.required, ['iphone'], q);
    }
    // Alone, 最新 is what is asked for.
    assert.deepEqual(ids(e.search('最新')), ['mention']);
  });

  it('asks for the characters of a word jieba made up (鞋有 of 鞋有哪些), not for a sound-alike that forms no word (些有)', async () => {
    const e = await engineOf([
      post('shoes', '网球鞋', '我有一双好鞋。'),
      post('boots', '靴子', '冬天有合适的鞋。'),
      // 些有 is in posts, as the end of one word and the start of the next.
      ...['a', 'b', 'c'].map((id) => post(`those-${id}`, '杂谈', '那些有趣的事。')),
      post('tea', '绿茶', '绿茶的做法。'),
    ]);
    const r = e.search('鞋有哪些');
    assert.deepEqual(ids(r).sort(), ['boots', 'shoes']);
    assert.equal(r.didYouMean, undefined);
    // A mistake that a sound-alike makes a word of is still offered.
    assert.equal(e.search('绿查').didYouMean?.query, '绿茶');
  });
});

describe('what a question asks, verbatim', function () {
  this.timeout(30_000);

  it('ranks the post whose title is what the question asks first, as for the word typed alone (Deno是什么)', async () => {
    const e = await engineOf([
      post('decline', 'Deno 的衰落', 'Deno 的用户不多。Deno 公司裁员，Deno 的未来不明。'),
      post('deno', 'Deno', '一个 JavaScript 运行时，支持 TypeScript。'),
      post('node', 'Node.js', '另一个 JavaScript 运行时。'),
    ]);
    assert.deepEqual(ids(e.search('deno')), ['deno', 'decline']);
    for (const q of ['Deno是什么', '什么是Deno', 'Deno到底是什么呢']) assert.deepEqual(ids(e.search(q)), ['deno', 'decline'], q);
  });

  it('reads keywords parted by commas (恐龙，化石) as parted by spaces, and a pasted title with its comma as typed', async () => {
    const e = await engineOf([
      // Says 恐龙化石; the next has both words more often, apart.
      post('fossil', '新发现', '一块恐龙化石。'),
      post('apart', '恐龙与化石', '恐龙很大。化石很多。恐龙时代的化石。'),
      post('bird', '鸟类', '鸟类是恐龙的后代，化石为证。'),
    ]);
    // Before, the post saying 恐龙化石 lost the whole query's weight after a comma: `apart` came first.
    const spaced = ids(e.search('恐龙 化石'));
    assert.deepEqual(spaced, ['fossil', 'apart', 'bird']);
    for (const q of ['恐龙，化石', '恐龙、化石', '恐龙,化石', '恐龙；化石']) assert.deepEqual(ids(e.search(q)), spaced, q);
    // The title as pasted, comma and all: its post first.
    const titles = await engineOf([
      post('title', '随机数，这是一个问题', '怎样生成随机数？这是一个老问题。'),
      post('other', '随机数生成器', '这是一个问题：随机数真的随机吗？'),
    ]);
    assert.equal(ids(titles.search('随机数，这是一个问题'))[0], 'title');
  });

  it('takes the particle a sentence ends with (疫苗呢, 疫苗吗？) and a polite 请问 for the reader’s sentence, not text a post must say', async () => {
    const e = await engineOf([
      post('cancer', '癌症疫苗', '一种治疗癌症的疫苗进入试验。'),
      post('patch', '疫苗贴片', '贴在手臂上的疫苗。'),
      // Says 疫苗呢 in passing, and 吗, 呢 and 请问 more than once.
      post('passing', '病毒杂谈', '请问病毒会变异吗？会。那么疫苗呢？还没有。请问为什么呢？因为研发需要时间。'),
      post('coat', '毛呢大衣', '冬天穿毛呢大衣。'),
      post('wool', '羊毛', '羊毛可以做成毛呢。'),
    ]);
    const plain = ids(e.search('疫苗'));
    assert.deepEqual(plain.slice(0, 2).sort(), ['cancer', 'patch']);
    for (const q of ['疫苗呢', '疫苗吗？', '疫苗 呢', '请问疫苗', '请问 疫苗呢？']) assert.deepEqual(ids(e.search(q)), plain, q);
    // A word ending in such a character is a word (毛呢): the post titled with it first.
    assert.deepEqual(ids(e.search('毛呢')), ['coat', 'wool']);

    const tools = await engineOf([
      post('kagi', 'Kagi', '一个好用的翻译工具，支持几十种语言。'),
      post('deepl', 'DeepL', '另一个翻译工具。'),
      post('history', '翻译的历史', '古代的翻译没有什么工具，全靠人。'),
      post('asking', '杂谈', '请问有人知道吗？我想找一个工具。翻译这件事很难。'),
    ]);
    // Before, 请问 lifted the post that says it, above the two that say 翻译工具.
    const asked = ids(tools.search('翻译工具'));
    assert.deepEqual(asked.slice(0, 2).sort(), ['deepl', 'kagi']);
    for (const q of ['请问翻译工具', '请问 翻译工具']) assert.deepEqual(ids(tools.search(q)), asked, q);
  });

  it('ranks posts about what a question typed apart asks above posts holding its question words in passing (什么是 Deno)', async () => {
    const e = await engineOf([
      post('passing', '运行时杂谈', '什么是好的运行时？关于运行时很难说。顺便一提，deno 也不错。'),
      post('decline', 'Deno 的衰落', 'Deno 的用户不多。Deno 公司裁员，Deno 的未来不明。'),
      post('deno', 'Deno', '一个 JavaScript 运行时，支持 TypeScript。'),
      // 关于 in most posts, as on a real site: a word that says little.
      ...postsSaying('关于这件事，我没有更多要说的。', 20, 100),
    ]);
    // Before: the post with 什么是 and deno apart ranked first, each part of the question being verbatim in it.
    for (const q of ['什么是 Deno', 'Deno 是什么', '什么是Deno']) assert.deepEqual(ids(e.search(q)), ['deno', 'decline', 'passing'], q);
    // Nor a part that is a word saying little (关于), though no question.
    assert.deepEqual(ids(e.search('关于 Deno')).slice(2), ['passing']);
  });

  it('offers no sound-alike for a question whose subject some post says (如何理财: not 理睬), and one for a subject nobody wrote', async () => {
    const e = await engineOf([
      post('money', '理财入门', '理财先从记账开始。'),
      post('fund', '基金', '买基金也是理财。'),
      ...['ignore', 'silent', 'cold'].map((id) => post(id, '冷漠', '他不理睬任何人。')),
    ]);
    const r = e.search('如何理财');
    assert.deepEqual(ids(r).sort(), ['fund', 'money']);
    assert.equal(r.didYouMean, undefined);
    // 理采 is in no post: 理睬 and 理财 sound alike, and the one in more posts is offered.
    assert.deepEqual(e.search('如何理采').didYouMean, { query: '理睬', total: 3 });
  });

  it('offers a sound-alike only when more posts say it than have every word typed (人工只能, not 程序员必 while typing)', async () => {
    const e = await engineOf([
      ...Array.from({ length: 12 }, (_, i) => post(`must${i}`, `程序员${i}`, '程序员写文档是必须的。')),
      ...['a', 'b', 'c', 'd'].map((id) => post(`than-${id}`, '比较', '程序员比设计师更爱争论。')),
      ...Array.from({ length: 10 }, (_, i) => post(`only${i}`, '人工', '人工客服只能转接。')),
      ...Array.from({ length: 11 }, (_, i) => post(`ai${i}`, 'AI', '人工智能改变了搜索。')),
    ]);
    const typing = e.search('程序员必');
    assert.equal(typing.total, 12);
    assert.equal(typing.didYouMean, undefined);
    // Every word typed is in 10 posts (a page: no fill-up), 人工智能 in 11.
    const typo = e.search('人工只能');
    assert.equal(typo.total, 10);
    assert.deepEqual(typo.didYouMean, { query: '人工智能', total: 11 });
    // With a fill-up: the 3 posts with every word count, not the 8 that fill the page.
    const filled = await engineOf([
      ...['a', 'b', 'c'].map((id) => post(`must-${id}`, '老师', '老师说作业是必须的。')),
      ...['a', 'b'].map((id) => post(`than-${id}`, '比较', '老师比学生更忙。')),
      ...Array.from({ length: 6 }, (_, i) => post(`busy${i}`, '老师', '老师很忙。')),
    ]);
    const typing2 = filled.search('老师必');
    assert.equal(typing2.matched, 'most');
    assert.equal(typing2.didYouMean, undefined);
  });

  it('keeps the query as typed first when a post has it (a title that is a question)', async () => {
    const e = await engineOf([
      post('why', '为什么要写单元测试', '测试让重构安全。'),
      post('tests', '单元测试入门', '为什么要写单元测试？单元测试让代码可靠，单元测试也是文档。'),
      post('other', '写单元测试的工具', '一个生成单元测试的工具。'),
    ]);
    const r = e.search('为什么要写单元测试', { explain: true });
    assert.equal(ids(r)[0], 'why');
    assert.equal(r.hits[0]!.explain!.tier, 'whole-query');
  });
});

describe('a preposition or verb that jieba glued to the next word', function () {
  this.timeout(30_000);

  it('is a word of its own, and its object whole again (用树莓派做什么, 拿树莓派做什么, 怎么用大模型)', async () => {
    const e = await engineOf([
      post('projects', '树莓派的十个项目', '树莓派可以做家庭服务器，也可以做游戏机。'),
      post('server', '家用服务器', '我使用树莓派搭了一个服务器。'),
      post('limits', '树莓派的局限', '树莓派的性能有限。'),
      post('llm', '大模型入门', '大模型是很大的语言模型。'),
      post('local', '本地运行大模型', '在笔记本上运行大模型。'),
      post('reading', '随笔', '用大量时间读书，模型也读。'),
      post('chrome', 'Chrome 打不开了', '今天 Chrome 打不开，重装了才好。'),
      post('taxi', '不开车的人', '很多人不开车，坐地铁。'),
      post('coffee', '离不开咖啡', '每天都离不开咖啡，不开心也喝。'),
    ]);
    // Before: 用树莓 was asked for (only the post saying 使用树莓派), 拿树莓 (no post), 用大 and 模型 (the essay).
    assert.deepEqual(ids(e.search('用树莓派做什么')).sort(), ['limits', 'projects', 'server']);
    assert.deepEqual(ids(e.search('拿树莓派做什么')).sort(), ['limits', 'projects', 'server']);
    assert.deepEqual(ids(e.search('怎么用大模型')).sort(), ['llm', 'local']);
    // A verb and what grammar puts after it stay as they are: 打 and 不开 would find the posts not driving or unhappy.
    assert.deepEqual(ids(e.search('Chrome打不开怎么办')), ['chrome']);
  });
});

describe('a locative and the verb after it, which jieba takes for a word', function () {
  this.timeout(30_000);

  it('reads 在…上装 as done at a place (在手机上装Linux: 手机 and Linux, not 上装, a jacket)', async () => {
    const e = await engineOf([
      post('phone', '手机的 Linux 桌面环境', '在手机上运行完整的 Linux 系统，先安装 Termux。'),
      post('jacket', '秋季上装', '这件上装适合秋天，手机放在口袋里。'),
      ...Array.from({ length: 30 }, (_, i) => post(`fit${i}`, `装修${i}`, '装修房子要注意通风。')),
    ]);
    // Before: 手机, 上装 and linux were asked for, and the jacket, with the rarest of them, came first.
    const r = e.search('在手机上装Linux', { explain: true });
    assert.equal(ids(r)[0], 'phone');
    assert.deepEqual(r.hits[0]!.explain!.required, ['手机', 'linux']);
    // 下载 is a word, said about as often as its verb 载 on a site: it stays.
    const download = await engineOf([post('app', '应用商店', '在手机上下载应用，载入很快。'), post('car', '载重', '卡车的载重。')]);
    assert.deepEqual(download.search('在手机上下载', { explain: true }).hits[0]!.explain!.required, ['手机', '下载']);
  });
});

describe('a word nobody wrote, on a site of 200 posts', function () {
  this.timeout(30_000);
  /** 240 posts, every `every`th saying `text`, the others that it rains. */
  const site = (every: number, text: string) =>
    Array.from({ length: 240 }, (_, i) => ({
      id: `p${i}`,
      title: `第${i}篇`,
      date: '2024-01-01',
      body: i % every === 0 ? `<p>${text}</p>` : '<p>今天下雨。</p>',
    }));

  it('asks for its rarer character only when the other is in more than a fifth of the posts (学好 → 学)', async () => {
    const e = await engineOf([
      ...site(3, '天气很好。'),
      { id: 'english', title: '英语', date: '2024-02-01', body: '<p>每天学一点英语。</p>' },
    ]);
    // Keywords: in a question (`怎么学好英语`) 学好 is how well, and optional.
    const r = e.search('学好英语', { explain: true });
    assert.deepEqual(r.hits[0]!.explain!.required, ['学', '英语']);
    assert.deepEqual(ids(r), ['english']);
    assert.equal(r.matched, 'any');
  });

  it('takes a common character after an adverb of degree for a part of other words, not the state asked about (房价这么高)', async () => {
    const e = await engineOf([
      // 高 in a tenth of the posts, as part of other words.
      ...site(10, '今天提高了效率。'),
      { id: 'price', title: '房价', date: '2024-02-01', body: '<p>房价涨了，房子也贵了。</p>' },
      { id: 'rent', title: '房租', date: '2024-02-02', body: '<p>房价和房租。</p>' },
    ]);
    const required = (q: string): string[] => e.search(q, { explain: true }).hits[0]!.explain!.required;
    assert.deepEqual(required('为什么房价这么高'), ['房价']);
    // 贵 is in one post of 242: the state asked about.
    assert.deepEqual(required('为什么房价这么贵'), ['房价', '贵']);
    assert.deepEqual(ids(e.search('为什么房价这么贵')), ['price', 'rent']);
  });
});

describe('words in much of a site', function () {
  this.timeout(30_000);
  /** 240 posts: every `every`th says `common` among filler, every tenth of those also 截图. */
  const site = (common: string, every: number) =>
    Array.from({ length: 240 }, (_, i) => ({
      id: `p${i}`,
      title: `第${i}篇`,
      date: '2024-01-01',
      body: i % every === 0 ? `<p>${common}${i % (10 * every) === 0 ? '，截图' : ''}。${filler(1)}</p>` : `<p>${filler(1)}</p>`,
    }));
  /** 6 posts that say 截图 without the common word, with 截图 in their titles. */
  const shots = Array.from({ length: 6 }, (_, i) => post(`shot${i}`, `截图${i}`, '截图很好看。'));

  it('asks for a word in a third of the posts when Chinese at large seldom uses it (截图工具: tools)', async () => {
    const e = await engineOf([...site('一个好工具', 3), ...shots]);
    const r = e.search('截图工具', { explain: true });
    assert.deepEqual(r.hits[0]!.explain!.required, ['截图', '工具']);
    // The 8 posts with both words first, then the posts with only 截图 (in their titles) fill the page.
    assert.deepEqual(
      ids(r).map((id) => id.startsWith('p')),
      [...Array(8).fill(true), false, false],
    );
    assert.equal(r.matched, 'most');
  });

  it('leaves optional a word in a third of the posts that Chinese at large uses as much (问题), and one in most posts (文章)', async () => {
    const common = await engineOf([...site('这个问题', 3), ...shots]);
    const r = common.search('截图问题', { explain: true });
    assert.deepEqual(r.hits[0]!.explain!.required, ['截图']);
    // It excludes no post: the 6 with only 截图 are among the hits.
    assert.equal(r.total, 14);
    const most = await engineOf([...site('一篇文章', 1), ...shots]);
    assert.deepEqual(most.search('截图文章', { explain: true }).hits[0]!.explain!.required, ['截图']);
  });
});

describe('questions of words that all say little', function () {
  this.timeout(30_000);
  let e: SearchEngine;
  const required = (q: string): string[] => e.search(q, { explain: true }).hits[0]!.explain!.required;
  before(async () => {
    e = await engineOf([
      post('study', '高效学习的方法', '先睡好觉，再安排时间，这样学习才高效。'),
      post('why', '为什么要写博客', '写作让人想得更清楚。'),
      post('phrase', '一个非常小的工具', '这是一个非常小的工具。'),
      post('adverb', '非常规手段', '非常手段不可常用。'),
      post('shot', 'Flameshot', '一个 Linux 截图工具，可以标注截图。'),
      post('mac-shot', 'CleanShot', '一个 macOS 截图工具。'),
      post('linux', 'Linux 桌面', '在 Linux 桌面上换一个壁纸。'),
      post('notes', 'AppFlowy', '开源的笔记软件，可以代替 Notion。'),
      post('avatar', '头像生成器', '生成 Notion 风格的头像，贴在笔记软件里。'),
      post('slow-pc', '旧电脑提速', '电脑用久了会慢，多半是硬盘满了。'),
      post('chair', '电脑椅', '一把坐着舒服的电脑椅。'),
      post('py-slow', '解释器的开销', 'Python 慢在解释器上。'),
      post('py-other', 'Python 教程', '从零开始的 Python 教程。'),
      post('idb-slow', 'IndexedDB 为什么很慢', '浏览器里的数据库也会慢。'),
      post('backup', '备份电脑', '每周把电脑备份到移动硬盘。'),
      post('anxious', '与焦虑共处', '面对焦虑，不如先出门走走。'),
      post('face', '面对面', '面对面聊天。'),
    ]);
  });

  it('asks a question for the state an adverb of degree grades (电脑很慢怎么办: 慢), its topic deciding the fill-up', () => {
    const r = e.search('电脑很慢怎么办', { explain: true });
    assert.deepEqual(r.hits[0]!.explain!.required, ['电脑', '慢']);
    assert.equal(ids(r)[0], 'slow-pc');
    // A post on Python that does not say 慢 comes before one that is slow but not about Python.
    const python = ids(e.search('Python为什么这么慢'));
    assert.deepEqual(python.slice(0, 2), ['py-slow', 'py-other']);
    assert.ok(python.includes('idb-slow'), python.join());
    // How a thing should be done stays optional (完整 of 怎么把网页完整保存下来)…
    assert.deepEqual(required('怎么把电脑完整备份下来'), ['电脑', '备份']);
    // …but with nothing but a verb beside it, an adjective is what the verb acts on.
    const anxiety = e.search('怎么面对焦虑', { explain: true });
    assert.deepEqual(anxiety.hits[0]!.explain!.required, ['面对', '焦虑']);
    assert.equal(ids(anxiety)[0], 'anxious');
  });

  it('asks a resemblance for the thing named (像Notion这样的笔记软件, 类似Notion的软件), not for 像 or 类似', () => {
    const r = e.search('像Notion这样的笔记软件', { explain: true });
    assert.deepEqual(r.hits[0]!.explain!.required, ['notion', '笔记', '软件']);
    // Both posts have every word left; 像 of 头像 made the avatar post a match of 像 before.
    assert.deepEqual(ids(r).sort(), ['avatar', 'notes']);
    assert.equal(r.matched, 'all');
    assert.deepEqual(required('有没有类似Notion的软件'), ['notion', '软件']);
    assert.deepEqual(required('有没有像Notion一样的开源软件'), ['notion', '开源', '软件']);
    // Without a resemblance to close it, 像 is what was asked for.
    assert.deepEqual(required('头像'), ['头像']);
    assert.deepEqual(required('像 笔记'), ['像', '笔记']);
  });

  it('asks a question of words that all say little for those that are not how it is asked (为什么要高效学习: 高效)', () => {
    const r = e.search('为什么要高效学习', { explain: true });
    // 学习 is who asks, as in 新手如何学习: it lifts the posts that say it, and is not required.
    assert.deepEqual(r.hits[0]!.explain!.required, ['高效']);
    assert.deepEqual(ids(r), ['study']);
    assert.equal(r.matched, 'all');
    // With only question words and how it is asked, those that are not question words.
    assert.deepEqual(required('为什么要学习'), ['学习']);
  });

  it('keeps every word of keywords that all say little (一个非常), and of a question of question words alone', () => {
    assert.deepEqual(required('一个非常'), ['一个', '非常']);
    assert.deepEqual(ids(e.search('一个非常')), ['phrase']);
    assert.deepEqual(required('为什么要'), ['为什么', '要']);
  });

  it('leaves out a word no post contains made of two question words (下用 of Linux下用什么截图工具)', () => {
    const r = e.search('Linux下用什么截图工具', { explain: true });
    // On a site this small no word is common enough to leave out for that: 工具 stays.
    assert.deepEqual(r.hits[0]!.explain!.required, ['linux', '截图', '工具']);
    assert.equal(ids(r)[0], 'shot');
    // The post with every word left is a full match; posts with some of them follow.
    assert.equal(r.matched, 'most');
    assert.ok(ids(r).includes('mac-shot'), ids(r).join());
  });
});
