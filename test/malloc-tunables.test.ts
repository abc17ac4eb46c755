/** Every way of starting `serve`, and `npm run reindex`, that the project ships sets the allocator setting meant for it. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BUILD_GLIBC_TUNABLES, SERVING_GLIBC_TUNABLES } from '../src/cli/malloc-tunables.js';
import { ROOT } from './helpers.js';

describe('the allocator setting serve is started with', () => {
  it('is the same in npm start, the systemd unit and the Dockerfile', () => {
    const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
      .start!;
    assert.equal(start, `GLIBC_TUNABLES=${SERVING_GLIBC_TUNABLES} node dist/src/cli/serve.js`);
    const unit = fs.readFileSync(path.join(ROOT, 'deploy/zhsearch.service'), 'utf8');
    assert.match(unit, new RegExp(`^Environment=GLIBC_TUNABLES=${SERVING_GLIBC_TUNABLES}$`, 'm'));
    const dockerfile = fs.readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8');
    assert.match(dockerfile, new RegExp(`^ENV GLIBC_TUNABLES=${SERVING_GLIBC_TUNABLES}$`, 'm'));
  });

  it('for a build is the one npm run reindex sets', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts.reindex, `GLIBC_TUNABLES=${BUILD_GLIBC_TUNABLES} node dist/src/cli/reindex.js`);
  });
});
