/**
 * Builds run by the server (admin reindex, `--watch`, the first build) run in a child
 * process, `zhsearch-reindex --json`: parsing, segmenting and writing never hold the
 * serving thread, and a build that fails or is killed leaves the server as it was.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildReport } from '../build/build.js';

const REINDEX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reindex.js');

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

/** A reindex in a child process with the server's configuration; resolves with its report. */
export function reindexInChild(serveArgv: string[]): () => Promise<BuildReport> {
  const args = [REINDEX, ...reindexArgs(serveArgv), '--json'];
  return () =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) {
          reject(new Error(stderr.trim().split('\n').pop() || err.message));
          return;
        }
        try {
          resolve((JSON.parse(stdout.trim().split('\n').pop()!) as { report: BuildReport }).report);
        } catch {
          reject(new Error(`reindex answered no report: ${stdout.slice(0, 200)}`));
        }
      });
    });
}
