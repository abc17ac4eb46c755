import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildIndex } from '../src/build/build.js';
import { SearchEngine } from '../src/search/engine.js';
import { checksumInBackground, startChecksum } from '../src/store/checksum.js';
import { IndexHolder } from '../src/store/index-holder.js';
import { runSteps, sortInSteps } from '../src/indexes/steps.js';
import { IndexLoadError, loadIndex, loadIndexInSlices, readManifest, saveIndex, type LoadedIndex } from '../src/store/store.js';
import { loadSettings, readSharedSections, readSnapshot } from '../src/store/data-file.js';
import { ANALYZER } from '../src/text/analyzer.js';
import { analyzePost, copyDoc, FIELDS, type AnalyzedDoc, type Field } from '../src/indexes/analyze.js';
import { postFromRecord } from '../src/ingest/post.js';
import { packDocs } from '../src/store/pack-docs.js';
import { KeptLines } from '../src/store/stored-doc.js';
import { ROOT, SAMPLE_POSTS, tempDir } from './helpers.js';

/** An index of the sample posts saved in format 7 by commit 242e162 (`npm run reindex -- --source sample/_posts`). */
const FORMAT_7_INDEX = path.join(ROOT, 'test/fixtures/format-7-index');
const FORMAT_8_INDEX = path.join(ROOT, 'test/fixtures/format-8-index');
const FORMAT_9_INDEX = path.join(ROOT, 'test/fixtures/format-9-index');

