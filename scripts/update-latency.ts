/**
 * node dist/scripts/update-latency.js [--posts DIR] [--saves 5] [--json FILE]
 *
 * How long after a writer saves a post a reader finds it: a `serve --source DIR --watch`
 * child process over a copy of the posts (default: the 13,607 shared posts); each round
 * appends a word nobody used to one post file and asks `/api/search` for it every 10 ms
 * (cache off) until the answer holds that post. Reports each round's latency from the
 * file's write to that first answer, and the median.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from '../src/config.js';
import { ROOT, startServer } from './server-process.js';

/** What {@link measureUpdateLatency} reports: each save's latency and their median, in ms. */
export interface UpdateLatency {
  rounds: number[];
  medianMs: number;
  /** The save made first, as the server has just started (its catch-up build and warm-ups may still run); not in the median. */
  firstMs: number;
}

/**
 * Serves a copy of `postsDir` with `--watch` and, `saves` times, appends a new word to
 * one post and asks for it every 10 ms until the answer holds that post.
 */
export async function measureUpdateLatency(
  postsDir: string,
  saves: number,
  log: (line: string) => void = console.log,
): Promise<UpdateLatency> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-update-'));
  const posts = path.join(work, 'posts');
  const indexDir = path.join(work, 'index');
  // With their times, as a site's files are (a fresh copy would make every file look just saved).
  fs.cpSync(postsDir, posts, { recursive: true, preserveTimestamps: true });
  // Builds the first index from the posts, then rebuilds on every save.
  const server = await startServer(indexDir, { ZHSEARCH_CACHE_ENTRIES: '0' }, ['--source', posts, '--watch']);
  const { url } = server;
  const rounds: number[] = [];
  try {
    const files = fs.readdirSync(posts).sort();
    for (let k = 0; k <= saves; k++) {
      const file = files[(k * 997) % files.length]!;
      const id = file.replace(/\.[^.]+$/, '');
      // Latin letters no post has: found only once the change is served.
      const word = `zqxupdate${k}${Date.now().toString(36)}`;
      await new Promise((r) => setTimeout(r, 1500));
      const t0 = performance.now();
      fs.appendFileSync(path.join(posts, file), `\n<p>${word}</p>\n`);
      for (;;) {
        const r = (await (await fetch(`${url}/api/search?q=${word}`)).json()) as { hits?: { id: string }[] };
        if (r.hits?.some((h) => h.id === id)) break;
        if (performance.now() - t0 > 120_000) throw new Error(`${file}: not searchable after 120 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
      rounds.push(performance.now() - t0);
      log(`${k === 0 ? 'first save, just after the start' : `save ${k}`}: ${file} searchable after ${Math.round(rounds.at(-1)!)} ms`);
    }
  } finally {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const [first, ...rest] = rounds;
  const sorted = [...rest].sort((a, b) => a - b);
  return { rounds: rest.map(Math.round), medianMs: Math.round(sorted[sorted.length >> 1]!), firstMs: Math.round(first!) };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const result = await measureUpdateLatency(
    path.resolve(args.posts ?? path.join(ROOT, '../shared/corpus/_posts')),
    Number(args.saves ?? 5),
  );
  const sorted = [...result.rounds].sort((a, b) => a - b);
  console.log(
    `${sorted.length} saves: median ${result.medianMs} ms, from ${sorted[0]} to ${sorted.at(-1)} ms (the first save, just after the start: ${result.firstMs} ms)`,
  );
  if (args.json) fs.writeFileSync(String(args.json), JSON.stringify(result, null, 2));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: Error) => {
    console.error(`update-latency failed: ${err.stack ?? err.message}`);
    process.exit(1);
  });
}
