/**
 * node dist/scripts/natural-questions.js INDEX [--other ROOT]
 *
 * Questions as readers type them into a blog's search box (eval/natural-questions/
 * questions.txt: 怎么, 为什么, 有没有, 还是, 很慢, 类似…), asked of the index built from
 * ../shared/corpus. Each question whose first three hits are graded in
 * eval/natural-questions/judged.tsv is scored by nDCG@3 (0, 1, 2 as the shared judgments;
 * a hit nobody graded counts 0 and is listed), and the mean over them printed; with
 * `--other`, another build (a checkout built with `npx tsc -p .`) beside it. Prints too
 * how many questions the two builds answer with different first three hits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from '../src/config.js';
import { ROOT } from './server-process.js';
import { engineOf } from './engine-of.js';

interface Engine {
  search(query: string, options: { limit: number }): { hits: { id: string }[] };
}

const DEPTH = 3;
const index = process.argv[2];
const args = parseArgs(process.argv.slice(3));
if (!index || index.startsWith('--')) {
  console.error('usage: natural-questions INDEX [--other ROOT]');
  process.exit(2);
}
const dir = path.join(ROOT, 'eval/natural-questions');
const questions = fs.readFileSync(path.join(dir, 'questions.txt'), 'utf8').split('\n').filter(Boolean);
const grades = new Map<string, Map<string, number>>();
for (const line of fs.readFileSync(path.join(dir, 'judged.tsv'), 'utf8').split('\n').filter(Boolean)) {
  const [query, id, grade] = line.split('\t') as [string, string, string];
  if (!grades.has(query)) grades.set(query, new Map());
  grades.get(query)!.set(id, Number(grade));
}
const builds: [string, Engine][] = [['this checkout', await engineOf<Engine>(ROOT, index)]];
if (args.other) builds.push([String(args.other), await engineOf<Engine>(String(args.other), index)]);

const gain = (grade: number): number => 2 ** grade - 1;
const dcg = (gs: number[]): number => gs.reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);
const sums = builds.map(() => 0);
let judged = 0;
let differ = 0;
for (const q of questions) {
  const tops = builds.map(([, e]) => e.search(q, { limit: DEPTH }).hits.map((h) => h.id));
  if (tops.length > 1 && tops[0]!.join() !== tops[1]!.join()) differ++;
  const g = grades.get(q);
  if (!g) continue;
  judged++;
  const ideal = dcg([...g.values()].sort((a, b) => b - a).slice(0, DEPTH));
  const scores = tops.map((top) => (ideal > 0 ? dcg(top.map((id) => g.get(id) ?? 0)) / ideal : 0));
  scores.forEach((s, b) => (sums[b]! += s));
  const unjudged = tops.flat().filter((id) => !g.has(id));
  console.log(
    `${q}: ${scores.map((s) => s.toFixed(2)).join(' | ')}${unjudged.length ? `  (not graded: ${[...new Set(unjudged)].join(', ')})` : ''}`,
  );
}
console.log(
  `${judged} graded questions, mean nDCG@${DEPTH}: ${builds.map(([name], b) => `${name} ${(sums[b]! / Math.max(1, judged)).toFixed(3)}`).join(', ')}`,
);
if (builds.length > 1) console.log(`${differ} of ${questions.length} questions have other first ${DEPTH} hits in the two builds`);
process.exit(0);
