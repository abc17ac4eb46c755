/**
 * node dist/scripts/load-test.js [--posts DIR] [--index DIR] [--duration 30] [--connections 50]
 *                                [--slices 6] [--warmup 5] [--reindex N] [--log-level warn] [--json FILE]
 *
 * autocannon against a `serve` child process on loopback, in one run:
 *   1. a trivial JSON route of the same app (GET /healthz),
 *   2. GET /api/search with uncached queries (cache off; the 260 public eval queries
 *      in turn, 10 hits each).
 * Each route is driven for `--duration` seconds in all, in `--slices` turns taken
 * alternately (trivial, search, search, trivial, …): the machine's speed drifts by up
 * to a half within minutes, and alternating short turns lets both routes see the same
 * drift, so their ratio measures the routes rather than the minute. Before that, each
 * route is driven for `--warmup` seconds, not counted (V8 still optimises a fresh
 * process's code in its first seconds). With `--reindex N`, `reindex` rewrites the index
 * N times with changed posts while the load runs, and the server hot-reloads each one.
 * Reports requests, errors, non-2xx, throughput, p50/p99 latency over all turns of a
 * route, each turn's throughput and p99, the search/trivial throughput ratio, and whether
 * every answer's X-Index-Version was a complete index. The server logs at `--log-level`
 * (default warn: no request logs; `info` writes one JSON line per request, to /dev/null here).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { parseArgs } from '../src/config.js';
import { readManifest } from '../src/store/store.js';
import { indexVersionOf, ROOT, startServer } from './server-process.js';

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

/** One turn's result as autocannon gives it with `skipAggregateResult` (histograms still encoded). */
interface Turn {
  totalCompletedRequests: number;
  seconds: number;
}

// Both are in autocannon 9 (README: "aggregateResult"); its type definitions lack them.
const runTurn = async (opts: autocannon.Options): Promise<Turn> => {
  const t0 = performance.now();
  const raw = (await autocannon({ ...opts, skipAggregateResult: true } as autocannon.Options)) as unknown as Turn;
  return Object.assign(raw, { seconds: (performance.now() - t0) / 1000 });
};
const aggregate = (
  autocannon as unknown as { aggregateResult(results: Turn[], opts: { url: string; connections: number }): autocannon.Result }
).aggregateResult;

