import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { reindex, mergeWhenDue, type ReindexResult } from '../src/build/reindex.js';
import { MERGE_AT, mergeDue } from '../src/store/delta.js';
import { IndexHolder } from '../src/store/index-holder.js';
import { IndexLoadError, loadIndex, readManifest } from '../src/store/store.js';
import { SearchPool } from '../src/server/search-pool.js';
import { SearchEngine } from '../src/search/engine.js';
import { readSnapshot } from '../src/store/data-file.js';
import { analyzePost, countTermWords, type AnalyzedDoc } from '../src/indexes/analyze.js';
import { postFromRecord } from '../src/ingest/post.js';
import { copySample, post, ROOT, tempDir } from './helpers.js';

/** The sample's posts and an index of them, saved in full. */
async function sampleIndex(): Promise<{ source: string; indexDir: string; first: ReindexResult }> {
  const source = copySample(tempDir());
  const indexDir = tempDir();
  const first = await reindex({ source, indexDir });
  return { source, indexDir, first };
}

/** Ids and scores of a search's first hits. */
function ranked(engine: ReturnType<typeof loadIndex>['engine'], q: string): [string, number][] {
  return engine.search(q, { limit: 20 }).hits.map((h) => [h.id, h.score]);
}

function addPost(source: string, name: string, body: string): void {
  fs.writeFileSync(path.join(source, `${name}.md`), post({ title: name, date: '2024-07-01' }, `<p>${body}</p>`));
}

