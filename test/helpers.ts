/** Test helpers: real files in temp folders, real apps on ephemeral ports. */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE_POSTS = path.join(ROOT, 'sample/_posts');

/** A fresh temp folder, removed after the test run. */
export function tempDir(prefix = 'zhsearch-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` (name to content) into `dir` and returns it. */
export function writePosts(dir: string, files: Record<string, string | Buffer>): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** A Jekyll post with front matter. */
export function post(fields: Record<string, string>, body: string): string {
  const fm = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `---\nlayout: post\n${fm}\n---\n${body}\n`;
}

/** Copies the bundled sample corpus into a temp folder. */
export function copySample(dir: string): string {
  fs.cpSync(SAMPLE_POSTS, dir, { recursive: true });
  return dir;
}

/**
 * Counts answers of concurrent test clients, so a test waits for progress (so many
 * more answers) instead of for a time: `tick()` after each answer; `more(n)` resolves
 * once n more have come.
 */
export class Progress {
  private count = 0;
  private waiters: { at: number; resolve: () => void }[] = [];

  tick(): void {
    this.count++;
    this.waiters = this.waiters.filter((w) => {
      if (this.count < w.at) return true;
      w.resolve();
      return false;
    });
  }

  more(n: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ at: this.count + n, resolve }));
  }
}

/** Resolves with the first JSON log line of a child process's stdout that `match` accepts; rejects if it exits first. */
export function logLine(child: ChildProcess, match: (entry: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onExit = (code: number | null): void => reject(new Error(`process exited with ${code} before the log line`));
    const onData = (b: Buffer): void => {
      buffered += b.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue; // not a log line
        }
        if (match(entry)) {
          child.stdout!.off('data', onData);
          child.off('exit', onExit);
          resolve(entry);
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Stops a server the test started (SIGTERM, as an operator would) and waits until it has
 * exited, so that no test leaves it running for the next one.
 */
export async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
