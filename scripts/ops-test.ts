/**
 * node dist/scripts/ops-test.js [--posts DIR] [--json FILE] [--reloads 20] [--heavy 20] [--search-threads 1]
 *
 * What an operator and a careless one do to a running server, against a `serve` child
 * process over a copy of the shared corpus (`../shared/corpus/_posts`), with the main
 * thread's responsiveness measured throughout: a probe asks `/healthz` every 20 ms and
 * records how long each answer took; a phase's stall is its slowest probe.
 *
 *   1. idle: the probe alone (what the machine gives without any work);
 *   2. 10 admin reindexes asked at once after 20 posts changed: exactly one 200 and
 *      nine 409 `busy`; then a reindex with nothing changed reports `unchanged`;
 *   3. `--reloads` reloads of alternating index versions while `--heavy` searches at the
 *      cost bound (16 OR alternatives of the commonest characters) run at once, over and
 *      over; one over the bound must get 400 `query_too_complex`;
 *   4. a pathological-Markdown post: reported and skipped, the build's extra time;
 *   5. disk full (a small tmpfs; needs root): the failed reindex leaves no temporary
 *      file and the old index, and one succeeds once space is back;
 *   6. every misuse of the command line the issue lists: each refused with a one-line
 *      message and a non-zero exit (help: exit 0), the served index unchanged.
 *
 * Prints a Markdown report (and JSON with --json). Exit 1 if a check failed.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { parseArgs } from '../src/config.js';
import { readManifest } from '../src/store/store.js';
import { SETTLED_MS } from '../src/build/analyze-task.js';
import { freePort, ROOT, startServer, type ServerProcess } from './server-process.js';

const run = promisify(execFile);
const TOKEN = 'ops-test-token';
const REINDEX = path.join(ROOT, 'dist/src/cli/reindex.js');
const SERVE = path.join(ROOT, 'dist/src/cli/serve.js');
const COMMON = [...'的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好'];

interface Check {
  phase: string;
  what: string;
  ok: boolean;
  detail: string;
}
const checks: Check[] = [];
function check(phase: string, what: string, ok: boolean, detail: string): void {
  checks.push({ phase, what, ok, detail });
  console.error(`${ok ? 'ok  ' : 'FAIL'} ${phase}: ${what} (${detail})`);
}

/**
 * Asks /healthz every 20 ms from a thread of its own (so the load this script generates
 * on its main thread does not delay the probe's timing); `window()` gives the slowest
 * answer since the last call.
 */
class Probe {
  private readonly worker: Worker;

  constructor(url: string) {
    this.worker = new Worker(
      `
      const { parentPort } = require('node:worker_threads');
      let worst = 0, count = 0, running = true;
      parentPort.on('message', (m) => {
        if (m === 'stop') running = false;
        else { parentPort.postMessage({ worstMs: Math.round(worst * 10) / 10, probes: count }); worst = 0; count = 0; }
      });
      (async () => {
        while (running) {
          const t0 = performance.now();
          try { await (await fetch(${JSON.stringify(url)} + '/healthz')).arrayBuffer(); } catch {}
          worst = Math.max(worst, performance.now() - t0);
          count++;
          await new Promise((r) => setTimeout(r, 20));
        }
        parentPort.close();
      })();
      `,
      { eval: true },
    );
  }

  window(): Promise<{ worstMs: number; probes: number }> {
    return new Promise((resolve) => {
      this.worker.once('message', resolve);
      this.worker.postMessage('window');
    });
  }

  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    await new Promise((r) => this.worker.once('exit', r));
  }
}

/** A sample's value in the server's `/metrics` (NaN when absent). */
async function metric(url: string, sample: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : NaN;
}

/**
 * The longest event-loop delay the server saw since the last call, in ms (prom-client
 * resets the histogram each time `/metrics` is read).
 */
const serverLoopMaxMs = async (url: string): Promise<number> =>
  Math.round((await metric(url, 'zhsearch_nodejs_eventloop_lag_max_seconds')) * 10000) / 10;

/** Searches the server answered on its main thread so far (instead of a search thread). */
const mainThreadSearches = async (url: string): Promise<number> => (await metric(url, 'zhsearch_searches_total{thread="main"}')) || 0;

