import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Bitset, unionPostings, type Postings } from '../src/indexes/postings.js';

/** An ascending list of distinct slots below `universe`, or the same slots as a bitmap with later additions. */
function postingsOf(slots: number[], asBits: boolean, universe: number, extra: number[]): Postings {
  if (!asBits) return Int32Array.from([...new Set([...slots, ...extra])].sort((a, b) => a - b));
  const words = new Int32Array(Math.ceil(universe / 32));
  const inside = [...new Set(slots)];
  for (const s of inside) words[s >>> 5]! |= 1 << (s & 31);
  return new Bitset(words, universe, inside.length, Int32Array.from([...new Set(extra)].sort((a, b) => a - b)));
}

const slotsOfPostings = (p: Postings): number[] => (p instanceof Bitset ? Array.from(p.toList()) : Array.from(p));

describe('unionPostings', () => {
  it('gives the ascending union of lists and bitmaps, few slots or many', () => {
    fc.assert(
      fc.property(
        // Small universes take the sorted path; large ones with many slots the bitmap path.
        fc.constantFrom(64, 5_000, 40_000),
        fc.array(fc.record({ asBits: fc.boolean(), size: fc.nat(6_000), extra: fc.nat(40) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (universe, specs, seed) => {
          let state = seed;
          const next = (n: number): number => {
            state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
            return state % n;
          };
          const postings = specs.map(({ asBits, size, extra }) =>
            postingsOf(
              Array.from({ length: size }, () => next(universe)),
              asBits,
              universe,
              Array.from({ length: extra }, () => universe + next(1_000)),
            ),
          );
          const expected = [...new Set(postings.flatMap(slotsOfPostings))].sort((a, b) => a - b);
          assert.deepEqual(Array.from(unionPostings(postings)), expected);
          assert.deepEqual(Array.from(unionPostings(postings.map(slotsOfPostings))), expected);
        },
      ),
      { numRuns: 200, seed: 20261201 },
    );
  });

  it('gives nothing for no postings or only empty ones', () => {
    assert.deepEqual(Array.from(unionPostings([])), []);
    assert.deepEqual(Array.from(unionPostings([new Int32Array(0), new Bitset(new Int32Array(4), 128, 0)])), []);
  });
});
