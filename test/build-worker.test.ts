/** The build process a server keeps between builds (cli/reindex-process.ts, cli/build-worker.ts). */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { reindexInChild } from '../src/cli/reindex-process.js';
import { execFileSync } from 'node:child_process';
import { loadIndex, readManifest } from '../src/store/store.js';
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

  it('builds in a new process once a word is taken out of the user dictionary, as a fresh reindex cuts the posts', async () => {
    // jieba's dictionary is the process's and only adds words: the kept process still has
    // the word taken out, and would cut the title with it.
    const dir = tempDir();
    const posts = copySample(path.join(dir, 'posts'));
    const indexDir = path.join(dir, 'index');
    fs.mkdirSync(indexDir);
    const dictionary = path.join(indexDir, 'user-dict.txt');
    fs.writeFileSync(dictionary, '计算着色器\n');
    const build = reindexInChild(['--source', posts, '--index', indexDir]);
    await build();
    const titleTerms = (dirOfIndex: string): string =>
      [...loadIndex(dirOfIndex).engine.documents()].find((d) => d.id === '2024-01-08-webgpu-rumen')!.terms.title;
    assert.match(titleTerms(indexDir), /(^| )计算着色器( |$)/);
    fs.writeFileSync(dictionary, '');
    const second = await build();
    assert.equal(second.resegmented, 1);
    const fresh = path.join(dir, 'fresh');
    execFileSync(process.execPath, [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', posts, '--index', fresh]);
    assert.doesNotMatch(titleTerms(indexDir), /(^| )计算着色器( |$)/);
    assert.equal(titleTerms(indexDir), titleTerms(fresh));
    // And the next build goes on in the new process.
    fs.appendFileSync(path.join(posts, '2024-01-08-webgpu-rumen.md'), '\n<p>改了</p>\n');
    assert.equal((await build()).updated, 1);
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
