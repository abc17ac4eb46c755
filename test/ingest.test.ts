import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { postFromFile, postFromRecord } from '../src/ingest/post.js';
import { parseFrontMatter } from '../src/ingest/front-matter.js';
import { buildIndex } from '../src/build/build.js';
import { post, SAMPLE_POSTS, tempDir, writePosts } from './helpers.js';

describe('postFromFile', () => {
  it('reads the seed article: id, title, local date, category, tag and Jekyll URL', () => {
    const name = '2022-06-10-NW202206102408578637.md';
    const p = postFromFile(name, fs.readFileSync(path.join(SAMPLE_POSTS, name), 'utf8'));
    assert.equal(p.id, '2022-06-10-NW202206102408578637');
    assert.equal(p.title, '妇联“硬核”助力 点燃“电商经济”');
    assert.equal(p.date, '2022-06-10T13:49:56+08:00');
    assert.deepEqual(p.categories, ['zhongguofunvwang']);
    assert.deepEqual(p.tags, ['中国妇女网新闻']);
    assert.equal(p.url, '/zhongguofunvwang/2022/06/10/NW202206102408578637.html');
  });

  it('leaves out the footer lines: source link and 返回 navigation', () => {
    const name = '2022-06-10-NW202206102408578637.md';
    const p = postFromFile(name, fs.readFileSync(path.join(SAMPLE_POSTS, name), 'utf8'));
    assert.ok(p.text.endsWith('（文章来源：中国妇女网）'), p.text.slice(-40));
    assert.ok(!p.text.includes('返回首页'));
    assert.ok(!p.text.includes('http'));
  });

  it('tolerates an empty title and a broken date', () => {
    const raw = '---\nlayout: post\ntitle: ""\ndate:  +0800\ncategories: emnews\ntags: 快讯\n---\n\n正文内容\n';
    const p = postFromFile('2021-12-08-202112082206703990.md', raw);
    assert.equal(p.title, '');
    assert.equal(p.date, '2021-12-08T00:00:00', 'falls back to the file name date');
    assert.deepEqual(p.tags, ['快讯']);
    assert.equal(p.text, '正文内容');
    assert.equal(p.url, '/emnews/2021/12/08/202112082206703990.html');
  });

  it('reads no front matter after a blank line, as Jekyll does: the block is body text', () => {
    const raw = '\n---\nlayout: post\ntitle: 标题\ntags: 快讯\n---\n\n正文内容\n';
    const p = postFromFile('2021-12-08-202112082206703990.md', raw);
    assert.equal(p.title, '202112082206703990');
    assert.deepEqual(p.tags, []);
    assert.equal(p.text, 'layout: post\ntitle: 标题\ntags: 快讯\n—\n正文内容');
    assert.equal(p.url, '/2021/12/08/202112082206703990.html');
    assert.match(p.warning!, /^blank line before the front matter: indexed as Jekyll publishes it/);
  });

  it('indexes a post whose front matter is not valid YAML as Jekyll publishes it, with a warning', () => {
    const now = new Date(2026, 10, 30, 9, 5, 7).getTime();
    const p = postFromFile('2021-04-05-vue-colon.md', '---\ntitle: Vue: 入门\ntags: [vue]\n---\n半角冒号让 YAML 读不了。\n', { now });
    assert.deepEqual(
      { title: p.title, date: p.date, tags: p.tags, text: p.text, url: p.url },
      { title: '', date: '2026-11-30T09:05:07', tags: [], text: '半角冒号让 YAML 读不了。', url: '/2026/11/30/2021-04-05-vue-colon.html' },
    );
    assert.match(p.warning!, /^front matter is not valid YAML \(.+\): indexed as Jekyll publishes it/);
  });

  it('has no date when neither front matter nor file name gives one', () => {
    const p = postFromFile('about.md', post({ title: '关于' }, '内容'));
    assert.equal(p.date, null);
    assert.equal(p.url, '/about.html');
  });

  it('reads tags and categories as a YAML list or a space-separated string', () => {
    const a = postFromFile('2024-01-01-a.md', post({ title: 'a', tags: '[人工智能, AI]', categories: 'tech frontend' }, 'x'));
    assert.deepEqual(a.tags, ['人工智能', 'AI']);
    assert.deepEqual(a.categories, ['tech', 'frontend']);
    assert.equal(a.url, '/tech/frontend/2024/01/01/a.html');
  });

  it('extracts only visible HTML text: no scripts, styles, comments or hidden elements; entities decoded', () => {
    const body =
      '<p>可见&amp;文字&ldquo;引号&rdquo;</p><script>var x="脚本"</script><style>.a{}</style><!-- 注释 --><div hidden>隐藏一</div><span style="display: none">隐藏二</span><p aria-hidden="true">隐藏三</p><p>第二段</p>';
    const p = postFromFile('2024-01-01-h.html', post({ title: 't' }, body));
    assert.equal(p.text, '可见&文字“引号”\n第二段');
  });

  it('renders Markdown bodies to their visible text', () => {
    const p = postFromFile(
      '2024-01-01-m.md',
      post({ title: 't' }, '## 小标题\n\n这是**加粗**和[链接文字](https://example.com)。\n\n![图片说明](a.png)'),
    );
    assert.equal(p.text, '小标题\n这是加粗和链接文字。');
  });

  it('shows a comment that never closes as kramdown does, after however many quote markers', () => {
    // Sixty markers: read with a pattern that backtracks, a line of them takes 2^60 steps.
    const p = postFromFile('2024-01-01-x.md', `---\ntitle: 标题\n---\n${'> '.repeat(60)}深层引用\n\n> <!-- 没闭合\n\n段落`);
    assert.equal(p.text, '深层引用\n<!– 没闭合\n段落');
  });
  it('reads front matter that never closes as body text, as Jekyll does', () => {
    const p = postFromFile('2024-01-04-open.md', '---\ntitle: 永不结束\n\n正文');
    assert.deepEqual({ title: p.title, text: p.text }, { title: 'Open', text: 'title: 永不结束\n正文' });
  });

  it('ends front matter where Jekyll does: the first line of --- or ..., with Windows line ends too', () => {
    assert.deepEqual(parseFrontMatter('---\ntitle: 甲\n...\n正文\n---\n还是正文'), { data: { title: '甲' }, body: '正文\n---\n还是正文' });
    assert.deepEqual(parseFrontMatter('---\r\ntitle: 乙\r\n---  \r\n正文'), { data: { title: '乙' }, body: '正文' });
    assert.deepEqual(parseFrontMatter('---\n---\n正文'), { data: {}, body: '正文' });
    // `---x` is not a closing line; the block closes at the next one that is.
    assert.deepEqual(parseFrontMatter('---\ntitle: "a\n---x"\n---\n正文'), { data: { title: 'a ---x' }, body: '正文' });
  });

  it('builds posts from records with a computed permalink', () => {
    const p = postFromRecord({
      id: '2024-05-05-rec',
      title: '记录',
      date: '2024-05-05 10:00:00 +0800',
      categories: ['c'],
      body: '<p>正文</p>',
    });
    assert.equal(p.url, '/c/2024/05/05/rec.html');
    assert.equal(p.text, '正文');
  });
});

