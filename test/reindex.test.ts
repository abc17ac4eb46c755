import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { reindex } from '../src/build/reindex.js';
import { FORMAT_VERSION, loadIndex } from '../src/store/store.js';
import { copySample, post, ROOT, stopped, tempDir } from './helpers.js';

describe('reindex', () => {
  it('is incremental: only added and changed posts are analysed, deleted ones removed', async () => {
    const src = copySample(tempDir());
    const idx = tempDir();
    const first = await reindex({ source: src, indexDir: idx });
    const n = first.report.documents;
    assert.equal(first.report.added, n);

    fs.writeFileSync(path.join(src, '2025-01-01-xin.md'), post({ title: '新文章', date: '2025-01-01' }, '全新的冷门词汇：鹦鹉螺'));
    fs.appendFileSync(path.join(src, '2024-06-18-zhaoshang-gonggao.md'), '\n补充：签约仪式在海边举行。\n');
    fs.rmSync(path.join(src, '2024-07-01-zhaoshang-zhengce.md'));
    const second = await reindex({ source: src, indexDir: idx });
    assert.deepEqual(
      { added: second.report.added, updated: second.report.updated, removed: second.report.removed, unchanged: second.report.unchanged },
      { added: 1, updated: 1, removed: 1, unchanged: n - 2 },
    );
    const { engine } = loadIndex(idx);
    assert.deepEqual(
      engine.search('鹦鹉螺').hits.map((h) => h.id),
      ['2025-01-01-xin'],
    );
    assert.deepEqual(
      engine.search('签约仪式').hits.map((h) => h.id),
      ['2024-06-18-zhaoshang-gonggao'],
    );
    assert.equal(engine.has('2024-07-01-zhaoshang-zhengce'), false);
    assert.notEqual(second.manifest.version, first.manifest.version);
  });

  it('segments again only posts whose title or tags changed, and everything when the stop words change', async () => {
    const src = copySample(tempDir());
    const idx = tempDir();
    const first = await reindex({ source: src, indexDir: idx });
    assert.equal(first.report.segmented, first.report.documents);
    const before = loadIndex(idx).engine;

    fs.appendFileSync(path.join(src, '2023-05-20-rushan-lvcha.md'), '\n<p>补充：今年的新茶已经上市。</p>\n');
    const webgpu = path.join(src, '2024-01-08-webgpu-rumen.md');
    fs.writeFileSync(webgpu, fs.readFileSync(webgpu, 'utf8').replace(/^title: .*$/m, 'title: "显卡驱动程序的安装"'));
    const second = await reindex({ source: src, indexDir: idx });
    assert.equal(second.report.updated, 2);
    assert.equal(second.report.segmented, 1);
    const after = loadIndex(idx).engine;
    // The edited body's post keeps its terms; the retitled one has its new title's words.
    assert.deepEqual(after.get('2023-05-20-rushan-lvcha')!.terms, before.get('2023-05-20-rushan-lvcha')!.terms);
    assert.deepEqual(
      after.search('今年的新茶').hits.map((h) => h.id),
      ['2023-05-20-rushan-lvcha'],
    );
    assert.deepEqual(
      after
        .get('2024-01-08-webgpu-rumen')!
        .terms.title.split(' ')
        .filter((w) => ['显卡', '驱动', '程序', '安装'].includes(w))
        .sort(),
      ['安装', '显卡', '程序', '驱动'],
    );

    const third = await reindex({ source: src, indexDir: idx, stopWords: ['安装'] });
    assert.equal(third.report.segmented, third.report.documents);
    assert.equal(loadIndex(idx).engine.get('2024-01-08-webgpu-rumen')!.terms.title.split(' ').includes('安装'), false);
  });

  it('does not read a file whose size and change time are as at the last build, unless it was fresh then', async () => {
    const src = copySample(tempDir());
    const idx = tempDir();
    const file = path.join(src, '2023-05-20-rushan-lvcha.md');
    const original = fs.readFileSync(file, 'utf8');
    const sameSize = (from: string, to: string): string => {
      const text = original.replace(from, to);
      assert.equal(Buffer.byteLength(text), Buffer.byteLength(original));
      return text;
    };
    const indexed = (phrase: string): boolean => loadIndex(idx).engine.get('2023-05-20-rushan-lvcha')!.text.includes(phrase);
    // The builds' clock is given: the file is 0.5 s old at the first two, a minute at the others.
    const now = Date.parse('2026-11-30T12:00:00Z');
    const old = new Date(now - 60_000);
    const fresh = new Date(now - 500);

    // Just written when indexed: not stamped, so an edit that keeps its size and time is still seen.
    fs.utimesSync(file, fresh, fresh);
    await reindex({ source: src, indexDir: idx, now });
    fs.writeFileSync(file, sameSize('<strong>乳山绿茶', '<strong>乳山红茶'));
    fs.utimesSync(file, fresh, fresh);
    const second = await reindex({ source: src, indexDir: idx, now });
    assert.equal(second.report.updated, 1);
    assert.equal(indexed('乳山红茶'), true);

    // Settled when read: stamped. The same kind of edit now goes unseen (as in make or rsync)...
    fs.utimesSync(file, old, old);
    const third = await reindex({ source: src, indexDir: idx, now });
    assert.equal(third.report.unchanged, third.report.documents);
    fs.writeFileSync(file, sameSize('<strong>乳山绿茶', '<strong>乳山白茶'));
    fs.utimesSync(file, old, old);
    await reindex({ source: src, indexDir: idx, now });
    assert.equal(indexed('乳山白茶'), false);
    // ...and is seen once its time changes, or with full.
    fs.utimesSync(file, new Date(old.getTime() + 1000), new Date(old.getTime() + 1000));
    assert.equal((await reindex({ source: src, indexDir: idx, now })).report.updated, 1);
    assert.equal(indexed('乳山白茶'), true);
    fs.writeFileSync(file, sameSize('<strong>乳山绿茶', '<strong>乳山黑茶'));
    fs.utimesSync(file, new Date(old.getTime() + 1000), new Date(old.getTime() + 1000));
    await reindex({ source: src, indexDir: idx, full: true, now });
    assert.equal(indexed('乳山黑茶'), true);
  });

  it('analyses everything again with full', async () => {
    const src = copySample(tempDir());
    const idx = tempDir();
    await reindex({ source: src, indexDir: idx });
    const again = await reindex({ source: src, indexDir: idx, full: true });
    assert.equal(again.report.unchanged, 0);
    assert.equal(again.report.added, again.report.documents);
  });

  it('runs from the command line and prints a summary line', () => {
    const src = copySample(tempDir());
    const idx = tempDir();
    fs.writeFileSync(path.join(src, 'broken.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]));
    fs.writeFileSync(path.join(src, '2024-01-01-colon.md'), '---\ntitle: Go: 并发\n---\n正文');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', src, '--index', idx], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^indexed 12 posts: 12 added, 0 updated, 0 removed, 0 unchanged, 1 skipped, 1 warning in \d+\.\d\d s/);
    assert.deepEqual(
      run.stderr
        .trim()
        .split('\n')
        .map((line) => line.replace(/ \(.*?\): /, ' (…): ')),
      [
        'skipped broken.md: not valid UTF-8',
        'warning 2024-01-01-colon.md: front matter is not valid YAML (…): indexed as Jekyll publishes it, without its front matter, untitled, dated at the build',
      ],
    );
  });

  /** The sample's source and an index of it whose manifest says it is of a format before the readable ones (5). */
  async function olderFormatIndex(): Promise<{ src: string; idx: string }> {
    const src = copySample(tempDir());
    const idx = tempDir();
    await reindex({ source: src, indexDir: idx });
    const mf = path.join(idx, 'manifest.json');
    fs.writeFileSync(mf, JSON.stringify({ ...JSON.parse(fs.readFileSync(mf, 'utf8')), formatVersion: 5 }));
    return { src, idx };
  }

  it('rebuilds an index of an older format instead of reusing it', async () => {
    const { src, idx } = await olderFormatIndex();
    const warnings: string[] = [];
    const again = await reindex({ source: src, indexDir: idx, onWarning: (w) => warnings.push(w) });
    assert.equal(again.report.added, again.report.documents);
    assert.match(warnings.join('\n'), /previous index not reused: .*index format \d+ is not supported/);
    assert.equal(loadIndex(idx).manifest.formatVersion, FORMAT_VERSION);
  });

  it('serves after rebuilding when the index on disk is of an older format', async () => {
    const { src, idx } = await olderFormatIndex();
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/serve.js'), '--index', idx, '--source', src, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const logs: string[] = [];
      await new Promise<void>((resolve, reject) => {
        child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${logs.join('')}`)));
        child.stdout.on('data', (b: Buffer) => {
          logs.push(b.toString());
          if (logs.join('').includes('zhsearch listening')) resolve();
        });
      });
      assert.match(logs.join(''), /no usable index: building one/);
      assert.equal(loadIndex(idx).manifest.formatVersion, FORMAT_VERSION);
    } finally {
      await stopped(child);
    }
  });
});
