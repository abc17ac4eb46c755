import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GramIndex } from '../src/indexes/gram/gram-index.js';
import { IntIdTable } from '../src/indexes/gram/int-id-table.js';
import { contains, makeUnit } from '../src/search/match.js';

// Common Han, a CJK Extension B character (a surrogate pair, stored under a string key),
// 〇 (Han outside the common block), Latin words, words of other scripts (katakana, an
// accented letter: string keys where they meet Han) and spaces.
const PARTS = ['中', '国', '绿', '茶', '山', '𠀀', '〇', 'web', 'gpu', 'ai', 'アイ', 'é', ' '];
const text = fc.array(fc.constantFrom(...PARTS), { maxLength: 12 }).map((p) => p.join(''));
const unit = fc.array(fc.constantFrom(...PARTS.filter((p) => p !== ' ')), { minLength: 1, maxLength: 3 }).map((p) => p.join(''));

/** Slots whose text contains `u` as characters, with words whole (match.ts's rule). */
function containing(docs: Map<number, string>, u: string): number[] {
  const unit = makeUnit(u);
  return [...docs].filter(([, t]) => contains(t, unit)).map(([s]) => s);
}

describe('GramIndex', () => {
  it('never misses a document that contains the unit, across batches, side additions, saves and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { maxLength: 40 }), { minLength: 1, maxLength: 4 }),
        fc.array(unit, { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (batches, units, drops) => {
          let g = new GramIndex();
          const docs = new Map<number, string>();
          let slot = 0;
          for (const batch of batches) {
            for (const t of batch) {
              g.add(slot, [t]);
              docs.set(slot++, t);
              // Reading after each post folds small additions into the side table, larger ones into new rows.
              const u = units[slot % units.length]!;
              const found = new Set(Array.from(g.candidates(u, !makeUnit(u).bounded) ?? [...docs.keys()]));
              for (const s of containing(docs, u)) assert.ok(found.has(s), `slot ${s} (${docs.get(s)}) missing for ${u}`);
            }
            for (const u of units) {
              const found = new Set(Array.from(g.candidates(u, !makeUnit(u).bounded) ?? [...docs.keys()]));
              for (const s of containing(docs, u)) assert.ok(found.has(s), `slot ${s} (${docs.get(s)}) missing for ${u}`);
              if ([...u].length === 1 && /\p{Script=Han}/u.test(u))
                assert.deepEqual(
                  [...found].sort((a, b) => a - b),
                  containing(docs, u),
                );
            }
            // Save with some posts removed, renumbering the rest, and continue on the loaded copy.
            const remap = new Int32Array(slot).fill(-1);
            const kept = new Map<number, string>();
            for (const [s, t] of docs) {
              if (drops.includes(s)) continue;
              remap[s] = kept.size;
              kept.set(kept.size, t);
            }
            g = GramIndex.deserialize(g.serialize(remap));
            docs.clear();
            for (const [s, t] of kept) docs.set(s, t);
            slot = kept.size;
          }
          for (const u of units) {
            const open = !makeUnit(u).bounded;
            assert.equal(g.candidateCount(u, open), g.candidates(u, open)?.length ?? null, `count of ${u}`);
            const found = Array.from(g.candidates(u, !makeUnit(u).bounded) ?? [...docs.keys()]);
            assert.deepEqual(
              found,
              [...found].sort((a, b) => a - b),
              'candidates ascend',
            );
            for (const s of containing(docs, u)) assert.ok(found.includes(s));
          }
        },
      ),
      { numRuns: 120, seed: 20261202 },
    );
  });

  it('narrows to the posts where Han text and a word meet as in the unit, and an index saved without those pairs still finds them all', () => {
    const texts = ['中ai', '中 ai', 'ai中', '中aim', 'é中', 'é 中'];
    const g = new GramIndex();
    texts.forEach((t, slot) => g.add(slot, [t]));
    assert.deepEqual(Array.from(g.candidates('中ai', false)!), [0]);
    assert.deepEqual(Array.from(g.candidates('中ai', true)!), [0, 3]);
    assert.deepEqual(Array.from(g.candidates('ai中', false)!), [2]);
    assert.deepEqual(Array.from(g.candidates('é中', false)!), [4]);
    // Across a post's texts as a reader sees them (joinNormalized): title 中, body ai.
    g.add(6, ['中', 'ai']);
    assert.deepEqual(Array.from(g.candidates('中ai', false)!), [0, 6]);
    // Saved before the pairs were indexed: every post with 中 and the word, posts added since included.
    const { boundaries, ...older } = g.serialize(Int32Array.from(texts.concat('').keys()));
    assert.equal(boundaries, true);
    const old = GramIndex.deserialize(older);
    old.add(7, ['ai 中']);
    assert.deepEqual(Array.from(old.candidates('中ai', false)!), [0, 1, 2, 6, 7]);
    assert.deepEqual(Array.from(old.candidates('ai中', false)!), [0, 1, 2, 6, 7]);
    assert.equal(old.serialize(Int32Array.from({ length: 8 }, (_, i) => i)).boundaries, undefined);
  });

  it('adds one post to a large index through the side table and keeps it after a save', () => {
    const g = new GramIndex();
    for (let s = 0; s < 200; s++) g.add(s, [`乳山绿茶 第${s % 10}篇 webgpu`]);
    assert.equal(g.candidates('绿茶', false)!.length, 200);
    g.add(200, ['崂山红茶 chrome']);
    assert.deepEqual(Array.from(g.candidates('红茶', false)!), [200]);
    assert.deepEqual(Array.from(g.candidates('chrome', false)!), [200]);
    assert.equal(g.candidates('山', false)!.length, 201);
    const remap = Int32Array.from({ length: 201 }, (_, i) => (i === 0 ? -1 : i - 1));
    const loaded = GramIndex.deserialize(g.serialize(remap));
    assert.deepEqual(Array.from(loaded.candidates('红茶', false)!), [199]);
    assert.equal(loaded.candidates('绿茶', false)!.length, 199);
    assert.equal(loaded.latinWords().get('webgpu'), 199);
  });

  it('keeps the common keys as bitmaps, finding the same posts through additions, saves and removals', () => {
    // 绿 in every post, 茶 in every other, 红 in every tenth, 崂 in one: the first three
    // (and the pair 绿茶) take less room as bitmaps.
    const textOf = (s: number): string => `绿${s % 2 === 0 ? '茶' : '叶'}${s % 10 === 0 ? '红' : ''}${s === 7 ? '崂' : ''} post${s}`;
    const docs = new Map<number, string>();
    const g = new GramIndex();
    for (let s = 0; s < 320; s++) {
      g.add(s, [textOf(s)]);
      docs.set(s, textOf(s));
    }
    const check = (index: GramIndex, label: string): void => {
      for (const u of ['绿', '茶', '绿茶', '红', '茶红', '崂', '叶崂', '绿叶', 'post7', 'post']) {
        const expected = containing(docs, u);
        const found = Array.from(index.candidates(u, false) ?? []);
        assert.deepEqual(found, expected, `${label}: ${u}`);
        assert.equal(index.candidateCount(u, false), expected.length, `${label}: count of ${u}`);
      }
    };
    check(g, 'built');
    const saved = g.serialize(Int32Array.from({ length: 320 }, (_, i) => i));
    // The lists, then the bitmap rows: universe and count, rows, counts, bits.
    assert.equal(saved.data.length, 8);
    assert.deepEqual(Array.from(saved.data[4]!), [320, saved.data[5]!.length]);
    assert.ok(saved.data[5]!.length >= 4);
    const loaded = GramIndex.deserialize(saved);
    check(loaded, 'loaded');
    // Added after the load: the side table beside the bitmaps.
    for (let s = 320; s < 330; s++) {
      loaded.add(s, [textOf(s)]);
      docs.set(s, textOf(s));
    }
    check(loaded, 'added');
    assert.equal(loaded.hanCharCounts().get('绿'), 330);
    // Saved without the first 100 posts, renumbered.
    const remap = Int32Array.from({ length: 330 }, (_, i) => (i < 100 ? -1 : i - 100));
    const again = GramIndex.deserialize(loaded.serialize(remap));
    const kept = [...docs].filter(([s]) => s >= 100);
    docs.clear();
    for (const [s, t] of kept) docs.set(s - 100, t);
    check(again, 'renumbered');
    assert.equal(again.candidateCount('崂', false), 0);
  });

  it('refuses saved data whose sizes do not add up', () => {
    const g = new GramIndex();
    g.add(0, ['绿茶']);
    const saved = g.serialize(Int32Array.of(0));
    const whole = Int32Array.from(saved.data.flatMap((p) => [...p]));
    assert.throws(() => GramIndex.deserialize({ ...saved, data: [whole.subarray(0, whole.length - 1)] }), /sizes do not match/);
  });
});

