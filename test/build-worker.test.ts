/** The build process a server keeps between builds (cli/reindex-process.ts, cli/build-worker.ts). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { reindexInChild } from '../src/cli/reindex-process.js';
import { execFileSync } from 'node:child_process';
import { readManifest } from '../src/store/store.js';
import { copySample, ROOT, tempDir } from './helpers.js';

describe('the build process a server keeps', function () {
  this.timeout(120_000);

  it('builds each change from the index on disk, whoever wrote it', async () => {
    const dir = tempDir();
    const posts = copySample(path.join(dir, 'posts'));
    const indexDir = path.join(dir, 'index');
    const build = reindexInChild(['--source', posts, '--index', indexDir]);
    const first = await build();
    assert.equal(first.added, first.documents);
    const [a, b] = fs.readdirSync(posts).filter((f) => f.endsWith('.md'));
    fs.appendFileSync(path.join(posts, a!), '\n<p>改了一句</p>\n');
    const second = await build();
    assert.deepEqual([second.added, second.updated, second.removed], [0, 1, 0]);
    // Another process writes a version with a change of its own: the next build starts
    // from that one (only b changed since), not from the index it kept.
    fs.appendFileSync(path.join(posts, a!), '\n<p>又改了一句</p>\n');
    execFileSync(process.execPath, [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', posts, '--index', indexDir]);
    fs.appendFileSync(path.join(posts, b!), '\n<p>也改了</p>\n');
    const third = await build();
    assert.deepEqual([third.added, third.updated, third.removed], [0, 1, 0]);
    assert.equal(readManifest(indexDir).documentCount, first.documents);
  });

  it('answers a refused build with its reason, and builds again afterwards', async () => {
    const dir = tempDir();
    const posts = copySample(path.join(dir, 'posts'));
    const indexDir = path.join(dir, 'index');
    const build = reindexInChild(['--source', posts, '--index', indexDir]);
    await build();
    const version = readManifest(indexDir).version;
    fs.renameSync(posts, `${posts}-away`);
    fs.mkdirSync(posts);
    try {
      await assert.rejects(build(), /yields no posts/);
      assert.equal(readManifest(indexDir).version, version);
    } finally {
      fs.rmSync(posts, { recursive: true });
      fs.renameSync(`${posts}-away`, posts);
    }
    fs.appendFileSync(
      path.join(
        posts,
        fs.readdirSync(posts).find((f) => f.endsWith('.md'))!,
      ),
      '\n<p>改了</p>\n',
    );
    const again = await build();
    assert.equal(again.updated, 1);
  });
});
