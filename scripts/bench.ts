/**
 * npm run bench [-- --skip-100k] [--skip-peers] [--million] [--http-seconds 10] [--build-runs 3] [--update-saves 5] [--cache DIR]
 * npm run bench -- --render   (writes docs/benchmarks.md and the plot again from docs/benchmarks.json, measuring nothing)
 *
 * In one run, on this machine: for the 13,607 shared posts and 100,000 generated posts
 * (../shared/corpus/make-scale-corpus.mjs), zhsearch's full build, incremental reindex
 * after changing 1 and 100 posts, load and ready time, index size, RSS and heap after
 * load, in-process query latency over the public eval queries, and HTTP throughput and
 * latency with autocannon; then the peers of ../shared/bench (perf.mjs and run-eval.mjs)
 * side by side with zhsearch behind the same harness. With --million, a 1,000,000-post
 * JSONL build too. Prints a table and writes docs/benchmarks.md and docs/benchmarks.json.
 *
 * A full build is timed `--build-runs` times, each in a fresh process from scratch, and
 * its median reported with every run listed: this machine's speed moves by a third
 * from minute to minute, so a single run says more about the minute than the build.
 */
import { scalePlotSvg, scalePoints } from './bench-plot.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseArgs } from '../src/config.js';
import { BUILD_GLIBC_TUNABLES, SERVING_GLIBC_TUNABLES } from '../src/cli/malloc-tunables.js';
import { ROOT, startServer } from './server-process.js';
import { measureUpdateLatency } from './update-latency.js';
import { statCpuSeconds } from './proc-stat.js';

const SHARED = path.resolve(ROOT, '../shared');
const QUERIES = path.join(SHARED, 'eval/queries.jsonl');
const args = parseArgs(process.argv.slice(2));
const cache = args.cache ?? path.join(os.tmpdir(), 'zhsearch-bench-cache');
const httpSeconds = Number(args['http-seconds'] ?? 10);
const buildRuns = Math.max(1, Number(args['build-runs'] ?? 3));
const updateSaves = Math.max(1, Number(args['update-saves'] ?? 5));

type Json = Record<string, unknown>;

/** A load is measured with the C allocator settings a server is started with (`npm start`). */
const AS_SERVED = { GLIBC_TUNABLES: SERVING_GLIBC_TUNABLES };
/** The environment `npm run reindex` gives a build. */
const AS_BUILT = { GLIBC_TUNABLES: BUILD_GLIBC_TUNABLES };

/** Runs a measuring child; `env` is added to this process's environment. */
function child(script: string, argv: string[], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}): Json {
  const out = execFileSync(process.execPath, [...nodeArgs, path.join(ROOT, 'dist/scripts', script), ...argv], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Json;
}

function touch(dir: string, count: number, round: number): void {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .slice(0, count);
  for (const f of files) fs.appendFileSync(path.join(dir, f), `\n<p>基准测试修改${round}</p>\n`);
}

/** Seconds of the same load before the measured ones (see {@link http}). */
const HTTP_WARMUP_SECONDS = 5;

async function http(indexDir: string): Promise<Json> {
  const server = await startServer(indexDir, { ZHSEARCH_CACHE_ENTRIES: '0' });
  const queries = fs
    .readFileSync(QUERIES, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
  let n = 0;
  const load = (duration: number): Promise<autocannon.Result> =>
    autocannon({
      url: server.url,
      connections: 50,
      duration,
      requests: [
        { setupRequest: (req) => ({ ...req, path: `/api/search?q=${encodeURIComponent(queries[n++ % queries.length]!)}&limit=10` }) },
      ],
    });
  const trivial = (duration: number): Promise<autocannon.Result> => autocannon({ url: `${server.url}/healthz`, connections: 50, duration });
  // Not counted, as in load-test.ts: a server just started still builds its lookups on
  // the search thread and V8 still compiles the search code.
  await load(HTTP_WARMUP_SECONDS);
  await trivial(HTTP_WARMUP_SECONDS);
  // The trivial route before and after the searches, half as long each, so both see the
  // same minutes of this machine; each thread's CPU time around each.
  const pid = server.child.pid!;
  const cpu0 = threadCpu(pid);
  const before = await trivial(httpSeconds / 2);
  const cpu1 = threadCpu(pid);
  const r = await load(httpSeconds);
  const cpu2 = threadCpu(pid);
  const after = await trivial(httpSeconds / 2);
  const cpu3 = threadCpu(pid);
  await server.stop();
  const trivialRequests = before.requests.total + after.requests.total;
  const trivialCpu = sumCpu(cpuDelta(cpu0, cpu1)) + sumCpu(cpuDelta(cpu2, cpu3));
  const perSearch = cpuPerRequest(cpuDelta(cpu1, cpu2), pid, r.requests.total);
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    trivialRps: Math.round(trivialRequests / httpSeconds),
    ...(perSearch ? { cpuPerSearchMs: perSearch, cpuPerTrivialMs: +((trivialCpu * 1000) / trivialRequests).toFixed(3) } : {}),
  };
}

/** CPU seconds of each thread of a process so far, by thread id (Linux /proc; empty elsewhere). */
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      out.set(Number(tid), statCpuSeconds(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
    } catch {
      // the thread ended
    }
  }
  return out;
}

function cpuDelta(from: Map<number, number>, to: Map<number, number>): Map<number, number> {
  return new Map([...to].map(([tid, s]) => [tid, s - (from.get(tid) ?? 0)]));
}

function sumCpu(cpu: Map<number, number>): number {
  return [...cpu.values()].reduce((a, b) => a + b, 0);
}

