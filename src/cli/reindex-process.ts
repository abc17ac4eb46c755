/**
 * Builds run by the server (admin reindex, `--watch`, the first build) run in a child
 * process (`cli/build-worker.ts`): parsing, segmenting and writing never hold the serving
 * thread, and a build that fails or is killed leaves the server as it was.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildReport } from '../build/build.js';

const BUILD_WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'build-worker.js');

/** Flags of `serve` that `reindex` does not take (they are about serving). */
const SERVE_ONLY = new Set(['--port', '--host', '--watch', '--log-level']);
const TAKES_VALUE = new Set(['--port', '--host', '--log-level']);

/** `serve`'s command line without its serving flags: what the child reindex is given. */
export function reindexArgs(serveArgv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < serveArgv.length; i++) {
    const arg = serveArgv[i]!;
    const name = arg.split('=')[0]!;
    if (SERVE_ONLY.has(name)) {
      if (TAKES_VALUE.has(name) && !arg.includes('=')) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** What the server asks of its build process: a reindex with this command line. @internal */
export interface BuildRequest {
  id: number;
  argv: string[];
  /** The files changed since the last build, when known (`--watch`): only those need reading. */
  changed?: string[];
}

/**
 * What the build process answers. `retry`: it cannot build this one (its jieba has a word
 * the request's user dictionary lacks) and leaves; a new process builds it. @internal
 */
export type BuildReply = { id: number; report: BuildReport } | { id: number; error: string } | { id: number; retry: true };

/** A build the server asked for: how to answer it, and the files it was told changed. */
interface PendingBuild {
  resolve: (r: BuildReport) => void;
  reject: (e: Error) => void;
  changed?: string[];
}

/**
 * Reindexes with the server's configuration in a build process that stays between builds
 * (`cli/build-worker.ts`, keeping the index it wrote); resolves with its report. A build
 * process that dies fails the builds it had and is started again for the next one.
 */
export function reindexInChild(serveArgv: string[]): (changed?: string[]) => Promise<BuildReport> {
  const argv = reindexArgs(serveArgv);
  let worker: ChildProcess | null = null;
  let next = 1;
  let lastError = '';
  /** Each build asked for and not answered yet, with the process it was sent to. */
  const waiting = new Map<number, PendingBuild & { child: ChildProcess }>();
  const start = (): ChildProcess => {
    const child = fork(BUILD_WORKER, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      lastError = chunk.trim().split('\n').pop() || lastError;
    });
    child.on('message', (reply: BuildReply) => {
      const w = waiting.get(reply.id);
      if (!w) return;
      if ('retry' in reply) {
        // It leaves; the build goes to a new process (started by send, as this one is no longer used).
        if (worker === child) worker = null;
        send(reply.id, w);
        return;
      }
      waiting.delete(reply.id);
      if ('error' in reply) w.reject(new Error(reply.error));
      else w.resolve(reply.report);
      if (![...waiting.values()].some((other) => other.child === child)) hold(child, false);
    });
    child.on('exit', (code, signal) => {
      if (worker === child) worker = null;
      const why = new Error(lastError || `the build process stopped (${signal ?? `exit code ${code}`})`);
      for (const [id, w] of waiting) {
        if (w.child !== child) continue;
        waiting.delete(id);
        w.reject(why);
      }
    });
    return child;
  };
  // An idle build process does not keep the server's process alive (nor do its pipes);
  // one with a build to answer does.
  const hold = (child: ChildProcess, busy: boolean): void => {
    for (const handle of [child, child.channel, child.stderr as Socket | null]) {
      if (busy) handle?.ref();
      else handle?.unref();
    }
  };
  const send = (id: number, w: PendingBuild): void => {
    const child = (worker ??= start());
    hold(child, true);
    waiting.set(id, { ...w, child });
    lastError = '';
    child.send({ id, argv, ...(w.changed ? { changed: w.changed } : {}) } satisfies BuildRequest);
  };
  return (changed) => new Promise((resolve, reject) => send(next++, { resolve, reject, ...(changed ? { changed } : {}) }));
}
