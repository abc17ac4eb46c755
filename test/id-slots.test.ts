import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IdSlots } from '../src/indexes/id-slots.js';
import { runSteps } from '../src/indexes/steps.js';

/** Posts added and removed as an engine does it: a post goes into a new slot, replacing the one with its id. */
type Step = { add: string } | { remove: string };

const ids = fc.stringMatching(/^[a-c0-2]{1,3}$/);
const steps = fc.array(
  fc.oneof(
    ids.map((add): Step => ({ add })),
    ids.map((remove): Step => ({ remove })),
  ),
  { maxLength: 300 },
);

describe('IdSlots', () => {
  it('gives each live id its slot as a Map would, through adds, replacements and removals', () => {
    fc.assert(
      fc.property(steps, (run) => {
        const docs: (string | undefined)[] = [];
        const table = new IdSlots((slot) => docs[slot]);
        const model = new Map<string, number>();
        for (const step of run) {
          if ('add' in step) {
            const old = model.get(step.add);
            if (old !== undefined) {
              assert.equal(table.delete(step.add), true);
              docs[old] = undefined;
            }
            table.set(step.add, docs.length);
            model.set(step.add, docs.length);
            docs.push(step.add);
          } else {
            const slot = model.get(step.remove);
            assert.equal(table.delete(step.remove), slot !== undefined);
            if (slot !== undefined) docs[slot] = undefined;
            model.delete(step.remove);
          }
          assert.equal(table.size, model.size);
        }
        for (const [id, slot] of model) assert.equal(table.get(id), slot);
        for (const id of ['a', 'b0', 'c21', 'zz', '']) {
          assert.equal(table.has(id), model.has(id));
          assert.equal(table.get(id), model.get(id));
        }
        // Built from the posts at once, the same.
        const built = runSteps(IdSlots.build((slot) => docs[slot], docs.length));
        assert.equal(built.size, model.size);
        for (const [id, slot] of model) assert.equal(built.get(id), slot);
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });

  it('holds 100,000 ids, every one found, and one set again points to its new slot', () => {
    const docs = Array.from({ length: 100_000 }, (_, i) => `2024-01-01-post-${i}`);
    const table = runSteps(IdSlots.build((slot) => docs[slot], docs.length));
    assert.equal(table.size, docs.length);
    docs.forEach((id, slot) => assert.equal(table.get(id), slot));
    assert.equal(table.get('2024-01-01-post-100000'), undefined);
    // A later post with the same id replaces the earlier in a build, as in a set.
    docs.push('2024-01-01-post-7');
    table.set('2024-01-01-post-7', docs.length - 1);
    assert.equal(table.get('2024-01-01-post-7'), docs.length - 1);
    assert.equal(table.size, 100_000);
    assert.equal(runSteps(IdSlots.build((slot) => docs[slot], docs.length)).get('2024-01-01-post-7'), docs.length - 1);
  });
});