describe('delta segments', () => {
  it('save a small change beside the data file; a load applies it and finds what a full build finds', async () => {
    const { source, indexDir, first } = await sampleIndex();
    const files = fs.readdirSync(source).sort();
    fs.appendFileSync(path.join(source, files[0]!), '\n<p>增量段落测试词</p>\n');
    fs.rmSync(path.join(source, files[1]!));
    addPost(source, '2024-07-01-new', '新加的帖子讲乳山绿茶');
    const second = await reindex({ source, indexDir });
    assert.equal(second.saved, 'delta');
    const m = readManifest(indexDir);
    assert.equal(m.dataFile, first.manifest.dataFile, 'the data file is not written again');
    assert.equal(m.deltas?.length, 1);
    assert.deepEqual(
      { from: m.deltas![0]!.from, version: m.deltas![0]!.version, posts: m.deltas![0]!.posts, removed: m.deltas![0]!.removed },
      { from: first.manifest.version, version: m.version, posts: 2, removed: 1 },
    );
    assert.equal(m.documentCount, 11);
    assert.ok(fs.existsSync(path.join(indexDir, m.deltas![0]!.file)));

    const { engine } = loadIndex(indexDir);
    assert.equal(engine.documentCount, 11);
    assert.equal(engine.version, m.version);
    const removedId = files[1]!.replace(/\.md$/, '');
    assert.equal(engine.has(removedId), false);
    assert.deepEqual(
      engine.search('增量段落测试词').hits.map((h) => h.id),
      [files[0]!.replace(/\.md$/, '')],
    );
    // The same posts built in full rank the same.
    const full = tempDir();
    await reindex({ source, indexDir: full, full: true });
    const built = loadIndex(full).engine;
    for (const q of ['乳山绿茶', '增量段落测试词', '新加的帖子', '妇女']) {
      assert.deepEqual(
        ranked(engine, q).map(([id]) => id),
        ranked(built, q).map(([id]) => id),
        q,
      );
    }
  });

  it('chain: each delta changes the version before it; merged into a full save once due, old deltas pruned', async () => {
    const { source, indexDir, first } = await sampleIndex();
    const firstCounts = countedWords(first.engine);
    let last: { engine: ReindexResult['engine']; manifest: ReindexResult['manifest'] } = first;
    let k = 0;
    /** Saves one more post at a time until the deltas are due to be merged; returns how many were saved. */
    const saveUntilDue = async (): Promise<number> => {
      let n = 0;
      while (!mergeDue(last.manifest)) {
        assert.ok(n < MERGE_AT.deltas, 'due after MERGE_AT.deltas deltas at most');
        addPost(source, `2024-07-01-d${k}`, `链条第${k}篇`);
        k++;
        n++;
        const r = await reindex({ source, indexDir, previousIndex: last });
        assert.equal(r.saved, 'delta');
        last = r;
      }
      return n;
    };
    const n = await saveUntilDue();
    const m = readManifest(indexDir);
    assert.equal(m.deltas?.length, n);
    m.deltas!.forEach((d, i) => assert.equal(d.from, i === 0 ? first.manifest.version : m.deltas![i - 1]!.version));
    assert.equal(m.deltas!.at(-1)!.version, m.version);
    const { engine } = loadIndex(indexDir);
    for (let i = 0; i < k; i++) assert.equal(engine.search(`链条第${i}篇`).hits[0]?.id, `2024-07-01-d${i}`);

    // The build process merges them once due: a full save, a new version, the same posts.
    const merged = mergeWhenDue(indexDir, last);
    assert.notEqual(merged.manifest.version, m.version);
    assert.equal(merged.manifest.deltas, undefined);
    assert.equal(readManifest(indexDir).version, merged.manifest.version);
    const mergedEngine = loadIndex(indexDir).engine;
    assert.equal(mergedEngine.documentCount, engine.documentCount);
    // With the word counts the deltas' posts add (counted along, not counted again).
    const savedCounts = readSnapshot(path.join(indexDir, merged.manifest.dataFile)).termCounts;
    assert.deepEqual(sortedCounts(savedCounts!), countedWords(mergedEngine));
    assert.notDeepEqual(sortedCounts(savedCounts!), firstCounts);
    // The deltas the previous manifest named are kept (a server may be loading it); at the
    // next save, those no manifest names go once they are a minute old.
    assert.equal(fs.readdirSync(indexDir).filter((f) => f.endsWith('.zsd')).length, n);
    const old = new Date(Date.now() - 120_000);
    for (const f of fs.readdirSync(indexDir)) if (f.endsWith('.zsd')) fs.utimesSync(path.join(indexDir, f), old, old);
    last = merged;
    await saveUntilDue();
    assert.deepEqual(
      fs
        .readdirSync(indexDir)
        .filter((f) => f.endsWith('.zsd'))
        .sort(),
      last.manifest.deltas!.map((d) => d.file).sort(),
    );
    // With the deltas due, a reindex (from the command line, with no build process to merge) saves in full.
    addPost(source, '2024-07-01-full', '满了就整体保存');
    const full = await reindex({ source, indexDir, previousIndex: last });
    assert.equal(full.saved, 'full');
    assert.equal(readManifest(indexDir).deltas, undefined);
    assert.equal(mergeWhenDue(indexDir, full), full, 'nothing to merge');
  });

  it('a change larger than a delta takes, or new settings, is saved in full', async () => {
    const { source, indexDir } = await sampleIndex();
    const again = await reindex({ source, indexDir, stopWords: ['的'] });
    assert.equal(again.saved, 'full');
    assert.equal(readManifest(indexDir).deltas, undefined);
    const unchanged = await reindex({ source, indexDir, stopWords: ['的'] });
    assert.equal(unchanged.saved, 'none');
  });

  it('a damaged delta is refused with its code and the file named; the served index stays', async () => {
    const { source, indexDir } = await sampleIndex();
    const holder = new IndexHolder(indexDir);
    holder.reload();
    const served = holder.current!.manifest.version;
    addPost(source, '2024-07-01-bad', '坏掉的增量');
    const r = await reindex({ source, indexDir });
    assert.equal(r.saved, 'delta');
    const file = path.join(indexDir, r.manifest.deltas![0]!.file);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 2) ^ 0xff, bytes.length - 2);
    fs.writeFileSync(file, bytes);
    assert.throws(
      () => loadIndex(indexDir),
      (err: unknown) => err instanceof IndexLoadError && err.code === 'INDEX_CORRUPT' && err.message.includes(path.basename(file)),
    );
    await assert.rejects(holder.reloadInSlices(), (err: unknown) => err instanceof IndexLoadError && err.code === 'INDEX_CORRUPT');
    assert.equal(holder.current!.manifest.version, served);
    assert.equal(holder.current!.engine.has('2024-07-01-bad'), false, 'the served engine was not touched');
    fs.rmSync(file);
    assert.throws(
      () => loadIndex(indexDir),
      (err: unknown) => err instanceof IndexLoadError && err.code === 'INDEX_UNREADABLE',
    );
  });

  it('a holder serving the version a delta changes applies it to its engine; suggestions follow after the warm-up', async () => {
    const { source, indexDir } = await sampleIndex();
    const holder = new IndexHolder(indexDir);
    holder.reload();
    const engine = holder.current!.engine;
    const before = engine.suggest('rs', 5);
    addPost(source, '2024-07-01-inplace', '原地应用的增量');
    const r = await reindex({ source, indexDir });
    assert.equal(r.saved, 'delta');
    const outcome = await holder.reloadInSlices();
    assert.equal(outcome.version, r.manifest.version);
    assert.equal(holder.current!.engine, engine, 'the same engine, changed in place');
    assert.equal(engine.version, r.manifest.version);
    assert.deepEqual(
      engine.search('原地应用的增量').hits.map((h) => h.id),
      ['2024-07-01-inplace'],
    );
    assert.deepEqual(engine.suggest('rs', 5), before);
    // The synchronous reload applies the next one the same way.
    addPost(source, '2024-07-02-inplace', '同步应用的增量');
    const r2 = await reindex({ source, indexDir });
    holder.reload();
    assert.equal(holder.current!.manifest.version, r2.manifest.version);
    assert.equal(holder.current!.engine, engine);
    assert.equal(engine.search('同步应用的增量').total, 1);
  });

  it('an engine applying a delta counts its title and tag words along (a post added, one retitled, one removed) as a fresh load counts them', async () => {
    const { source, indexDir } = await sampleIndex();
    const holder = new IndexHolder(indexDir);
    holder.reload();
    const engine = holder.current!.engine;
    // Its word counts built, so the delta is counted into them rather than counted anew.
    engine.warm();
    const before = engine.suggest('红', 10);
    const retitled = path.join(source, '2023-05-20-rushan-lvcha.md');
    fs.writeFileSync(retitled, fs.readFileSync(retitled, 'utf8').replace('title: "乳山绿茶的春天"', 'title: "乳山红茶的秋天"'));
    fs.rmSync(path.join(source, '2024-06-18-zhaoshang-gonggao.md'));
    fs.writeFileSync(
      path.join(source, '2024-07-03-hongcha.md'),
      post({ title: '红茶与绿茶的区别', date: '2024-07-03' }, '<p>红茶和绿茶。</p>'),
    );
    const r = await reindex({ source, indexDir });
    assert.equal(r.saved, 'delta');
    await holder.reloadInSlices();
    assert.equal(holder.current!.engine, engine, 'the same engine, changed in place');
    engine.warm();
    const fresh = loadIndex(indexDir).engine;
    for (const prefix of ['乳山', '红', '绿', '招商', '公告', '开发', '区别', 'rs', 'web'])
      assert.deepEqual(engine.suggest(prefix, 10), fresh.suggest(prefix, 10), prefix);
    assert.notDeepEqual(engine.suggest('红', 10), before);
  });

  it('a search thread serving the version a delta changes applies it; its answers name the version whose posts they hold', async function () {
    this.timeout(60_000);
    const { source, indexDir } = await sampleIndex();
    const holder = new IndexHolder(indexDir);
    await holder.reloadInSlices();
    const pool = new SearchPool(holder, 1);
    try {
      await holder.reloadInSlices();
      while (!pool.serves(holder.current!.manifest.version)) await new Promise((r) => setImmediate(r));
      const old = holder.current!.manifest.version;
      addPost(source, '2024-07-01-thread', '线程里的增量');
      const r = await reindex({ source, indexDir });
      assert.equal(r.saved, 'delta');
      await holder.reloadInSlices();
      assert.equal(holder.current!.manifest.version, r.manifest.version);
      assert.equal(holder.current!.decodedEngine, null, 'the main thread decoded nothing');
      const answer = await pool.search(r.manifest.version, '线程里的增量', {});
      assert.equal(answer?.total, 1);
      assert.equal(answer?.version, r.manifest.version);
      // The version it replaced is answered by the same index, labelled with the version it now holds.
      const stale = await pool.search(old, '线程里的增量', {});
      if (stale) assert.equal(stale.version, r.manifest.version);
    } finally {
      await pool.close();
    }
  });

  it('a crash while a delta or a merge is written leaves the previous version loadable, and the next save goes on', async () => {
    const { source, indexDir } = await sampleIndex();
    addPost(source, '2024-07-01-one', '第一次增量');
    const one = await reindex({ source, indexDir });
    assert.equal(one.saved, 'delta');
    // Killed while writing the next delta: a partial file under a temporary name.
    fs.writeFileSync(path.join(indexDir, `new.${process.pid}.deadbeef.tmp`), Buffer.alloc(100, 7));
    // Killed in a merge after its data file was renamed, before the manifest named it.
    const orphan = path.join(indexDir, 'index-20991231000000-00000000.zsi');
    fs.copyFileSync(path.join(indexDir, one.manifest.dataFile), orphan);
    const loaded = loadIndex(indexDir);
    assert.equal(loaded.manifest.version, one.manifest.version);
    assert.deepEqual(
      loaded.engine.search('第一次增量').hits.map((h) => h.id),
      ['2024-07-01-one'],
    );
    addPost(source, '2024-07-01-two', '第二次增量');
    const two = await reindex({ source, indexDir });
    assert.equal(two.saved, 'delta');
    assert.equal(loadIndex(indexDir).engine.has('2024-07-01-two'), true);
    // The leftovers go once they are a minute old and no manifest names them.
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(orphan, old, old);
    fs.utimesSync(path.join(indexDir, `new.${process.pid}.deadbeef.tmp`), old, old);
    addPost(source, '2024-07-01-three', '第三次增量');
    const three = await reindex({ source, indexDir });
    const files = fs.readdirSync(indexDir).sort();
    assert.deepEqual(
      files.filter((f) => !f.endsWith('.zsd')),
      [three.manifest.dataFile, 'manifest.json'],
    );
  });
});

