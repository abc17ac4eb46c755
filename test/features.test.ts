import assert from 'node:assert/strict';
import { buildIndex } from '../src/build/build.js';
import { SearchEngine, type SearchResult } from '../src/search/engine.js';
import { whenReady } from '../src/text/jieba.js';
import { parseQuery } from '../src/search/query-syntax.js';
import { reindex } from '../src/build/reindex.js';
import { copySample, SAMPLE_POSTS, tempDir } from './helpers.js';

const ids = (r: SearchResult): string[] => r.hits.map((h) => h.id);

describe('query syntax', () => {
  let e: SearchEngine;
  before(async () => {
    e = (await buildIndex(SAMPLE_POSTS)).engine;
  });

  it('parses phrases, exclusions, OR and fields, and reads malformed syntax as text', () => {
    assert.deepEqual(parseQuery('"乳山 绿茶" -公司 -"开发 区" a OR b title:茶 tag:x category:y date:2024-01-01..2024-02-01'), {
      groups: [
        [{ text: '乳山 绿茶', phrase: true }],
        [
          { text: 'a', phrase: false },
          { text: 'b', phrase: false },
        ],
      ],
      excludes: ['公司', '开发 区'],
      titles: [['茶']],
      tags: ['x'],
      categories: ['y'],
      from: Date.parse('2024-01-01T00:00:00Z'),
      to: Date.parse('2024-02-01T23:59:59.999Z'),
      syntax: true,
    });
    assert.deepEqual(parseQuery('"未闭合 -').groups, [[{ text: '未闭合', phrase: false }]]);
    assert.equal(parseQuery('date:yesterday').groups[0]![0]!.text, 'date:yesterday');
  });

  it('excludes words: 招商 -公司 keeps only posts about 招商 without 公司', () => {
    assert.deepEqual(ids(e.search('招商 -公司')), ['2024-07-01-zhaoshang-zhengce']);
    assert.deepEqual(ids(e.search('招商')).sort(), ['2024-06-18-zhaoshang-gonggao', '2024-07-01-zhaoshang-zhengce']);
  });

  it('matches quoted phrases only verbatim and excludes quoted phrases', () => {
    assert.deepEqual(ids(e.search('"乳山绿茶"')).sort(), [
      '2022-06-10-NW202206102408578637',
      '2023-03-15-zhibo-daihuo-rumen',
      '2023-05-20-rushan-lvcha',
    ]);
    assert.deepEqual(ids(e.search('乳山 -"乳山绿茶"')), []);
    assert.deepEqual(ids(e.search('"绿茶 乳山"')), []);
  });

  it('looks for a quoted phrase as typed, never parted where jieba glued two words', async () => {
    await whenReady();
    const f = new SearchEngine();
    f.add([
      { id: 'glued', title: '设计资源', date: '2023-01-01', body: '<p>该网站收集各种设计资源。甲烷是一种温室气体。</p>' },
      { id: 'apart', title: '车站', date: '2023-01-02', body: '<p>他站在门口，收集签名。甲烷和液氧，这是燃料。</p>' },
      { id: 'other', title: '集邮', date: '2023-01-03', body: '<p>收集邮票的人。</p>' },
    ]);
    // Unquoted, 站 and 是 may be words of their own (a verb, a copula); quoted, the text is asked for.
    assert.deepEqual(ids(f.search('"站收集"')), ['glued']);
    assert.deepEqual(ids(f.search('"烷是"')), ['glued']);
  });

  it('combines alternatives with OR', () => {
    assert.deepEqual(ids(e.search('招商引资 OR 电子书')).sort(), ['2024-02-02-taiwan-dianzi-shu', '2024-07-01-zhaoshang-zhengce']);
  });

  it('filters by title, tag, category and date range in the query', () => {
    assert.deepEqual(ids(e.search('招商 title:政策')), ['2024-07-01-zhaoshang-zhengce']);
    assert.deepEqual(ids(e.search('招商 tag:开发区')), ['2024-06-18-zhaoshang-gonggao']);
    assert.deepEqual(ids(e.search('category:tech date:2024-01-01..2024-04-30')).sort(), [
      '2024-01-08-webgpu-rumen',
      '2024-04-01-rengong-zhineng-sousuo',
    ]);
  });

  it('degrades malformed syntax to plain text instead of failing', () => {
    assert.deepEqual(ids(e.search('"冷链物流')), ['2024-08-08-kuaixun']);
    assert.doesNotThrow(() => e.search('-'));
    assert.doesNotThrow(() => e.search('""'));
    assert.doesNotThrow(() => e.search('OR OR -"'));
  });
});