/**
 * CPU milliseconds per request of the server's main thread (HTTP), of its busiest other
 * thread (the search thread, which does the searches) and of the rest (V8's helpers,
 * libuv's pool), from their CPU time during the requests; null without /proc.
 */
function cpuPerRequest(cpu: Map<number, number>, pid: number, requests: number): Json | null {
  if (cpu.size === 0 || requests === 0) return null;
  const main = cpu.get(pid) ?? 0;
  const others = [...cpu].filter(([tid]) => tid !== pid).map(([, s]) => s);
  const search = Math.max(0, ...others);
  const rest = others.reduce((a, b) => a + b, 0) - search;
  const ms = (s: number): number => +((s * 1000) / requests).toFixed(3);
  return { main: ms(main), searchThread: ms(search), other: ms(rest) };
}

/** The middle one of `items` by `value` (the lower middle of an even count). */
function medianBy<T>(items: T[], value: (item: T) => number): T {
  return [...items].sort((a, b) => value(a) - value(b))[(items.length - 1) >> 1]!;
}

/** When the starts of {@link threadMemory} first answered, with 1 search thread and with 2 (absent from runs before they were timed). */
function answeredCell(m: Json): string {
  if (m.answeredMs === undefined) return '';
  return `${m.answeredMs} ms (${runsOf(m.answeredRuns)}); ${m.answeredTwoMs} ms (${runsOf(m.answeredTwoRuns)})`;
}