async function admin(url: string, route: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${url}/api/admin/${route}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

async function served(url: string): Promise<{ version: string; documentCount: number }> {
  const r = (await (await fetch(`${url}/readyz`)).json()) as { version: string; documentCount: number };
  return { version: r.version, documentCount: r.documentCount };
}

/** Appends a line to `n` posts (a changed body each). */
function touchPosts(dir: string, n: number, mark: string): void {
  const files = fs.readdirSync(dir).sort().slice(0, n);
  for (const f of files) fs.appendFileSync(path.join(dir, f), `\n<p>${mark}</p>\n`);
}

function writeManifest(indexDir: string, text: string): void {
  const tmp = path.join(indexDir, `.manifest-${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, path.join(indexDir, 'manifest.json'));
}

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  const t0 = performance.now();
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
      timeout: 300_000,
    });
    return { code: 0, stdout, stderr, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
      seconds: (performance.now() - t0) / 1000,
    };
  }
}

const oneLine = (s: string): boolean => s.trim().split('\n').length === 1 && s.trim().length > 0;

async function phaseReindex(url: string, posts: string, indexDir: string, probe: Probe): Promise<Record<string, unknown>> {
  touchPosts(posts, 20, `运维测试第一轮 ${Date.now()}`);
  const touchedAt = Date.now();
  const before = await served(url);
  await probe.window();
  await serverLoopMaxMs(url);
  const t0 = performance.now();
  const answers = await Promise.all(Array.from({ length: 10 }, () => admin(url, 'reindex')));
  const seconds = (performance.now() - t0) / 1000;
  const stall = await probe.window();
  const loopMaxMs = await serverLoopMaxMs(url);
  const statuses = answers.map((a) => a.status).sort();
  const busy = answers.filter((a) => a.status === 409);
  const after = await served(url);
  check(
    'reindex',
    '10 at once: one 200, nine 409 busy',
    statuses.filter((s) => s === 200).length === 1 && busy.length === 9,
    statuses.join(','),
  );
  check(
    'reindex',
    '409 names the running build and its start',
    busy.every((a) => /already running \(started \d{4}-\d\d-\d\dT/.test(String((a.body.error as { message: string }).message))),
    String((busy[0]?.body.error as { message?: string } | undefined)?.message ?? ''),
  );
  check(
    'reindex',
    'the new version serves',
    after.version !== before.version && after.documentCount === before.documentCount,
    `${before.version} -> ${after.version}`,
  );
  // Posts saved within the last SETTLED_MS are read again by the next reindex (their
  // file time cannot tell a second edit apart yet). Once that has passed, the next
  // reindex records their stamps, and the one after that has nothing to do. (A build
  // takes well under SETTLED_MS now, so the wait is the file-time rule's, not a guess.)
  await new Promise((r) => setTimeout(r, Math.max(0, touchedAt + SETTLED_MS - Date.now())));
  await admin(url, 'reindex');
  const again = await admin(url, 'reindex');
  const report = again.body.report as { unchanged?: number } | undefined;
  const reload = again.body.reload as { changed?: boolean } | undefined;
  const still = await served(url);
  check(
    'reindex',
    'nothing changed: nothing written, nothing reloaded',
    again.status === 200 && reload?.changed === false && still.version === readManifest(indexDir).version,
    `status ${again.status}, reload.changed ${reload?.changed}, unchanged ${report?.unchanged}`,
  );
  check(
    'reindex',
    '/healthz stall under 50 ms',
    stall.worstMs < 50,
    `${stall.worstMs} ms over ${stall.probes} probes; server event loop delayed at most ${loopMaxMs} ms`,
  );
  return { statuses, seconds: +seconds.toFixed(2), loopMaxMs, stallMs: stall.worstMs, probes: stall.probes };
}

async function phaseReloads(
  url: string,
  posts: string,
  indexDir: string,
  probe: Probe,
  reloads: number,
  heavy: number,
): Promise<Record<string, unknown>> {
  // Two complete versions side by side: the served one, kept, and a newer one.
  const first = readManifest(indexDir);
  const keep = path.join(os.tmpdir(), `ops-keep-${process.pid}.zsi`);
  fs.copyFileSync(path.join(indexDir, first.dataFile), keep);
  const firstText = fs.readFileSync(path.join(indexDir, 'manifest.json'), 'utf8');
  touchPosts(posts, 5, `运维测试第二轮 ${Date.now()}`);
  const built = await cli([REINDEX, '--index', indexDir, '--json']);
  if (built.code !== 0) throw new Error(`reindex failed: ${built.stderr}`);
  const second = readManifest(indexDir);
  const secondText = fs.readFileSync(path.join(indexDir, 'manifest.json'), 'utf8');
  fs.copyFileSync(keep, path.join(indexDir, first.dataFile));
  fs.rmSync(keep);
  // Let the watcher's own reload of the second version finish before measuring.
  for (let i = 0; i < 100 && (await served(url)).version !== second.version; i++) await new Promise((r) => setTimeout(r, 100));

  const heavyQuery = COMMON.slice(0, 16).join(' OR ');
  const tooHeavy = await fetch(`${url}/api/search?${new URLSearchParams({ q: COMMON.slice(0, 20).join(' OR ') })}`);
  const tooHeavyBody = (await tooHeavy.json()) as { error?: { code: string; message: string } };
  check(
    'reload',
    'over the cost bound: 400 query_too_complex',
    tooHeavy.status === 400 && tooHeavyBody.error?.code === 'query_too_complex',
    `${tooHeavy.status} ${tooHeavyBody.error?.message ?? ''}`,
  );

  let searching = true;
  let searches = 0;
  let failed = 0;
  const versions = new Set<string>();
  let worstSearchMs = 0;
  const load = (async () => {
    while (searching && heavy > 0) {
      await Promise.all(
        Array.from({ length: heavy }, async (_, i) => {
          const t0 = performance.now();
          const r = await fetch(`${url}/api/search?${new URLSearchParams({ q: heavyQuery, offset: String(i) })}`);
          await r.arrayBuffer();
          worstSearchMs = Math.max(worstSearchMs, performance.now() - t0);
          searches++;
          if (r.status !== 200) failed++;
          versions.add(r.headers.get('x-index-version') ?? '');
        }),
      );
    }
  })();
  // A light query asked every 100 ms beside them: how long a reader waits behind heavy queries.
  let lightWorstMs = 0;
  let lightAsked = 0;
  const lightTimes: number[] = [];
  const light = (async () => {
    while (searching) {
      const t0 = performance.now();
      const r = await fetch(`${url}/api/search?${new URLSearchParams({ q: '茶', offset: String(lightAsked++ % 5) })}`);
      await r.arrayBuffer();
      lightWorstMs = Math.max(lightWorstMs, performance.now() - t0);
      lightTimes.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  await probe.window();
  await serverLoopMaxMs(url);
  const onMainBefore = await mainThreadSearches(url);
  let changed = 0;
  const t0 = performance.now();
  for (let i = 0; i < reloads; i++) {
    writeManifest(indexDir, i % 2 === 0 ? firstText : secondText);
    const r = await admin(url, 'reload');
    if (r.status === 200) changed++;
  }
  const seconds = (performance.now() - t0) / 1000;
  searching = false;
  await load;
  await light;
  const stall = await probe.window();
  const loopMaxMs = await serverLoopMaxMs(url);
  const onMain = (await mainThreadSearches(url)) - onMainBefore;
  const known = new Set([first.version, second.version]);
  check('reload', `${reloads} reloads answered 200`, changed === reloads, `${changed} of ${reloads}`);
  check(
    'reload',
    'heavy searches all answered, each from a complete version',
    failed === 0 && [...versions].every((v) => known.has(v)),
    `${searches} searches (${onMain} on the main thread), ${failed} failed, versions ${[...versions].join(', ')}`,
  );
  check(
    'reload',
    '/healthz stall under 50 ms',
    stall.worstMs < 50,
    `${stall.worstMs} ms over ${stall.probes} probes; server event loop delayed at most ${loopMaxMs} ms`,
  );
  check(
    'reload',
    'a light query (茶) beside the heavy ones: slowest answer',
    true,
    `${Math.round(lightWorstMs)} ms over ${lightAsked} asked (median ${Math.round(lightTimes.sort((a, b) => a - b)[lightTimes.length >> 1] ?? 0)} ms); slowest heavy one ${Math.round(worstSearchMs)} ms`,
  );
  return {
    reloads,
    seconds: +seconds.toFixed(2),
    loopMaxMs,
    lightWorstMs: Math.round(lightWorstMs),
    searches,
    onMainThread: onMain,
    worstSearchMs: Math.round(worstSearchMs),
    stallMs: stall.worstMs,
    probes: stall.probes,
  };
}

async function phasePathological(work: string): Promise<Record<string, unknown>> {
  const plain = path.join(work, 'patho-plain');
  const bad = path.join(work, 'patho-bad');
  for (const dir of [plain, bad]) fs.cpSync(path.join(ROOT, 'sample/_posts'), dir, { recursive: true });
  fs.writeFileSync(path.join(bad, '2024-01-01-links.md'), `---\ntitle: 链接残片\n---\n<div>${'[a]('.repeat(60_000)}</div>\n`);
  fs.writeFileSync(path.join(bad, '2024-01-02-slow.md'), `---\ntitle: 慢文章\n---\n${'!['.repeat(2_000_000)}\n`);
  // The same in a paragraph, where each `](` once looked for its closing parenthesis to the line's end.
  fs.writeFileSync(path.join(bad, '2024-01-03-links-inline.md'), `---\ntitle: 链接残片二\n---\n${'[a]('.repeat(60_000)}\n`);
  // Autolinks never closed: each `<http:` once looked for its `>` to the line's end.
  fs.writeFileSync(path.join(bad, '2024-01-04-autolinks.md'), `---\ntitle: 链接残片三\n---\n${'<http:x '.repeat(60_000)}\n`);
  // Emphasis never closed: each `**` and `*` looks for its closer to the paragraph's end (kramdown's rule), in linear time all told.
  fs.writeFileSync(path.join(bad, '2024-01-05-emphasis.md'), `---\ntitle: 强调残片\n---\n${'**a *b '.repeat(15_000)}\n`);
  // Titles never closed: each `](` looks for its title's end, kramdown's, in one pass for the line.
  fs.writeFileSync(path.join(bad, '2024-01-06-titles.md'), `---\ntitle: 标题残片\n---\n${'[a](b "c" '.repeat(30_000)}\n`);
  // Addresses with spaces or nested parentheses never closed: each `](` looks for the `)` closing it, kramdown's way, in one pass for the paragraph.
  fs.writeFileSync(
    path.join(bad, '2024-01-07-addresses.md'),
    `---\ntitle: 地址残片\n---\n${'[a](b c '.repeat(10_000)}\n\n${'![a](b (c '.repeat(10_000)}\n`,
  );
  // Quotes nested deep, with and without block HTML in them: the quote markers before a line's
  // text once took 2^n steps to match (a line of 50 did not end), and a quote holding block HTML is read again.
  fs.writeFileSync(
    path.join(bad, '2024-01-08-quotes.md'),
    `---\ntitle: 引用残片\n---\n${'> '.repeat(1_000)}x\n\n${'> '.repeat(1_000)}<div>\n\n${'> - a | b\n'.repeat(1_000)}\n${'1. '.repeat(1_000)}y\n`,
  );
  const without = await cli([REINDEX, '--source', plain, '--index', path.join(work, 'patho-plain-index')]);
  const withBad = await cli([REINDEX, '--source', bad, '--index', path.join(work, 'patho-bad-index')]);
  const extra = withBad.seconds - without.seconds;
  check(
    'markdown',
    'the runaway post is reported and skipped',
    /skipped 2024-01-02-slow\.md: took longer than \d+ ms/.test(withBad.stderr),
    withBad.stderr.trim().split('\n')[0] ?? '',
  );
  check(
    'markdown',
    'the [a](, <http:, **, [a](b "c", [a](b c and > > > posts are indexed (linear time)',
    !/links(?:-inline)?\.md|autolinks\.md|emphasis\.md|titles\.md|addresses\.md|quotes\.md/.test(withBad.stderr) && withBad.code === 0,
    `exit ${withBad.code}`,
  );
  check(
    'markdown',
    'build under 3 s longer than without',
    extra < 3,
    `${without.seconds.toFixed(2)} s without, ${withBad.seconds.toFixed(2)} s with`,
  );
  return { withoutSeconds: +without.seconds.toFixed(2), withSeconds: +withBad.seconds.toFixed(2), extraSeconds: +extra.toFixed(2) };
}

async function phaseDiskFull(work: string, posts: string): Promise<Record<string, unknown>> {
  const mount = path.join(work, 'tmpfs');
  fs.mkdirSync(mount);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mount], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    check('disk full', 'small tmpfs mounted', false, `cannot mount (${mounted.stderr.trim() || 'not root'}): not measured`);
    return { skipped: true };
  }
  try {
    const indexDir = path.join(mount, 'index');
    const small = await cli([REINDEX, '--source', path.join(ROOT, 'sample/_posts'), '--index', indexDir]);
    if (small.code !== 0) throw new Error(small.stderr);
    const before = readManifest(indexDir).version;
    // Leaves about 6 MB: the shared corpus's index takes about 27 MB.
    const free = fs.statfsSync(mount);
    const filler = path.join(mount, 'filler');
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - 6 * 1024 * 1024)));
    const full = await cli([REINDEX, '--source', posts, '--index', indexDir]);
    const leftovers = fs.readdirSync(indexDir).filter((f) => f.includes('.tmp') || f.startsWith('.'));
    const kept = readManifest(indexDir).version;
    check(
      'disk full',
      'reindex fails with one line and exit 1',
      full.code === 1 && oneLine(full.stderr) && /ENOSPC|no space/i.test(full.stderr),
      `${full.code}: ${full.stderr.trim()}`,
    );
    check(
      'disk full',
      'no temporary file left, the old index kept',
      leftovers.length === 0 && kept === before,
      `leftovers [${leftovers.join(', ')}], version ${kept}`,
    );
    fs.rmSync(filler);
    const again = await cli([REINDEX, '--source', posts, '--index', indexDir]);
    check(
      'disk full',
      'space back: the reindex succeeds',
      again.code === 0 && readManifest(indexDir).documentCount > 10_000,
      again.stdout.trim(),
    );
    return { failedWith: full.stderr.trim(), leftovers: leftovers.length };
  } finally {
    spawnSync('umount', [mount]);
  }
}

async function phaseMisuse(url: string, work: string, posts: string, indexDir: string): Promise<Record<string, unknown>[]> {
  const notes = path.join(work, 'notes.txt');
  fs.writeFileSync(notes, '这是一份笔记，不是文章。\n第二行。\n');
  const empty = path.join(work, 'empty');
  fs.mkdirSync(empty);
  const subset = path.join(work, 'subset');
  fs.mkdirSync(subset);
  for (const f of fs.readdirSync(posts).sort().slice(0, 100)) fs.copyFileSync(path.join(posts, f), path.join(subset, f));
  const foreign = path.join(work, 'foreign');
  fs.mkdirSync(foreign);
  fs.writeFileSync(path.join(foreign, 'manifest.json'), '{"name":"someone else\'s app","version":"1.2.3"}\n');
  const copied = path.join(work, 'copied');
  fs.mkdirSync(copied);
  const m = readManifest(indexDir);
  fs.copyFileSync(path.join(indexDir, m.dataFile), path.join(copied, m.dataFile));
  const badPermalink = path.join(work, 'bad-permalink.json');
  fs.writeFileSync(badPermalink, '{"permalink": 5}');
  const badThread = path.join(work, 'bad-thread.json');
  fs.writeFileSync(badThread, '{"searchThread": "no"}');
  const busyPort = new URL(url).port;
  const port = String(await freePort());

  const cases: { name: string; args: string[]; exit: number | 'nonzero'; stdout?: RegExp }[] = [
    { name: 'reindex --source notes.txt (not JSONL)', args: [REINDEX, '--source', notes, '--index', indexDir], exit: 'nonzero' },
    { name: 'reindex --source an empty folder', args: [REINDEX, '--source', empty, '--index', indexDir], exit: 'nonzero' },
    { name: 'reindex --souce (a typo)', args: [REINDEX, '--souce', posts, '--index', indexDir], exit: 2 },
    { name: 'reindex --source without a value', args: [REINDEX, '--index', indexDir, '--source'], exit: 2 },
    { name: 'reindex --help', args: [REINDEX, '--help'], exit: 0, stdout: /Usage/ },
    { name: 'serve --help', args: [SERVE, '--help'], exit: 0, stdout: /Usage/ },
    { name: 'serve --verbose (unknown flag)', args: [SERVE, '--index', indexDir, '--verbose'], exit: 2 },
    { name: 'reindex 100 posts over 13,607 (shrink)', args: [REINDEX, '--source', subset, '--index', indexDir], exit: 'nonzero' },
    {
      name: "reindex into a folder with another app's manifest.json",
      args: [REINDEX, '--source', posts, '--index', foreign],
      exit: 'nonzero',
    },
    { name: 'serve a copied index without manifest.json', args: [SERVE, '--index', copied, '--port', port], exit: 'nonzero' },
    { name: 'serve on a port in use', args: [SERVE, '--index', indexDir, '--port', busyPort], exit: 'nonzero' },
    { name: 'config "permalink": 5', args: [REINDEX, '--config', badPermalink, '--source', posts, '--index', indexDir], exit: 'nonzero' },
    { name: 'config "searchThread": "no"', args: [SERVE, '--config', badThread, '--index', indexDir, '--port', port], exit: 'nonzero' },
  ];
  const before = await served(url);
  const rows: Record<string, unknown>[] = [];
  for (const c of cases) {
    const r = await cli(c.args, { ZHSEARCH_LOG_LEVEL: 'warn' });
    const message = c.exit === 0 ? (r.stdout.split('\n')[0] ?? '') : r.stderr.trim();
    const now = await served(url);
    const exitOk = c.exit === 'nonzero' ? r.code !== 0 : r.code === c.exit;
    const messageOk = c.exit === 0 ? (c.stdout?.test(r.stdout) ?? true) : oneLine(r.stderr);
    const unchanged =
      now.version === before.version && now.documentCount === before.documentCount && readManifest(indexDir).version === before.version;
    check('misuse', c.name, exitOk && messageOk && unchanged, `exit ${r.code}: ${message.slice(0, 160)}`);
    rows.push({ case: c.name, exit: r.code, message, unchanged });
  }
  const foreignAfter = fs.readFileSync(path.join(foreign, 'manifest.json'), 'utf8');
  check('misuse', "the other app's manifest.json untouched", foreignAfter.includes('someone else'), foreignAfter.trim());
  return rows;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const source = path.resolve(String(args.posts ?? path.join(ROOT, '../shared/corpus/_posts')));
  const reloads = Number(args.reloads ?? 20);
  const heavy = Number(args.heavy ?? 20);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-ops-'));
  const posts = path.join(work, 'posts');
  const indexDir = path.join(work, 'index');
  let server: ServerProcess | null = null;
  let probe: Probe | null = null;
  const figures: Record<string, unknown> = { machine: `${os.cpus().length} cores, node ${process.version}`, at: new Date().toISOString() };
  try {
    fs.cpSync(source, posts, { recursive: true });
    const built = await cli([REINDEX, '--source', posts, '--index', indexDir]);
    if (built.code !== 0) throw new Error(`first build failed: ${built.stderr}`);
    server = await startServer(indexDir, {
      ZHSEARCH_ADMIN_TOKEN: TOKEN,
      ZHSEARCH_CACHE_ENTRIES: '0',
      ZHSEARCH_SEARCH_THREADS: String(args['search-threads'] ?? 1),
    });
    probe = new Probe(server.url);
    await new Promise((r) => setTimeout(r, 1000));
    await probe.window(); // the first probes open the connection
    await new Promise((r) => setTimeout(r, 2000));
    figures.idle = await probe.window();
    console.error(`idle: slowest probe ${(figures.idle as { worstMs: number }).worstMs} ms`);
    figures.reindex = await phaseReindex(server.url, posts, indexDir, probe);
    figures.reloads = await phaseReloads(server.url, posts, indexDir, probe, reloads, heavy);
    await probe.stop();
    probe = null;
    figures.markdown = await phasePathological(work);
    figures.misuse = await phaseMisuse(server.url, work, posts, indexDir);
    figures.diskFull = await phaseDiskFull(work, posts);
  } finally {
    await probe?.stop();
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  figures.checks = checks;
  const failed = checks.filter((c) => !c.ok);
  console.log(`| phase | check | result | detail |\n|---|---|---|---|`);
  for (const c of checks)
    console.log(`| ${c.phase} | ${c.what} | ${c.ok ? 'ok' : '**FAIL**'} | ${c.detail.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
  console.log(
    `\n${JSON.stringify({ idle: figures.idle, reindex: figures.reindex, reloads: figures.reloads, markdown: figures.markdown })}`,
  );
  console.log(`\n${checks.length - failed.length} of ${checks.length} checks passed`);
  if (args.json) fs.writeFileSync(String(args.json), JSON.stringify(figures, null, 2));
  process.exit(failed.length ? 1 : 0);
}

main().catch((err: Error) => {
  console.error(`ops-test failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
