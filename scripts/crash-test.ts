/**
 * node dist/scripts/crash-test.js [--source DIR] [--runs 20] [--serve]
 *
 * Kills `reindex` with SIGKILL at random moments, half of the runs while it writes the
 * index (as soon as a temporary file appears in the index folder). After every kill the
 * index folder must load (checksums verified) as the previous complete index or the new
 * complete one, never a mix: a marker written into the posts before the run is found
 * exactly when the new version is served. With --serve, a server is started on the
 * folder after every kill and must answer /readyz.
 *
 * Each run changes one post, which `reindex` saves as a delta segment (store/delta.ts);
 * the deltas are merged into a full save every 4th one (`ZHSEARCH_MERGE_DELTAS=3` for
 * these runs). Every third run is left to finish, so deltas pile up and kills land in
 * delta writes and in merges alike.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from '../src/config.js';
import { loadIndex, readManifest } from '../src/store/store.js';
import { mergeDue } from '../src/store/delta.js';
import { ROOT, startServer } from './server-process.js';

export interface CrashOutcome {
  run: number;
  mode: 'random' | 'during-write' | 'finish';
  /** What the reindex was to write: a delta, or a full save merging the deltas. */
  writes: 'delta' | 'merge';
  killedAfterMs: number;
  served: 'previous' | 'new';
  /** What the index folder holds after the run: a data file alone, or with deltas (how many). */
  deltas: number;
  ok: boolean;
  detail?: string;
}

function runReindex(
  source: string,
  indexDir: string,
  mode: CrashOutcome['mode'],
  delayMs: number,
): Promise<{ killedAfterMs: number; finishedAfterMs: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', source, '--index', indexDir], {
      stdio: 'ignore',
      env: { ...process.env, ZHSEARCH_MERGE_DELTAS: '3' },
    });
    let killedAt = -1;
    const kill = (): void => {
      if (killedAt < 0 && child.exitCode === null) {
        killedAt = Date.now() - t0;
        child.kill('SIGKILL');
      }
    };
    let watcher: fs.FSWatcher | null = null;
    if (mode === 'during-write') {
      watcher = fs.watch(indexDir, (_e, name) => {
        if (name && String(name).endsWith('.tmp')) kill();
      });
    }
    const timer = mode === 'random' ? setTimeout(kill, delayMs) : undefined;
    // 'finish': left to end.
    child.on('exit', () => {
      watcher?.close();
      clearTimeout(timer);
      resolve({ killedAfterMs: killedAt, finishedAfterMs: Date.now() - t0 });
    });
  });
}

/** Runs the crash loop; the index folder must already hold a complete index of `source`. */
/** A seeded pseudo-random generator (mulberry32): a run's kill delays are the same every time for a seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function crashRuns(
  source: string,
  indexDir: string,
  runs: number,
  serve = false,
  log: (s: string) => void = () => {},
  seed = 20261130,
): Promise<CrashOutcome[]> {
  const random = seededRandom(seed);
  const files = fs.readdirSync(source).filter((f) => /\.(md|html)$/.test(f));
  const outcomes: CrashOutcome[] = [];
  // One reindex left to finish tells how long a run takes; random kills spread over 1.2 times that.
  fs.appendFileSync(path.join(source, files[0]!), '\n<p>崩溃测试计时</p>\n');
  const timing = await runReindex(source, indexDir, 'random', 600_000);
  const typicalMs = Math.max(500, timing.finishedAfterMs);
  log(`an uninterrupted reindex takes ${typicalMs} ms`);
  for (let run = 1; run <= runs; run++) {
    const beforeManifest = readManifest(indexDir);
    const before = beforeManifest.version;
    const writes = mergeDue(beforeManifest, 3) ? 'merge' : 'delta';
    const marker = `崩溃测试标记${run}号`;
    fs.appendFileSync(path.join(source, files[run % files.length]!), `\n<p>${marker}</p>\n`);
    const mode: CrashOutcome['mode'] = run % 3 === 0 ? 'finish' : run % 3 === 1 ? 'random' : 'during-write';
    const delay = Math.floor(random() * typicalMs * 1.2);
    const { killedAfterMs } = await runReindex(source, indexDir, mode, delay);
    const outcome: CrashOutcome = { run, mode, writes, killedAfterMs, served: 'previous', deltas: 0, ok: false };
    try {
      const { engine, manifest } = loadIndex(indexDir);
      outcome.served = manifest.version === before ? 'previous' : 'new';
      outcome.deltas = manifest.deltas?.length ?? 0;
      const hasMarker = engine.search(`"${marker}"`).total > 0;
      outcome.ok = hasMarker === (outcome.served === 'new');
      if (!outcome.ok) outcome.detail = `version ${manifest.version} ${hasMarker ? 'has' : 'lacks'} the marker`;
      if (serve && outcome.ok) {
        const server = await startServer(indexDir);
        const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { version: string };
        await server.stop();
        outcome.ok = ready.version === manifest.version;
      }
    } catch (err) {
      outcome.detail = (err as Error).message;
    }
    log(
      `run ${String(run).padStart(2)}  ${mode.padEnd(12)} ${writes.padEnd(5)}  killed after ${outcome.killedAfterMs < 0 ? 'exit (finished first)' : `${outcome.killedAfterMs} ms`}  serves ${outcome.served} index (${outcome.deltas ? `${outcome.deltas} deltas` : 'no delta'})  ${outcome.ok ? 'ok' : `FAIL ${outcome.detail ?? ''}`}`,
    );
    outcomes.push(outcome);
  }
  return outcomes;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-crash-'));
  const source = path.join(work, '_posts');
  fs.cpSync(path.resolve(args.source ?? path.join(ROOT, '../shared/corpus/_posts')), source, { recursive: true });
  const indexDir = path.join(work, 'index');
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/reindex.js'), '--source', source, '--index', indexDir], { stdio: 'inherit' }).on(
      'exit',
      (c) => (c === 0 ? resolve() : reject(new Error('initial reindex failed'))),
    ),
  );
  const outcomes = await crashRuns(source, indexDir, Number(args.runs ?? 20), args.serve === 'true', console.log);
  const failed = outcomes.filter((o) => !o.ok).length;
  const duringWrite = outcomes.filter((o) => o.mode === 'during-write' && o.killedAfterMs >= 0).length;
  console.log(
    `${outcomes.length} runs, ${duringWrite} killed during the index write (${outcomes.filter((o) => o.killedAfterMs >= 0 && o.writes === 'merge').length} of all kills in a merge), ` +
      `${outcomes.filter((o) => o.served === 'new').length} served the new index (${outcomes.filter((o) => o.served === 'new' && o.writes === 'merge').length} a merge), ${failed} failed`,
  );
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  });
}
