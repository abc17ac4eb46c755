import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AnalyzedDoc } from '../src/indexes/analyze.js';
import { GramIndex } from '../src/indexes/gram/gram-index.js';
import { ShortFieldSignatures } from '../src/indexes/short-field-signatures.js';
import { makeUnit, type Unit, contains } from '../src/search/match.js';
import { docContains, matchAll, matchAny, matchEvery, verified, type Corpus } from '../src/search/matcher.js';
import { ALL_MET } from '../src/search/match-list.js';
import type { QueryPlan } from '../src/search/query-plan.js';
import { FILL_UP_BELOW, FILL_UP_LEAST, FILL_UP_NEAR_BEST, fillUp } from '../src/search/intent/fill-up.js';
import { requirementInformation } from '../src/search/intent/information.js';

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
  // With no post removed the index's lists are handed out as they stand. Titles are read
  // only where their characters may hold the query, as in an engine.
  const shortFields = new ShortFieldSignatures((slot) => docs[slot]?.norm);
  return { docs, grams, everyLive: removed.every((slot) => slot >= posts.length), shortFields };
}

const live = (c: Corpus): number[] => c.docs.flatMap((d, slot) => (d ? [slot] : []));

function plan(words: Unit[], whole: Unit | null, segments: Unit[]): QueryPlan {
  return {
    whole,
    asked: null,
    unpunctuated: null,
    segments,
    required: words.map((u) => [[u]]),
    excluded: [],
    titles: [],
    tags: [],
    categories: [],
    syntax: false,
    rank: words,
    states: [],
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
            assert.deepEqual(Array.from(verified(c, [[[u]]])), expected, `unit ${u.text}`);
          }
        },
      ),
      { numRuns: 300, seed: 20261205 },
    );
  });

  it('fills up with the posts covering most of the words, weighted by information, and marks what each meets', () => {
    // Each word's document frequency as the ranking would estimate it: from rare to
    // common, so that posts with only the commonest words are left out (and the fill-up
    // may skip looking for them) unless the page would not be filled without them.
    const dfs = fc.array(fc.constantFrom(0, 1, 3, 10, 30, 1000), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(
        // Enough posts that strong ones may fill a page on their own.
        fc.array(post, { minLength: 1, maxLength: 60 }),
        fc.array(fc.oneof(unitText, fc.constantFrom(...PARTS.slice(0, 8))), { minLength: 2, maxLength: 4 }),
        dfs,
        fc.constantFrom(null, 2, 3),
        (posts, texts, wordDfs, keepEvery) => {
          const c = corpusOf(posts, []);
          const words = texts.map(makeUnit);
          const p = plan(words, null, words);
          const df = (u: Unit): number => wordDfs[words.findIndex((w) => w.text === u.text)]!;
          const keep = keepEvery === null ? null : (slot: number) => slot % keepEvery !== 0;
          const have = new Set(Array.from(verified(c, p.required)).filter((slot) => !keep || keep(slot)));
          const fill = fillUp(c, p, { have, keep }, df, posts.length).toArray();
          const weight = p.required.map((r) => requirementInformation(r, df, posts.length) ** 2);
          const total = weight.reduce((a, b) => a + b, 0);
          const metBits = (slot: number): number =>
            words.reduce((bits, u, i) => (docContains(c.docs[slot]!, u) ? bits | (1 << i) : bits), 0);
          const coverage = (slot: number): number => weight.reduce((sum, w, i) => (metBits(slot) & (1 << i) ? sum + w : sum), 0);
          for (const s of fill) {
            assert.equal(s.met, metBits(s.slot), `post ${s.slot}`);
            assert.ok(Math.abs(s.coverage! - coverage(s.slot) / total) < 1e-9, `post ${s.slot}`);
          }
          // Once they fill a page, the posts covering at least FILL_UP_LEAST of what the best
          // of them covers; else the posts of the best buckets that fill a page, each bucket
          // whole (tenths of coverage, or the best's for those near it).
          const some = live(c).filter((slot) => !have.has(slot) && metBits(slot) !== 0 && (!keep || keep(slot)));
          const most = Math.max(0, ...some.map(coverage));
          const strong = some.filter((slot) => coverage(slot) >= FILL_UP_LEAST * most);
          const mostOfAll = Math.max(
            0,
            ...live(c)
              .filter((slot) => !have.has(slot))
              .map(coverage),
          );
          const best = Math.round((10 * mostOfAll) / total);
          const tenths = (slot: number): number =>
            coverage(slot) >= FILL_UP_NEAR_BEST * mostOfAll ? best : Math.min(best - 1, Math.round((10 * coverage(slot)) / total));
          const need = FILL_UP_BELOW - have.size;
          const least = some.length <= need ? -1 : some.map(tenths).sort((a, b) => b - a)[need - 1]!;
          assert.deepEqual(
            fill.map((s) => s.slot).sort((a, b) => a - b),
            have.size + strong.length < FILL_UP_BELOW ? some.filter((slot) => tenths(slot) >= least) : strong,
          );
        },
      ),
      { numRuns: 400, seed: 20261206 },
    );
  });

  it('leaves out posts with only a common word when posts with the rare ones fill the page, and shows them when they do not', () => {
    const posts = (text: string, n: number) => Array.from({ length: n }, () => ({ title: '', tags: '', body: text }));
    // 山 and 茶 are in one post of a thousand on the site, 中 in most.
    const words = ['山', '茶', '中'].map(makeUnit);
    const df = (u: Unit): number => (u.text === '中' ? 900 : 1);
    const filled = (c: Corpus): number[] =>
      fillUp(c, plan(words, null, words), { have: new Set(), keep: null }, df, 1000)
        .toArray()
        .map((s) => s.slot)
        .sort((a, b) => a - b);
    const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
    // 12 posts with 山, 5 with 茶 (each as strong as one with 山), 20 with 中 only.
    const many = corpusOf([...posts('山', 12), ...posts('茶', 5), ...posts('中', 20)], []);
    assert.deepEqual(filled(many), range(0, 17));
    // 3 posts with 山: the page is filled with those with 中.
    const few = corpusOf([...posts('山', 3), ...posts('中', 20)], []);
    assert.deepEqual(filled(few), range(0, 23));
  });

  it('keeps every live post without the exclusions when a query has nothing else (-的)', () => {
    fc.assert(
      fc.property(
        fc.array(post, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(29), { maxLength: 4 }),
        fc.array(unitText, { maxLength: 2 }),
        (posts, removed, without) => {
          const c = corpusOf(posts, removed);
          const excluded = without.map(makeUnit);
          const p: QueryPlan = { ...plan([], null, []), syntax: true, excluded };
          const expected = live(c).filter((slot) => !excluded.some((u) => docContains(c.docs[slot]!, u)));
          assert.deepEqual(Array.from(matchEvery(c, p).slotView()), expected);
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('gives the posts of a query with syntax the tier and title match their text has, from the required posts only', () => {
    fc.assert(
      fc.property(
        fc.array(post, { minLength: 1, maxLength: 30 }),
        fc.array(unitText, { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(29), { maxLength: 4 }),
        fc.option(unitText),
        (posts, texts, removed, without) => {
          const c = corpusOf(posts, removed);
          const words = texts.map(makeUnit);
          const whole = makeUnit(texts.join(' '));
          const excluded = without === null ? [] : [makeUnit(without)];
          const p: QueryPlan = { ...plan(words, whole, words), syntax: true, excluded };
          const expected = live(c).flatMap((slot) => {
            const d = c.docs[slot]!;
            if (!words.every((u) => docContains(d, u)) || excluded.some((u) => docContains(d, u))) return [];
            const tier = docContains(d, whole) ? 3 : words.length > 1 ? 2 : 1;
            const title = d.norm.title === whole.text ? 2 : contains(d.norm.title, whole) ? 1 : 0;
            return [{ slot, tier, title, score: 0, coverage: undefined, met: ALL_MET }];
          });
          assert.deepEqual(matchAll(c, p).toArray(), expected);
        },
      ),
      { numRuns: 300, seed: 20261208 },
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
        const got = matchAll(c, p).toArray();
        assert.deepEqual(got, expected);
        // The fallback runs only when nothing meets every word; then it counts the words each post has.
        if (got.length === 0) {
          const any = matchAny(c, p).toArray();
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
      { numRuns: 300, seed: 20261209 },
    );
  });
});
