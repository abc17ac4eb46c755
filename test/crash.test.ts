import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { crashRuns } from '../scripts/crash-test.js';
import { startServer } from '../scripts/server-process.js';
import { readManifest } from '../src/store/store.js';
import { post, ROOT, SAMPLE_POSTS, tempDir, writePosts } from './helpers.js';

/** 1,500 posts made of the sample texts, so that writing the index takes a while. */
function corpus(dir: string): string {
  const texts = fs
    .readdirSync(SAMPLE_POSTS)
    .map((f) => fs.readFileSync(path.join(SAMPLE_POSTS, f), 'utf8').replace(/^[\s\S]*?\n---\n/, ''));
  const files: Record<string, string> = {};
  for (let i = 0; i < 1500; i++)
    files[`2024-01-01-p${i}.md`] = post({ title: `第${i}篇`, tags: `[标签${i % 7}]` }, texts[i % texts.length]! + `\n<p>编号${i}</p>`);
  return writePosts(dir, files);
}

describe('crash safety', function () {
  this.timeout(300_000);

  it('SIGKILL at random moments and during delta writes and merges: always the previous or the new complete index', async () => {
    const source = corpus(tempDir());
    const indexDir = tempDir();
    execFileSync(process.execPath, [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', source, '--index', indexDir], {
      stdio: 'ignore',
    });
    const outcomes = await crashRuns(source, indexDir, 20);
    const failures = outcomes.filter((o) => !o.ok);
    assert.deepEqual(failures, []);
    assert.ok(outcomes.filter((o) => o.mode === 'during-write' && o.killedAfterMs >= 0).length >= 4, JSON.stringify(outcomes));
    assert.ok(outcomes.some((o) => o.served === 'previous') && outcomes.some((o) => o.killedAfterMs >= 0));
    // Runs left to finish pile deltas up until one merges them into a full save.
    assert.ok(
      outcomes.some((o) => o.served === 'new' && o.writes === 'delta' && o.deltas > 0),
      JSON.stringify(outcomes),
    );
    assert.ok(
      outcomes.some((o) => o.served === 'new' && o.writes === 'merge' && o.deltas === 0),
      JSON.stringify(outcomes),
    );
    const server = await startServer(indexDir);
    try {
      const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { version: string; documentCount: number };
      assert.equal(ready.version, readManifest(indexDir).version);
      assert.equal(ready.documentCount, 1500);
    } finally {
      await server.stop();
    }
  });
});