describe('permalinks of a folder of posts (no site settings)', () => {
  const fm = (extra = '') => `---\ntitle: 标题\ndate: 2022-06-10 13:49:56 +0800\ncategories: News${extra}\n---\n正文`;
  it('supports Jekyll styles, templates and baseurl, with the date as written', () => {
    assert.equal(postFromFile('2022-06-10-NW1.md', fm()).url, '/news/2022/06/10/NW1.html');
    assert.equal(postFromFile('2022-06-10-NW1.md', fm(), { permalink: 'pretty', baseurl: '/blog/' }).url, '/blog/news/2022/06/10/NW1/');
    assert.equal(postFromFile('2022-06-10-NW1.md', fm(), { permalink: '/:year/:title/' }).url, '/2022/NW1/');
    // `:month_:day` is :month then `_`, and a template read before is filled the same way.
    for (let i = 0; i < 2; i++)
      assert.equal(postFromFile('2022-06-10-NW1.md', fm(), { permalink: '/:month_:day/:title' }).url, '/06_10/NW1');
    for (let i = 0; i < 2; i++)
      assert.throws(
        () => postFromFile('2022-06-10-NW1.md', fm(), { permalink: '/:year/:nosuch/' }),
        /unknown permalink placeholder :nosuch/,
      );
  });
  it('slugifies file names as Jekyll does and honours slug:', () => {
    assert.equal(postFromFile('2020-01-03-c++-and-c#.md', fm()).url, '/news/2022/06/10/c++-and-c.html');
    assert.equal(postFromFile('2020-01-03-how to use git.md', fm()).url, '/news/2022/06/10/how-to-use-git.html');
    assert.equal(postFromFile('2020-01-03-x.md', fm('\nslug: 你好 World')).url, '/news/2022/06/10/%E4%BD%A0%E5%A5%BD-World.html');
  });
  it('refuses a permalink that would leave the site', () => {
    assert.throws(() => postFromFile('2020-01-03-x.md', fm('\npermalink: /\\evil.example/x')), /does not stay on the site/);
    assert.throws(() => postFromFile('2020-01-03-x.md', fm('\npermalink: //evil.example/x')), /does not stay on the site/);
  });
  it("dates a day past the month's end on the next month's days, as Ruby's Time.parse does", () => {
    const dated = (name: string, date = ''): [string | null, string] => {
      const p = postFromFile(name, `---\ntitle: 标题${date && `\ndate: ${date}`}\n---\n正文`);
      return [p.date, p.url];
    };
    assert.deepEqual(dated('2015-09-31-x.md'), ['2015-10-01T00:00:00', '/2015/10/01/x.html']);
    assert.deepEqual(dated('2015-09-01-x.md', '2021-02-30 10:00:00 +08:00'), ['2021-03-02T10:00:00+08:00', '/2021/03/02/x.html']);
    // Past 31 it is no date to Ruby: the file name's date is the post's.
    assert.deepEqual(dated('2015-09-01-x.md', '2021-02-32'), ['2015-09-01T00:00:00', '/2015/09/01/x.html']);
  });
  it('titles a post without a title from its file name, as Jekyll does', () => {
    assert.equal(postFromFile('2021-03-08-how to use git.md', '正文').title, 'How to use git');
    assert.equal(postFromFile('2021-03-06-Hello-World.md', '正文').title, 'Hello World');
  });
});