describe('pinyin, corrections, synonyms, related posts', () => {
  let e: SearchEngine;
  before(async () => {
    e = (await buildIndex(SAMPLE_POSTS, { synonyms: [['人工智能', 'AI']] })).engine;
  });

  it('suggests Chinese words for full pinyin and initials', () => {
    for (const typed of ['rushan', 'rs', 'zhibo']) {
      const texts = e
        .suggest(typed, 8)
        .filter((s) => s.kind === 'pinyin')
        .map((s) => s.text);
      assert.ok(texts.includes(typed === 'zhibo' ? '直播' : '乳山'), `${typed}: ${texts.join(',')}`);
    }
  });

  it('completes the Latin word typed after Chinese (什么是Dock, Mac还是Win), keeping what came before as typed', async () => {
    await whenReady();
    const engine = new SearchEngine();
    engine.add([
      { id: 'docker', title: 'Docker 入门', date: '2024-01-01', body: '<p>用 Docker 打包应用。</p>' },
      { id: 'compose', title: 'Docker Compose', date: '2024-01-02', body: '<p>Docker 的编排。</p>' },
      { id: 'windows', title: 'Windows 技巧', date: '2024-01-03', body: '<p>Windows 的快捷键。</p>' },
      { id: 'stable', title: 'Stable Diffusion 入门', date: '2024-01-04', body: '<p>Stable Diffusion 生成图片。</p>' },
      { id: 'speech', title: '语音识别', date: '2024-01-05', body: '<p>语音识别技术，语音识别用户很多。</p>' },
    ]);
    const texts = (typed: string): string[] => engine.suggest(typed, 8).map((s) => s.text);
    assert.equal(texts('什么是Dock')[0], '什么是docker');
    assert.equal(texts('Mac还是Win')[0], 'Mac还是windows');
    // Titles are not put after a question's words.
    assert.ok(!texts('什么是Dock').some((t) => t.includes('入门')), texts('什么是Dock').join(','));
    // After Latin words, only the site's own phrases and titles: no `stable docker`.
    assert.ok(!texts('Stable do').some((t) => t.startsWith('stable doc')), texts('Stable do').join(','));
    // Nor a Han word at the end: the whole text's completions, not the words after it in posts.
    assert.ok(!texts('语音识别').includes('语音识别用户'), texts('语音识别').join(','));
    // Two letters begin too many words.
    assert.deepEqual(texts('什么是Do'), []);
  });

  it('reads initials as words only: never a fragment of a phrase', async () => {
    await whenReady();
    const engine = new SearchEngine();
    const text = '虽然是这样，人生很长。我们需要增长一倍的产量。数据库的设计。';
    engine.add([
      { id: 'a', title: '随笔', date: '2024-01-01', body: `<p>${text}</p>` },
      { id: 'b', title: '数据库', date: '2024-01-02', body: `<p>${text}</p>` },
    ]);
    const pinyin = (typed: string): string[] =>
      engine
        .suggest(typed, 8)
        .filter((s) => s.kind === 'pinyin')
        .map((s) => s.text);
    // `rs`: 人生, a word; not 然是 of 虽然是, which jieba's model would join into one.
    assert.ok(pinyin('rs').includes('人生'), pinyin('rs').join(','));
    assert.ok(!pinyin('rs').includes('然是'), pinyin('rs').join(','));
    // Longer initials read as title and tag words (数据库), not as the posts' strings (需要增长一).
    assert.deepEqual(pinyin('sjk'), ['数据库']);
    assert.deepEqual(pinyin('xyzzy'), []);
    const r = engine.search('xyzzy');
    assert.deepEqual([r.matched, r.total, r.interpretedAs], ['none', 0, undefined]);
  });

  it('reads a Latin query that matches no Latin word as pinyin', () => {
    const r = e.search('zhibo');
    assert.equal(r.matched, 'pinyin');
    assert.ok(r.interpretedAs!.includes('直播'));
    assert.ok(ids(r).includes('2023-03-15-zhibo-daihuo-rumen'));
    assert.match(r.hits[0]!.snippet + r.hits[0]!.titleHighlight, /<mark>直播<\/mark>/);
    // Its syllables parted as an input method shows them, or by a space: the same answer and completions.
    for (const parted of ["zhi'bo", 'zhi’bo', 'zhi bo']) {
      const p = e.search(parted);
      assert.deepEqual([p.matched, p.interpretedAs, ids(p)], [r.matched, r.interpretedAs, ids(r)], parted);
      assert.deepEqual(e.suggest(parted), e.suggest('zhibo'), parted);
    }
    assert.ok(e.suggest("zhi'b").some((s) => s.text === '直播' && s.kind === 'pinyin'));
  });

  it('ranks a pinyin query as its most used reading typed: that word in a title first, other readings after', () => {
    const f = new SearchEngine();
    f.add([
      { id: 'title', title: '开源软件', date: '2024-01-01', body: '<p>一篇短文。</p>' },
      { id: 'body', title: '周末杂记', date: '2024-01-02', body: '<p>我们讨论开源。开源的项目很多，开源社区也很热闹。</p>' },
      // 开远 only where 打开 and 远程 run together, said again and again.
      { id: 'across', title: '打开远程桌面', date: '2024-01-03', body: '<p>打开远程桌面，再打开远程终端，又打开远程文件。</p>' },
      { id: 'tags', title: '工具', date: '2024-01-04', tags: ['开源'], body: '<p>工具清单。</p>' },
    ]);
    const typed = ids(f.search('开源'));
    const r = f.search('kaiyuan');
    assert.equal(r.matched, 'pinyin');
    assert.deepEqual(r.interpretedAs, ['开源', '开远']);
    // The posts with 开源 in the order the word typed gives, then the one with 开远 alone.
    assert.deepEqual(ids(r), [...typed, 'across']);
    assert.equal(ids(r)[0], 'title');
  });

  it('reads pinyin as the words it spells, not as pieces of other words the posts run together (shuju: 数据, not 输距)', () => {
    const f = new SearchEngine();
    f.add([
      { id: 'data', title: '数据', date: '2024-01-01', body: '<p>数据很多。</p>' },
      // 输距 only inside 传输距离, said again and again.
      { id: 'range', title: '无线', date: '2024-01-02', body: '<p>传输距离很远，传输距离更远，传输距离最远。</p>' },
    ]);
    const r = f.search('shuju');
    assert.deepEqual([r.matched, r.interpretedAs, ids(r)], ['pinyin', ['数据'], ['data']]);
    assert.deepEqual(
      f.suggest('shuju').map((s) => s.text),
      ['数据'],
    );
  });

  it('reads the Latin words of a mixed query as pinyin when nothing matched (an input method left in Latin)', () => {
    const r = e.search('rushan绿茶');
    assert.equal(r.matched, 'pinyin');
    assert.deepEqual(r.interpretedAs, ['乳山']);
    assert.equal(r.hits[0]!.id, '2023-05-20-rushan-lvcha');
    assert.match(r.hits[0]!.titleHighlight, /^<mark>乳山/);
    // Asked as the words read would be typed: the posts 直播带货 finds, in its order.
    const z = e.search('zhibo带货');
    assert.deepEqual([z.matched, z.interpretedAs, z.hits[0]!.id], ['pinyin', ['直播'], '2023-03-15-zhibo-daihuo-rumen']);
    assert.deepEqual(ids(z), ids(e.search('直播带货')));
    // A word that reads as nothing stays as typed.
    assert.equal(e.search('xyz绿茶').interpretedAs, undefined);
  });

  it('keeps homophones out of Chinese queries', () => {
    const r = e.search('直拨');
    assert.ok(!ids(r).includes('2023-03-15-zhibo-daihuo-rumen'), ids(r).join(','));
    // A word as typed that no post has: its sound-alike offered, not searched in its place.
    assert.deepEqual([r.total, r.didYouMean?.query, r.correctedQuery], [0, '直播', undefined]);
  });

  it('suggests a sound-alike correction when a query finds little', () => {
    assert.deepEqual(e.search('乳山绿查').didYouMean, { query: '乳山绿茶', total: 3 });
    assert.equal(e.search('乳山绿茶').didYouMean, undefined);
  });

  it('corrects a Latin typo with MiniSearch fuzzy matching over title and tag words', () => {
    assert.deepEqual(e.search('webgpy').didYouMean, { query: 'webgpu', total: 1 });
  });

  it('expands synonyms at query time and highlights them', () => {
    const r = e.search('AI');
    assert.ok(ids(r).includes('2024-04-01-rengong-zhineng-sousuo'));
    const hit = r.hits.find((h) => h.id === '2024-04-01-rengong-zhineng-sousuo')!;
    assert.equal(hit.titleHighlight, '<mark>人工智能</mark>如何改变站内搜索');
    e.setSynonyms([]);
    try {
      assert.ok(!ids(e.search('AI')).includes('2024-04-01-rengong-zhineng-sousuo'));
    } finally {
      e.setSynonyms([['人工智能', 'AI']]);
    }
  });

  it('finds related posts by keywords', () => {
    const related = e.related('2023-05-20-rushan-lvcha', 3)!.map((h) => h.id);
    assert.ok(related.includes('2022-06-10-NW202206102408578637') || related.includes('2023-03-15-zhibo-daihuo-rumen'), related.join(','));
    assert.ok(!related.includes('2023-05-20-rushan-lvcha'));
    assert.equal(e.related('nope'), null);
  });

  it('highlights whole characters, never half a surrogate pair', () => {
    const f = e;
    f.add({ id: 'emoji', title: '表情😀测试', body: '正文😀😀结束' });
    const hit = f.search('😀').hits.find((h) => h.id === 'emoji')!;
    assert.equal(hit.titleHighlight, '表情<mark>😀</mark>测试');
    assert.equal(hit.snippet, '正文<mark>😀😀</mark>结束');
    f.remove('emoji');
  });
});