describe('saveIndex / loadIndex', () => {
  let built: Awaited<ReturnType<typeof buildIndex>>;
  before(async () => {
    built = await buildIndex(SAMPLE_POSTS);
  });

  it('writes a manifest with version, build time, count, source, settings and checksum', () => {
    const dir = tempDir();
    const m = saveIndex(built.engine, dir, { source: SAMPLE_POSTS });
    assert.equal(m.documentCount, built.engine.documentCount);
    assert.equal(m.formatVersion, 10);
    assert.match(m.checksum, /^sha1:[0-9a-f]{40}$/);
    assert.deepEqual(readManifest(dir), m);
    assert.ok(fs.existsSync(path.join(dir, m.dataFile)));
  });

  it('a loaded index completes titles as they are written, typed in simplified characters or half-width letters', () => {
    const dir = tempDir();
    saveIndex(built.engine, dir);
    const { engine } = loadIndex(dir);
    const titles = (prefix: string) => engine.suggest(prefix, 10).filter((s) => s.kind === 'title');
    assert.deepEqual(titles('台湾的电子'), [{ text: '臺灣的電子書閱讀器市場', kind: 'title', count: 1 }]);
    assert.deepEqual(titles('全角字符与搜索：abc'), [{ text: '全角字符与搜索：ＡＢＣ和ABC是一回事吗', kind: 'title', count: 1 }]);
  });

  it('loads an index that answers exactly like the engine that was saved', () => {
    const dir = tempDir();
    saveIndex(built.engine, dir);
    const { engine } = loadIndex(dir);
    for (const q of ['乳山绿茶', '直播带货', 'webgpu', '電子書', 'ＡＢＣ', '招商 政策']) {
      assert.deepEqual(engine.search(q, { limit: 20 }), built.engine.search(q, { limit: 20 }), q);
    }
  });

  for (const preloadBytes of [0, loadSettings.preloadBytes])
    it(`gives loaded posts every field of the saved ones, read ${preloadBytes ? 'at load' : 'from the file when asked'}`, () => {
      const dir = tempDir();
      const m = saveIndex(built.engine, dir);
      const preload = loadSettings.preloadBytes;
      loadSettings.preloadBytes = preloadBytes;
      let loaded: AnalyzedDoc[];
      let fieldChars: Record<Field, number> | undefined;
      try {
        ({ docs: loaded, fieldChars } = readSnapshot(path.join(dir, m.dataFile)));
      } finally {
        loadSettings.preloadBytes = preload;
      }
      const saved = [...built.engine.documents()];
      assert.equal(loaded.length, saved.length);
      // Plain copies hold every field as a value: title, URL, date, categories, tags, source
      // text, anchors, hash, stamp and index terms as well as the normalised texts.
      const plain = (d: AnalyzedDoc): unknown => ({
        ...copyDoc(d),
        anchors: { title: Array.from(d.anchors.title), body: Array.from(d.anchors.body) },
      });
      assert.deepStrictEqual(loaded.map(plain), saved.map(plain));
      // The characters of each field over the posts (BM25's average lengths), read from the file's references.
      const counted = { title: 0, tags: 0, body: 0 };
      for (const d of saved) for (const f of FIELDS) counted[f] += d.norm[f].length;
      assert.deepStrictEqual(fieldChars, counted);
      assert.ok(counted.tags > 0 && counted.title > 0 && counted.body > counted.title);
      assert.ok(saved.some((d) => d.categories.length > 0 && d.tags.length > 0 && d.anchors.body.length > 0));
      // A loaded post serialises as the post it was (its anchors, typed arrays, aside).
      const json = (d: AnalyzedDoc): unknown => ({ ...(JSON.parse(JSON.stringify(d)) as object), anchors: null });
      assert.deepStrictEqual(json(loaded[3]!), json(saved[3]!));
      assert.equal((json(loaded[3]!) as { title: string }).title, saved[3]!.title);
      // A new stamp is kept (and saved again).
      loaded[0]!.stamp = 'new-stamp';
      assert.equal(loaded[0]!.stamp, 'new-stamp');
      assert.equal(copyDoc(loaded[0]!).title, saved[0]!.title);
    });

  it('answers and saves from a loaded index whose data file was replaced and removed since', () => {
    const dir = tempDir();
    const first = saveIndex(built.engine, dir);
    // Read from the file when asked, as a large site's are (a small one's are read at load).
    const preload = loadSettings.preloadBytes;
    loadSettings.preloadBytes = 0;
    let engine: SearchEngine;
    try {
      engine = loadIndex(dir).engine;
    } finally {
      loadSettings.preloadBytes = preload;
    }
    // A newer version replaces it, and the old file is removed (as a prune does).
    saveIndex(new SearchEngine(), dir, { keep: 0 });
    fs.rmSync(path.join(dir, first.dataFile));
    // Snippets, titles and URLs are read from the file when asked: it is still open.
    assert.deepEqual(engine.search('乳山绿茶', { limit: 20 }), built.engine.search('乳山绿茶', { limit: 20 }));
    const again = tempDir();
    saveIndex(engine, again);
    assert.deepEqual(loadIndex(again).engine.search('直播带货', { limit: 20 }), built.engine.search('直播带货', { limit: 20 }));
  });

  it('holds no file open for a small index once loaded, and its data file open for a large one', function () {
    if (!fs.existsSync('/proc/self/fd')) this.skip(); // Linux: the process's open files
    const dir = tempDir();
    const m = saveIndex(built.engine, dir);
    const file = fs.realpathSync(path.join(dir, m.dataFile));
    const openOnIt = (): number =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
        } catch {
          return false; // closed meanwhile (the readdir's own)
        }
      }).length;
    const small = loadIndex(dir).engine;
    assert.equal(openOnIt(), 0);
    const preload = loadSettings.preloadBytes;
    loadSettings.preloadBytes = 0;
    try {
      const large = loadIndex(dir).engine;
      assert.equal(openOnIt(), 1);
      assert.equal(large.search('乳山绿茶').hits[0]?.title, small.search('乳山绿茶').hits[0]?.title);
    } finally {
      loadSettings.preloadBytes = preload;
    }
  });

  it('keeps ids with line breaks and posts without a date through a save and a load', () => {
    const engine = new SearchEngine();
    engine.add([
      { id: 'a\nb', title: '换行的编号', body: '<p>乳山绿茶</p>', date: '2024-05-01' },
      { id: 'plain', title: '没有日期', body: '<p>乳山绿茶</p>' },
    ]);
    const dir = tempDir();
    saveIndex(engine, dir);
    const loaded = loadIndex(dir).engine;
    assert.deepEqual(
      loaded.search('乳山绿茶').hits.map((h) => [h.id, h.date]),
      engine.search('乳山绿茶').hits.map((h) => [h.id, h.date]),
    );
    assert.equal(loaded.get('a\nb')?.title, '换行的编号');
    assert.equal(loaded.get('plain')?.time, null);
    assert.equal(loaded.get('a\nb')?.time, Date.parse('2024-05-01T00:00:00Z'));
  });

  it("keeps a post's changed stamp and terms however many other posts are read after it, and saves them", () => {
    // Packed as a build packs its batches: each post's line parsed on read, 1,024 kept.
    const docs = Array.from({ length: 1500 }, (_, i) =>
      analyzePost(postFromRecord({ id: `p${i}`, title: `标题${i}`, text: '正文', date: '2024-01-01' }, {}), `h${i}`),
    );
    const packed = packDocs(docs, new KeptLines());
    packed[0]!.stamp = 'new-stamp';
    packed[1]!.terms = { title: '新 词', tags: '' };
    // Every other post's line is read, twice over: the ring of kept lines goes round.
    for (let pass = 0; pass < 2; pass++) for (const d of packed.slice(2)) assert.equal(d.title, `标题${d.id.slice(1)}`);
    assert.equal(packed[0]!.stamp, 'new-stamp');
    assert.deepEqual(packed[1]!.terms, { title: '新 词', tags: '' });
    // A save writes their lines anew, and copies the others' as they are in the file.
    assert.equal(packed[0]!.savedLine(), null);
    assert.equal(packed[1]!.savedLine(), null);
    assert.notEqual(packed[2]!.savedLine(), null);
    const engine = new SearchEngine();
    for (const d of packed) engine.addAnalyzed(d);
    const dir = tempDir();
    saveIndex(engine, dir);
    const loaded = loadIndex(dir).engine;
    assert.equal(loaded.get('p0')?.stamp, 'new-stamp');
    assert.deepEqual(loaded.get('p1')?.terms, { title: '新 词', tags: '' });
    assert.equal(loaded.get('p2')?.stamp, undefined);
  });

  it('reads every post id back from the id section, Chinese, one-letter and long ones, by slot and by lookup', () => {
    const ids = ['乳山绿茶', 'x', '2022-06-10-NW202206102408578637', '中文 与 spaces', 'ü', 'last'];
    const engine = new SearchEngine();
    engine.add(ids.map((id, i) => ({ id, title: `文章${i}`, body: '<p>乳山绿茶</p>', date: `2024-05-0${i + 1}` })));
    const dir = tempDir();
    saveIndex(engine, dir);
    const loaded = loadIndex(dir).engine;
    assert.deepEqual(
      [...loaded.documents()].map((d) => d.id),
      ids,
    );
    for (const id of ids) assert.equal(loaded.get(id)?.id, id);
    assert.deepEqual(
      loaded.search('乳山绿茶', { sort: 'date' }).hits.map((h) => h.id),
      [...ids].reverse(),
    );
  });

  it('loads an index of format 7 (data file ZHSIDX02) and answers as a fresh build of the same posts', () => {
    const dir = tempDir();
    fs.cpSync(FORMAT_7_INDEX, dir, { recursive: true });
    const { engine, manifest } = loadIndex(dir);
    assert.equal(manifest.formatVersion, 7);
    assert.equal(engine.documentCount, built.engine.documentCount);
    for (const q of ['乳山绿茶', '直播带货', 'webgpu', '電子書', '招商 政策']) {
      assert.deepEqual(engine.search(q, { limit: 20 }), built.engine.search(q, { limit: 20 }), q);
    }
    // Saved again, it is written in the current format and still answers the same.
    const again = saveIndex(engine, dir);
    assert.equal(again.formatVersion, 10);
    assert.deepEqual(loadIndex(dir).engine.search('绿茶', { limit: 20 }), built.engine.search('绿茶', { limit: 20 }));
  });

  it('loads an index of format 8 (with a word index section, skipped) and answers as a fresh build of the same posts', () => {
    const dir = tempDir();
    fs.cpSync(FORMAT_8_INDEX, dir, { recursive: true });
    const { engine, manifest } = loadIndex(dir);
    assert.equal(manifest.formatVersion, 8);
    for (const q of ['乳山绿茶', '直播带货', 'webgpu', 'webgpy', '電子書', '招商 政策']) {
      assert.deepEqual(engine.search(q, { limit: 20 }), built.engine.search(q, { limit: 20 }), q);
    }
    assert.equal(readSnapshot(path.join(dir, manifest.dataFile)).grams.boundaries, false);
    const again = saveIndex(engine, dir);
    assert.equal(again.formatVersion, 10);
    // Without the word index section: smaller by its size.
    assert.ok(again.bytes < manifest.bytes, `${again.bytes} < ${manifest.bytes}`);
    // With the pairs where Han text meets a word, as a fresh build has them.
    assert.equal(readSnapshot(path.join(dir, again.dataFile)).grams.boundaries, true);
    const reloaded = loadIndex(dir).engine;
    for (const q of ['webgpy', 'WebGPU 入门', 'Chrome 里跑', '比如 ABC', '乳山绿茶'])
      assert.deepEqual(reloaded.search(q, { limit: 20 }), built.engine.search(q, { limit: 20 }), q);
  });

  it('loads an index of format 9 (postings as lists only) and answers as a fresh build; saved again, common keys become bitmaps', () => {
    const dir = tempDir();
    fs.cpSync(FORMAT_9_INDEX, dir, { recursive: true });
    const { engine, manifest } = loadIndex(dir);
    assert.equal(manifest.formatVersion, 9);
    const queries = ['乳山绿茶', '直播带货', 'webgpu', 'webgpy', '電子書', '招商 政策', '的', '茶 -绿茶'];
    for (const q of queries) assert.deepEqual(engine.search(q, { limit: 20 }), built.engine.search(q, { limit: 20 }), q);
    // Format 9's postings end with the lists; format 10 follows them with the bitmap rows.
    const listsOnly = (data: Int32Array[]): boolean => {
      const d = data[0]!;
      const rowCount = d[0]! + readSnapshot(path.join(dir, manifest.dataFile)).grams.strKeys.length;
      return d.length === 2 + d[0]! + rowCount + d[1 + d[0]! + rowCount]!;
    };
    assert.ok(listsOnly(readSnapshot(path.join(dir, manifest.dataFile)).grams.data));
    const again = saveIndex(engine, dir);
    assert.equal(again.formatVersion, 10);
    assert.ok(!listsOnly(readSnapshot(path.join(dir, again.dataFile)).grams.data));
    const reloaded = loadIndex(dir).engine;
    for (const q of queries) assert.deepEqual(reloaded.search(q, { limit: 20 }), built.engine.search(q, { limit: 20 }), q);
  });

  for (const preloadBytes of [0, loadSettings.preloadBytes])
    it(`loads from sections read once into shared memory, answering exactly as a load of its own (source texts ${preloadBytes ? 'shared' : 'left in the file'})`, async () => {
      const dir = tempDir();
      const m = saveIndex(built.engine, dir);
      const file = path.join(dir, m.dataFile);
      const preload = loadSettings.preloadBytes;
      loadSettings.preloadBytes = preloadBytes;
      try {
        const shared = await readSharedSections(file);
        // In file order: the chunk of normalised texts; the source texts and post lines when
        // a load reads them whole; references, line starts, times, ids and postings.
        const positions = [...shared.at.keys()];
        assert.deepEqual(
          positions,
          [...positions].sort((a, b) => a - b),
        );
        assert.equal(shared.at.size, preloadBytes ? 7 : 6);
        const own = readSnapshot(file);
        const { engine } = await loadIndexInSlices(dir, {}, m, shared);
        for (const q of ['乳山绿茶', '直播带货', 'webgpu', '招商 政策', '茶'])
          assert.deepEqual(engine.search(q, { limit: 20 }), built.engine.search(q, { limit: 20 }), q);
        const saved = [...built.engine.documents()].map(copyDoc);
        assert.deepEqual([...engine.documents()].map(copyDoc), saved);
        // The loaded postings are views of the shared bytes, equal to what a load reads itself.
        const sharedGrams = shared.at.get(positions.at(-1)!)!;
        const loaded = engine.snapshot().grams.data;
        assert.ok(loaded.some((part) => part.buffer === sharedGrams));
        assert.deepEqual(Array.from(new Int32Array(sharedGrams)), Array.from(own.grams.data[0]!));
        // The posts read their texts from the shared bytes, not from copies: a character
        // changed there (a test's doing: a data file never changes) is what they read.
        const post = [...engine.documents()].find((d) => d.norm.body.includes('茶'))!;
        const chunk = Buffer.from(shared.at.get(positions[0]!)!);
        const body = post.norm.body;
        const at = chunk.indexOf(Buffer.from(body, 'utf16le'));
        chunk.write('叶', at + 2 * body.indexOf('茶'), 'utf16le');
        assert.equal(post.norm.body, body.replace('茶', '叶'));
        const text = post.text;
        const lazy = Buffer.from(shared.at.get(positions[1]!)!);
        const textAt = lazy.indexOf(Buffer.from(text, 'utf16le'));
        assert.equal(textAt >= 0, preloadBytes > 0);
        if (preloadBytes) {
          lazy.write('叶', textAt + 2 * text.indexOf('茶'), 'utf16le');
          assert.equal(post.text, text.replace('茶', '叶'));
        }
        // The ids too: a load takes them from the shared bytes.
        const ids = Buffer.from(shared.at.get(positions.at(-2)!)!);
        assert.equal(ids.toString(), saved.map((d) => d.id).join('\n'));
        ids.write('X', ids.length - 1);
        const again = (await loadIndexInSlices(dir, {}, m, shared)).engine;
        assert.equal([...again.documents()].at(-1)!.id, saved.at(-1)!.id.slice(0, -1) + 'X');
        // Sections of another file are not taken for this one's.
        const other = saveIndex(built.engine, tempDir());
        const elsewhere = await loadIndexInSlices(path.dirname(file), {}, m, { ...shared, file: other.dataFile });
        assert.ok(!elsewhere.engine.snapshot().grams.data.some((part) => part.buffer instanceof SharedArrayBuffer));
        assert.deepEqual([...elsewhere.engine.documents()].map(copyDoc), saved);
      } finally {
        loadSettings.preloadBytes = preload;
      }
    });

  it('gives no shared sections for a file it cannot use, and the load then reads its own', async () => {
    const oldFormat = await readSharedSections(path.join(FORMAT_7_INDEX, readManifest(FORMAT_7_INDEX).dataFile));
    assert.equal(oldFormat.at.size, 0);
    const dir = tempDir();
    const m = saveIndex(built.engine, dir);
    const cut = path.join(dir, 'cut.zsi');
    fs.writeFileSync(cut, fs.readFileSync(path.join(dir, m.dataFile)).subarray(0, 100));
    assert.equal((await readSharedSections(cut)).at.size, 0);
    await assert.rejects(readSharedSections(path.join(dir, 'missing.zsi')));
  });

  it('reads the post lines of a ZHSIDX02 file the same in pieces of any size, lines cut anywhere', () => {
    const file = path.join(FORMAT_7_INDEX, readManifest(FORMAT_7_INDEX).dataFile);
    const whole = readSnapshot(file);
    assert.equal(whole.docs.length, built.engine.documentCount);
    // 7 bytes: almost every line is cut, often inside a character; 4,096: a few are.
    for (const pieceBytes of [7, 4096]) {
      const pieces = readSnapshot(file, pieceBytes);
      assert.equal(pieces.docs.length, whole.docs.length);
      assert.deepEqual(pieces.docs, whole.docs, `pieces of ${pieceBytes} bytes`);
    }
  });

  it('keeps serving the previous index when a save crashes before the manifest rename', () => {
    const dir = tempDir();
    const first = saveIndex(built.engine, dir);
    const rename = fs.renameSync;
    fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
      if (String(to).endsWith('manifest.json')) throw new Error('simulated crash');
      rename(from, to);
    }) as typeof fs.renameSync;
    try {
      built.engine.add({ id: 'extra', title: '新增', body: '新增的文章' });
      assert.throws(() => saveIndex(built.engine, dir), /simulated crash/);
    } finally {
      fs.renameSync = rename;
      built.engine.remove('extra');
    }
    const { manifest, engine } = loadIndex(dir);
    assert.equal(manifest.version, first.version);
    assert.equal(engine.has('extra'), false);
    assert.equal(engine.search('乳山绿茶').total > 0, true);
  });

  it('refuses a bit-flipped or truncated data file with a clear message', () => {
    const dir = tempDir();
    const m = saveIndex(built.engine, dir);
    const file = path.join(dir, m.dataFile);
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    fs.writeFileSync(file, bytes);
    assert.throws(
      () => loadIndex(dir),
      (e: Error) => e instanceof IndexLoadError && e.code === 'INDEX_CORRUPT' && /checksum mismatch/.test(e.message),
    );
    fs.writeFileSync(file, bytes.subarray(0, 100));
    assert.throws(() => loadIndex(dir), /checksum mismatch/);
  });

  it('refuses an index of another format version and a folder without an index', () => {
    const dir = tempDir();
    saveIndex(built.engine, dir);
    const mf = path.join(dir, 'manifest.json');
    fs.writeFileSync(mf, JSON.stringify({ ...JSON.parse(fs.readFileSync(mf, 'utf8')), formatVersion: 99 }));
    assert.throws(
      () => loadIndex(dir),
      (e: Error) => e instanceof IndexLoadError && e.code === 'INDEX_OLD_FORMAT' && /index format 99 is not supported/.test(e.message),
    );
    assert.throws(
      () => loadIndex(tempDir()),
      (e: Error) => e instanceof IndexLoadError && e.code === 'INDEX_MISSING' && /no index found/.test(e.message),
    );
  });

  it('refuses an index analysed with another analyzer, and takes one of format 6 without a record as the old text extraction', () => {
    const dir = tempDir();
    saveIndex(built.engine, dir);
    const mf = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(mf, 'utf8'));
    assert.equal(manifest.analyzer, ANALYZER);
    for (const analyzer of [undefined, 'jieba-full+normalize-1+text-2']) {
      fs.writeFileSync(mf, JSON.stringify({ ...manifest, analyzer }));
      assert.throws(
        () => loadIndex(dir),
        (e: Error) =>
          e instanceof IndexLoadError && e.code === 'INDEX_OLD_ANALYZER' && /rebuild with npm run reindex -- --full/.test(e.message),
      );
    }
  });
});

