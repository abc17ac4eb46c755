/**
 * A Jekyll site from the command line: `reindex --site`, a later `reindex` that reads the
 * same site again without being told, `npm start -- --site DIR --watch` picking up a
 * saved post, and absolute links when the site's `url` is known.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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
function siteCopy(name: string): string {
  const dir = path.join(tempDir(), name);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
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
