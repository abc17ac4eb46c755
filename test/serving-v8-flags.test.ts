import assert from 'node:assert/strict';
import { SERVING_V8_FLAGS, servingV8Flags } from '../src/cli/serving-v8-flags.js';

describe('serving V8 flags', () => {
  it('sets every serving flag when node was given none of them', () => {
    assert.deepEqual(servingV8Flags([]), ['--heap-growing-percent=100', '--no-parallel-scavenge']);
    assert.deepEqual(servingV8Flags(['--expose-gc', '--max-old-space-size=4096']), SERVING_V8_FLAGS);
  });

  it('leaves a flag node was given to node, however it is spelt', () => {
    assert.deepEqual(servingV8Flags(['--heap_growing_percent=50']), ['--no-parallel-scavenge']);
    assert.deepEqual(servingV8Flags(['--heap-growing-percent=30']), ['--no-parallel-scavenge']);
    assert.deepEqual(servingV8Flags(['--parallel-scavenge']), ['--heap-growing-percent=100']);
    assert.deepEqual(servingV8Flags(['--no-parallel_scavenge', '--heap-growing-percent=100']), []);
  });
});
