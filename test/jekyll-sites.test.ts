/**
 * Every post of the six Jekyll sites in ../shared/jekyll, and of this project's own in
 * test/fixtures/jekyll (scripts/regenerate-jekyll-fixtures.sh made their answers with the
 * same Jekyll and hook), indexed with `{ site }` and compared field by field with what
 * Jekyll 4.3 itself published (expected/NAME.json): URL, date, categories, tags, title,
 * the published set, and the text, all of it (but for whitespace).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { readJekyllAnswer, zhsearchIds, type JekyllAnswer } from '../scripts/jekyll-answer.js';
import { buildIndex } from '../src/build/build.js';
import type { SearchEngine } from '../src/search/engine.js';
import { ROOT, tempDir, writePosts } from './helpers.js';

/** Where the sites are. */
const FIXTURE_DIRS = [path.resolve(ROOT, '../shared/jekyll'), path.resolve(ROOT, 'test/fixtures/jekyll')];

const squeeze = (s: string): string => s.replace(/\s+/g, '');
const occurrences = (s: string, token: string): number => s.split(token).length - 1;

const sites = FIXTURE_DIRS.flatMap((dir) =>
  fs.existsSync(path.join(dir, 'sites'))
    ? fs
        .readdirSync(path.join(dir, 'sites'))
        .sort()
        .map((name) => ({ name, dir }))
    : [],
);

describe('Jekyll sites, compared with what Jekyll 4.3 published', function () {
  this.timeout(60_000);
  before(function () {
    if (sites.length === 0) this.skip();
  });

  for (const { name, dir: FIXTURES } of sites) {
    describe(name, () => {
      let expected: JekyllAnswer;
      let engine: SearchEngine;
      let notPublished: string[];
      let ids: Map<string, string>;
      before(async () => {
        // The documents of the site's other collections, asked for as `collections`, are held
        // against Jekyll's as its posts are.
        const { answer, collections, builtAt } = readJekyllAnswer(path.join(FIXTURES, 'expected', `${name}.json`));
        expected = answer;
        ids = zhsearchIds(expected.posts);
        // "Now": the build's time where the answer has it, else a fixed one between the
        // fixtures' past posts and their 2098/2099 ones.
        const result = await buildIndex(
          { site: path.join(FIXTURES, 'sites', name), collections },
          { now: builtAt ?? Date.parse('2026-11-30T00:00:00Z') },
        );
        engine = result.engine;
        notPublished = result.report.notPublished.map((n) => n.file).sort();
        assert.deepEqual(result.report.skipped, []);
      });

      it('indexes exactly the posts Jekyll published, and reports every file it left out', () => {
        assert.deepEqual([...engine.documents()].map((d) => d.id).sort(), [...ids.values()].sort());
        assert.deepEqual(notPublished, expected.unpublished.map((u) => u.path).sort());
      });

      it('gives every post Jekyll’s URL, date, categories, tags and title', () => {
        for (const p of expected.posts) {
          const d = engine.get(ids.get(p.path)!)!;
          assert.deepEqual(
            { url: d.url, date: d.date, categories: d.categories, tags: d.tags, title: d.title },
            { url: p.url, date: p.date, categories: p.categories, tags: p.tags, title: p.title },
            p.path,
          );
        }
      });

      it('indexes the text readers see: Jekyll’s, every sentence, and no markup Jekyll’s text does not show', () => {
        for (const p of expected.posts) {
          const text = engine.get(ids.get(p.path)!)!.text;
          assert.equal(squeeze(text), squeeze(p.text), p.path);
          for (const s of p.sentences) assert.ok(squeeze(text).includes(squeeze(s)), `${p.path}: missing ${JSON.stringify(s)}`);
          for (const token of ['{%', '{{', '**', '[^', '|---', '{:']) {
            assert.ok(
              occurrences(text, token) <= occurrences(p.text, token),
              `${p.path}: ${occurrences(text, token)} × ${token}, Jekyll shows ${occurrences(p.text, token)}`,
            );
          }
        }
      });
    });
  }
});

describe('a post whose front matter Jekyll cannot read', () => {
  it('is indexed as Jekyll 4.3 published it: untitled, dated at the build, its file name in its URL; and reported', async () => {
    // What Jekyll 4.3.1 published from these files, built at 2026-12-02T15:23:55Z with the
    // configuration of ../shared/jekyll/sites/kramdown-liquid, written here so that the test
    // runs without ../shared.
    const site = tempDir();
    fs.writeFileSync(
      path.join(site, '_config.yml'),
      [
        'title: 码农笔记',
        'permalink: /:year/:month/:day/:title/',
        'timezone: Asia/Shanghai',
        'markdown: kramdown',
        'defaults:',
        '  - scope:',
        '      path: ""',
        '      type: posts',
        '    values:',
        '      layout: post',
        '',
      ].join('\n'),
    );
    writePosts(path.join(site, '_posts'), {
      '2021-04-05-vue-colon.md':
        '---\nlayout: post\ntitle: Vue: 从入门到放弃\ntags: [vue]\n---\n这是一篇标题里有半角冒号的文章，YAML 读不了。\n',
      '2021-04-12-list.md': '---\n- a\n- b\n---\n顶层是列表。\n',
    });
    writePosts(path.join(site, 'tech/_posts'), {
      '2021-04-09-go-colon.md': '---\nlayout: post\ntitle: Go: 并发\ncategories: [后端]\n---\n分类目录里的坏 YAML 文章。\n',
    });
    const { engine, report } = await buildIndex({ site }, { now: Date.parse('2026-12-02T15:23:55Z') });
    const fields = (id: string): unknown => {
      const d = engine.get(id)!;
      return { url: d.url, date: d.date, title: d.title, categories: d.categories, tags: d.tags, text: d.text };
    };
    assert.deepEqual(fields('2021-04-05-vue-colon'), {
      url: '/2026/12/02/2021-04-05-vue-colon/',
      date: '2026-12-02T23:23:55+08:00',
      title: '',
      categories: [],
      tags: [],
      text: '这是一篇标题里有半角冒号的文章，YAML 读不了。',
    });
    assert.deepEqual(fields('2021-04-09-go-colon'), {
      url: '/2026/12/02/2021-04-09-go-colon/',
      date: '2026-12-02T23:23:55+08:00',
      title: '',
      categories: ['tech'],
      tags: [],
      text: '分类目录里的坏 YAML 文章。',
    });
    assert.equal((fields('2021-04-12-list') as { url: string }).url, '/2026/12/02/2021-04-12-list/');
    assert.deepEqual(report.skipped, []);
    assert.deepEqual(report.warnings.map((w) => w.file).sort(), [
      '_posts/2021-04-05-vue-colon.md',
      '_posts/2021-04-12-list.md',
      'tech/_posts/2021-04-09-go-colon.md',
    ]);
    assert.match(report.warnings[0]!.reason, /^front matter is not valid YAML \(.+\): indexed as Jekyll publishes it/);
  });
});
