/**
 * node dist/scripts/load-test.js [--posts DIR] [--index DIR] [--duration 30] [--connections 50]
 *                                [--warmup 5] [--reindex N] [--json FILE]
 *
 * autocannon against a `serve` child process on loopback, in one run (each route first
 * driven for `--warmup` seconds at the same concurrency, not counted: V8 is still
 * optimising the code in a fresh process's first seconds):
 *   1. a trivial JSON route of the same app (GET /healthz),
 *   2. GET /api/search with uncached queries (cache off; the 260 public eval queries
 *      in turn, 10 hits each), optionally while `reindex` rewrites the
 *      index N times with changed posts (the server hot-reloads each one).
 * Reports requests, errors, non-2xx, throughput, p50/p99 latency, the search/trivial
 * throughput ratio, and whether every answer's X-Index-Version was a complete index.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseArgs } from '../src/config.js';
import { readManifest } from '../src/index/store.js';
import { ROOT, startServer } from './server-process.js';

const SHARED = path.resolve(ROOT, '../shared');

interface RunSummary {
  route: string;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  rps: number;
  p50: number;
  p99: number;
}

function summarize(route: string, r: autocannon.Result): RunSummary {
  return { route, requests: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 };
}

// autocannon 9 takes and reports a warm-up; its type definitions do not list it yet.
type Warmup = { connections: number; duration: number };
const run = (opts: autocannon.Options & { warmup?: Warmup }): Promise<autocannon.Result> => autocannon(opts);

/** The warm-up's own figures, which autocannon reports beside the run's. */
function warmupOf(route: string, r: autocannon.Result): RunSummary | null {
  const w = (r as autocannon.Result & { warmup?: autocannon.Result }).warmup;
  return w ? summarize(`${route} warm-up`, w) : null;
}

function reindexCli(source: string, indexDir: string): void {
  execFileSync(process.execPath, [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', source, '--index', indexDir], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const duration = Number(args.duration ?? 30);
  const connections = Number(args.connections ?? 50);
  const warmupSeconds = Number(args.warmup ?? 5);
  const warmup = warmupSeconds > 0 ? { connections, duration: warmupSeconds } : undefined;
  const reindexes = Number(args.reindex ?? 0);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-load-'));
  const source = path.join(work, '_posts');
  // A private copy, so reindexing under load can change posts.
  fs.cpSync(path.resolve(args.posts ?? path.join(SHARED, 'corpus/_posts')), source, { recursive: true });
  const indexDir = args.index ?? path.join(work, 'index');
  reindexCli(source, indexDir);
  const versions = new Set([readManifest(indexDir).version]);
  const server = await startServer(indexDir, { ZHSEARCH_CACHE_ENTRIES: '0' });
  const queries = fs
    .readFileSync(path.join(SHARED, 'eval/queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
  console.log(`load test: ${connections} connections, ${duration} s per route, ${queries.length} distinct queries, cache off, ${warmupSeconds} s warm-up per route, node ${process.version}, ${os.cpus().length} cores`);

  const trivial = await run({ url: `${server.url}/healthz`, connections, duration, warmup });
  const seen = new Map<string, number>();
  let n = 0;
  const search = run({
    url: server.url,
    connections,
    duration,
    warmup,
    requests: [
      {
        setupRequest: (req) => {
          const i = n++;
          const q = queries[i % queries.length]!;
          return { ...req, path: `/api/search?q=${encodeURIComponent(q)}&limit=10` };
        },
        onResponse: (_status, _body, _ctx, headers) => {
          const h = (headers ?? {}) as Record<string, string>;
          const v = String(h['X-Index-Version'] ?? h['x-index-version'] ?? 'none');
          seen.set(v, (seen.get(v) ?? 0) + 1);
        },
      },
    ],
  });
  if (reindexes > 0) {
    // Change posts and reindex while the search load runs; the server reloads each new index.
    const files = fs.readdirSync(source).filter((f) => f.endsWith('.md'));
    for (let k = 0; k < reindexes; k++) {
      await new Promise((r) => setTimeout(r, (duration * 1000) / (reindexes + 1)));
      for (let j = 0; j < 50; j++) fs.appendFileSync(path.join(source, files[(k * 50 + j) % files.length]!), `\n<p>负载测试第${k}轮修改${j}</p>\n`);
      reindexCli(source, indexDir);
      versions.add(readManifest(indexDir).version);
      console.log(`  reindex ${k + 1}/${reindexes} done: version ${readManifest(indexDir).version}`);
    }
  }
  const searched = await search;
  await server.stop();

  const rows = [summarize('/healthz', trivial), summarize('/api/search', searched)];
  const warmups = [warmupOf('/healthz', trivial), warmupOf('/api/search', searched)].filter((w): w is RunSummary => w !== null);
  console.log('route                  requests  errors  timeouts  non2xx     rps   p50 ms  p99 ms');
  for (const r of [...warmups, ...rows]) console.log(`${r.route.padEnd(22)} ${String(r.requests).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.timeouts).padStart(9)} ${String(r.non2xx).padStart(7)} ${String(r.rps).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(7)}`);
  const ratio = rows[1]!.rps / rows[0]!.rps;
  const unknown = [...seen.keys()].filter((v) => !versions.has(v));
  console.log(`search/trivial throughput: ${(ratio * 100).toFixed(1)}%`);
  console.log(`index versions served: ${[...seen].map(([v, c]) => `${v} x${c}`).join(', ')}; ${unknown.length === 0 ? 'all complete' : `UNKNOWN: ${unknown.join(', ')}`}`);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify({ connections, duration, warmupSeconds, reindexes, rows, warmups, ratio, versions: Object.fromEntries(seen), unknownVersions: unknown }, null, 2));
  fs.rmSync(work, { recursive: true, force: true });
  const ok = [...rows, ...warmups].every((r) => r.errors === 0 && r.non2xx === 0 && r.timeouts === 0) && unknown.length === 0;
  process.exit(ok ? 0 : 1);
}

main().catch((err: Error) => {
  console.error(`load test failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