describe('Taiwan’s words typed in traditional characters', () => {
  const post = (id: string, title: string, text: string) => ({ id, title, date: '2024-01-01', body: `<p>${text}</p>` });

  it('answers with the mainland reading when more posts have every word of it, and says so', async () => {
    await whenReady();
    const engine = new SearchEngine();
    engine.add([
      post('oss', '开源软件', '开源软件的许可证。'),
      post('model', '开源软件的商业模式', '开源软件怎样赚钱。'),
      post('tw', '開源軟體', '臺灣的開源軟體社群。'),
    ]);
    const r = engine.search('開源軟體');
    assert.equal(r.mainlandReading, '开源软件');
    assert.equal(r.query, '開源軟體');
    assert.deepEqual(ids(r).sort(), ['model', 'oss']);
    // Typed in simplified characters, or as the posts of a site in traditional ones say it: as typed.
    assert.equal(engine.search('开源软体').mainlandReading, undefined);
    engine.add([post('tw2', '軟體', '開源軟體的翻譯。'), post('tw3', '軟體授權', '開源軟體授權。')]);
    const typed = engine.search('開源軟體');
    assert.equal(typed.mainlandReading, undefined);
    assert.deepEqual(ids(typed).sort(), ['tw', 'tw2', 'tw3']);
  });
});

describe('user dictionary changes', () => {
  it('re-segment only the posts containing a changed word', async () => {
    const source = copySample(tempDir());
    const indexDir = tempDir();
    const first = await reindex({ source, indexDir });
    const second = await reindex({ source, indexDir, userWords: ['计算着色器'] });
    assert.equal(second.report.resegmented, 1);
    assert.equal(second.report.unchanged, first.report.documents - 1);
    assert.deepEqual(second.manifest.userWords, ['计算着色器']);
  });
});
