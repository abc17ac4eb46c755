/**
 * A Jekyll site from the command line: `reindex --site`, a later `reindex` that reads the
 * same site again without being told, `npm start -- --site DIR --watch` picking up a
 * saved post, absolute links when the site's `url` is known, and the documents of the
 * collections asked for.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIndex } from '../src/build/build.js';
import { loadIndex } from '../src/store/store.js';
import { logLine, ROOT, stopped, tempDir } from './helpers.js';

const FIXTURES = path.resolve(ROOT, '../shared/jekyll/sites');
const REINDEX = path.join(ROOT, 'dist/src/cli/reindex.js');
const SERVE = path.join(ROOT, 'dist/src/cli/serve.js');

function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: tempDir() }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Copies a fixture site into a temp folder (the fixtures are read-only), writable: a copy
 * keeps the modes, and a user other than root could neither save a post into it nor
 * remove it afterwards.
 */
function siteCopy(name: string, from = FIXTURES): string {
  const dir = path.join(tempDir(), name);
  fs.cpSync(path.join(from, name), dir, { recursive: true });
  for (const entry of ['', ...fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })]) {
    const file = path.join(dir, entry);
    const stat = fs.lstatSync(file);
    if (!stat.isSymbolicLink()) fs.chmodSync(file, stat.isDirectory() ? 0o755 : 0o644);
  }
  return dir;
}

