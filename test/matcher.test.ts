import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AnalyzedDoc } from '../src/indexes/analyze.js';
import { GramIndex } from '../src/indexes/gram-index.js';
import { makeUnit, type Unit, contains } from '../src/search/match.js';
import { ALL_MET, docContains, matchAll, matchAny, verified, type Corpus } from '../src/search/matcher.js';
import type { QueryPlan } from '../src/search/query-plan.js';
import { FILL_UP_BELOW, FILL_UP_LEAST, fillUp } from '../src/search/intent.js';

// Han, Latin words, a code with a hyphen, a plus, spaces: what decides a match by index or by text.
const PARTS = ['中', '国', '绿', '茶', '山', 'web', 'gpu', 'ai', 'js', '-', '+', ' '];
const field = fc.array(fc.constantFrom(...PARTS), { maxLength: 10 }).map((p) => p.join('').trim());
const post = fc.record({ title: field, tags: field, body: field });
const unitText = fc.array(fc.constantFrom(...PARTS.filter((p) => p !== ' ')), { minLength: 1, maxLength: 3 }).map((p) => p.join(''));

function corpusOf(posts: { title: string; tags: string; body: string }[], removed: number[]): Corpus {
  const grams = new GramIndex();
  const docs: (AnalyzedDoc | undefined)[] = posts.map((p, slot) => {
    grams.add(slot, [p.title, p.tags, p.body]);
    return removed.includes(slot) ? undefined : ({ norm: p } as unknown as AnalyzedDoc);
  });
  return { docs, grams };
}

const live = (c: Corpus): number[] => c.docs.flatMap((d, slot) => (d ? [slot] : []));

function plan(words: Unit[], whole: Unit | null, segments: Unit[]): QueryPlan {
  return {
    whole,
    segments,
    required: words.map((u) => [[u]]),
    excluded: [],
    titles: [],
    tags: [],
    categories: [],
    syntax: false,
    rank: words,
  };
}

describe('matching against the stored text', () => {
  it('finds exactly the live posts that contain a unit, whether the index or the text decides', () => {
    fc.assert(
      fc.property(
        fc.array(post, { minLength: 1, maxLength: 30 }),
        fc.array(unitText, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(29), { maxLength: 5 }),
        (posts, texts, removed) => {
          const c = corpusOf(posts, removed);
          for (const u of texts.map(makeUnit)) {
            const expected = live(c).filter((s) => docContains(c.docs[s]!, u));
            assert.deepEqual(verified(c, [[[u]]]), expected, `unit ${u.text}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('marks each fill-up post with the requirements its text meets (scoring leaves the others out)', () => {
    fc.assert(
      fc.property(fc.array(post, { minLength: 1, maxLength: 30 }), fc.array(unitText, { minLength: 2, maxLength: 4 }), (posts, texts) => {
        const c = corpusOf(posts, []);
        const words = texts.map(makeUnit);
        const p = plan(words, null, words);
        const have = new Set(verified(c, p.required));
        const fill = fillUp(c, p, { have, keep: null }, () => 1, posts.length);
        for (const s of fill) {
          let expected = 0;
          words.forEach((u, i) => {
            if (docContains(c.docs[s.slot]!, u)) expected |= 1 << i;
          });
          assert.equal(s.met, expected, `post ${s.slot}`);
        }
        // Every post with some of the words; only those with at least half as many as the
        // best of them (every word weighs the same here) once they fill a page.
        const met = (slot: number): number => words.filter((u) => docContains(c.docs[slot]!, u)).length;
        const some = live(c).filter((slot) => !have.has(slot) && met(slot) > 0);
        const most = Math.max(0, ...some.map(met));
        const strong = some.filter((slot) => met(slot) >= FILL_UP_LEAST * most);
        assert.deepEqual(
          fill.map((s) => s.slot).sort((a, b) => a - b),
          have.size + strong.length < FILL_UP_BELOW ? some : strong,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('gives every post of matchAll the tier and title match its text has', () => {
    fc.assert(
      fc.property(fc.array(post, { minLength: 1, maxLength: 30 }), fc.array(unitText, { minLength: 1, maxLength: 3 }), (posts, texts) => {
        const c = corpusOf(posts, []);
        const words = texts.map(makeUnit);
        const whole = makeUnit(texts.join(''));
        const p = plan(words, whole, words);
        const expected = live(c).flatMap((slot) => {
          const d = c.docs[slot]!;
          const inWhole = docContains(d, whole);
          if (!inWhole && !words.every((u) => docContains(d, u))) return [];
          const tier = inWhole ? 3 : words.length > 1 && words.every((u) => docContains(d, u)) ? 2 : 1;
          const title = d.norm.title === whole.text ? 2 : contains(d.norm.title, whole) ? 1 : 0;
          return [{ slot, tier, title, score: 0, coverage: undefined, met: ALL_MET }];
        });
        const got = matchAll(c, p);
        assert.deepEqual(got, expected);
        // The fallback runs only when nothing meets every word; then it counts the words each post has.
        if (got.length === 0) {
          const any = matchAny(c, p);
          const counted = live(c).flatMap((slot) => {
            const n = words.filter((u) => docContains(c.docs[slot]!, u)).length;
            return n > 0 ? [{ slot, tier: n / 1000, title: 0, score: 0, coverage: undefined, met: ALL_MET }] : [];
          });
          assert.deepEqual(
            [...any].sort((a, b) => a.slot - b.slot),
            counted,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
