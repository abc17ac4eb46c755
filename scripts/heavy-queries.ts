/**
 * node dist/scripts/heavy-queries.js INDEX [--tries 7] [--other ROOT [--other-index DIR]]
 *
 * The searches that read the most matches on a large site, each timed on this thread:
 * the median of the last five of `--tries` (the first two warm the code up). A common
 * character (`的`, in most posts), the one-character prefix the search box asks for
 * while a reader types (`开`), OR of two common words, a deep page, an exclusion alone,
 * a filter alone, a sort by date. With `--other`, another build of zhsearch (a git
 * worktree built with `npx tsc -p .`) answers the same searches in turns, and every
 * answer is compared; `--other-index`: it reads this index instead (the same posts in
 * a format it reads).
 */
import { parseArgs } from '../src/config.js';
import { percentile } from './percentile.js';
import { ROOT } from './server-process.js';
import { engineOf } from './engine-of.js';
import type { SearchOptions } from '../src/search/engine.js';

interface Engine {
  search(query: string, options: SearchOptions): { total: number };
}

/** What each search is, its query and its options (10 hits a page unless said). */
const SEARCHES: [name: string, query: string, options: SearchOptions][] = [
  ['a common character', '的', {}],
  ['a one-character prefix', '开', {}],
  ['a common word', '工具', {}],
  ['OR of two common words', '开源 OR 工具', {}],
  ['a deep page', '开源', { offset: 9990 }],
  ['an exclusion alone', '-的', {}],
  ['a category alone', '', { categories: ['gongju'] }],
  ['a tag alone', '', { tags: ['工具'] }],
  ['a common word by date', '开源', { sort: 'date' }],
  ['a word in a category', '开源', { categories: ['gongju'] }],
];

const index = process.argv[2];
const args = parseArgs(process.argv.slice(3));
if (!index || index.startsWith('--')) {
  console.error('usage: heavy-queries INDEX [--tries 7] [--other ROOT [--other-index DIR]]');
  process.exit(2);
}
const tries = Math.max(3, Number(args.tries ?? 7));
const builds: [string, Engine][] = [['this checkout', await engineOf<Engine>(ROOT, index)]];
if (args.other) builds.push([args.other, await engineOf<Engine>(args.other, String(args['other-index'] ?? index))]);
let differences = 0;
console.log(['search', 'matches', ...builds.map(([name]) => `${name}, ms`)].join(' | '));
for (const [name, query, options] of SEARCHES) {
  const times = builds.map((): number[] => []);
  const answers = builds.map((): string => '');
  let total = 0;
  for (let t = 0; t < tries; t++) {
    builds.forEach(([, engine], b) => {
      const start = performance.now();
      const answer = engine.search(query, { limit: 10, ...options });
      const took = performance.now() - start;
      if (t >= 2) times[b]!.push(took);
      total = answer.total;
      answers[b] = JSON.stringify(answer);
    });
  }
  if (answers.some((a) => a !== answers[0])) differences++;
  console.log(
    [
      `${name} (${JSON.stringify(query)}${Object.keys(options).length ? ` ${JSON.stringify(options)}` : ''})`,
      total,
      ...times.map((list) => percentile(list, 0.5).toFixed(1)),
    ].join(' | '),
  );
}
if (builds.length > 1) console.log(`answers that differ: ${differences}`);
process.exit(0);
