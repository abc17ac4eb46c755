/**
 * A post whose Liquid lists the site's posts (ingest/jekyll/site-posts.ts) shows them as
 * they are now: rendered again by every build that changes a post, whether it scans the
 * site or is told the changed file, and left as it was by a build that changes nothing.
 * (What it shows is held against Jekyll's own answer in test/jekyll-sites.test.ts, site
 * post-listings.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { listsPosts } from '../src/build/analyze-task.js';
import { buildIndex } from '../src/build/build.js';
import { reindex, type ReindexResult } from '../src/build/reindex.js';
import type { SearchEngine } from '../src/search/engine.js';
import { loadIndex } from '../src/store/store.js';
import { ROOT, tempDir } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'jekyll');

/** A site titled `title` in a temporary folder, and what writes a post into its `_posts` (returning the file). */
function newSite(title: string): { site: string; write: (name: string, title: string, body: string) => string } {
  const site = fs.realpathSync(tempDir());
  fs.writeFileSync(path.join(site, '_config.yml'), `title: ${title}\n`);
  fs.mkdirSync(path.join(site, '_posts'));
  const write = (name: string, postTitle: string, body: string): string => {
    const file = path.join(site, '_posts', name);
    fs.writeFileSync(file, `---\ntitle: ${postTitle}\n---\n${body}\n`);
    return file;
  };
  return { site, write };
}