describe('a Jekyll site from the command line', function () {
  this.timeout(60_000);
  before(function () {
    if (!fs.existsSync(FIXTURES)) this.skip();
  });

  it('reindexes a site, counts what Jekyll leaves out, and reads the same site again when not told', async () => {
    const index = tempDir();
    const first = await run(REINDEX, ['--site', path.join(FIXTURES, 'date-default'), '--index', index]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /^indexed 12 posts: 12 added, .*, 7 not published \(2 excluded, 1 backup, 1 undated, 1 draft, 1 unpublished, 1 future\)/,
    );
    const again = await run(REINDEX, ['--index', index]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^indexed 12 posts: 0 added, 0 updated, 0 removed, 12 unchanged/);
    const manifest = JSON.parse(fs.readFileSync(path.join(index, 'manifest.json'), 'utf8'));
    assert.deepEqual(manifest.site, { site: path.join(FIXTURES, 'date-default'), config: [], drafts: false });
  });

  it('serves absolute links when the site has a url, and picks up a saved post with --watch', async () => {
    const site = siteCopy('pretty-baseurl');
    const index = tempDir();
    const child = spawn(process.execPath, [SERVE, '--site', site, '--index', index, '--port', '0', '--watch'], {
      cwd: tempDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      // The first build after the start is the saved post's: the server watched the site
      // from before its own first build, so it needs no build to catch up.
      const firstRebuild = logLine(child, (e) => typeof e.msg === 'string' && e.msg.startsWith('indexed ') && e.documents !== undefined);
      const watching = logLine(child, (e) => e.msg === 'watching the source for changes');
      const listening = await logLine(child, (e) => e.msg === 'zhsearch listening');
      await watching;
      const base = String(listening.url).replace(/\/$/, '');
      const hit = async (q: string) =>
        (
          (await (await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`)).json()) as {
            hits: { id: string; url: string; absoluteUrl?: string }[];
          }
        ).hits;
      const [jvm] = await hit('垃圾回收');
      assert.equal(jvm!.url, '/blog/tech/java/2022/06/03/jvm-gc/');
      assert.equal(jvm!.absoluteUrl, 'https://example.com/blog/tech/java/2022/06/03/jvm-gc/');

      const rebuilt = logLine(child, (e) => typeof e.msg === 'string' && e.msg.startsWith('indexed ') && e.added === 1);
      fs.writeFileSync(
        path.join(site, '_posts', '2022-06-20-watch-test.md'),
        '---\ntitle: 保存后立刻能搜到\n---\n写完保存，搜索框里马上就能找到这篇独一无二的文章。\n',
      );
      await rebuilt;
      assert.equal((await firstRebuild).added, 1);
      const [saved] = await hit('独一无二');
      assert.equal(saved!.id, '2022-06-20-watch-test');
      assert.equal(saved!.url, '/blog/2022/06/20/watch-test/');

      // A post that cannot be read is reported; the service keeps serving what it had.
      const reported = logLine(child, (e) => typeof e.msg === 'string' && e.msg.startsWith('indexed ') && e.updated === 0 && e.added === 0);
      fs.writeFileSync(path.join(site, '_posts', '2022-06-21-broken.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xe9, 0x0a]));
      assert.deepEqual((await reported).skipped, [{ file: '_posts/2022-06-21-broken.md', reason: 'not valid UTF-8' }]);
      assert.equal((await hit('独一无二'))[0]!.id, '2022-06-20-watch-test');

      // One whose front matter Jekyll cannot read is indexed as Jekyll publishes it, and the log says why.
      const warned = logLine(child, (e) => typeof e.msg === 'string' && e.msg.startsWith('indexed ') && e.added === 1);
      fs.writeFileSync(path.join(site, '_posts', '2022-06-22-colon.md'), '---\ntitle: Go: 并发\n---\n冒号让这篇的头信息读不出来。\n');
      const { warnings } = (await warned) as { warnings?: { file: string; reason: string }[] };
      assert.deepEqual(
        warnings?.map((w) => w.file),
        ['_posts/2022-06-22-colon.md'],
      );
      assert.equal((await hit('头信息读不出来'))[0]!.id, '2022-06-22-colon');
    } finally {
      await stopped(child);
    }
  });
});

// Needs no fixture of ../shared: runs wherever the suite does.
describe('a Jekyll site’s Markdown converter from the command line', function () {
  this.timeout(60_000);

  it('says so when a site names a Markdown converter Jekyll 4.3 does not have, and reads its posts as kramdown', async () => {
    const site = tempDir();
    fs.writeFileSync(path.join(site, '_config.yml'), 'markdown: redcarpet\n');
    fs.mkdirSync(path.join(site, '_posts'));
    fs.writeFileSync(path.join(site, '_posts/2014-03-02-old-blog.md'), '---\ntitle: 旧博客\n---\n老式的**粗体**写法。\n');
    const index = tempDir();
    const first = await run(REINDEX, ['--site', site, '--index', index]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(
      first.stderr,
      'warning _config.yml: markdown: redcarpet is not built into Jekyll 4.3: posts are read as kramdown shows them\n',
    );
    assert.match(first.stdout, /^indexed 1 posts: 1 added, 0 updated, 0 removed, 0 unchanged, 0 skipped, 1 warning in /);
    assert.equal(loadIndex(index).engine.get('2014-03-02-old-blog')?.text, '老式的粗体写法。');
    // Jekyll reads the name in any case.
    fs.writeFileSync(path.join(site, '_config.yml'), 'markdown: Kramdown\n');
    const again = await run(REINDEX, ['--index', index]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr, '');
  });
});

describe('a Jekyll site’s collections from the command line', function () {
  this.timeout(60_000);
  const OWN_SITES = path.resolve(ROOT, 'test/fixtures/jekyll/sites');

  it('refuses, in one line and writing no index, a collection the site does not declare or gives no pages', async () => {
    const site = siteCopy('collections', OWN_SITES);
    const index = tempDir();
    const noPages = await run(REINDEX, ['--site', site, '--index', index, '--collections', 'private']);
    assert.equal(noPages.code, 1);
    assert.equal(
      noPages.stderr,
      "reindex failed: _config.yml: collection 'private' has no pages to link to (Jekyll writes it only with output: true)\n",
    );
    const unknown = await run(REINDEX, ['--site', site, '--index', index, '--collections', 'cn,nope']);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr, "reindex failed: _config.yml: no collection 'nope' (collections: cn, notes, private)\n");
    assert.deepEqual(fs.readdirSync(index), []);
  });

  it("indexes every collection with pages for '*', and no collection unless asked", async () => {
    const site = path.join(OWN_SITES, 'collections');
    const now = Date.parse('2026-11-30T00:00:00Z');
    const all = await buildIndex({ site, collections: ['*'] }, { now });
    assert.deepEqual([...all.engine.documents()].map((d) => d.url).sort(), [
      '/2023/05/01/hello/',
      '/cn/2023-05-01-hello/',
      '/cn/about/',
      '/cn/intro/',
      '/cn/sub/_inner/deep/',
      '/notes/2023/first-note.html',
      '/notes/2023/listing-note.html',
      '/notes/2023/web-note.html',
    ]);
    assert.deepEqual(all.report.warnings, []);
    const postsOnly = await buildIndex({ site }, { now });
    assert.deepEqual(
      [...postsOnly.engine.documents()].map((d) => d.url),
      ['/2023/05/01/hello/'],
    );
    assert.deepEqual(postsOnly.report.warnings, [
      {
        file: '_config.yml',
        reason:
          'collections with pages not indexed: cn, notes (index them with --collections cn,notes, or "collections" in zhsearch.config.json)',
      },
    ]);
  });

  it('picks up a saved document of a collection with --watch, and a new one', async () => {
    const site = siteCopy('collections', OWN_SITES);
    const child = spawn(process.execPath, [SERVE, '--site', site, '--index', tempDir(), '--collections', 'cn', '--port', '0', '--watch'], {
      cwd: tempDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const watching = logLine(child, (e) => e.msg === 'watching the source for changes');
      const listening = await logLine(child, (e) => e.msg === 'zhsearch listening');
      await watching;
      const base = String(listening.url).replace(/\/$/, '');
      const hits = async (q: string) =>
        ((await (await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`)).json()) as { hits: { id: string; url: string }[] }).hits.map(
          (h) => [h.id, h.url],
        );
      const saved = logLine(child, (e) => typeof e.msg === 'string' && e.msg.startsWith('indexed ') && e.updated === 1);
      fs.appendFileSync(path.join(site, '_cn/intro.md'), '保存以后马上能搜到的独一无二的句子。\n');
      await saved;
      assert.deepEqual(await hits('独一无二'), [['intro', '/cn/intro/']]);
      const added = logLine(child, (e) => typeof e.msg === 'string' && e.msg.startsWith('indexed ') && e.added === 1);
      fs.writeFileSync(path.join(site, '_cn/new-doc.md'), '---\ntitle: 新文档\n---\n新建的集合文档也能搜到，绝无仅有。\n');
      await added;
      assert.deepEqual(await hits('绝无仅有'), [['new-doc', '/cn/new-doc/']]);
    } finally {
      await stopped(child);
    }
  });

  it('adds the collections asked for to the site an index was built from', async () => {
    const site = siteCopy('collections', OWN_SITES);
    const index = tempDir();
    assert.equal((await run(REINDEX, ['--site', site, '--index', index])).code, 0);
    const more = await run(REINDEX, ['--index', index, '--collections', 'notes']);
    assert.equal(more.code, 0, more.stderr);
    assert.match(more.stdout, /^indexed 4 posts: 3 added, 1 updated, 0 removed, 0 unchanged/);
    const { manifest } = loadIndex(index);
    assert.deepEqual(manifest.site, { site, config: [], drafts: false, collections: ['notes'] });
  });

  it('indexes the documents asked for, names the collections with pages left out, and reads them again when not told', async () => {
    const site = siteCopy('collections', OWN_SITES);
    const index = tempDir();
    const first = await run(REINDEX, ['--site', site, '--index', index, '--collections', 'cn']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /^indexed 5 posts: 5 added, 0 updated, 0 removed, 0 unchanged, 0 skipped, 1 warning, 5 not published \(1 hidden, 1 excluded, 1 future, 1 static, 1 unpublished\)/,
    );
    assert.equal(
      first.stderr,
      'warning _config.yml: collections with pages not indexed: notes (index them with --collections notes, or "collections" in zhsearch.config.json)\n',
    );

    fs.appendFileSync(path.join(site, '_cn/intro.md'), '改过的文档在下一次索引时就能搜到。\n');
    const again = await run(REINDEX, ['--index', index]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^indexed 5 posts: 0 added, 1 updated, 0 removed, 4 unchanged/);
    const { engine, manifest } = loadIndex(index);
    assert.deepEqual(manifest.site, { site, config: [], drafts: false, collections: ['cn'] });
    const [changed] = engine.search('下一次索引').hits;
    assert.deepEqual([changed!.id, changed!.url], ['intro', '/cn/intro/']);
    // A document named as a post is told apart by its folder, and links to its own page.
    assert.deepEqual(
      engine
        .search('你好')
        .hits.map((h) => [h.id, h.url])
        .sort(),
      [
        ['2023-05-01-hello', '/2023/05/01/hello/'],
        ['_cn/2023-05-01-hello', '/cn/2023-05-01-hello/'],
      ],
    );
  });
});
