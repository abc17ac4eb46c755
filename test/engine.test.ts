import assert from 'node:assert/strict';
import { SearchEngine } from '../src/search/engine.js';
import { whenReady } from '../src/text/jieba.js';
import { runSteps } from '../src/indexes/steps.js';
import { warmQueries } from '../src/search/warm-searches.js';

const ids = (r: { hits: { id: string }[] }): string[] => r.hits.map((h) => h.id);

function engine(): SearchEngine {
  const e = new SearchEngine();
  e.add([
    { id: 'a-title', title: '乳山绿茶', date: '2023-01-01', body: '<p>介绍一种茶。</p>' },
    { id: 'b-body', title: '春天的茶园', date: '2023-02-01', body: '<p>今年的乳山绿茶采摘提前了。</p>' },
    { id: 'c-words', title: '山东特产', date: '2023-03-01', body: '<p>乳山有海鲜，绿茶也有名。</p>' },
    { id: 'd-newer', title: '茶叶新闻', date: '2024-03-01', body: '<p>今年的乳山绿茶采摘提前了。</p>' },
    { id: 'e-latin', title: 'Simple tools', date: '2023-01-01', body: '<p>A simple SIM card; 在 Chrome 里用 WebGPU。</p>' },
    { id: 'f-sim', title: '手机卡', date: '2023-01-01', body: '<p>这张Sim卡支持5G。</p>' },
    { id: 'g-script', title: '<b>标题</b>', date: '2023-01-01', body: '<p>正文提到 &lt;script&gt;alert(1)&lt;/script&gt; 这段代码。</p>' },
    { id: 'h-trad', title: '電子書', date: '2023-01-01', body: '<p>臺灣的電子書閱讀器。</p>' },
    { id: 'i-mixed', title: '相册', date: '2023-01-01', body: '<p>用聊天来检索，相当于 AI 整理相册。</p>' },
  ]);
  return e;
}

