/**
 * The library apart from the server: importing `zhsearch` (dist/src/index.js) loads no
 * HTTP module; `zhsearch/server` is where express and friends come in. Checked in a fresh
 * process with a module-resolution hook that records every package loaded.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers.js';

const HTTP_PACKAGES = /node_modules\/(express|helmet|pino|pino-http|prom-client|compression|cors|express-rate-limit)\//;

/** The packages `entry` loads, by name. */
function packagesLoadedBy(entry: string): Promise<string[]> {
  const hook = `export async function resolve(s, c, n) { const r = await n(s, c); const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url); if (m) console.log('PKG ' + m[1]); return r; }`;
  const script = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
await import(${JSON.stringify(pathToFileURL(entry).href)});`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT }, (err, stdout) =>
      err
        ? reject(err)
        : resolve([
            ...new Set(
              stdout
                .split('\n')
                .filter((l) => l.startsWith('PKG '))
                .map((l) => l.slice(4)),
            ),
          ]),
    ),
  );
}

describe('the library entry point', function () {
  this.timeout(30_000);

  it('loads no HTTP code', async () => {
    const loaded = await packagesLoadedBy(path.join(ROOT, 'dist/src/index.js'));
    assert.ok(loaded.includes('minisearch'), `the library itself was loaded: ${loaded.join(' ')}`);
    assert.deepEqual(
      loaded.filter((p) => HTTP_PACKAGES.test(`node_modules/${p}/`)),
      [],
    );
  });

  it('leaves the HTTP service to zhsearch/server', async () => {
    const loaded = await packagesLoadedBy(path.join(ROOT, 'dist/src/server/index.js'));
    assert.ok(loaded.includes('express'));
  });
});