describe("a site's kramdown footnote_backlink", () => {
  // As Debian's Jekyll 4.3.1 published each, but for white space (the first is also a fixture post,
  // parse-block-html/2024-03-05-footnote-backlink): kramdown's String option takes a value
  // left empty (nil) as '', and then makes no back-links.
  const textOf = async (kramdown: string): Promise<string> => {
    const site = tempDir();
    fs.writeFileSync(path.join(site, '_config.yml'), `title: 脚注站\nkramdown:\n  input: GFM\n${kramdown}`);
    writePosts(path.join(site, '_posts'), {
      '2024-01-01-fn.md': post({ title: '脚注' }, '正文里的脚注引用[^a]。\n\n[^a]: 脚注的内容在这里'),
    });
    const { engine } = await buildIndex({ site });
    return engine.get('2024-01-01-fn')!.text;
  };
  it('shows its text after each footnote: entities decoded, other markup as typed', async () => {
    assert.equal(
      await textOf('  footnote_backlink: "&#8617;&#xfe0e; 返回 <上> & 顶部"\n'),
      '正文里的脚注引用1。\n脚注的内容在这里 ↩\ufe0e 返回 <上> & 顶部',
    );
  });
  it('shows none when it is left empty', async () => {
    assert.equal(await textOf('  footnote_backlink:\n'), '正文里的脚注引用1。\n脚注的内容在这里');
  });
  it('shows ↩ when the site does not set it', async () => {
    assert.equal(await textOf(''), '正文里的脚注引用1。\n脚注的内容在这里 ↩');
  });
});

describe('buildIndex on a folder with bad posts', () => {
  it('reports each unreadable post with its reason and indexes the others', async () => {
    const dir = writePosts(tempDir(), {
      '2024-01-01-good.md': post({ title: '好文章' }, '正常的内容'),
      '2024-01-02-binary.md': Buffer.from([0x00, 0x01, 0x02, 0xff]),
      '2024-01-03-latin1.md': Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]),
      '2024-01-04-bad-yaml.md': '---\ntitle: Go: 并发\n---\n冒号后面的空格让 YAML 出错',
      'notes.txt': '不是文章',
    });
    const { engine, report } = await buildIndex(dir);
    assert.deepEqual([...engine.documents()].map((d) => d.id).sort(), ['2024-01-01-good', '2024-01-04-bad-yaml']);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.file, s.reason]));
    assert.deepEqual(Object.keys(reasons).sort(), ['2024-01-02-binary.md', '2024-01-03-latin1.md']);
    assert.match(reasons['2024-01-02-binary.md']!, /binary/);
    assert.match(reasons['2024-01-03-latin1.md']!, /UTF-8/);
    assert.deepEqual(
      report.warnings.map((w) => w.file),
      ['2024-01-04-bad-yaml.md'],
    );
    assert.match(report.warnings[0]!.reason, /^front matter is not valid YAML/);
    assert.equal(engine.search('正常').hits[0]!.id, '2024-01-01-good');
    assert.equal(engine.search('冒号').hits[0]!.id, '2024-01-04-bad-yaml');
  });

  it('refuses a post over the size limit by its size, before reading it', async () => {
    const dir = writePosts(tempDir(), {
      '2024-01-01-small.md': post({ title: '小文章' }, '短短的正文'),
      '2024-01-02-big.md': post({ title: '大文章' }, '很长的正文'.repeat(100)),
    });
    const { engine, report } = await buildIndex(dir, { maxPostBytes: 200 });
    assert.equal(engine.documentCount, 1);
    assert.deepEqual(
      report.skipped.map((s) => s.file),
      ['2024-01-02-big.md'],
    );
    assert.match(report.skipped[0]!.reason, /^file too large \(\d+ bytes, limit 200\)$/);
  });
});
