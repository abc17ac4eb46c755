/**
 * Ranking for what readers type: question words are optional, a few full matches are
 * followed by posts with most of the words (rarest words deciding), Latin spelling
 * variants match each other, and `explain` says why a hit ranks where it does.
 */
import assert from 'node:assert/strict';
import { SearchEngine } from '../src/search/engine.js';
import { whenReady } from '../src/text/jieba.js';

const ids = (r: { hits: { id: string }[] }): string[] => r.hits.map((h) => h.id);

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
    ]);
  });

  it('finds the posts about a question’s subject, though they lack its question words', () => {
    const r = e.search('为什么要写单元测试', { explain: true });
    // 为什么 and 要 are optional: the post about unit tests has every word left.
    assert.equal(r.hits[0]!.id, 'unit-tests');
    assert.equal(r.hits[0]!.explain!.tier, 'every-word');
    // An essay sharing only 为什么/要/写 is at most a filler below it.
    assert.ok(r.hits.slice(1).every((h) => h.explain!.tier === 'some-words'));
  });

  it('fills the page with posts having some of the words, below the full matches, and says so', () => {
    const r = e.search('恐龙 化石');
    assert.equal(ids(r)[0], 'dino-fossil');
    assert.deepEqual(ids(r).slice(1).sort(), ['dino', 'fossil-fuel']);
    assert.equal(r.matched, 'most');
    assert.equal(r.total, 3);
  });

  it('matches Latin words written together, apart or hyphenated', () => {
    assert.deepEqual(ids(e.search('TailwindCSS')), ['tailwind']);
    assert.deepEqual(ids(e.search('tailwind-css')), ['tailwind']);
    assert.deepEqual(ids(e.search('Web Assembly')), ['wasm']);
  });

  it('takes title:A OR title:B as either title', () => {
    assert.deepEqual(ids(e.search('title:恐龙')).sort(), ['dino', 'dino-fossil']);
    assert.deepEqual(ids(e.search('title:恐龙 OR title:能源')).sort(), ['dino', 'dino-fossil', 'fossil-fuel']);
    assert.deepEqual(ids(e.search('title:恐龙 title:化石')), ['dino-fossil']);
  });

  it('explains each hit’s rank when asked', () => {
    const [full, some] = e.search('恐龙 化石', { explain: true }).hits;
    assert.equal(full!.explain!.tier, 'whole-query'); // 恐龙化石 is in its title
    assert.equal(some!.explain!.tier, 'some-words');
    assert.ok(some!.explain!.coverage! > 0 && some!.explain!.coverage! < 1);
    assert.deepEqual(full!.explain!.words, ['恐龙', '化石']);
    assert.equal(e.search('恐龙 化石').hits[0]!.explain, undefined);
  });
});
