import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { BACKGROUND_NICENESS } from '../src/thread-priority.js';

describe('lowerThisThreadPriority', () => {
  it('makes the calling thread nicer than the main thread, and leaves the main thread as it was', async function () {
    if (!fs.existsSync('/proc/thread-self')) this.skip();
    const main = os.getPriority();
    const url = new URL('../src/thread-priority.js', import.meta.url).href;
    const worker = new Worker(
      `import('${url}').then(async ({ lowerThisThreadPriority }) => {
        const { parentPort } = await import('node:worker_threads');
        const { readlinkSync } = await import('node:fs');
        const { getPriority } = await import('node:os');
        lowerThisThreadPriority();
        parentPort.postMessage(getPriority(Number(readlinkSync('/proc/thread-self').split('/').pop())));
      });`,
      { eval: true, env: { ...process.env, ZHSEARCH_THREAD_PRIORITY: '' } },
    );
    const nice = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    assert.equal(nice, Math.min(19, main + BACKGROUND_NICENESS));
    assert.equal(os.getPriority(), main);
  });
});
