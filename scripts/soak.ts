/**
 * node dist/scripts/soak.js [--minutes 10] [--posts DIR] [--connections 20]
 *
 * Runs search traffic (the public eval queries, varied limits and offsets, cache on)
 * against a `serve` child process, samples its RSS every 10 s and reports growth after a
 * one-minute warm-up (target: under 10%).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseArgs } from '../src/config.js';
import { ROOT, startServer } from './server-process.js';

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const minutes = Number(args.minutes ?? 10);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-soak-'));
  const indexDir = path.join(work, 'index');
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'dist/src/cli/reindex.js'),
      '--source',
      path.resolve(args.posts ?? path.join(ROOT, '../shared/corpus/_posts')),
      '--index',
      indexDir,
    ],
    { stdio: 'inherit' },
  );
  const server = await startServer(indexDir);
  const queries = fs
    .readFileSync(path.join(ROOT, '../shared/eval/queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
  let n = 0;
  const samples: { s: number; rss: number }[] = [];
  const t0 = Date.now();
  const timer = setInterval(() => {
    const s = Math.round((Date.now() - t0) / 1000);
    const rss = rssMb(server.child.pid!);
    samples.push({ s, rss });
    console.log(`${String(s).padStart(4)} s  rss ${rss.toFixed(1)} MB`);
  }, 10_000);
  const result = await autocannon({
    url: server.url,
    connections: Number(args.connections ?? 20),
    duration: minutes * 60,
    requests: [
      {
        setupRequest: (req) => {
          const i = n++;
          const q = queries[i % queries.length]!;
          return { ...req, path: `/api/search?q=${encodeURIComponent(q)}&limit=${1 + (i % 50)}&offset=${i % 7}` };
        },
      },
    ],
  });
  clearInterval(timer);
  await server.stop();
  const warm = samples.find((x) => x.s >= 60) ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  const growth = ((last.rss - warm.rss) / warm.rss) * 100;
  console.log(`${result.requests.total} requests, ${result.errors} errors, ${result.non2xx} non-2xx, p99 ${result.latency.p99} ms`);
  console.log(
    `RSS after warm-up (${warm.s} s): ${warm.rss.toFixed(1)} MB, at the end (${last.s} s): ${last.rss.toFixed(1)} MB, growth ${growth.toFixed(1)}%`,
  );
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(growth < 10 && result.errors === 0 && result.non2xx === 0 ? 0 : 1);
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
