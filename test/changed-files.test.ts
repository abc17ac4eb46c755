/** A build told which files changed reads those alone (build/changed-files.ts), and scans everything when it must. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { reindex, type ReindexResult } from '../src/build/reindex.js';
import { reindexInChild } from '../src/cli/reindex-process.js';
import { loadIndex } from '../src/store/store.js';
import { copySample, post, ROOT, tempDir } from './helpers.js';

/** The sample's posts, indexed: what a build process keeps between builds. */
async function kept(): Promise<{ source: string; indexDir: string; last: ReindexResult }> {
  const source = fs.realpathSync(copySample(tempDir()));
  const indexDir = tempDir();
  return { source, indexDir, last: await reindex({ source, indexDir }) };
}

/** A reindex from `last` told that `changed` changed. */
function told(source: string, indexDir: string, last: ReindexResult, changed: string[]): Promise<ReindexResult> {
  return reindex({ source, indexDir, previousIndex: last, previousFiles: last.files, changedFiles: changed });
}

const ids = (r: ReindexResult, q: string): string[] => r.engine.search(q).hits.map((h) => h.id);

describe('a build told the changed files', () => {
  it('reads only those: a change it was not told of waits for a build that scans', async () => {
    const { source, indexDir, last } = await kept();
    const [a, b] = fs.readdirSync(source).sort();
    fs.appendFileSync(path.join(source, a!), '\n<p>zqxtold</p>\n');
    fs.appendFileSync(path.join(source, b!), '\n<p>zqxuntold</p>\n');
    const r = await told(source, indexDir, last, [path.join(source, a!)]);
    assert.equal(r.report.changedOnly, true);
    assert.deepEqual([r.report.added, r.report.updated, r.report.removed, r.report.unchanged], [0, 1, 0, 10]);
    assert.equal(r.saved, 'delta');
    assert.deepEqual(ids(r, 'zqxtold'), [a!.replace(/\.md$/, '')]);
    assert.deepEqual(ids(r, 'zqxuntold'), []);
    // A build not told scans and finds the other one.
    const scanned = await reindex({ source, indexDir, previousIndex: r, previousFiles: r.files });
    assert.equal(scanned.report.changedOnly, undefined);
    assert.deepEqual(ids(scanned, 'zqxuntold'), [b!.replace(/\.md$/, '')]);
  });

  it('adds a new post file, removes a deleted one, ignores swap files and backups; a full scan then agrees', async () => {
    const { source, indexDir, last } = await kept();
    const gone = fs.readdirSync(source).sort()[3]!;
    fs.rmSync(path.join(source, gone));
    const added = path.join(source, '2024-07-01-fresh.md');
    fs.writeFileSync(added, post({ title: '新来的', date: '2024-07-01' }, '<p>zqxfresh</p>'));
    fs.writeFileSync(path.join(source, '.2024-07-01-fresh.md.swp'), 'swap');
    fs.writeFileSync(path.join(source, '2024-07-01-fresh.md~'), 'backup');
    const r = await told(source, indexDir, last, [
      path.join(source, gone),
      added,
      path.join(source, '.2024-07-01-fresh.md.swp'),
      path.join(source, '2024-07-01-fresh.md~'),
      path.join(source, '4913'),
    ]);
    assert.equal(r.report.changedOnly, true);
    assert.deepEqual([r.report.added, r.report.removed, r.report.documents], [1, 1, 11]);
    assert.deepEqual(ids(r, 'zqxfresh'), ['2024-07-01-fresh']);
    assert.equal(r.engine.has(gone.replace(/\.md$/, '')), false);
    assert.equal(r.files!.byFile.has(path.join(source, gone)), false);
    // What the next full scan finds is what the told build left.
    const scanned = await reindex({ source, indexDir, previousIndex: r, previousFiles: r.files });
    assert.deepEqual([scanned.report.added, scanned.report.updated, scanned.report.removed], [0, 0, 0]);
    assert.deepEqual(
      [...loadIndex(indexDir).engine.documents()].map((d) => d.id).sort(),
      [...scanned.engine.documents()].map((d) => d.id).sort(),
    );
  });

  it('scans everything for a folder, a path outside the source, a folder of posts gone, or other settings', async () => {
    const { source, indexDir, last } = await kept();
    const sub = path.join(source, 'more');
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, '2024-07-02-deep.md'), post({ title: '子目录', date: '2024-07-02' }, '<p>zqxdeep</p>'));
    const r1 = await told(source, indexDir, last, [sub]);
    assert.equal(r1.report.changedOnly, undefined);
    assert.deepEqual(ids(r1, 'zqxdeep'), ['2024-07-02-deep']);
    const r2 = await told(source, indexDir, r1, [path.join(ROOT, 'package.json')]);
    assert.equal(r2.report.changedOnly, undefined);
    fs.renameSync(sub, `${sub}-moved-away`);
    fs.renameSync(`${sub}-moved-away`, path.join(tempDir(), 'away'));
    const r3 = await told(source, indexDir, r2, [sub]);
    assert.equal(r3.report.changedOnly, undefined);
    assert.deepEqual(ids(r3, 'zqxdeep'), []);
    const r4 = await reindex({
      source,
      indexDir,
      previousIndex: r3,
      previousFiles: r3.files,
      changedFiles: [path.join(source, fs.readdirSync(source).sort()[0]!)],
      permalink: 'pretty',
    });
    assert.equal(r4.report.changedOnly, undefined, 'another permalink: every post is read again');
  });

  it('a new file whose name another post has is skipped as a duplicate, as a scan would', async () => {
    const { source, indexDir, last } = await kept();
    const name = fs.readdirSync(source).sort()[0]!;
    fs.mkdirSync(path.join(source, 'copy'));
    // Watched from the start: the folder itself is not among the changes, only the file.
    fs.copyFileSync(path.join(source, name), path.join(source, 'copy', name));
    const r = await told(source, indexDir, last, [path.join(source, 'copy', name)]);
    assert.equal(r.report.changedOnly, true);
    assert.deepEqual(r.report.skipped, [
      { file: `copy/${name}`, reason: 'duplicate id (another file has the same name without extension)' },
    ]);
    assert.equal(r.report.documents, 11);
  });

  it('the build process reads only the changed files it is told of', async function () {
    this.timeout(60_000);
    const { source, indexDir } = await kept();
    const build = reindexInChild(['--source', source, '--index', indexDir]);
    await build();
    const [a, b] = fs.readdirSync(source).sort();
    fs.appendFileSync(path.join(source, a!), '\n<p>进程里告诉的</p>\n');
    fs.appendFileSync(path.join(source, b!), '\n<p>进程里没告诉的</p>\n');
    const report = await build([path.join(source, a!)]);
    assert.equal(report.changedOnly, true);
    assert.equal(report.updated, 1);
    const whole = await build();
    assert.equal(whole.changedOnly, undefined);
    assert.equal(whole.updated, 1);
  });

  it('in a Jekyll site: reads a changed post alone, scans for a new or removed one', async () => {
    const site = tempDir();
    fs.writeFileSync(path.join(site, '_config.yml'), 'title: 测试站\n');
    fs.mkdirSync(path.join(site, '_posts'));
    const write = (name: string, body: string): string => {
      const file = path.join(fs.realpathSync(site), '_posts', name);
      fs.writeFileSync(file, `---\ntitle: ${name}\n---\n${body}\n`);
      return file;
    };
    const a = write('2024-01-01-a.md', '第一篇');
    write('2024-01-02-b.md', '第二篇');
    const indexDir = tempDir();
    const first = await reindex({ source: '', site: { site }, indexDir });
    assert.equal(first.report.documents, 2);
    /** A reindex of the site from `last`, told that `changed` changed. */
    const toldSite = (last: ReindexResult, changed: string[]): Promise<ReindexResult> =>
      reindex({ source: '', site: { site }, indexDir, previousIndex: last, previousFiles: last.files, changedFiles: changed });
    fs.appendFileSync(a, '\nzqxsite\n');
    const changed = await toldSite(first, [a]);
    assert.equal(changed.report.changedOnly, true);
    assert.deepEqual(ids(changed, 'zqxsite'), ['2024-01-01-a']);
    const c = write('2024-01-03-c.md', '第三篇 zqxnewsite');
    const added = await toldSite(changed, [c]);
    assert.equal(added.report.changedOnly, undefined);
    assert.deepEqual(ids(added, 'zqxnewsite'), ['2024-01-03-c']);
    // A new post of another extension is one too (Jekyll publishes `.txt` posts); a backup is not.
    const txt = path.join(fs.realpathSync(site), '_posts', '2024-01-04-d.txt');
    fs.writeFileSync(txt, '纯文本 zqxtxtsite\n');
    const withTxt = await toldSite(added, [txt]);
    assert.equal(withTxt.report.changedOnly, undefined);
    assert.deepEqual(ids(withTxt, 'zqxtxtsite'), ['2024-01-04-d']);
    fs.writeFileSync(`${c}~`, 'zqxbackup\n');
    const backup = await toldSite(withTxt, [`${c}~`]);
    assert.equal(backup.report.changedOnly, true);
    fs.rmSync(a);
    const removed = await toldSite(backup, [a]);
    assert.equal(removed.report.changedOnly, undefined);
    assert.equal(removed.report.documents, 3);
  });
});
