/**
 * The test run's root hooks (loaded by .mocharc.json). After all tests, child processes
 * still running are ended and named: a server started by a test that timed out, whose
 * `finally` never ran, would otherwise keep mocha waiting on its pipes, and a failing run
 * would hang instead of ending with its report.
 */
import fs from 'node:fs';

/** This process's children (Linux: each thread's `children` in /proc); none where that is not readable. */
function childPids(): number[] {
  try {
    return fs
      .readdirSync('/proc/self/task')
      .flatMap((tid) => fs.readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return [];
  }
}

export const mochaHooks = {
  afterAll(): void {
    for (const pid of childPids()) {
      let command: string;
      try {
        command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
        // A server's idle build process holds nothing and ends with its parent (cli/build-worker.ts).
        if (command.includes('dist/src/cli/build-worker.js')) continue;
        process.kill(pid, 'SIGKILL');
      } catch {
        continue; // already gone
      }
      console.error(`a test left process ${pid} running (${command}): killed`);
    }
  },
};