describe('IntIdTable', () => {
  it('maps keys to ids like a Map, through growth, and answers -1 for unknown keys', () => {
    const table = new IntIdTable(2);
    const map = new Map<number, number>();
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 1) % 764_000_000;
    for (let i = 0; i < 50_000; i++) {
      const k = i % 10 === 0 ? i : next();
      if (!map.has(k)) {
        map.set(k, map.size);
        table.add(k, map.get(k)!);
      }
    }
    assert.equal(table.size, map.size);
    for (const [k, id] of map) assert.equal(table.get(k), id);
    for (let i = 0; i < 10_000; i++) {
      const k = next();
      assert.equal(table.get(k), map.get(k) ?? -1);
    }
    assert.throws(() => table.add(-1, 0), RangeError);
  });

  it('marks a key once per mark, adding unknown keys with the next id, through growth', () => {
    const table = new IntIdTable(2);
    const ids = new Map<number, number>();
    const newId = (key: number): number => {
      assert.ok(!ids.has(key), `key ${key} added twice`);
      ids.set(key, ids.size);
      return ids.size - 1;
    };
    let seed = 11;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 1) % 2000;
    // Marks are a document's slot: ascending, each key answered at its first mark only.
    for (let mark = 0; mark < 300; mark++) {
      const firsts = new Set<number>();
      for (let i = 0; i < 40; i++) {
        const key = next();
        const id = table.mark(key, mark, newId);
        if (firsts.has(key)) assert.equal(id, -1);
        else assert.equal(id, ids.get(key));
        firsts.add(key);
      }
    }
    assert.equal(table.size, ids.size);
    for (const [key, id] of ids) assert.equal(table.get(key), id);
  });
});
