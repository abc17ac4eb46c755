/**
 * node dist/scripts/related-latency.js INDEX [--posts 60] [--limit 5] [--other ROOT]
 *
 * How long related posts take (`engine.related(id, limit)`), for `--posts` posts spread
 * evenly over the index, after five warm-up lookups (jieba's keyword tables read, the
 * code optimised). With `--other`, another build of zhsearch (a git worktree built with
 * `npx tsc -p .`) answers the same lookups in turns, and every answer is compared.
 */
import { parseArgs } from '../src/config.js';
import { percentile } from './percentile.js';
import { ROOT } from './server-process.js';
import { engineOf } from './engine-of.js';

interface Engine {
  docs: readonly ({ id: string } | undefined)[];
  related(id: string, limit: number): unknown;
}

const index = process.argv[2];
const args = parseArgs(process.argv.slice(3));
if (!index || index.startsWith('--')) {
  console.error('usage: related-latency INDEX [--posts 60] [--limit 5] [--other ROOT]');
  process.exit(2);
}
const count = Number(args.posts ?? 60);
const limit = Number(args.limit ?? 5);
const builds: [string, Engine][] = [['this checkout', await engineOf<Engine>(ROOT, index)]];
if (args.other) builds.push([args.other, await engineOf<Engine>(args.other, index)]);
const { docs } = builds[0]![1];
const ids: string[] = [];
for (let i = 0; i < docs.length && ids.length < count; i += Math.max(1, Math.floor(docs.length / count))) {
  const d = docs[i];
  if (d) ids.push(d.id);
}
for (const [, engine] of builds) for (const id of ids.slice(0, 5)) engine.related(id, limit);
const times = builds.map((): number[] => []);
let differences = 0;
for (const id of ids) {
  const answers = builds.map(([, engine], b) => {
    const t = performance.now();
    const answer = engine.related(id, limit);
    times[b]!.push(performance.now() - t);
    return JSON.stringify(answer);
  });
  if (answers.some((a) => a !== answers[0])) differences++;
}
console.log(`${ids.length} posts, ${limit} related posts each`);
builds.forEach(([name], b) => {
  const list = times[b]!;
  const at = (p: number): string => percentile(list, p).toFixed(1);
  console.log(`${name}: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${Math.max(...list).toFixed(1)} ms`);
});
if (builds.length > 1) console.log(`answers that differ: ${differences}`);
process.exit(0);
