/**
 * Threads hosting jieba are stopped between two of its calls, never torn down inside one:
 * nodejieba aborts the whole process (exit 134, `terminate called after throwing an
 * instance of 'Napi::Error'`) when its thread is torn down mid-call. Each case runs in a
 * child process, since an abort would end the test runner too.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.js';

const dist = (file: string): string => JSON.stringify(path.join(ROOT, 'dist/src', file));

function runModule(source: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stderr: run.stderr };
}

describe('jieba threads at exit', function () {
  this.timeout(120_000);

  it('a process that exits while its worker loads the dictionaries, or while a search thread segments, exits cleanly, every time', () => {
    // A plain process.exit() here aborted about one run in four.
    const source = `
      import { Worker } from 'node:worker_threads';
      import { preload } from ${dist('text/jieba.js')};
      import { exitAfterJieba, hostsJieba } from ${dist('text/jieba-threads.js')};
      preload();
      // A thread that segments all the while, as a search thread does.
      hostsJieba(new Worker(\`
        const { workerData } = require('node:worker_threads');
        require('node:worker_threads').parentPort.on('message', (m) => m === 'zhsearch:stop-thread' && process.exit(0));
        import(workerData).then(({ cutAll }) => {
          const text = '乳山绿茶专场直播带货，巾帼电商达人'.repeat(300);
          const again = () => { cutAll([text], 'search'); setImmediate(again); };
          again();
        });
      \`, { eval: true, execArgv: [], workerData: ${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src/text/jieba.js')).href)} }));
      setTimeout(() => exitAfterJieba(0), DELAY);
    `;
    for (const delay of [0, 10, 30, 300]) {
      const run = runModule(source.replace('DELAY', String(delay)));
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stderr, /Napi::Error|terminate called/);
    }
  });

  it('search threads and a segmenter stopped while they load their dictionaries stop cleanly', () => {
    const source = `
      import { Worker } from 'node:worker_threads';
      import { hostsJieba, stopThread } from ${dist('text/jieba-threads.js')};
      const workers = ['server/search-thread-worker.js', 'build/segment-worker.js'].map((file) =>
        hostsJieba(new Worker(new URL(file, 'file://' + ${dist('')} + '/'), { execArgv: [],
          workerData: { userWords: [], stopWords: [] },
        })),
      );
      await new Promise((r) => setTimeout(r, 50));
      await Promise.all(workers.map(stopThread));
    `;
    const run = runModule(source);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Napi::Error|terminate called/);
  });
});