/** Entries of a word count map in the order of their words. */
function sortedCounts(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The title and tag words of an engine's posts with the number of posts using each, counted here. */
function countedWords(engine: SearchEngine): [string, number][] {
  const counts = new Map<string, number>();
  for (const d of engine.documents())
    for (const word of new Set(`${d.terms.title} ${d.terms.tags}`.split(' '))) if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  return sortedCounts(counts);
}

describe('title and tag word counts', () => {
  it('a full build saves them with the index, and a load takes them as saved (an index saved without them is counted)', async () => {
    const { indexDir, first } = await sampleIndex();
    const counted = countedWords(first.engine);
    assert.ok(
      counted.some(([word, n]) => word === '招商' && n === 2),
      JSON.stringify(counted),
    );
    assert.deepEqual(sortedCounts(first.engine.wordCounts()), counted);
    const snapshot = readSnapshot(path.join(indexDir, first.manifest.dataFile));
    assert.deepEqual(sortedCounts(snapshot.termCounts!), counted);
    assert.deepEqual(sortedCounts(loadIndex(indexDir).engine.wordCounts()), counted);
    // Taken as saved, not counted again: a count no post gives shows.
    assert.deepEqual(sortedCounts(SearchEngine.restore({ ...snapshot, termCounts: new Map([['假词', 7]]) }).wordCounts()), [['假词', 7]]);
    assert.deepEqual(sortedCounts(SearchEngine.restore({ ...snapshot, termCounts: undefined }).wordCounts()), counted);
  });

  it('are counted on the segmenter worker of a build in a fresh process, in full and after changes', function () {
    this.timeout(60_000);
    const source = copySample(tempDir());
    const indexDir = tempDir();
    const build = (...args: string[]): void => {
      const run = spawnSync(
        process.execPath,
        [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', source, '--index', indexDir, ...args],
        {
          encoding: 'utf8',
        },
      );
      assert.equal(run.status, 0, run.stderr);
    };
    build();
    let engine = loadIndex(indexDir).engine;
    assert.ok(countedWords(engine).length > 50);
    assert.deepEqual(sortedCounts(engine.wordCounts()), countedWords(engine));
    const retitled = path.join(source, '2023-05-20-rushan-lvcha.md');
    fs.writeFileSync(retitled, fs.readFileSync(retitled, 'utf8').replace('title: "乳山绿茶的春天"', 'title: "乳山红茶的秋天"'));
    fs.rmSync(path.join(source, '2024-06-18-zhaoshang-gonggao.md'));
    addPost(source, '2024-07-03-hongcha', '红茶和绿茶。');
    for (const args of [[], ['--full']]) {
      build(...args);
      engine = loadIndex(indexDir).engine;
      assert.ok(countedWords(engine).some(([word]) => word === '红茶'));
      assert.deepEqual(sortedCounts(engine.wordCounts()), countedWords(engine), args.join(' '));
    }
  });

  it('counted elsewhere while a build segments: a post gone before its counts arrive is taken off, or the words counted again', () => {
    const analyzed = (id: string, title: string): AnalyzedDoc =>
      analyzePost(postFromRecord({ id, title, text: '正文', date: '2024-01-01' }, {}), id);
    const fill = (d: AnalyzedDoc, title: string): void => void (d.terms = { title, tags: '' });
    const workerCounts = (docs: AnalyzedDoc[]): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const d of docs) countTermWords(counts, d.terms, 1);
      return counts;
    };
    // Replaced and removed before their terms came: counted by the worker, taken off here.
    const engine = new SearchEngine();
    const [a, b, c, b2] = [analyzed('a', '红茶'), analyzed('b', '绿茶'), analyzed('c', '白茶'), analyzed('b', '黑茶')];
    for (const d of [a, b, c]) engine.addAnalyzed(d, true);
    engine.addAnalyzed(b2, true);
    engine.remove('c');
    fill(a, '红茶 茶');
    fill(b, '绿茶 茶');
    fill(c, '白茶 茶');
    fill(b2, '黑茶 茶');
    engine.termsFilled([a, b, c, b2], true);
    engine.addCountedWords(workerCounts([a, b, c, b2]));
    assert.deepEqual(sortedCounts(engine.wordCounts()), countedWords(engine));
    assert.deepEqual(countedWords(engine), [
      ['红茶', 1],
      ['茶', 2],
      ['黑茶', 1],
    ]);
    // Removed after its terms came but before the counts: counted again on use.
    const other = new SearchEngine();
    const [d, e] = [analyzed('d', '普洱'), analyzed('e', '乌龙')];
    for (const x of [d, e]) other.addAnalyzed(x, true);
    fill(d, '普洱');
    fill(e, '乌龙');
    other.termsFilled([d, e], true);
    other.remove('d');
    other.addCountedWords(workerCounts([d, e]));
    assert.deepEqual(sortedCounts(other.wordCounts()), [['乌龙', 1]]);
  });

  it('follow an incremental build saved as a delta (a post added, one retitled, one removed) and one with a dictionary word added', async () => {
    const { source, indexDir, first } = await sampleIndex();
    const retitled = path.join(source, '2023-05-20-rushan-lvcha.md');
    fs.writeFileSync(retitled, fs.readFileSync(retitled, 'utf8').replace('title: "乳山绿茶的春天"', 'title: "乳山红茶的秋天"'));
    fs.rmSync(path.join(source, '2024-06-18-zhaoshang-gonggao.md'));
    addPost(source, '2024-07-03-hongcha', '红茶和绿茶。');
    const second = await reindex({ source, indexDir });
    assert.equal(second.saved, 'delta');
    const counted = countedWords(second.engine);
    assert.notDeepEqual(counted, countedWords(first.engine));
    assert.deepEqual(sortedCounts(second.engine.wordCounts()), counted);
    assert.deepEqual(sortedCounts(loadIndex(indexDir).engine.wordCounts()), counted);

    const third = await reindex({ source, indexDir, userWords: ['乳山红茶'] });
    assert.equal(third.saved, 'full');
    assert.equal(third.report.resegmented, 1);
    const recounted = countedWords(third.engine);
    assert.ok(
      recounted.some(([word, n]) => word === '乳山红茶' && n === 1),
      JSON.stringify(recounted),
    );
    assert.deepEqual(sortedCounts(third.engine.wordCounts()), recounted);
    assert.deepEqual(sortedCounts(loadIndex(indexDir).engine.wordCounts()), recounted);
  });
});