describe('SearchEngine.search', () => {
  const e = engine();

  it('ranks a title match first, then verbatim body matches (newer first), then posts with only the words', () => {
    assert.deepEqual(ids(e.search('乳山绿茶')), ['a-title', 'd-newer', 'b-body', 'c-words']);
  });

  it('finds a single character inside words', () => {
    assert.deepEqual(ids(e.search('采')).sort(), ['b-body', 'd-newer']);
  });

  it('matches Latin words whole: sim finds Sim and SIM, not simple', () => {
    assert.deepEqual(ids(e.search('sim')).sort(), ['e-latin', 'f-sim']);
    assert.ok(e.search('sim').hits.every((h) => !/<mark>simple/i.test(h.snippet)));
  });

  it('answers traditional-Chinese and full-width queries like their simplified, half-width forms', () => {
    assert.deepEqual(ids(e.search('台湾')), ['h-trad']);
    assert.deepEqual(ids(e.search('ＷｅｂＧＰＵ')), ['e-latin']);
    assert.equal(e.search('電子書').hits[0]!.titleHighlight, '<mark>電子書</mark>');
  });

  it('finds mixed Chinese-Latin text with or without the space', () => {
    assert.deepEqual(ids(e.search('相当于AI')), ['i-mixed']);
    assert.equal(e.search('相当于AI').hits[0]!.snippet, '用聊天来检索，<mark>相当于 AI</mark> 整理相册。');
  });

  it('puts posts with every word first, then fills up with posts having some, and falls back to any word when none has all', () => {
    const all = e.search('乳山 海鲜');
    assert.equal(ids(all)[0], 'c-words');
    assert.equal(all.matched, 'most');
    assert.ok(
      ids(all)
        .slice(1)
        .every((id) => e.get(id)!.text.includes('乳山') || e.get(id)!.title.includes('乳山') || e.get(id)!.text.includes('海鲜')),
    );
    const any = e.search('海鲜 電子書');
    assert.equal(any.matched, 'any');
    assert.deepEqual(ids(any).sort(), ['c-words', 'h-trad']);
  });

  it('escapes HTML in snippets and titles before marking matches', () => {
    const hit = e.search('script').hits[0]!;
    assert.equal(hit.id, 'g-script');
    assert.equal(hit.snippet, '正文提到 &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; 这段代码。');
    assert.equal(e.search('标题').hits[0]!.titleHighlight, '&lt;b&gt;<mark>标题</mark>&lt;/b&gt;');
  });

  it('uses custom highlight markup', () => {
    assert.equal(e.search('電子書', { highlightPre: '[', highlightPost: ']' }).hits[0]!.titleHighlight, '[電子書]');
  });

  it('filters by tag and date, paginates stably, counts facets over all matches', () => {
    const f = new SearchEngine();
    f.add(
      Array.from({ length: 25 }, (_, i) => ({
        id: `p${String(i).padStart(2, '0')}`,
        title: `茶 ${i}`,
        date: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`,
        tags: i % 2 ? ['奇'] : ['偶'],
        categories: 'c',
        body: '茶',
      })),
    );
    const r = f.search('茶', { limit: 10, tags: ['奇'] });
    assert.equal(r.total, 12);
    assert.deepEqual(r.facets.tags, { 奇: 12 });
    const pages = [0, 10, 20].flatMap((offset) => ids(f.search('茶', { limit: 10, offset })));
    assert.equal(new Set(pages).size, 25);
    assert.deepEqual(ids(f.search('茶', { from: Date.parse('2024-01-24T00:00:00Z'), sort: 'date' })), ['p24', 'p23']);
  });

  it('gives a short page the same posts in the same order as the whole list', () => {
    // Many matches with tied scores and dates: a short page is chosen without sorting them all.
    const f = new SearchEngine();
    f.add(
      Array.from({ length: 300 }, (_, i) => ({
        id: `q${String(i).padStart(3, '0')}`,
        title: i % 7 ? `绿茶 ${i % 5}` : '红茶',
        date: `2024-02-${String((i % 9) + 1).padStart(2, '0')}`,
        body: '绿茶'.repeat((i % 4) + 1),
      })),
    );
    for (const sort of ['relevance', 'date'] as const) {
      const whole = ids(f.search('绿茶', { limit: 100, sort }));
      assert.equal(whole.length, 100);
      for (const offset of [0, 3, 17, 60])
        assert.deepEqual(ids(f.search('绿茶', { limit: 7, offset, sort })), whole.slice(offset, offset + 7), `${sort} from ${offset}`);
    }
  });

  it('reads a query that ends a sentence (？ ? 。 ！ …), a tilde or an emoji as the same query without it', () => {
    const answer = (q: string) => {
      const r = e.search(q, { explain: true });
      return { matched: r.matched, total: r.total, hits: r.hits.map((h) => [h.id, h.score, h.explain!.tier, h.snippet]) };
    };
    for (const q of ['乳山绿茶', '相当于AI', 'Simple tools', '茶 新闻'])
      for (const end of ['？', '?', '。', '！', '…', ' 。', '～', '~', ' 🙏', '👍🏻', '❤️'])
        assert.deepEqual(answer(q + end), answer(q), q + end);
    // A quoted phrase means exactly what it says, its punctuation too.
    assert.equal(e.search('"乳山绿茶。"').total, 0);
  });

  it('replaces and removes posts', () => {
    const f = engine();
    f.add({ id: 'a-title', title: '别的标题', body: '没有茶' });
    assert.ok(!ids(f.search('乳山绿茶')).includes('a-title'));
    assert.equal(f.remove('b-body'), true);
    assert.ok(!ids(f.search('乳山绿茶')).includes('b-body'));
    assert.equal(f.remove('nope'), false);
  });

  it('leaves a removed post out of what the index alone decides: hits, totals and facets', () => {
    const f = new SearchEngine();
    f.add([
      { id: 'x1', title: '绿茶', categories: ['茶'], body: 'webgpu 乳山' },
      { id: 'x2', title: '绿茶', categories: ['茶'], body: 'webgpu 乳山' },
      { id: 'x3', title: '红茶', categories: ['咖啡'], body: 'webgpu 乳山' },
    ]);
    assert.equal(f.remove('x2'), true);
    // Two Han characters and a whole Latin word: their posts come from the index's lists.
    for (const q of ['乳山', 'webgpu', '绿茶']) {
      const r = f.search(q);
      assert.ok(!ids(r).includes('x2'), q);
      assert.equal(r.total, q === '绿茶' ? 1 : 2, q);
    }
    assert.deepEqual(f.search('乳山').facets.categories, { 咖啡: 1, 茶: 1 });
  });

  it('keeps for filters alone the live posts they name: titles holding the words whatever the bodies say, tags', () => {
    const f = new SearchEngine();
    f.add([
      { id: 't1', title: '开源工具', date: '2024-01-03', body: '介绍' },
      { id: 't2', title: '开源软件', date: '2024-01-02', body: 'WebGPU 工具' },
      { id: 't3', title: '工具箱', date: '2024-01-01', body: '开源的工具' },
      { id: 't4', title: 'WebGPU 入门', date: '2024-01-04', body: '开源' },
      { id: 't5', title: '开源杂谈', date: '2024-01-05', body: '' },
    ]);
    assert.equal(f.remove('t5'), true);
    // t3 and t4 say 开源 in their bodies only; t5 is gone though its words stay in the index's lists.
    assert.deepEqual(ids(f.search('title:开源')).sort(), ['t1', 't2']);
    assert.deepEqual(ids(f.search('title:开源 -软件')), ['t1']);
    assert.deepEqual(ids(f.search('title:开源 title:工具')), ['t1']);
    assert.deepEqual(ids(f.search('title:webgpu')), ['t4']);
    assert.deepEqual(ids(f.search('title:web')), []);
    assert.equal(f.search('title:开源').total, 2);
    // Tags alone, in the query or as an option, newest first: the removed post stays out.
    f.add({ id: 't6', title: '杂记', date: '2024-01-06', tags: ['开源'], body: '' });
    f.add({ id: 't7', title: '杂记', date: '2024-01-07', tags: ['开源'], body: '' });
    assert.equal(f.remove('t7'), true);
    assert.deepEqual(ids(f.search('tag:开源')), ['t6']);
    assert.deepEqual(ids(f.search('', { tags: ['开源'] })), ['t6']);
    assert.deepEqual(ids(f.search('title:开源', { tags: ['开源'] })), []);
  });

  it('cuts long snippets to about the requested length around the best passage', () => {
    const f = new SearchEngine();
    const filler = '这是一段没有关键词的填充文字。'.repeat(20);
    f.add({ id: 'long', title: 't', body: `<p>${filler}关键短语出现在这里。${filler}</p>` });
    const s = f.search('关键短语', { snippetLength: 60 }).hits[0]!.snippet;
    assert.ok(s.startsWith('…') && s.endsWith('…'));
    assert.ok(s.includes('<mark>关键短语</mark>'));
    assert.ok(s.replace(/<\/?mark>/g, '').length <= 64, s);
  });

  it('never cuts a match at a snippet’s end: the passage takes it whole', () => {
    const f = new SearchEngine();
    // The second 关键 starts at the passage's 20th character and would end at its 21st.
    f.add({
      id: 'p',
      title: 't',
      body: `<p>关键一二三四五六七八九十一二三四五六七关键后面还有很多很多的文字内容。${'填充'.repeat(30)}</p>`,
    });
    const s = f.search('关键', { snippetLength: 20 }).hits[0]!.snippet;
    assert.equal(s, '<mark>关键</mark>一二三四五六七八九十一二三四五六七<mark>关键</mark>…');
  });

  it('marks what a title must say (title:乳山) in the title and the snippet', () => {
    const hit = e.search('title:乳山').hits[0]!;
    assert.deepEqual([hit.id, hit.titleHighlight, hit.snippet], ['a-title', '<mark>乳山</mark>绿茶', '介绍一种茶。']);
    const news = e.search('title:茶').hits.find((h) => h.id === 'd-newer')!;
    assert.deepEqual([news.titleHighlight, news.snippet], ['<mark>茶</mark>叶新闻', '今年的乳山绿<mark>茶</mark>采摘提前了。']);
  });

  it('marks no word of one character a question does without (的 是), but inside a longer match', () => {
    const f = new SearchEngine();
    f.add([
      { id: 'sky', title: '天空的颜色', body: '<p>晴天时天空是蓝色的，因为蓝光散射更强。</p>' },
      { id: 'sea', title: '海边', body: '<p>蓝色的海和天空的云。</p>' },
    ]);
    const hits = f.search('为什么天空是蓝色的').hits;
    assert.deepEqual(
      hits.map((h) => [h.titleHighlight, h.snippet]),
      [
        ['<mark>天空</mark>的颜色', '晴天时<mark>天空是蓝色</mark>的，因为蓝光散射更强。'],
        ['海边', '<mark>蓝色</mark>的海和<mark>天空</mark>的云。'],
      ],
    );
    // Asked for alone, 的 is what was asked for.
    assert.equal(f.search('的').hits[0]!.snippet.includes('<mark>的</mark>'), true);
  });

  it('suggests words and titles by prefix', () => {
    const s = e.suggest('乳山');
    assert.ok(
      s.some((x) => x.text === '乳山绿茶' && x.kind === 'title'),
      JSON.stringify(s),
    );
  });

  /** An engine of posts with these titles and a body of no matter, once jieba is loaded (completions read its dictionary). */
  async function titled(...titles: string[]): Promise<SearchEngine> {
    await whenReady();
    const f = new SearchEngine();
    f.add(titles.map((title, i) => ({ id: String(i), title, body: '<p>一条。</p>' })));
    return f;
  }

  it('offers a title word jieba made up of one title (安卓会) as that title, not as a word', async () => {
    const f = await titled('安卓会剥离照片的位置信息', '安卓手机');
    assert.deepEqual(
      f.suggest('安卓', 8).map((s) => [s.text, s.kind]),
      [
        ['安卓手机', 'title'],
        ['安卓会剥离照片的位置信息', 'title'],
      ],
    );
  });

  it('offers a word, not the parts jieba names of it (特斯 of 特斯拉, 二维 of 二维码), and keeps Latin words beside longer ones', async () => {
    const f = await titled('特斯拉汽车', '特斯拉电池', '二维码生成器', 'java 与 javascript', 'javascript 入门');
    const words = (prefix: string): string[] =>
      f
        .suggest(prefix, 8)
        .filter((s) => s.kind === 'word')
        .map((s) => s.text);
    assert.deepEqual(words('特'), ['特斯拉']);
    assert.deepEqual(words('二'), ['二维码']);
    assert.deepEqual(words('jav'), ['javascript', 'java']);
  });

  it('completes a prefix with the words the posts continue it with, not with pieces of them', () => {
    const f = new SearchEngine();
    f.add(
      ['一', '二', '三'].map((n) => ({
        id: n,
        title: `笔记${n}`,
        body: '<p>把英文翻译成中文。翻译工具很多。珠穆朗玛峰很高。一支圆珠笔。</p>',
      })),
    );
    const words = (prefix: string): string[] => f.suggest(prefix, 8).map((s) => s.text);
    // Not 翻译成中 (成中 is no word), nor 珠穆朗 or 珠穆朗玛 (always 珠穆朗玛峰), nor 珠笔 of
    // 圆珠笔 (a word of jieba's model only, in three posts).
    assert.deepEqual(words('翻译'), ['翻译工具']);
    assert.deepEqual(words('珠穆'), ['珠穆朗玛峰']);
    assert.deepEqual(words('珠'), ['珠穆朗玛峰']);
  });
});

describe('SearchEngine.searchWarmSteps: the searches a search thread warms its code with', () => {
  it("asks the index's own words in the shapes readers type, the same every time", () => {
    const words = ['乳山', 'a', 'rust', '绿茶', '数据'];
    const titles = ['乳山绿茶 ', '', 'Simple tools', '开发电子书', '这个数据'];
    const titleAt = (i: number): string => titles[i % titles.length]!;
    // Words of one character are left out and the pairs stride through the rest. In turn:
    // a word, two words, a question, a title, two words run together, a what-is question,
    // one character, four characters from inside a title, a Latin word glued to a word, in
    // full-width letters, misspelt, and a title in traditional characters.
    assert.deepEqual(
      [...warmQueries(words, titleAt, 12)],
      [
        '乳山',
        '数据 绿茶',
        '怎么绿茶',
        'Simple tools',
        '乳山rust',
        '数据是什么',
        '绿',
        '发电子书',
        '乳山rust',
        'ｒｕｓｔ',
        'rsut',
        '這個數據',
      ],
    );
    // With no Latin word in the index, its shapes still make queries; with no word of two
    // characters, none.
    assert.deepEqual([...warmQueries(['乳山'], () => '', 12)].slice(8, 11), ['乳山ai', 'ａｉ', 'ais']);
    assert.deepEqual([...warmQueries(['a', '茶'], titleAt, 3)], []);
  });

  it('runs the searches it is asked, or stops once its time is spent, and changes no answer', () => {
    const e = engine();
    const queries = ['乳山绿茶', '茶 新闻', 'sim', '电子书是什么', '怎么采摘'];
    const before = queries.map((q) => e.search(q, { explain: true }));
    assert.equal(runSteps(e.searchWarmSteps(40)), 40);
    // A budget already spent after the first search: one search, then it stops.
    assert.equal(runSteps(e.searchWarmSteps(40, 0)), 1);
    assert.deepEqual(
      queries.map((q) => e.search(q, { explain: true })),
      before,
    );
  });
});
