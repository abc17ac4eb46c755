import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FacetColumn } from '../src/indexes/facet-column.js';

describe('FacetColumn', () => {
  it('counts the names of the given slots, most used first and ties by name, for posts with none, one or several', () => {
    const names = fc.uniqueArray(fc.constantFrom('工具', '文章', 'AI', 'ai', '资源', '新闻'), { maxLength: 4 });
    fc.assert(
      fc.property(
        fc.array(names, { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(39)),
        fc.integer({ min: 0, max: 7 }),
        (posts, picked, max) => {
          const column = new FacetColumn();
          for (const p of posts) column.add(p);
          const slots = [...new Set(picked.filter((s) => s < posts.length))].sort((a, b) => a - b);
          const counts = new Map<string, number>();
          for (const s of slots) for (const n of posts[s]!) counts.set(n, (counts.get(n) ?? 0) + 1);
          const expected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, max);
          // Twice: the counts a call used are reset for the next.
          for (let i = 0; i < 2; i++) assert.deepEqual(Object.entries(column.top(Int32Array.from(slots), max)), expected);
        },
      ),
      { numRuns: 300, seed: 20261203 },
    );
  });

  it('gives each slot its names as one text, each as the caller made it, for none, one or several', () => {
    const names = fc.uniqueArray(fc.constantFrom('工具', '文章', 'AI', 'ai', '资源'), { maxLength: 4 });
    fc.assert(
      fc.property(fc.array(names, { minLength: 1, maxLength: 30 }), (posts) => {
        const column = new FacetColumn();
        for (const p of posts) column.add(p);
        const texts = column.names.map((n) => `<${n.toLowerCase()}>`);
        posts.forEach((p, slot) => assert.equal(column.textOf(slot, texts), p.map((n) => `<${n.toLowerCase()}>`).join(' ')));
        // A slot not recorded yet has none.
        assert.equal(column.textOf(posts.length, texts), '');
      }),
      { numRuns: 200, seed: 20261204 },
    );
  });

  it('keeps the slots with every wanted name, or any, compared as the key gives them', () => {
    const names = fc.uniqueArray(fc.constantFrom('工具', '文章', 'AI', 'ai', 'Ai', '资源'), { maxLength: 4 });
    const lower = (n: string): string => n.toLowerCase();
    fc.assert(
      fc.property(
        fc.array(names, { minLength: 1, maxLength: 30 }),
        fc.uniqueArray(fc.constantFrom('工具', '文章', 'ai', '资源', '新闻'), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (posts, wanted, every) => {
          const column = new FacetColumn();
          for (const p of posts) column.add(p);
          const keeps = column.keeps(wanted, lower, every)!;
          posts.forEach((p, slot) => {
            const own = p.map(lower);
            const expected = every ? wanted.every((w) => own.includes(w)) : wanted.some((w) => own.includes(w));
            assert.equal(keeps(slot), expected, `slot ${slot}: ${p.join(',')}`);
          });
          // A slot not yet recorded has no names.
          assert.equal(keeps(posts.length), false);
        },
      ),
      { numRuns: 300, seed: 20261204 },
    );
    // Too many names for one test: the caller reads the posts.
    assert.equal(
      new FacetColumn().keeps(
        Array.from({ length: 31 }, (_, i) => `t${i}`),
        lower,
        true,
      ),
      null,
    );
  });
});
