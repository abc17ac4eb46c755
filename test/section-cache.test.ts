import assert from 'node:assert/strict';
import path from 'node:path';
import { buildIndex } from '../src/build/build.js';
import { saveIndex } from '../src/store/store.js';
import { SectionCache } from '../src/server/section-cache.js';
import { SAMPLE_POSTS, tempDir } from './helpers.js';

describe('SectionCache', () => {
  it('reads each data file once, and lets go of the files asked for before the one served', async () => {
    const { engine } = await buildIndex(SAMPLE_POSTS);
    const files = [0, 1, 2].map(() => {
      const dir = tempDir();
      return path.join(dir, saveIndex(engine, dir).dataFile);
    });
    const [a, b, c] = files as [string, string, string];
    const cache = new SectionCache();
    const first = cache.get(a);
    assert.equal(cache.get(a), first, 'asked again: the same read');
    assert.equal((await first).file, a);
    assert.ok((await first).at.size > 0);
    const second = cache.get(b);
    const third = cache.get(c);
    // b is served now: a goes, b and c (on its way in) stay.
    cache.retainFrom(b);
    assert.equal(cache.get(b), second);
    assert.equal(cache.get(c), third);
    assert.notEqual(cache.get(a), first, 'read again once let go');
    // A file never asked for changes nothing.
    cache.retainFrom(path.join(tempDir(), 'index-none.zsi'));
    assert.equal(cache.get(b), second);
  });
});
