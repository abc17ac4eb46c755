/**
 * npm run eval [-- --posts DIR] [--index DIR]
 *
 * Builds an index of the shared corpus (default ../shared/corpus/_posts), serves it on a
 * loopback port, runs the shared evaluation (../shared/eval/run-eval.mjs) against it, then
 * this project's feature queries (eval/features.jsonl: phrase, exclusion, OR, pinyin,
 * typo, synonym), whose ground truth is computed here from the corpus text as the shared
 * evaluation sees it. The index is built in a temporary folder removed at the end; with
 * `--index DIR` it is built there and kept, with the shared evaluation's figures beside it
 * (shared-eval.json).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { DEFAULT_CONFIG, parseArgs, readSynonyms } from '../src/config.js';
import { reindex, summaryLine } from '../src/build/reindex.js';
import { createApp } from '../src/server/app.js';
import { createHttpServer } from '../src/server/http-server.js';
import { IndexHolder } from '../src/store/index-holder.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const SHARED = path.resolve(ROOT, '../shared');

interface Feature {
  type: string;
  q: string;
  must?: string[];
  mustNot?: string[];
  anyOf?: string[];
  words?: string[];
  correct?: string;
}

type Post = { id: string; title: string; tags: string; text: string };

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const posts = path.resolve(args.posts ?? path.join(SHARED, 'corpus/_posts'));
  const indexDir = args.index ?? fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-eval-'));
  try {
    await evaluate(posts, indexDir);
  } finally {
    // A 21 MB index a run, which piled up in the temp folder.
    if (!args.index) fs.rmSync(indexDir, { recursive: true, force: true });
  }
}

async function evaluate(posts: string, indexDir: string): Promise<void> {
  const { report } = await reindex({ source: posts, indexDir });
  console.log(summaryLine(report));
  const synonymsFile = path.join(ROOT, 'eval/synonyms.txt');
  const holder = new IndexHolder(indexDir, { loadSynonyms: () => readSynonyms(synonymsFile) });
  holder.reload();
  const app = createApp({
    config: { ...DEFAULT_CONFIG, indexDir, source: posts, watchIndex: false },
    holder,
    logger: pino({ level: 'silent' }),
  });
  const server = createHttpServer(app).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The shared evaluation runs without synonyms, as the peers do.
  holder.current!.engine.setSynonyms([]);
  console.log('\n== shared evaluation (../shared/eval/run-eval.mjs)');
  const shared = await runChild(process.execPath, [
    path.join(SHARED, 'eval/run-eval.mjs'),
    '--url',
    url,
    '--json',
    path.join(indexDir, 'shared-eval.json'),
  ]);
  process.stdout.write(shared);
  holder.refreshSynonyms();

  console.log('\n== feature queries (eval/features.jsonl)');
  const { loadPosts, norm } = (await import(pathToFileURL(path.join(SHARED, 'eval/corpus-text.mjs')).href)) as {
    loadPosts: (d: string) => Post[];
    norm: (s: string) => string;
  };
  const texts = new Map(loadPosts(posts).map((p) => [p.id, norm(`${p.title} ${p.tags} ${p.text}`).replace(/ /g, '')]));
  const has = (id: string, w: string): boolean => texts.get(id)?.includes(norm(w).replace(/ /g, '')) ?? false;
  const features = fs
    .readFileSync(path.join(ROOT, 'eval/features.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Feature);
  const byType = new Map<string, number[]>();
  for (const f of features) {
    const score = await scoreFeature(url, f, texts, has);
    console.log(`${f.type.padEnd(15)} ${score.toFixed(3)}  ${f.q}`);
    byType.set(f.type, [...(byType.get(f.type) ?? []), score]);
  }
  console.log('');
  for (const [type, scores] of byType)
    console.log(`${type.padEnd(15)} n=${scores.length}  score=${(scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(3)}`);
  server.close();
  holder.close();
}

/** Recall (share of the posts the rule selects that come back) times precision (share of hits that obey it). */
async function scoreFeature(url: string, f: Feature, texts: Map<string, string>, has: (id: string, w: string) => boolean): Promise<number> {
  if (f.type === 'pinyin-suggest') {
    const r = (await (await fetch(`${url}/api/suggest?q=${encodeURIComponent(f.q)}&limit=8`)).json()) as {
      suggestions: { text: string }[];
    };
    return f.words!.every((w) => r.suggestions.some((s) => s.text === w)) ? 1 : 0;
  }
  const r = (await (await fetch(`${url}/api/search?q=${encodeURIComponent(f.q)}&limit=100`)).json()) as {
    total: number;
    hits: { id: string }[];
    didYouMean?: { query: string };
    interpretedAs?: string[];
  };
  if (f.type === 'typo') return r.didYouMean?.query === f.correct ? 1 : 0;
  let rule: (id: string) => boolean;
  if (f.type === 'pinyin') {
    if (!f.words!.every((w) => r.interpretedAs?.includes(w))) return 0;
    rule = (id) => f.words!.some((w) => has(id, w));
    return precision(r.hits, rule);
  }
  if (f.anyOf) rule = (id) => f.anyOf!.some((w) => has(id, w));
  else rule = (id) => f.must!.every((w) => has(id, w)) && !(f.mustNot ?? []).some((w) => has(id, w));
  const expected = [...texts.keys()].filter(rule);
  const got = new Set(r.hits.map((h) => h.id));
  const recall = expected.length === 0 ? 1 : expected.filter((id) => got.has(id)).length / Math.min(expected.length, 100);
  return Math.min(1, recall) * precision(r.hits, rule);
}

function precision(hits: { id: string }[], rule: (id: string) => boolean): number {
  return hits.length === 0 ? 0 : hits.filter((h) => rule(h.id)).length / hits.length;
}

function runChild(cmd: string, argv: string[]): Promise<string> {
  return new Promise((resolve) => {
    // Asynchronous: the server answering it lives in this process.
    execFile(cmd, argv, { maxBuffer: 1 << 24 }, (_e, out, err) => resolve(out + err));
  });
}

main().catch((err: Error) => {
  console.error(`eval failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