function summarize(route: string, turns: Turn[], url: string, connections: number): RunSummary {
  const r = aggregate(turns, { url, connections });
  const requests = turns.reduce((n, t) => n + t.totalCompletedRequests, 0);
  const seconds = turns.reduce((n, t) => n + t.seconds, 0);
  return {
    route,
    requests,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    rps: Math.round(requests / seconds),
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}

const reindexCli = promisify(execFile);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const duration = Number(args.duration ?? 30);
  const connections = Number(args.connections ?? 50);
  const slices = Math.max(1, Number(args.slices ?? 6));
  const warmupSeconds = Number(args.warmup ?? 5);
  const reindexes = Number(args.reindex ?? 0);
  const logLevel = args['log-level'] ?? 'warn';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-load-'));
  const source = path.join(work, '_posts');
  // A private copy, so reindexing under load can change posts.
  fs.cpSync(path.resolve(args.posts ?? path.join(SHARED, 'corpus/_posts')), source, { recursive: true });
  const indexDir = args.index ?? path.join(work, 'index');
  const reindex = () => reindexCli(process.execPath, [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', source, '--index', indexDir]);
  await reindex();
  const versions = new Set([readManifest(indexDir).version]);
  const server = await startServer(indexDir, { ZHSEARCH_CACHE_ENTRIES: '0', ZHSEARCH_LOG_LEVEL: logLevel });
  const queries = fs
    .readFileSync(path.join(SHARED, 'eval/queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
  const turnSeconds = duration / slices;
  console.log(
    `load test: ${connections} connections, ${duration} s per route in ${slices} alternating turns of ${turnSeconds} s, ${queries.length} distinct queries, cache off, log level ${logLevel}, ${warmupSeconds} s warm-up per route, node ${process.version}, ${os.cpus().length} cores`,
  );

  const seen = new Map<string, number>();
  let n = 0;
  const routes = {
    '/healthz': { url: `${server.url}/healthz`, connections },
    '/api/search': {
      url: server.url,
      connections,
      requests: [
        {
          setupRequest: (req) => {
            const q = queries[n++ % queries.length]!;
            return { ...req, path: `/api/search?q=${encodeURIComponent(q)}&limit=10` };
          },
          onResponse: (_status, _body, _ctx, headers) => {
            const v = indexVersionOf(headers);
            seen.set(v, (seen.get(v) ?? 0) + 1);
          },
        },
      ],
    },
  } satisfies Record<string, autocannon.Options & { url: string }>;
  type Route = keyof typeof routes;

  const warmups: Partial<Record<Route, Turn>> = {};
  if (warmupSeconds > 0)
    for (const route of Object.keys(routes) as Route[]) warmups[route] = await runTurn({ ...routes[route], duration: warmupSeconds });

  let changing: Promise<void> = Promise.resolve();
  if (reindexes > 0) {
    // Change posts and reindex while the load runs (both routes); the server reloads each new index.
    const files = fs.readdirSync(source).filter((f) => f.endsWith('.md'));
    const start = performance.now();
    changing = (async () => {
      for (let k = 0; k < reindexes; k++) {
        // Evenly over the load of both routes (2 × duration).
        const at = start + ((k + 1) * 2 * duration * 1000) / (reindexes + 1);
        await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
        for (let j = 0; j < 50; j++)
          fs.appendFileSync(path.join(source, files[(k * 50 + j) % files.length]!), `\n<p>负载测试第${k}轮修改${j}</p>\n`);
        await reindex();
        versions.add(readManifest(indexDir).version);
        console.log(`  reindex ${k + 1}/${reindexes} done: version ${readManifest(indexDir).version}`);
      }
    })();
    // Awaited once the turns are over; a failed reindex then fails the test.
    changing.catch(() => undefined);
  }
  const turns: Record<Route, Turn[]> = { '/healthz': [], '/api/search': [] };
  for (let i = 0; i < slices; i++) {
    const order: Route[] = i % 2 === 0 ? ['/healthz', '/api/search'] : ['/api/search', '/healthz'];
    for (const route of order) turns[route].push(await runTurn({ ...routes[route], duration: turnSeconds }));
  }
  await changing;
  await server.stop();

  const rows = (Object.keys(routes) as Route[]).map((route) => summarize(route, turns[route], routes[route].url, connections));
  const warmupRows = (Object.keys(warmups) as Route[]).map((route) =>
    summarize(`${route} warm-up`, [warmups[route]!], routes[route].url, connections),
  );
  console.log('route                  requests  errors  timeouts  non2xx     rps   p50 ms  p99 ms');
  for (const r of [...warmupRows, ...rows])
    console.log(
      `${r.route.padEnd(22)} ${String(r.requests).padStart(8)} ${String(r.errors).padStart(7)} ${String(r.timeouts).padStart(9)} ${String(r.non2xx).padStart(7)} ${String(r.rps).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(7)}`,
    );
  // Each turn summarised alone, as the warm-ups are (aggregateResult decodes a turn's histograms anew on each call).
  const perTurn = {} as Record<Route, { rps: number[]; p99: number[] }>;
  for (const route of Object.keys(routes) as Route[]) {
    const alone = turns[route].map((t) => summarize(route, [t], routes[route].url, connections));
    perTurn[route] = { rps: alone.map((r) => r.rps), p99: alone.map((r) => r.p99) };
  }
  const turnRatios = perTurn['/api/search'].rps.map((s, i) => s / perTurn['/healthz'].rps[i]!);
  for (const route of Object.keys(routes) as Route[])
    console.log(`${route} req/s per turn: ${perTurn[route].rps.join(', ')}; p99 ms per turn: ${perTurn[route].p99.join(', ')}`);
  const ratio = rows[1]!.rps / rows[0]!.rps;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`search/trivial throughput: ${pct(ratio)} (turn by turn ${pct(Math.min(...turnRatios))}–${pct(Math.max(...turnRatios))})`);
  const unknown = [...seen.keys()].filter((v) => !versions.has(v));
  console.log(
    `index versions served: ${[...seen].map(([v, c]) => `${v} x${c}`).join(', ')}; ${unknown.length === 0 ? 'all complete' : `UNKNOWN: ${unknown.join(', ')}`}`,
  );
  if (args.json)
    fs.writeFileSync(
      args.json,
      JSON.stringify(
        {
          connections,
          duration,
          slices,
          warmupSeconds,
          reindexes,
          rows,
          warmups: warmupRows,
          perTurn,
          ratio,
          turnRatios,
          versions: Object.fromEntries(seen),
          unknownVersions: unknown,
        },
        null,
        2,
      ),
    );
  fs.rmSync(work, { recursive: true, force: true });
  const ok = [...rows, ...warmupRows].every((r) => r.errors === 0 && r.non2xx === 0 && r.timeouts === 0) && unknown.length === 0;
  process.exit(ok ? 0 : 1);
}

main().catch((err: Error) => {
  console.error(`load test failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
