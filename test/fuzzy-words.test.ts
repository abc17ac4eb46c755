/**
 * Typo corrections for Latin queries: the title and tag words near what was typed
 * (indexes/fuzzy-words.ts) that posts contain (search/assist.ts).
 */
import assert from 'node:assert/strict';
import { FuzzyWords } from '../src/indexes/fuzzy-words.js';
import { SearchEngine } from '../src/search/engine.js';
import { whenReady } from '../src/text/jieba.js';

/** An engine of posts given as id, title and text, dated a day apart from 2024-01-01. */
async function engineOf(posts: [id: string, title: string, text: string][]): Promise<SearchEngine> {
  await whenReady();
  const e = new SearchEngine();
  e.add(posts.map(([id, title, text], i) => ({ id, title, date: `2024-01-0${i + 1}`, body: `<p>${text}</p>` })));
  return e;
}

describe('typo corrections over title and tag words', function () {
  this.timeout(30_000);

  it('finds the Latin words within the edits allowed, closest first, then the most used', () => {
    const words = FuzzyWords.of(
      new Map([
        ['spotify', 3],
        ['spotlight', 9],
        ['spotifi', 1],
        ['音乐', 40],
        ['node.js', 2],
      ]),
    );
    assert.deepEqual(words.near('spotfy', 2), [
      { word: 'spotify', distance: 1, count: 3 },
      { word: 'spotifi', distance: 2, count: 1 },
    ]);
    assert.deepEqual(words.near('spotify', 0), [{ word: 'spotify', distance: 0, count: 3 }]);
    assert.deepEqual(words.near('nodejs', 1), [{ word: 'node.js', distance: 1, count: 2 }]);
    // Two letters typed the wrong way round are one edit, as one letter too few is.
    assert.deepEqual(words.near('sptoify', 1), [{ word: 'spotify', distance: 1, count: 3 }]);
    // Two such pairs are two edits (four letters changed, where a swap was counted as two).
    assert.deepEqual(words.near('psotfiy', 2), [{ word: 'spotify', distance: 2, count: 3 }]);
    // Han words are never offered for a Latin typo.
    assert.deepEqual(words.near('音', 1), []);
    // The words a text begins, most used first, the text itself left out.
    assert.deepEqual(words.completions('spot', 5), [
      { word: 'spotlight', distance: 5, count: 9 },
      { word: 'spotify', distance: 3, count: 3 },
      { word: 'spotifi', distance: 3, count: 1 },
    ]);
    assert.deepEqual(words.completions('spotify', 5), []);
  });

  it('completes a word still being typed, from three letters, rather than offering one a letter away (chro: chrome, not coro)', async () => {
    const e = await engineOf([
      ['chrome', 'Chrome 扩展', 'Chrome 扩展的开发。'],
      ['chromium', 'Chromium 源码', 'Chromium 是 Chrome 的开源版本。'],
      ['coro', 'coro 协程库', 'coro 是一个协程库。'],
    ]);
    // chrome is in 2 posts, chromium in 1; coro is 1 edit from chro.
    assert.deepEqual(e.search('chro').didYouMean, { query: 'chrome', total: 2 });
    assert.deepEqual(e.search('chromi').didYouMean, { query: 'chromium', total: 1 });
    // Typed whole, with a typo: the nearest word.
    assert.deepEqual(e.search('chorme').didYouMean, { query: 'chrome', total: 2 });
    // Three letters are completed (a question asking about one too), two are not.
    assert.deepEqual(e.search('chr').didYouMean, { query: 'chrome', total: 2 });
    assert.deepEqual(e.search('什么是Chr').didYouMean, { query: 'chrome', total: 2 });
    assert.equal(e.search('ch').didYouMean, undefined);
  });

  it('reads two letters typed the wrong way round as one typo (piant: paint, not giant), and gives its hits when nothing else is found', async () => {
    const e = await engineOf([
      ['p1', 'Paint 教程', '用 Paint 画图。'],
      ['p2', 'Paint 技巧', 'Paint 的快捷键。'],
      ['g', 'Giant 自行车', 'Giant 是一个品牌。'],
    ]);
    const r = e.search('piant');
    assert.deepEqual(
      [r.didYouMean, r.correctedQuery, r.hits.map((h) => h.id).sort()],
      [{ query: 'paint', total: 2 }, 'paint', ['p1', 'p2']],
    );
  });

  it('offers the nearest title or tag word that posts contain, and follows the posts as they change', async () => {
    const e = await engineOf([
      ['sd', 'Stable Diffusion 入门', '用 Stable Diffusion 生成图片。'],
      ['table', 'HTML table 布局', 'table 元素的用法，表格不是 stable 的布局方式。'],
      ['spotify', 'Spotify 歌单', '整理了 Spotify 上的歌单。'],
    ]);
    assert.deepEqual(e.search('difusion').didYouMean, { query: 'diffusion', total: 1 });
    // stable (2 edits) and table (3) are both title words; the closer wins.
    assert.deepEqual(e.search('stabel').didYouMean, { query: 'stable', total: 2 });
    assert.deepEqual(e.search('spotfy').didYouMean, { query: 'spotify', total: 1 });
    assert.equal(e.search('spotify').didYouMean, undefined);
    // Too far from every word (a quarter of 5 letters: 1 edit).
    assert.equal(e.search('sptfy').didYouMean, undefined);
    e.add([{ id: 'tidal', title: 'Tidal 无损音乐', date: '2024-01-04', body: '<p>Tidal 的无损音乐。</p>' }]);
    assert.deepEqual(e.search('tidl').didYouMean, { query: 'tidal', total: 1 });
    e.remove('spotify');
    assert.equal(e.search('spotfy').didYouMean, undefined);
  });
});
