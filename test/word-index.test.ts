import assert from 'node:assert/strict';
import { WordIndex, WordIndexBuilder } from '../src/indexes/word-index.js';

/** MiniSearch JSON with its index as an object keyed by word (the two list words in different orders). */
function content(json: string): Record<string, unknown> {
  const parsed = JSON.parse(json) as { index: [string, unknown][] };
  return { ...parsed, index: Object.fromEntries(parsed.index.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
}

describe('WordIndexBuilder', () => {
  // Words repeated within a field and across fields, empty fields, quotes and Latin typos' targets.
  const words = ['spotify', '音乐', 'chrome', '浏览器', '中国', '节假日', '工具', 'say "hi"', 'a\\b', 'spotify', '音乐'];
  const posts = Array.from({ length: 400 }, (_, i) => ({
    slot: i * 3 + (i % 3),
    title: i % 17 === 0 ? '' : Array.from({ length: 1 + (i % 5) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' '),
    tags: i % 4 === 0 ? '' : Array.from({ length: i % 3 }, (_, k) => words[(i + k * 5) % words.length]).join(' '),
  }));

  /** The posts in a MiniSearch-backed word index and in a builder. */
  const both = (): { mini: WordIndex; built: WordIndexBuilder } => {
    const mini = new WordIndex();
    const built = new WordIndexBuilder();
    for (const p of posts) {
      mini.add(p.slot, p);
      built.add(p.slot, p);
    }
    return { mini, built };
  };

  it('writes the JSON MiniSearch writes for the same posts', () => {
    const { mini, built } = both();
    assert.deepEqual(content(built.toJSON()), content(mini.toJSON()));
  });

  it('gives a loaded index that corrects typos as the MiniSearch-built one does', () => {
    const { mini, built } = both();
    const loaded = new WordIndex(built.toJSON());
    for (const typo of ['spotfy', 'chrom', '音', 'xyz']) assert.deepEqual(loaded.fuzzy(typo), mini.fuzzy(typo));
    assert.equal(loaded.fuzzy('spotfy')[0]?.suggestion, 'spotify');
  });

  it('writes an empty index MiniSearch can load', () => {
    const empty = new WordIndexBuilder().toJSON();
    assert.deepEqual(content(empty), content(new WordIndex().toJSON()));
    assert.deepEqual(new WordIndex(empty).fuzzy('spotify'), []);
  });
});
