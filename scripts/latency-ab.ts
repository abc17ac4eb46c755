/**
 * node dist/scripts/latency-ab.js OTHER_ROOT INDEX [--queries FILE] [--runs 9] [--other-index DIR]
 *
 * Search latency of this checkout against another build of zhsearch (a git worktree of
 * an older commit, built with `npx tsc -p .`), both loaded in this one process and timed
 * query by query, in turns: this machine's speed moves by a quarter within minutes, so
 * two separate runs compare the minutes more than the code. Each query's time is the
 * fastest of `--runs` tries of each build; the report gives p50/p95/p99 and the sum over
 * the queries (default: the public eval queries), and the queries that changed most.
 * `--other-index`: the other build reads this index instead (the same posts saved in a
 * format it reads, when this checkout changed the format).
 *
 * @example
 * git worktree add /tmp/old 175faa1 && (cd /tmp/old && ln -s $PWD/node_modules . && npx tsc -p .)
 * node dist/scripts/latency-ab.js /tmp/old /tmp/idx13
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../src/config.js';
import { percentile } from './percentile.js';
import { ROOT } from './server-process.js';
import { engineOf } from './engine-of.js';

interface Engine {
  search(q: string, o: { limit: number }): unknown;
}

function figures(times: number[]): string {
  const at = (p: number): string => percentile(times, p).toFixed(3);
  return `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, sum ${times.reduce((a, b) => a + b, 0).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  const [other, index] = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!other || !index) {
    console.error('usage: latency-ab OTHER_ROOT INDEX [--queries FILE] [--runs 9] [--other-index DIR]');
    process.exit(2);
  }
  const file = String(args.queries ?? path.join(ROOT, '../shared/eval/queries.jsonl'));
  const runs = Number(args.runs ?? 9);
  const queries = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const o = JSON.parse(l) as { q?: string; query?: string };
      return o.q ?? o.query ?? '';
    });
  const here = await engineOf<Engine>(ROOT, index);
  const there = await engineOf<Engine>(path.resolve(other), String(args['other-index'] ?? index));
  // Warm-up: V8 optimises both builds' code before anything is timed.
  for (let pass = 0; pass < 4; pass++) {
    for (const q of queries) {
      here.search(q, { limit: 10 });
      there.search(q, { limit: 10 });
    }
  }
  const rows = queries.map((q) => {
    let a = Infinity;
    let b = Infinity;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      here.search(q, { limit: 10 });
      a = Math.min(a, performance.now() - t);
      t = performance.now();
      there.search(q, { limit: 10 });
      b = Math.min(b, performance.now() - t);
    }
    return { q, here: a, there: b };
  });
  console.log(`${queries.length} queries, fastest of ${runs} tries each, the two builds in turns`);
  console.log(`this checkout: ${figures(rows.map((r) => r.here))}`);
  console.log(`${other}: ${figures(rows.map((r) => r.there))}`);
  console.log('most slower here (ms here / there):');
  for (const r of rows.sort((x, y) => y.here - y.there - (x.here - x.there)).slice(0, 8))
    console.log(`  ${r.here.toFixed(2)} / ${r.there.toFixed(2)}  ${r.q}`);
  process.exit(0);
}

await main();
