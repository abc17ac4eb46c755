/**
 * node dist/scripts/replicas-test.js [--posts DIR] [--seconds 20] [--connections 50] [--json FILE]
 *
 * The scale-out recipe of docs/deploy.md on this machine: one builder index folder, two
 * replicas (`serve` child processes, each on its own copy of the index), Debian's nginx
 * in front (deploy/nginx.conf with this run's ports). In one run:
 *   1. throughput through nginx to one replica and to both, in alternating turns
 *      (`/api/search`, the 260 public eval queries, cache off);
 *   2. under load through nginx, the builder reindexes changed posts and ships the new
 *      version to each replica with deploy/ship-index.sh (rsync: the files the manifest
 *      names first, a delta segment for a small change, the manifest last); each replica
 *      swaps on its own (applying the delta to the version it serves). Every answer must be a 2xx and
 *      carry a complete version (the old or the new one), and both replicas must end on
 *      the new one.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { parseArgs } from '../src/config.js';
import { readManifest } from '../src/store/store.js';
import { freePort, indexVersionOf, ROOT, startServer, type ServerProcess } from './server-process.js';

const run = promisify(execFile);
const SHARED = path.resolve(ROOT, '../shared');
const REINDEX = path.join(ROOT, 'dist/src/cli/reindex.js');
const SHIP = path.join(ROOT, 'deploy/ship-index.sh');

interface Turn {
  requests: number;
  seconds: number;
  errors: number;
  non2xx: number;
  p99: number;
}

async function drive(url: string, seconds: number, connections: number, queries: string[], seen?: Map<string, number>): Promise<Turn> {
  let n = 0;
  const t0 = performance.now();
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => ({ ...req, path: `/api/search?q=${encodeURIComponent(queries[n++ % queries.length]!)}&limit=10` }),
        onResponse: (_status, _body, _ctx, headers) => {
          if (!seen) return;
          const v = indexVersionOf(headers);
          seen.set(v, (seen.get(v) ?? 0) + 1);
        },
      },
    ],
  });
  return {
    requests: r.requests.total,
    seconds: (performance.now() - t0) / 1000,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    p99: r.latency.p99,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seconds = Number(args.seconds ?? 20);
  const connections = Number(args.connections ?? 50);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-replicas-'));
  const posts = path.join(work, 'posts');
  const builder = path.join(work, 'builder');
  const replicaDirs = [path.join(work, 'r1'), path.join(work, 'r2')];
  const replicas: ServerProcess[] = [];
  let nginx: ChildProcess | null = null;
  try {
    fs.cpSync(path.resolve(args.posts ?? path.join(SHARED, 'corpus/_posts')), posts, { recursive: true });
    await run(process.execPath, [REINDEX, '--source', posts, '--index', builder]);
    const first = readManifest(builder).version;
    for (const dir of replicaDirs) {
      fs.mkdirSync(dir);
      await run(SHIP, [builder, dir]);
    }
    for (const dir of replicaDirs) replicas.push(await startServer(dir, { ZHSEARCH_CACHE_ENTRIES: '0', ZHSEARCH_LOG_LEVEL: 'warn' }));
    const [both, one] = [await freePort(), await freePort()];
    const ports = replicas.map((r) => new URL(r.url).port);
    // deploy/nginx.conf as documented, with this run's ports, and a second front to one replica.
    const conf = fs
      .readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8')
      .replace('127.0.0.1:3001', `127.0.0.1:${ports[0]}`)
      .replace('127.0.0.1:3002', `127.0.0.1:${ports[1]}`)
      .replace('listen 127.0.0.1:8080;', `listen 127.0.0.1:${both};`)
      .replace(
        /\n}\s*$/,
        `\n  upstream one { server 127.0.0.1:${ports[0]}; keepalive 64; }\n  server { listen 127.0.0.1:${one}; location / { proxy_pass http://one; proxy_http_version 1.1; proxy_set_header Connection ""; } }\n}\n`,
      );
    fs.writeFileSync(path.join(work, 'nginx.conf'), conf);
    nginx = spawn('nginx', ['-p', work, '-c', path.join(work, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 50; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${both}/healthz`)).ok && (await fetch(`http://127.0.0.1:${one}/healthz`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const queries = fs
      .readFileSync(path.join(SHARED, 'eval/queries.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { q: string }).q);
    console.log(
      `replicas: 2 × serve behind nginx, ${connections} connections, cache off, ${os.cpus().length} cores, node ${process.version}`,
    );

    // 1. One replica vs two, alternating turns after a warm-up of each.
    await drive(`http://127.0.0.1:${one}`, 3, connections, queries);
    await drive(`http://127.0.0.1:${both}`, 3, connections, queries);
    const turns = { one: [] as Turn[], both: [] as Turn[] };
    for (let i = 0; i < 4; i++) {
      const order: ('one' | 'both')[] = i % 2 === 0 ? ['one', 'both'] : ['both', 'one'];
      for (const k of order) turns[k].push(await drive(`http://127.0.0.1:${k === 'one' ? one : both}`, seconds / 4, connections, queries));
    }
    const rate = (ts: Turn[]): number => Math.round(ts.reduce((n, t) => n + t.requests, 0) / ts.reduce((n, t) => n + t.seconds, 0));
    const [rateOne, rateBoth] = [rate(turns.one), rate(turns.both)];
    console.log(`through nginx: one replica ${rateOne} req/s, two replicas ${rateBoth} req/s (×${(rateBoth / rateOne).toFixed(2)})`);
    console.log(
      `  per turn: one ${turns.one.map((t) => Math.round(t.requests / t.seconds)).join(', ')}; two ${turns.both.map((t) => Math.round(t.requests / t.seconds)).join(', ')}`,
    );

    // 2. A new version shipped to both replicas under load.
    const seen = new Map<string, number>();
    const shipping = (async () => {
      await new Promise((r) => setTimeout(r, (seconds * 1000) / 4));
      const files = fs.readdirSync(posts).sort().slice(0, 50);
      for (const f of files) fs.appendFileSync(path.join(posts, f), '\n<p>副本测试新版本</p>\n');
      await run(process.execPath, [REINDEX, '--index', builder]);
      const t0 = performance.now();
      for (const dir of replicaDirs) await run(SHIP, [builder, dir]);
      return { version: readManifest(builder).version, shipSeconds: (performance.now() - t0) / 1000 };
    })();
    const loaded = await drive(`http://127.0.0.1:${both}`, seconds, connections, queries, seen);
    const { version: second, shipSeconds } = await shipping;
    const served = await Promise.all(
      replicas.map(async (r) => ((await (await fetch(`${r.url}/readyz`)).json()) as { version: string }).version),
    );
    const complete = [...seen.keys()].every((v) => v === first || v === second);
    console.log(
      `under load while shipping: ${loaded.requests} requests, ${loaded.errors} errors, ${loaded.non2xx} non-2xx, p99 ${loaded.p99} ms; shipped to both in ${shipSeconds.toFixed(2)} s`,
    );
    console.log(
      `  versions answered: ${[...seen].map(([v, c]) => `${v} ×${c}`).join(', ')}; ${complete ? 'all complete' : 'NOT ALL COMPLETE'}`,
    );
    console.log(`  replicas now serve: ${served.join(', ')} (builder: ${second})`);
    const ok = loaded.errors === 0 && loaded.non2xx === 0 && complete && served.every((v) => v === second) && seen.has(second);
    if (args.json)
      fs.writeFileSync(
        args.json,
        JSON.stringify(
          { rateOne, rateBoth, turns, loaded, versions: Object.fromEntries(seen), first, second, served, shipSeconds, ok },
          null,
          2,
        ),
      );
    console.log(ok ? 'ok' : 'FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    nginx?.kill('SIGQUIT');
    await Promise.all(replicas.map((r) => r.stop()));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`replicas test failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
