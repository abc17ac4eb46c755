/**
 * A command line that refuses to do damage: typos, missing values, a source with no
 * posts, a build that would lose most of an index, someone else's folder, a port in use.
 * Each is one line on stderr with a non-zero exit, and the index on disk is unchanged.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT, SAMPLE_POSTS, tempDir } from './helpers.js';

const REINDEX = path.join(ROOT, 'dist/src/cli/reindex.js');
const SERVE = path.join(ROOT, 'dist/src/cli/serve.js');

function run(script: string, args: string[], cwd = tempDir()): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd, env: { ...process.env, ZHSEARCH_WATCH: 'false' } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const oneLine = (s: string): string => {
  assert.equal(s.trim().split('\n').length, 1, `not one line: ${JSON.stringify(s)}`);
  return s.trim();
};

/** The messages of the log lines at error level or above (pino's JSON lines on stdout). */
const errorLogs = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string })
    .filter((entry) => entry.level >= 50)
    .map((entry) => entry.msg);

describe('the command line refuses to do damage', function () {
  this.timeout(60_000);
  let index: string;
  let manifest: string;
  before(async () => {
    index = tempDir();
    const first = await run(REINDEX, ['--source', SAMPLE_POSTS, '--index', index]);
    assert.equal(first.code, 0, first.stderr);
    manifest = fs.readFileSync(path.join(index, 'manifest.json'), 'utf8');
  });
  afterEach(() => assert.equal(fs.readFileSync(path.join(index, 'manifest.json'), 'utf8'), manifest, 'the index on disk is unchanged'));

  it('answers unknown options and missing values with exit 2, and --help and --version with exit 0', async () => {
    const typo = await run(REINDEX, ['--souce', SAMPLE_POSTS, '--index', index]);
    assert.equal(typo.code, 2);
    assert.match(oneLine(typo.stderr), /^zhsearch-reindex: unknown option '--souce' \(Did you mean --source\?\) \(see --help\)$/);
    const missing = await run(REINDEX, ['--index', index, '--source']);
    assert.equal(missing.code, 2);
    assert.match(oneLine(missing.stderr), /argument missing/);
    const serveTypo = await run(SERVE, ['--prot', '8080']);
    assert.equal(serveTypo.code, 2);
    const help = await run(REINDEX, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: zhsearch-reindex \[options\]/);
    const version = await run(SERVE, ['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });

  it('refuses a source that is not there or has no posts, and a build that would lose more than half the posts, unless --allow-shrink', async () => {
    const notes = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(notes, '这不是 JSONL\n');
    const empty = await run(REINDEX, ['--source', notes, '--index', index]);
    assert.equal(empty.code, 1);
    assert.match(oneLine(empty.stderr), /yields no posts .*nothing written/);
    const typo = path.join(tempDir(), '_post');
    const missing = await run(REINDEX, ['--source', typo, '--index', index]);
    assert.equal(missing.code, 1);
    assert.equal(oneLine(missing.stderr), `reindex failed: source not found: ${typo} (give a folder of posts or a JSONL file)`);
    const few = tempDir();
    fs.copyFileSync(path.join(SAMPLE_POSTS, '2023-05-20-rushan-lvcha.md'), path.join(few, '2023-05-20-rushan-lvcha.md'));
    const shrink = await run(REINDEX, ['--source', few, '--index', index]);
    assert.equal(shrink.code, 1);
    assert.match(oneLine(shrink.stderr), /the new index would hold 1 posts, the current one 11; nothing written \(--allow-shrink/);
    const copy = tempDir();
    fs.cpSync(index, copy, { recursive: true });
    const allowed = await run(REINDEX, ['--source', few, '--index', copy, '--allow-shrink']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /^indexed 1 posts: 0 added, 0 updated, 10 removed/);
  });

  it('writes nothing when nothing changed', async () => {
    const again = await run(REINDEX, ['--source', SAMPLE_POSTS, '--index', index]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /\(unchanged, version /);
  });

  it('never writes into a folder of someone else’s files', async () => {
    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, 'manifest.json'), '{"name":"my-app"}');
    const r = await run(REINDEX, ['--source', SAMPLE_POSTS, '--index', foreign]);
    assert.equal(r.code, 1);
    assert.match(oneLine(r.stderr), /is not a zhsearch manifest; not overwriting it/);
    assert.equal(fs.readFileSync(path.join(foreign, 'manifest.json'), 'utf8'), '{"name":"my-app"}');
    const data = tempDir();
    fs.writeFileSync(path.join(data, 'data.csv'), 'a,b');
    assert.match(
      oneLine((await run(REINDEX, ['--source', SAMPLE_POSTS, '--index', data])).stderr),
      /holds files zhsearch did not write \(data\.csv\)/,
    );
  });

  it('does not build the bundled sample into an index folder of one’s own, and says so when the port is taken', async () => {
    const fresh = path.join(tempDir(), 'idx');
    const r = await run(SERVE, ['--index', fresh, '--port', '0']);
    assert.equal(r.code, 1);
    assert.equal(oneLine(r.stderr), `zhsearch: cannot serve: no index in ${fresh}; give --site or --source to build one there`);
    // Nothing else: its search thread stopping as it exits is no failure to log.
    assert.deepEqual(errorLogs(r.stdout), []);
    assert.equal(fs.existsSync(path.join(fresh, 'manifest.json')), false);
    const taken = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    try {
      const port = String((taken.address() as net.AddressInfo).port);
      const busy = await run(SERVE, ['--index', index, '--port', port]);
      assert.equal(busy.code, 1);
      assert.equal(oneLine(busy.stderr), `zhsearch: cannot listen: port ${port} on 127.0.0.1 is already in use`);
      assert.deepEqual(errorLogs(busy.stdout), []);
    } finally {
      taken.close();
    }
  });

  it('says in one line that the source to build a first index from is missing, with --watch or without', async () => {
    const missing = path.join(tempDir(), 'no-such-posts');
    for (const watch of [[], ['--watch']]) {
      const r = await run(SERVE, ['--index', path.join(tempDir(), 'idx'), '--source', missing, '--port', '0', ...watch]);
      assert.equal(r.code, 1);
      assert.equal(oneLine(r.stderr), `zhsearch: source not found: ${missing} (give a folder of posts or a JSONL file)`);
      // Its search thread stopping as it gives up is no failure to log.
      assert.deepEqual(errorLogs(r.stdout), [], watch.join(' '));
    }
  });

  it('refuses, in one line, a setting that reads a Jekyll site when there is none, to reindex and to serve', async () => {
    // This suite's index was built from a bare folder of posts: it has no drafts or collections to read.
    const refusals = [
      [['--collections', 'cn'], '--collections reads a Jekyll site: give its root with --site DIR'],
      [
        ['--source', SAMPLE_POSTS, '--drafts', '--jekyll-config', 'a.yml'],
        '--drafts, --jekyll-config read a Jekyll site: give its root with --site DIR',
      ],
    ] as const;
    for (const [args, message] of refusals) {
      const reindex = await run(REINDEX, ['--index', index, ...args]);
      assert.equal(reindex.code, 1);
      assert.equal(oneLine(reindex.stderr), `reindex failed: ${message}`);
      const serve = await run(SERVE, ['--index', index, '--port', '0', ...args]);
      assert.equal(serve.code, 1);
      assert.equal(oneLine(serve.stderr), `zhsearch: ${message}`);
      assert.deepEqual(errorLogs(serve.stdout), []);
    }
  });

  it('names the key and the type of a wrong configuration value', async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'zhsearch.config.json'), JSON.stringify({ searchThread: 'no' }));
    const r = await run(SERVE, ['--index', index], cwd);
    assert.equal(r.code, 1);
    assert.equal(oneLine(r.stderr), 'zhsearch: zhsearch.config.json: searchThread must be boolean, received string');
  });
});
