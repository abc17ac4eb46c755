/** Starts `serve` in a child process on a free loopback port and waits until it is ready. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SERVING_GLIBC_TUNABLES } from '../src/cli/malloc-tunables.js';
import { statCpuSeconds } from './proc-stat.js';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** From the spawn to the first /readyz 200 (the server answers searches from then on), in ms. */
  answeredMs: number;
  /**
   * The server's CPU time over all its threads by then (read right after that answer), in
   * seconds: on n cores it cannot have answered sooner than this over n.
   */
  answeredCpuSeconds: number;
  stop(): Promise<void>;
}

/** The index version an answer names, from headers as autocannon hands them over (name case as sent). */
export function indexVersionOf(headers: unknown): string {
  const h = (headers ?? {}) as Record<string, string | undefined>;
  return String(h['X-Index-Version'] ?? h['x-index-version'] ?? 'none');
}

/** How long {@link startServer} waits for the server's steady state at most. */
const WAIT_MS = 90_000;

/** `serve --index DIR --port P` and `args` (e.g. `--source DIR --watch`), ready once jieba and the search thread are. */
export async function startServer(indexDir: string, env: Record<string, string> = {}, args: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  // Node flags for the server only (e.g. `--cpu-prof`, which NODE_OPTIONS does not take).
  const nodeArgs = (process.env.ZHSEARCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, path.join(ROOT, 'dist/src/cli/serve.js'), '--index', indexDir, '--port', String(port), ...args],
    {
      // Started as `npm start` starts it (src/cli/malloc-tunables.ts), unless told otherwise.
      env: { GLIBC_TUNABLES: SERVING_GLIBC_TUNABLES, ...process.env, ZHSEARCH_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const started = performance.now();
  const url = `http://127.0.0.1:${port}`;
  let answeredMs = NaN;
  let answeredCpuSeconds = NaN;
  // Waits for the steady state measurements are about: jieba's words in and searches on
  // their thread, not only serving. Asked every 10 ms until it first answers (when it
  // does is measured), then every 100 ms.
  while (performance.now() - started < WAIT_MS) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok && Number.isNaN(answeredMs)) {
        answeredMs = Math.round(performance.now() - started);
        answeredCpuSeconds = statCpuSeconds(fs.readFileSync(`/proc/${child.pid!}/stat`, 'utf8'));
      }
      const ready = r.ok ? ((await r.json()) as { segmenter?: string; searchThread?: string; warmUp?: string }) : null;
      // …and the search threads' warm-up searches done (search/warm-searches.ts), which take a core for seconds.
      if (ready?.segmenter === 'jieba' && ready.searchThread !== 'loading' && ready.warmUp !== 'running') break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, Number.isNaN(answeredMs) ? 10 : 100));
  }
  return {
    url,
    child,
    answeredMs,
    answeredCpuSeconds,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