/** Every run's figure, for the brackets after a median. */
function runsOf(runs: unknown): string {
  return Array.isArray(runs) ? runs.join(', ') : '';
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/**
 * Searches (a Latin typo among them), completions (words and pinyin) and related posts,
 * several of each per search thread: what a thread builds on first use (completion,
 * pinyin and correction lookups, the keyword tables) is then in memory, as on a server
 * in use.
 */
async function useEveryPart(url: string, threads: number): Promise<void> {
  const get = async (route: string): Promise<unknown> => (await fetch(`${url}${route}`)).json();
  for (let i = 0; i < threads * 4; i++) {
    const found = (await get(
      `/api/search?q=${encodeURIComponent(['开源', '数据库 索引', '为什么要写单元测试', 'stable diffusion'][i % 4]!)}&limit=10`,
    )) as { hits?: Array<{ id: string }> };
    await get(`/api/suggest?q=${encodeURIComponent(['数据', 'kaiyuan', 'py', '开'][i % 4]!)}`);
    // A Latin typo: its correction is looked up too.
    await get(`/api/search?q=${['spotfy', 'kubernets', 'pyhton', 'javscript'][i % 4]!}`);
    const id = found.hits?.[0]?.id;
    if (id) await get(`/api/posts/${encodeURIComponent(id)}/related`);
  }
}

/** Server starts per thread count: RSS moves by 10–15 MB from one start of the same server to the next. */
const MEMORY_RUNS = 3;

/**
 * RSS of a server in use (see useEveryPart) with one and with two search threads, the
 * median of {@link MEMORY_RUNS} starts of each (in turns, so the machine's drift falls on
 * both): what one more thread costs is the difference of the medians.
 */
async function threadMemory(indexDir: string): Promise<Json> {
  const rss: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const answered: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const answeredCpu: number[] = [];
  for (let run = 0; run < MEMORY_RUNS; run++) {
    for (const threads of [1, 2] as const) {
      const server = await startServer(indexDir, { ZHSEARCH_SEARCH_THREADS: String(threads) });
      answered[threads].push(server.answeredMs);
      if (threads === 1) answeredCpu.push(server.answeredCpuSeconds);
      await useEveryPart(server.url, threads);
      rss[threads].push(rssMb(server.child.pid!));
      await server.stop();
    }
  }
  const one = medianBy(rss[1], (mb) => mb);
  const two = medianBy(rss[2], (mb) => mb);
  return {
    oneThreadMb: one,
    twoThreadsMb: two,
    perThreadMb: two - one,
    oneThreadRuns: rss[1],
    twoThreadsRuns: rss[2],
    answeredMs: medianBy(answered[1], (ms) => ms),
    answeredRuns: answered[1],
    answeredCpuSeconds: medianBy(answeredCpu, (s) => s),
    answeredCpuRuns: answeredCpu,
    answeredTwoMs: medianBy(answered[2], (ms) => ms),
    answeredTwoRuns: answered[2],
  };
}

async function corpusBench(name: string, posts: string): Promise<Json> {
  console.log(`\n== ${name}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-bench-'));
  const source = path.join(work, '_posts');
  // With their times, as a site's posts are: a file written seconds before a build is read
  // again by the next reindex (see SETTLED_MS), which a fresh copy would make of every file.
  fs.cpSync(posts, source, { recursive: true, preserveTimestamps: true });
  // Written out before the builds are timed: the kernel's writeback of 100,000 fresh files
  // would otherwise run beside the first builds (a site's posts are not all just written).
  execFileSync('sync');
  const indexDir = path.join(work, 'index');
  const runs: Json[] = [];
  for (let i = 0; i < buildRuns; i++) runs.push(child('bench-child.js', ['build', source, indexDir, '--full'], [], AS_BUILT));
  const full: Json = {
    ...medianBy(runs, (r) => r.seconds as number),
    runs: runs.map((r) => r.seconds),
  };
  console.log(
    `full build ${(full.seconds as number).toFixed(2)} s (median of ${runs.map((r) => (r.seconds as number).toFixed(2)).join(', ')}; CPU ${cpuOf(full)}), max RSS ${Math.round(full.maxRssMb as number)} MB`,
  );
  touch(source, 1, 1);
  const one = child('bench-child.js', ['build', source, indexDir], [], AS_BUILT);
  touch(source, 100, 2);
  const hundred = child('bench-child.js', ['build', source, indexDir], [], AS_BUILT);
  console.log(`reindex after 1 change ${(one.seconds as number).toFixed(2)} s, after 100 ${(hundred.seconds as number).toFixed(2)} s`);
  const load = child('bench-child.js', ['load', indexDir, QUERIES, '--settle'], ['--expose-gc'], AS_SERVED);
  console.log(
    `ready ${load.readyMs} ms (reading the file once from the page cache: ${load.fileReadMs} ms; then lookups ${load.warmMs} ms; jieba's dictionaries in at ${load.jiebaReadyMs} ms), RSS ${load.rssMb} MB, heap ${load.heapMb} MB, p50/p95/p99 ${load.p50}/${load.p95}/${load.p99} ms (p99 after one warm-up pass ${load.p99Early} ms); on a worker thread ${onThread(load)}`,
  );
  const web = await http(indexDir);
  console.log(
    `HTTP (50 connections, ${httpSeconds} s, cache off): ${web.rps} req/s, p50 ${web.p50} ms, p99 ${web.p99} ms, errors ${web.errors}, non-2xx ${web.non2xx}; /healthz ${web.trivialRps} req/s; CPU per search ${JSON.stringify(web.cpuPerSearchMs)} ms, per /healthz ${web.cpuPerTrivialMs} ms`,
  );
  const memory = await threadMemory(indexDir);
  console.log(
    `server RSS with 1 search thread ${memory.oneThreadMb} MB (${runsOf(memory.oneThreadRuns)}), with 2 ${memory.twoThreadsMb} MB (${runsOf(memory.twoThreadsRuns)}): ${memory.perThreadMb} MB per thread; serve answers ${answeredCell(memory)} after its start`,
  );
  const update = await measureUpdateLatency(source, updateSaves, () => {});
  console.log(
    `a saved post searchable (--watch) after ${update.rounds.join(', ')} ms: median ${update.medianMs} ms (first save, just after the start: ${update.firstMs} ms)`,
  );
  fs.rmSync(work, { recursive: true, force: true });
  return { name, full, one, hundred, load, http: web, memory, update };
}

function peers(): Json {
  console.log('\n== peers (../shared/bench), zhsearch behind the same harness');
  const bench = path.join(SHARED, 'bench');
  execFileSync(path.join(bench, 'setup-peers.sh'), { stdio: 'inherit', cwd: bench });
  const modules = [
    path.join(ROOT, 'scripts/zhsearch-engine.mjs'),
    ...fs
      .readdirSync(path.join(bench, 'peers'))
      .filter((f) => f.endsWith('.mjs') && !f.startsWith('_'))
      .map((f) => path.join(bench, 'peers', f)),
  ];
  const perfJson = path.join(os.tmpdir(), 'zhsearch-peers-perf.json');
  const perf = execFileSync(process.execPath, ['--expose-gc', path.join(bench, 'perf.mjs'), '--json', perfJson, ...modules], {
    encoding: 'utf8',
    cwd: bench,
    maxBuffer: 1 << 26,
  });
  console.log(perf);
  const quality: Record<string, number> = {};
  for (const m of modules) {
    const out = execFileSync(process.execPath, [path.join(SHARED, 'eval/run-eval.mjs'), '--engine', m], {
      encoding: 'utf8',
      cwd: bench,
      maxBuffer: 1 << 26,
    });
    const score = Number(/score=([\d.]+)/.exec(out)?.[1]);
    quality[path.basename(m, '.mjs')] = score;
    console.log(`${path.basename(m, '.mjs').padEnd(26)} score ${score}`);
  }
  return { perf: JSON.parse(fs.readFileSync(perfJson, 'utf8')) as Json, quality };
}

async function million(): Promise<Json> {
  console.log('\n== 1,000,000 posts (JSONL)');
  fs.mkdirSync(cache, { recursive: true });
  const jsonl = path.join(cache, 'posts-1m.jsonl');
  if (!fs.existsSync(jsonl))
    execFileSync(
      process.execPath,
      [path.join(SHARED, 'corpus/make-scale-corpus.mjs'), '--count', '1000000', '--format', 'jsonl', '--out', jsonl],
      { stdio: 'inherit' },
    );
  const indexDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-1m-'));
  const build = child('bench-child.js', ['build', jsonl, indexDir, '--full'], ['--max-old-space-size=16384'], AS_BUILT);
  console.log(`build ${(build.seconds as number).toFixed(1)} s (CPU ${cpuOf(build)}), max RSS ${Math.round(build.maxRssMb as number)} MB`);
  const load = child('bench-child.js', ['load', indexDir, QUERIES], ['--expose-gc', '--max-old-space-size=16384'], AS_SERVED);
  console.log(
    `ready ${load.readyMs} ms, RSS ${load.rssMb} MB, p50/p95/p99 ${load.p50}/${load.p95}/${load.p99} ms (p99 after one warm-up pass ${load.p99Early} ms)`,
  );
  const memory = await threadMemory(indexDir);
  console.log(
    `server RSS with 1 search thread ${memory.oneThreadMb} MB (${runsOf(memory.oneThreadRuns)}), with 2 ${memory.twoThreadsMb} MB (${runsOf(memory.twoThreadsRuns)}): ${memory.perThreadMb} MB per thread; serve answers ${answeredCell(memory)} after its start`,
  );
  fs.rmSync(indexDir, { recursive: true, force: true });
  return { build, load, memory };
}

/** The in-process figures measured on a worker thread (bench-child.ts), as a table cell. */
function onThread(load: Json): string {
  const t = load.thread as Json | undefined;
  return t ? `${t.p50} / ${t.p95} / ${t.p99} ms (${t.p99Early} ms)` : '';
}

/** A build's CPU time over all its threads (bench-child.ts), as text. */
function cpuOf(build: Json): string {
  return typeof build.cpuSeconds === 'number' ? `${build.cpuSeconds.toFixed(2)} s` : '?';
}

/** The HTTP column: searches, the trivial route in the same minutes, and the CPU each costs the server. */
function httpCell(web: Json): string {
  let cell = `${web.rps as number} req/s, p50 ${web.p50 as number} ms, p99 ${web.p99 as number} ms`;
  if (web.trivialRps !== undefined)
    cell += `; /healthz ${web.trivialRps as number} req/s (searches ${(((web.rps as number) / (web.trivialRps as number)) * 100).toFixed(1)}% of it)`;
  const cpu = web.cpuPerSearchMs as Json | undefined;
  if (cpu)
    cell += `; CPU per search: search thread ${cpu.searchThread as number} ms, main thread ${cpu.main as number} ms, other threads ${cpu.other as number} ms (per /healthz ${web.cpuPerTrivialMs as number} ms)`;
  return cell;
}

function markdown(r: Json): string {
  const rows = (r.corpora as Json[]).map((c) => {
    const full = c.full as Json;
    const load = c.load as Json;
    const web = c.http as Json;
    const runs = (full.runs as number[] | undefined) ?? [];
    const spread =
      runs.length > 1 ? ` (median of ${runs.map((x) => x.toFixed(2)).join(', ')}; CPU ${cpuOf(full)})` : ` (CPU ${cpuOf(full)})`;
    return `| ${c.name} | ${(full.seconds as number).toFixed(2)} s${spread} | ${((c.one as Json).seconds as number).toFixed(2)} s | ${((c.hundred as Json).seconds as number).toFixed(2)} s | ${load.readyMs} ms (file read ${load.fileReadMs} ms; lookups +${load.warmMs} ms; jieba at ${load.jiebaReadyMs} ms${warmSearchText(load)}) | ${((load.bytes as number) / 1048576).toFixed(1)} MB | ${load.rssMb} / ${load.heapMb} MB | ${load.p50} / ${load.p95} / ${load.p99} ms (${load.p99Early} ms) | ${onThread(load)} | ${httpCell(web)} |`;
  });
  let md = `# Benchmarks\n\nLatest \`npm run bench\` on ${r.machine}, ${r.date}.\n\n## zhsearch\n\n| corpus | full build | reindex, 1 changed | reindex, 100 changed | load (ready) | index on disk | RSS / heap after load | search p50 / p95 / p99 in-process (p99 after one warm-up pass) | the same on a worker thread, as a server's search thread | HTTP, 50 connections, cache off |\n|---|---|---|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
  md += `\n| corpus | a saved post searchable (\`serve --watch\`, each save; median) | \`serve\` answers, from its start (1 search thread; 2) | server RSS, 1 search thread | 2 search threads | per search thread |\n|---|---|---|---|---|---|\n`;
  for (const c of r.corpora as Json[]) {
    const u = c.update as Json | undefined;
    const m = c.memory as Json | undefined;
    if (!u || !m) continue;
    md += `| ${c.name} | ${(u.rounds as number[]).join(', ')} ms; ${u.medianMs} ms (first save after the start: ${u.firstMs} ms) | ${answeredCell(m)} | ${m.oneThreadMb} MB (${runsOf(m.oneThreadRuns)}) | ${m.twoThreadsMb} MB (${runsOf(m.twoThreadsRuns)}) | ${m.perThreadMb} MB |\n`;
  }
  md += `\nA saved post searchable: \`serve --source DIR --watch\` over a copy of the posts; each save appends a new word to one post, timed from the file's write to the first answer holding that post, 1.5 s apart; the first save comes 1.5 s after the server answers, while its start-up work (warm-ups; over an index built before, the catch-up build of \`--watch\`) may still run, and is not in the median (scripts/update-latency.ts; \`--watch\` tells the build which file changed, the build reads that file alone and saves a delta segment, and the search thread applies it to the index it serves). Server RSS: \`serve\` once ready with \`ZHSEARCH_SEARCH_THREADS\` 1 and 2, once each thread has answered searches (Latin typos among them), completions (words and pinyin) and related posts, so that what is built on first use is in memory, measured right after those requests (V8 shrinks an idle heap some seconds later); each the median of ${MEMORY_RUNS} starts (every start in brackets), the two thread counts in turns; the difference of the medians is what one more search thread costs. \`serve\` answers: the same starts, from the spawn of \`node dist/src/cli/serve.js\` (as \`npm start\` starts it) to its first answer to /readyz, asked every 10 ms: what a restart or a new replica costs before it serves; more than "ready" above, which loads the index in-process: a server also starts its search threads, which load jieba's dictionaries before they take the index, and Express's modules.\n`;
  md += `\nFull build and reindex times are wall time of \`reindex\` in a fresh process (read, parse, normalise, segment titles and tags, index, save), with the C allocator setting \`npm run reindex\` starts it with (src/cli/malloc-tunables.ts: huge pages for large blocks, since 2026-12-02); the posts are a fresh copy, written out to disk (\`sync\`) before the first build; a full build is run ${(((r.corpora as Json[])[0]!.full as Json).runs as unknown[] | undefined)?.length ?? 1} times from scratch and the median shown, every run in brackets. "Ready" is from process start until searches are answered: the index read, verified and loaded (a server starts serving then), with the C allocator settings a server is started with (src/cli/malloc-tunables.ts: huge pages for large blocks since 2026-12-02); "file read" is one read of the data file from the page cache in 8 MB pieces into one buffer, the least any load can take but for the page faults of the fresh memory a load reads into. The completion and pinyin lookups are built next ("lookups", what a server does right after it starts serving; a suggestion asked for before waits for them). jieba's dictionaries then load on a worker (not during the index load, which they would slow on 2 cores; the process's one copy, which every thread then cuts with in place); "jieba at" is when its words rank queries (before that a Han run is split into two-character words). "RSS / heap after load": once jieba is in, after a full collection, before the warm-up searches (a forced collection throws away the code V8 compiled for the searches: taken after them, until 2026-12-05, it left passes 1-4 to run while V8 compiled it all again). In-process latency is \`engine.search(q, { limit: 10 })\` with snippets and facets, over the ${r.queries} public eval queries once jieba is in and the warm-up searches a server's search thread runs on its own have run (search/warm-searches.ts, since 2026-12-04; before, passes 5-8 came while V8 was still compiling the search code on its own threads): eight passes, the figures from the last four (see the slowest searches below, whose last column is the steady state of passes 29-32); in brackets the p99 of passes 2-5, after a single pass (the peers' harness below warms up with one pass). The same passes run again on a worker thread that loads the index itself, as a server's search thread does: its postings, references and texts in shared memory, whose texts a search decodes as it reads them (since 2026-12-04; before, the worker read its own copy, its texts as strings).\n`;
  md += `\nHTTP: autocannon against \`serve\` (one search thread, result cache off), 50 connections asking the ${r.queries} public eval queries in turn, for ${httpSeconds} s after ${HTTP_WARMUP_SECONDS} s of the same load that are not counted (a server just started still builds its lookups and V8 still compiles the search code); the trivial route \`/healthz\` for ${httpSeconds / 2} s just before and just after them (after its own warm-up), at the same 50 connections, so that both see the same minutes. CPU per request: each of the server's threads' CPU time during the requests (/proc), over the requests answered: the main thread (HTTP), its busiest other thread (the search thread) and the rest (V8's helpers, libuv). \`node dist/scripts/load-test.js\` measures the two routes in more alternating turns (docs/http-load.md).\n`;
  md += slowestSearches(r);
  const peers = r.peers as Json | undefined;
  if (peers) {
    const perf = peers.perf as Json;
    const list = (perf.results ?? []) as Json[];
    md += `\n## Side by side with the peers (13,607 posts, one run of ../shared/bench/perf.mjs and run-eval.mjs)\n\n| engine | quality score | build ms | heap MB | RSS MB | p50 µs | p95 µs | p99 µs | qps |\n|---|---|---|---|---|---|---|---|---|\n`;
    for (const e of list) {
      const name = path.basename(String(e.engine), '.mjs');
      const lat = (e.latencyUs ?? {}) as Json;
      md += `| ${name} | ${(peers.quality as Record<string, number>)[name] ?? '?'} | ${e.buildMs ?? e.error} | ${fmt(e.heapMB)} | ${fmt(e.rssMB)} | ${lat.p50 ?? '?'} | ${lat.p95 ?? '?'} | ${lat.p99 ?? '?'} | ${e.qps ?? '?'} |\n`;
    }
    md += `\nzhsearch runs here as \`scripts/zhsearch-engine.mjs\`: records already read by the harness, ids only (no snippets), so it is measured exactly like the peers. Its build time includes loading jieba's dictionary.\n`;
  }
  md += targetsTable(r);
  md += `\n![Search latency and memory against corpus size](bench-scale.svg)\n`;
  if (r.million) {
    const m = r.million as Json;
    md += `\n## 1,000,000 posts (JSONL)\n\nbuild and save ${((m.build as Json).seconds as number).toFixed(1)} s (CPU ${cpuOf(m.build as Json)}), max RSS during build ${Math.round((m.build as Json).maxRssMb as number)} MB, ${(((m.load as Json).bytes as number) / 1048576).toFixed(0)} MB on disk; ready in ${(m.load as Json).readyMs} ms (reading the file once from the page cache: ${(m.load as Json).fileReadMs} ms; lookups +${(m.load as Json).warmMs} ms${warmSearchText(m.load as Json)}); after load: RSS ${(m.load as Json).rssMb} MB, search p50 / p95 / p99 ${(m.load as Json).p50} / ${(m.load as Json).p95} / ${(m.load as Json).p99} ms (p99 after one warm-up pass ${(m.load as Json).p99Early} ms); on a worker thread ${onThread(m.load as Json)}.\n`;
    const mem = m.memory as Json | undefined;
    if (mem)
      md += `\nServer RSS in use (as above for the smaller corpora): 1 search thread ${mem.oneThreadMb} MB (${runsOf(mem.oneThreadRuns)}), 2 search threads ${mem.twoThreadsMb} MB (${runsOf(mem.twoThreadsRuns)}): ${mem.perThreadMb} MB per search thread. \`serve\` answers ${answeredCell(mem)} after its start.\n`;
  }
  return md;
}

/**
 * What the slowest 1% of each latency run had in common (search-passes.ts `slowest`): the
 * code's tail, or the machine's (the thread switched out by the scheduler, a collection).
 */
/** The searches a server's search thread warms its code with (bench-child.ts), when run. */
function warmSearchText(load: Json): string {
  return load.warmSearches === undefined
    ? ''
    : `; then ${load.warmSearches as number} warm-up searches in ${((load.warmSearchMs as number) / 1000).toFixed(2)} s`;
}

/** The young generation's collections of a latency run (search-passes.ts `minorCollections`). */
function minorCell(c: Json | undefined): string {
  return c ? `${c.count as number}: one per ${c.searchesPerCollection as number} (${c.medianMs as number} ms)` : '';
}

function slowestSearches(r: Json): string {
  const runs: [string, Json | undefined][] = [];
  for (const c of r.corpora as Json[]) {
    const load = c.load as Json;
    runs.push([`${c.name}, in-process`, load], [`${c.name}, worker thread`, load.thread as Json | undefined]);
  }
  const m = r.million as Json | undefined;
  if (m)
    runs.push(
      ['1,000,000 posts, in-process', m.load as Json],
      ['1,000,000 posts, worker thread', (m.load as Json).thread as Json | undefined],
    );
  const rows = runs.filter(([, f]) => f?.slowest);
  if (rows.length === 0) return '';
  let md = `\n## The slowest searches\n\n| run | p99 | p99 of each query's fastest time | searches at or above it | of them: thread switched out while searching | during a garbage collection | their queries' own fastest time (median) | p99 of the searches that kept the CPU | the process's other threads meanwhile, CPU per second | young-generation collections in the measured passes: one per so many searches (median pause) | p99 of passes 29-32 (other threads' CPU per second then) |\n|---|---|---|---|---|---|---|---|---|---|---|\n`;
  for (const [name, f] of rows) {
    const s = f!.slowest as Json;
    const settled = f!.p99Settled === undefined ? '' : `${f!.p99Settled} ms (${f!.othersCpuMsPerSSettled} ms)`;
    md += `| ${name} | ${f!.p99} ms | ${f!.p99Fastest ?? ''} ms | ${s.searches} | ${s.preempted} | ${s.duringGc} | ${s.ownFastestMedian} ms | ${f!.p99KeptCpu} ms | ${f!.othersCpuMsPerS ?? ''} ms | ${minorCell(f!.minorCollections as Json | undefined)} | ${settled} |\n`;
  }
  // What a search on the main thread spends in jieba, cutting its query (bench-child.ts).
  const cuts = runs
    .map(([name, f]) => [name, f?.jiebaCut as Json | undefined] as const)
    .filter(([, t]) => t)
    .map(([name, t]) => `${name.replace(', in-process', '')}: p50 ${t!.p50} ms, p99 ${t!.p99} ms`);
  md += `\nThe p99 of each query's fastest time: each of the ${r.queries} queries timed at its fastest in the four measured passes, and the p99 over the queries: what the searches cost at the tail when the machine lets them run (a query meets a switch or a collection in all four passes seldom). The searches of the measured passes at or above their p99: how many lost the CPU while they ran (a nonvoluntary context switch of the searching thread, from /proc/thread-self/status, read outside the timed span), how many overlapped a garbage collection, and how fast the same queries ran at best in those passes. A slow search whose query is fast at best, and which was switched out, measures the machine's scheduler rather than the code. The "p99 of the searches that kept the CPU" leaves out only the searches that were switched out; the p99 counts every search. What takes the CPU from them: the CPU time of the process's other threads during the measured passes (from /proc/self/stat less this thread's), per second of those passes. Much of it is V8 compiling code and collecting garbage on threads of its own: the functions run once per search become hot only after a thousand or more searches, so without the warm-up searches below passes 5-8 of the 260 queries were when V8 compiled them. A search that meets a collection of the young generation (a scavenge, where each search's short-lived objects are made and die) waits for it: once collections come more often than one per hundred searches, more than 1% of the searches wait for one, and the p99 is a search that did; the column before the last counts them in the measured passes (V8's gc performance entries of kind minor). Before the passes, the searches a server's search thread runs on its own once its index is in (search/warm-searches.ts: searches of the index's own title words, up to a number or a time; how many and how long, in the first table), so that V8 compiles the search code before readers' searches; without them the first pass over the queries after a start ran the slower code. The last column goes on to 32 passes (not at 1,000,000 posts, where they would take minutes): the p99 of passes 29-32, once V8 has compiled what the searches run, and the other threads' CPU then.\n`;
  if (cuts.length > 0)
    md += `\nOf a search's time, jieba cutting its query's words, in place on the searching thread (since 9cdf935; before, the main thread sent each cut to a worker of its own and slept until the answer came, a round trip with a p99 of 0.2-3 ms on this virtual machine): one more pass timed each query's cut on its own, just before searching it (${cuts.join('; ')}).\n`;
  return md;
}

/** The targets of the speed and scale issue, with what this run measured. */
function targetsTable(r: Json): string {
  const [small, large] = r.corpora as Json[];
  const rows: [string, string, number | undefined, (v: number) => boolean, string][] = [];
  const sec = (c: Json | undefined, k: string): number | undefined => (c ? ((c[k] as Json).seconds as number) : undefined);
  const ld = (c: Json | undefined, k: string): number | undefined => (c ? ((c.load as Json)[k] as number) : undefined);
  rows.push(['13,607 posts: full build', '< 4 s', sec(small, 'full'), (v) => v < 4, 's']);
  rows.push(['13,607 posts: load and ready', '< 0.5 s', (ld(small, 'readyMs') ?? NaN) / 1000, (v) => v < 0.5, 's']);
  rows.push(['13,607 posts: search p99 in-process', '< 3 ms', ld(small, 'p99'), (v) => v < 3, 'ms']);
  rows.push(['100,000 posts: full build', '< 20 s', sec(large, 'full'), (v) => v < 20, 's']);
  rows.push(['100,000 posts: load and ready', '< 2 s', (ld(large, 'readyMs') ?? NaN) / 1000, (v) => v < 2, 's']);
  rows.push(['100,000 posts: search p50', '< 5 ms', ld(large, 'p50'), (v) => v < 5, 'ms']);
  rows.push(['100,000 posts: search p99', '< 15 ms', ld(large, 'p99'), (v) => v < 15, 'ms']);
  rows.push(['100,000 posts: RSS after load', '< 1024 MB', ld(large, 'rssMb'), (v) => v < 1024, 'MB']);
  const m = r.million as Json | undefined;
  if (m) {
    rows.push(['1,000,000 posts: max RSS during build', '< 6144 MB', (m.build as Json).maxRssMb as number, (v) => v < 6144, 'MB']);
    rows.push(['1,000,000 posts: search p99', '< 100 ms', (m.load as Json).p99 as number, (v) => v < 100, 'ms']);
  }
  let md = `\n## Targets\n\n| target | wanted | measured | |\n|---|---|---|---|\n`;
  const table = (list: typeof rows): void => {
    for (const [name, want, v, ok, unit] of list) {
      if (v === undefined || Number.isNaN(v)) continue;
      md += `| ${name} | ${want} | ${+v.toFixed(3)} ${unit} | ${ok(v) ? 'met' : 'missed'} |\n`;
    }
  };
  table(rows);
  // The scale issue's targets (one copy of the index, instant restarts, a saved post
  // searchable within a second), each with what bounds it where this run can tell.
  type Target = [name: string, want: string, value: number | undefined, ok: (v: number) => boolean, unit: string, bound?: string];
  const next: Target[] = [];
  const upd = (c: Json | undefined): number | undefined => (c?.update as Json | undefined)?.medianMs as number | undefined;
  const mem = (c: Json | undefined): number | undefined => (c?.memory as Json | undefined)?.oneThreadMb as number | undefined;
  const cores = (r.cores as number | undefined) ?? 0;
  // A build's CPU over every thread, spread over the cores at best.
  const cpuBound = (build: Json | undefined): string | undefined => {
    const cpu = build?.cpuSeconds as number | undefined;
    return cpu === undefined || !cores ? undefined : `CPU ${cpu.toFixed(2)} s on ${cores} cores: at least ${(cpu / cores).toFixed(2)} s`;
  };
  // The searches' own tail, and the part of it jieba's cut takes.
  const tailBound = (load: Json | undefined): string | undefined => {
    if (load?.p99Fastest === undefined) return undefined;
    const cut = load.jiebaCut as Json | undefined;
    const settled = load.p99Settled === undefined ? '' : `; passes 29-32, V8 done compiling: p99 ${load.p99Settled as number} ms`;
    const minor = load.minorCollections as Json | undefined;
    const collections = minor
      ? `; a young-generation collection every ${minor.searchesPerCollection as number} searches, ${minor.medianMs as number} ms each (median)`
      : '';
    return `each query's fastest: p99 ${load.p99Fastest as number} ms${cut ? `; jieba's cut of the query: p99 ${cut.p99 as number} ms` : ''}${settled}${collections}`;
  };
  const readBound = (load: Json | undefined): string | undefined =>
    load?.fileReadMs === undefined ? undefined : `reading the file once: ${load.fileReadMs as number} ms`;
  const medianRun = (c: Json | undefined): Json | undefined => c?.full as Json | undefined;
  const answered = (memory: Json | undefined): number | undefined => memory?.answeredMs as number | undefined;
  // A server's start is the in-process load (above) on its search thread, after the
  // thread's own start, beside Express's modules on the main thread: on a few cores, the
  // CPU of all of it.
  const serveBound = (load: Json | undefined, memory: Json | undefined): string | undefined => {
    if (load?.readyMs === undefined) return undefined;
    const cpu = memory?.answeredCpuSeconds as number | undefined;
    const spent =
      cpu === undefined || !cores
        ? ''
        : `the server's CPU until it answered ${cpu.toFixed(2)} s (median of the starts: ${runsOf(memory!.answeredCpuRuns)}) on ${cores} cores: at least ${(cpu / cores).toFixed(2)} s; `;
    return `${spent}the index loaded in-process: ${(load.readyMs as number) / 1000} s; a server also starts its search thread (node's worker, its modules, jieba's dictionaries) before the thread loads the index, and loads Express's modules beside them`;
  };
  next.push(['13,607 posts: full build', '< 2 s', sec(small, 'full'), (v) => v < 2, 's', cpuBound(medianRun(small))]);
  next.push(['13,607 posts: a saved post searchable (median)', '< 0.3 s', (upd(small) ?? NaN) / 1000, (v) => v < 0.3, 's']);
  next.push([
    '13,607 posts: search p99 in-process',
    '< 1 ms',
    ld(small, 'p99'),
    (v) => v < 1,
    'ms',
    tailBound(small?.load as Json | undefined),
  ]);
  // HTTP: searches against the trivial route in the same minutes, and what each costs.
  const web = small?.http as Json | undefined;
  if (web?.trivialRps !== undefined) {
    const rps = web.rps as number;
    const cpu = web.cpuPerSearchMs as Json | undefined;
    const perSearch = cpu ? (cpu.main as number) + (cpu.searchThread as number) + (cpu.other as number) : 0;
    const perTrivial = web.cpuPerTrivialMs as number | undefined;
    next.push([
      '13,607 posts: HTTP searches, share of /healthz in the same minutes',
      '≥ 60 %',
      (100 * rps) / (web.trivialRps as number),
      (v) => v >= 60,
      '%',
      cpu && perTrivial
        ? `the server's CPU per search ${perSearch.toFixed(3)} ms against ${perTrivial} ms per /healthz (${(perSearch / perTrivial).toFixed(1)} times); the search thread's alone ${cpu.searchThread as number} ms: at most ${Math.round(1000 / (cpu.searchThread as number))} searches/s on one search thread`
        : undefined,
    ]);
    next.push([
      '13,607 posts: HTTP p99, 50 connections',
      '< 15 ms',
      web.p99 as number,
      (v) => v < 15,
      'ms',
      `50 connections answered ${rps} times a second wait ${((50 * 1000) / rps).toFixed(1)} ms on average (Little's law); a p99 under 15 ms needs well over ${Math.round((50 * 1000) / 15)} searches/s`,
    ]);
  }
  next.push(['100,000 posts: full build', '< 8 s', sec(large, 'full'), (v) => v < 8, 's', cpuBound(medianRun(large))]);
  next.push([
    '100,000 posts: load and ready',
    '< 0.5 s',
    (ld(large, 'readyMs') ?? NaN) / 1000,
    (v) => v < 0.5,
    's',
    readBound(large?.load as Json | undefined),
  ]);
  next.push([
    '100,000 posts: `serve` answers, from its start (1 search thread)',
    '< 0.5 s',
    (answered(large?.memory as Json | undefined) ?? NaN) / 1000,
    (v) => v < 0.5,
    's',
    serveBound(large?.load as Json | undefined, large?.memory as Json | undefined),
  ]);
  next.push(['100,000 posts: a saved post searchable (median)', '< 1 s', (upd(large) ?? NaN) / 1000, (v) => v < 1, 's']);
  next.push(['100,000 posts: server RSS with its search thread', '< 300 MB', mem(large), (v) => v < 300, 'MB']);
  next.push([
    '100,000 posts: search p99 in-process',
    '< 4 ms',
    ld(large, 'p99'),
    (v) => v < 4,
    'ms',
    tailBound(large?.load as Json | undefined),
  ]);
  if (m) {
    const load = m.load as Json;
    next.push(['1,000,000 posts: build', '< 60 s', (m.build as Json).seconds as number, (v) => v < 60, 's', cpuBound(m.build as Json)]);
    next.push(['1,000,000 posts: max RSS during build', '< 3072 MB', (m.build as Json).maxRssMb as number, (v) => v < 3072, 'MB']);
    next.push(['1,000,000 posts: load and ready', '< 2 s', (load.readyMs as number) / 1000, (v) => v < 2, 's', readBound(load)]);
    next.push([
      '1,000,000 posts: `serve` answers, from its start (1 search thread)',
      '< 2 s',
      (answered(m.memory as Json | undefined) ?? NaN) / 1000,
      (v) => v < 2,
      's',
      serveBound(load, m.memory as Json | undefined),
    ]);
    next.push(['1,000,000 posts: RSS after load', '< 1536 MB', load.rssMb as number, (v) => v < 1536, 'MB']);
    next.push(['1,000,000 posts: search p99 in-process', '< 20 ms', load.p99 as number, (v) => v < 20, 'ms', tailBound(load)]);
  }
  md += `\nThe scale issue's targets, each with what bounds it where this run measures that: a build's CPU time over all its threads (on ${cores} cores it cannot take less wall time than that over ${cores}), the searches' own tail (each query's fastest time in the measured passes, and jieba's cut of the query, above) and the tail once V8 has compiled the search code, the one read of the data file a load cannot go below:\n\n| target | wanted | measured | | what bounds it |\n|---|---|---|---|---|\n`;
  for (const [name, want, v, ok, unit, bound] of next) {
    if (v === undefined || Number.isNaN(v)) continue;
    md += `| ${name} | ${want} | ${+v.toFixed(3)} ${unit} | ${ok(v) ? 'met' : 'missed'} | ${bound ?? ''} |\n`;
  }
  return md;
}

function fmt(v: unknown): string {
  return typeof v === 'number' ? v.toFixed(1) : String(v ?? '?');
}

/** Writes the page and the plot of a run's figures. */
function writeDocs(result: Json): void {
  fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), markdown(result));
  if (scalePoints(result).length >= 2) fs.writeFileSync(path.join(ROOT, 'docs/bench-scale.svg'), scalePlotSvg(result));
}

async function main(): Promise<void> {
  if (args.render) {
    writeDocs(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/benchmarks.json'), 'utf8')) as Json);
    console.log('wrote docs/benchmarks.md and docs/bench-scale.svg from docs/benchmarks.json');
    return;
  }
  const cpus = os.cpus();
  const machine = `${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} cores (${cpus[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  const result: Json = {
    machine,
    cores: cpus.length,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    queries: fs.readFileSync(QUERIES, 'utf8').split('\n').filter(Boolean).length,
  };
  console.log(machine);
  const corpora: Json[] = [await corpusBench('13,607 shared posts', path.join(SHARED, 'corpus/_posts'))];
  if (!args['skip-100k']) {
    const dir = path.join(cache, 'posts-100k');
    if (!fs.existsSync(dir) || fs.readdirSync(dir).length < 100000) {
      fs.mkdirSync(cache, { recursive: true });
      execFileSync(process.execPath, [path.join(SHARED, 'corpus/make-scale-corpus.mjs'), '--count', '100000', '--out', dir], {
        stdio: 'inherit',
      });
    }
    corpora.push(await corpusBench('100,000 generated posts', dir));
  }
  result.corpora = corpora;
  if (!args['skip-peers']) result.peers = peers();
  if (args.million) result.million = await million();
  fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.json'), JSON.stringify(result, null, 2) + '\n');
  writeDocs(result);
  console.log('\nwrote docs/benchmarks.md, docs/benchmarks.json and docs/bench-scale.svg');
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