describe('a post that lists the site’s posts', function () {
  this.timeout(60_000);

  it('shows the other posts as they are after every build: scanned, told the changed file, or unchanged', async () => {
    const { site, write } = newSite('列表站');
    const a = write('2024-01-01-a.md', '第一篇 zqxold', '正文一，{{ page.title }}');
    write('2024-01-02-list.md', '目录', '全部：{% for p in site.posts %}《{{ p.title }}》{% endfor %}，上一篇 {{ page.previous.title }}');
    write('2024-01-03-c.md', '第三篇', '正文三');
    write(
      '2024-01-04-show.md',
      '展示',
      '三的正文：\n\n{% for p in site.posts %}{% if p.title == "第三篇" %}{{ p.content }}{% endif %}{% endfor %}',
    );
    const showText = (r: ReindexResult): string => r.engine.get('2024-01-04-show')!.text;
    const indexDir = tempDir();
    const listText = (r: ReindexResult): string => r.engine.get('2024-01-02-list')!.text;

    const first = await reindex({ source: '', site: { site }, indexDir });
    assert.equal(listText(first), '全部：《展示》《第三篇》《目录》《第一篇 zqxold》，上一篇 第一篇 zqxold');
    assert.equal(showText(first), '三的正文：\n正文三');
    // Only the lists is read again by every build: a post's `{{ page.title }}` lists nothing.
    assert.deepEqual(
      [...first.engine.documents()].filter(listsPosts).map((d) => d.id),
      ['2024-01-02-list', '2024-01-04-show'],
    );

    // Nothing changed: the list is read and rendered again, found the same, and nothing is saved.
    const same = await reindex({ source: '', site: { site }, indexDir, previousIndex: first });
    assert.deepEqual([same.report.updated, same.report.unchanged, same.saved], [0, 4, 'none']);

    // Another post's text changes: the post showing it shows it, the list of titles stands.
    write('2024-01-03-c.md', '第三篇', '正文三 zqxbody');
    const body = await reindex({ source: '', site: { site }, indexDir, previousIndex: same });
    assert.deepEqual([body.report.updated, body.report.unchanged], [2, 2]);
    assert.equal(showText(body), '三的正文：\n正文三 zqxbody');

    // Another post's title changes: a build that scans the site renders the list again.
    write('2024-01-01-a.md', '第一篇 zqxscanned', '正文一，{{ page.title }}');
    const scanned = await reindex({ source: '', site: { site }, indexDir, previousIndex: body });
    assert.equal(listText(scanned), '全部：《展示》《第三篇》《目录》《第一篇 zqxscanned》，上一篇 第一篇 zqxscanned');
    assert.deepEqual([scanned.report.updated, scanned.report.unchanged], [2, 2]);
    assert.deepEqual(
      scanned.engine
        .search('zqxscanned')
        .hits.map((h) => h.id)
        .sort(),
      ['2024-01-01-a', '2024-01-02-list'],
    );

    // So does a build told only that file changed (what `serve --watch` runs).
    write('2024-01-01-a.md', '第一篇 zqxtold', '正文一，{{ page.title }}');
    const told = await reindex({
      source: '',
      site: { site },
      indexDir,
      previousIndex: scanned,
      previousFiles: scanned.files,
      changedFiles: [a],
    });
    assert.equal(told.report.changedOnly, true);
    assert.equal(listText(told), '全部：《展示》《第三篇》《目录》《第一篇 zqxtold》，上一篇 第一篇 zqxtold');
    assert.deepEqual(told.engine.search('zqxscanned').hits, []);
    // And when only another post's text changes, the post showing it (the list stands).
    const c = write('2024-01-03-c.md', '第三篇', '正文三 zqxtoldbody');
    const toldBody = await reindex({
      source: '',
      site: { site },
      indexDir,
      previousIndex: told,
      previousFiles: told.files,
      changedFiles: [c],
    });
    assert.deepEqual([toldBody.report.changedOnly, toldBody.report.updated, toldBody.report.unchanged], [true, 2, 2]);
    assert.equal(showText(toldBody), '三的正文：\n正文三 zqxtoldbody');

    // And as saved: what a full build of the site makes.
    const full = await buildIndex({ site });
    assert.equal(listText(toldBody), full.engine.get('2024-01-02-list')!.text);
    assert.equal(showText(toldBody), full.engine.get('2024-01-04-show')!.text);
  });

  it('ranks after the posts it lists, weighed by the share of its text that is its own: built, saved, loaded and updated', async () => {
    const { site, write } = newSite('归档站');
    write('2024-01-01-origin.md', '龙舟竞渡的起源', '端午节赛龙舟，相传是为了纪念屈原。');
    // Holds the title verbatim once, in a long text of its own: an archive, short, scores higher on BM25 alone.
    write(
      '2024-01-02-review.md',
      '端午见闻',
      `${'今年端午回乡，看了一场比赛，江边人山人海，鼓声震天，孩子们在岸上追着船跑。'.repeat(6)}讲解员说起龙舟竞渡的起源，众说纷纭。`,
    );
    write('2024-01-03-spring.md', '春节习俗', '贴春联，守岁。');
    write('2024-01-04-archive.md', '归档', '{% for p in site.posts %}{{ p.date | date: "%Y-%m-%d" }} {{ p.title }}\n\n{% endfor %}');
    const order = (engine: SearchEngine): [string, number][] =>
      engine.search('龙舟竞渡的起源', { explain: true }).hits.map((h) => [h.id, h.explain!.ownShare]);
    const archiveShare = (engine: SearchEngine): number => order(engine).find(([id]) => id === '2024-01-04-archive')![1];
    const expected = ['2024-01-01-origin', '2024-01-02-review', '2024-01-04-archive'];

    const indexDir = tempDir();
    const built = await reindex({ source: '', site: { site }, indexDir });
    assert.deepEqual(
      order(built.engine).map(([id]) => id),
      expected,
    );
    // Its text is four dated titles; its own, without them, is empty lines.
    assert.ok(archiveShare(built.engine) < 0.1, `${archiveShare(built.engine)}`);
    assert.equal(order(built.engine)[1]![1], 1);
    assert.deepEqual(order(loadIndex(indexDir).engine), order(built.engine));

    // A build told another post changed renders the archive again (a new title to list)
    // without reading its own file: its own share comes from the index saved before.
    const told = await reindex({
      source: '',
      site: { site },
      indexDir,
      previousIndex: loadIndex(indexDir),
      previousFiles: built.files,
      changedFiles: [write('2024-01-03-spring.md', '春节习俗与年俗', '贴春联，守岁。')],
    });
    assert.equal(told.report.changedOnly, true);
    assert.match(told.engine.get('2024-01-04-archive')!.text, /春节习俗与年俗/);
    assert.deepEqual(
      order(told.engine).map(([id]) => id),
      expected,
    );
    const reloaded = loadIndex(indexDir).engine;
    assert.deepEqual(order(reloaded), order(told.engine));
    assert.ok(archiveShare(reloaded) < archiveShare(built.engine), 'a longer list, a smaller share');
  });

  it('lists a collection’s documents (site.<label>) as Jekyll does, and a build that changes nothing leaves their undated index as it was', async () => {
    const site = fs.realpathSync(tempDir());
    fs.cpSync(path.join(FIXTURES, 'sites', 'collection-listings'), site, { recursive: true });
    const input = { site, collections: ['*'] };
    const day = Date.parse('2024-05-01T00:00:00Z');
    const indexText = (engine: SearchEngine): string => engine.get('index')!.text;
    const first = await buildIndex(input, { now: day });
    assert.match(indexText(first.engine), /^本教程共 4 篇，按路径：线程与并发（\/guide\/threads\.html）；第一个程序/);
    // Undated: dated at the build that first read it, as Jekyll dates it at its build.
    assert.equal(first.engine.get('index')!.date, '2024-05-01T08:00:00+08:00');

    // A day later, nothing changed: the undated index is read again (it lists the others)
    // and found as it was, date included, so nothing is updated.
    const later = { now: day + 86_400_000, previous: first.engine, previousFiles: first.files };
    const same = await buildIndex(input, later);
    assert.deepEqual([same.report.updated, same.report.unchanged], [0, 7]);
    assert.equal(same.engine.get('index')!.date, '2024-05-01T08:00:00+08:00');

    // A listed document retitled, the build told that file: the index lists the new title.
    const hello = path.join(site, '_guide', 'basics', 'hello.md');
    fs.writeFileSync(hello, fs.readFileSync(hello, 'utf8').replace('第一个程序', '你好世界'));
    const told = await buildIndex(input, { ...later, previous: same.engine, previousFiles: same.files, changedFiles: [hello] });
    assert.deepEqual([told.report.changedOnly, told.report.updated], [true, 2]);
    // In the order of their paths, as Jekyll's: the retitled one, read in a later build, is no newer than the others.
    assert.match(
      indexText(told.engine),
      /^本教程共 4 篇，按路径：线程与并发（\/guide\/threads\.html）；你好世界（\/guide\/hello\.html）；安装与配置/,
    );
    assert.match(indexText(told.engine), /你好世界 101\n安装与配置 102/);
    assert.equal(told.engine.get('index')!.date, '2024-05-01T08:00:00+08:00');
  });

  it('shows another post’s content rendered once, not the contents that content shows again (posts each showing all others)', async () => {
    const site = fs.realpathSync(tempDir());
    fs.writeFileSync(path.join(site, '_config.yml'), 'title: 套娃站\n');
    fs.mkdirSync(path.join(site, '_posts'));
    for (let i = 1; i <= 16; i++)
      fs.writeFileSync(
        path.join(site, '_posts', `2024-01-${String(i).padStart(2, '0')}-p${i}.md`),
        `---\ntitle: 第${i}篇\n---\n正文${i}。{% for p in site.posts %}{{ p.content }}{% endfor %}\n`,
      );
    const { engine } = await buildIndex({ site });
    const newest = engine.get('2024-01-16-p16')!.text;
    // Its own words, and each older post's once rendered (holding the others as written):
    // rendered all the way down, each post's text would be twice the one's before it (over 1 MB here).
    assert.ok(newest.startsWith('正文16。'));
    for (let i = 1; i < 16; i++) assert.ok(newest.includes(`正文${i}。`), `post ${i}`);
    assert.ok(newest.length < 100_000, `${newest.length} characters`);
  });
});