describe('startChecksum', () => {
  it('hashes a large file on a worker to the same digest, and a small one in place', async () => {
    const { createHash } = await import('node:crypto');
    const dir = tempDir();
    for (const size of [1000, 20 << 20]) {
      const file = path.join(dir, `f${size}`);
      const bytes = Buffer.alloc(size, 7);
      bytes[size - 1] = 1;
      fs.writeFileSync(file, bytes);
      assert.equal(startChecksum(file, 'sha1')(), `sha1:${createHash('sha1').update(bytes).digest('hex')}`);
    }
  });
});

describe('loads in slices', () => {
  let built: Awaited<ReturnType<typeof buildIndex>>;
  before(async () => {
    built = await buildIndex(SAMPLE_POSTS);
  });

  it('checksumInBackground gives the digest startChecksum gives, for a small and a large file', async () => {
    const dir = tempDir();
    for (const size of [1000, 20 << 20]) {
      const file = path.join(dir, `f${size}`);
      const bytes = Buffer.alloc(size, 3);
      bytes[0] = 9;
      fs.writeFileSync(file, bytes);
      assert.equal(await checksumInBackground(file, 'sha1'), startChecksum(file, 'sha1')());
    }
    await assert.rejects(checksumInBackground(path.join(dir, 'missing'), 'sha1'));
  });

  it('loadIndexInSlices answers exactly like loadIndex, and refuses a damaged file the same way', async () => {
    const dir = tempDir();
    saveIndex(built.engine, dir);
    const sliced = await loadIndexInSlices(dir);
    const whole = loadIndex(dir);
    for (const q of ['乳山绿茶', '直播带货', 'webgpu', '招商 政策']) {
      assert.deepEqual(sliced.engine.search(q, { limit: 20 }), whole.engine.search(q, { limit: 20 }), q);
    }
    assert.deepEqual(sliced.engine.suggest('rs'), whole.engine.suggest('rs'));
    const file = path.join(dir, readManifest(dir).dataFile);
    const bytes = fs.readFileSync(file);
    bytes[200]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    await assert.rejects(loadIndexInSlices(dir), (err: unknown) => err instanceof IndexLoadError && err.code === 'INDEX_CORRUPT');
  });

  it('IndexHolder.reloadInSlices: calls at once load once, a refused index keeps the old one serving', async () => {
    const dir = tempDir();
    const { engine } = await buildIndex(SAMPLE_POSTS);
    // Each save adds a post, so each is a version of its own.
    const save = (n: number, keep: number): string => {
      engine.add({ id: `extra-${n}`, title: `新增文章${n}`, text: '新增的内容' });
      return saveIndex(engine, dir, { keep }).version;
    };
    save(0, 1);
    const holder = new IndexHolder(dir);
    holder.reload();
    const swaps: string[] = [];
    const prepared: string[] = [];
    holder.on('swap', (next: LoadedIndex) => swaps.push(next.manifest.version));
    // A preparation that does not serve the index (false): this thread decodes it.
    holder.addPreparation(async (next) => (prepared.push(next.version), false));
    const second = save(1, 2);
    const outcomes = await Promise.all([holder.reloadInSlices(), holder.reloadInSlices()]);
    assert.deepEqual(
      outcomes.map((o) => [o.changed, o.version, o.documentCount]),
      [
        [true, second, engine.documentCount],
        [false, second, engine.documentCount],
      ],
    );
    assert.deepEqual(swaps, [second]);
    assert.deepEqual(prepared, [second], 'prepared before the swap, once');
    assert.equal(holder.current!.engine.search('新增文章1').hits[0]?.id, 'extra-1');
    // A damaged newer index is refused; the one served stays.
    save(2, 3);
    fs.writeFileSync(path.join(dir, readManifest(dir).dataFile), 'not an index');
    await assert.rejects(holder.reloadInSlices(), IndexLoadError);
    assert.equal(holder.current!.manifest.version, second);
  });

  it('IndexHolder: an index every preparation serves is swapped in undecoded, decoded here on first use', async () => {
    const dir = tempDir();
    const { engine } = await buildIndex(SAMPLE_POSTS);
    const first = saveIndex(engine, dir).version;
    const holder = new IndexHolder(dir);
    holder.reload();
    assert.ok(holder.current!.decodedEngine, 'the first index is decoded here');
    holder.releaseDecoded('another-version');
    assert.ok(holder.current!.decodedEngine, 'only the served version is let go');
    holder.releaseDecoded(first);
    assert.equal(holder.current!.decodedEngine, null);
    assert.equal(holder.current!.engine.search('乳山绿茶').hits.length > 0, true, 'decoded again when used');
    const asked: string[] = [];
    holder.addPreparation(async (next) => (asked.push(next.version), true));
    engine.add({ id: 'extra', title: '新增文章', text: '新增的内容' });
    const second = saveIndex(engine, dir).version;
    const outcome = await holder.reloadInSlices();
    assert.deepEqual([outcome.changed, outcome.version, outcome.documentCount], [true, second, engine.documentCount]);
    assert.deepEqual(asked, [second]);
    assert.equal(holder.current!.decodedEngine, null, 'not decoded on this thread');
    assert.equal(holder.current!.engine.search('新增文章').hits[0]?.id, 'extra');
    assert.ok(holder.current!.decodedEngine);
    // A server's first index, loaded by its search threads: never decoded here.
    const fresh = new IndexHolder(dir);
    fresh.addPreparation(async () => true);
    assert.equal((await fresh.reloadInSlices()).version, second);
    assert.equal(fresh.current!.decodedEngine, null);
    // A thread that cannot load it: this thread decodes it, and refuses a damaged one.
    const refused = new IndexHolder(dir);
    refused.addPreparation(async () => false);
    fs.writeFileSync(path.join(dir, readManifest(dir).dataFile), 'not an index');
    await assert.rejects(refused.reloadInSlices(), IndexLoadError);
    assert.equal(refused.current, null);
  });
});

describe('sortInSteps', () => {
  it('sorts as Array.prototype.sort does, stable, at every size around its run length', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const n of [0, 1, 5, 2047, 2048, 2049, 10_000, 50_003]) {
      const items = Array.from({ length: n }, (_, i) => ({ key: Math.floor(random() * 500), i }));
      const expected = items.slice().sort((a, b) => a.key - b.key);
      runSteps(sortInSteps(items, (a, b) => a.key - b.key));
      assert.deepEqual(items, expected, `n = ${n}`);
    }
  });
});
