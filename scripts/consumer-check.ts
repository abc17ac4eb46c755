/**
 * node dist/scripts/consumer-check.js [--keep]
 *
 * What a library user gets: packs zhsearch (npm pack), installs the tarball into a new
 * project in a temp folder (with TypeScript and @types/node from the registry; install
 * scripts skipped, nothing is run), type-checks the README's library example with
 * `skipLibCheck: false`, and imports `zhsearch` with a hook that lists the packages it
 * loads: none of express, helmet, pino, prom-client, compression, cors. Exit 1 on failure.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const HTTP = /^(express|helmet|pino|pino-http|prom-client|compression|cors|express-rate-limit)$/;

/** The README's library example, between the ```ts fence after "### Library". */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /### Library\s+```ts\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md: no ```ts block under "### Library"');
  return block[1]!;
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhsearch-consumer-'));
  try {
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`, 'typescript@5', '@types/node@20'], {
      cwd: dir,
      stdio: 'ignore',
    });
    // Top-level await and unused results are fine in an example; its variables are used once more.
    fs.writeFileSync(path.join(dir, 'example.ts'), `${readmeExample()}\nexport {};\n`);
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        types: ['node'],
      },
      include: ['example.ts'],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    execFileSync(path.join(dir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: dir, stdio: 'inherit' });
    console.log('type-check of the README library example with skipLibCheck: false: passed');
    const hook = `export async function resolve(s, c, n) { const r = await n(s, c); const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(r.url); if (m) console.log(m[1]); return r; }`;
    const script = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)})); await import('zhsearch');`;
    const loaded = [
      ...new Set(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean),
      ),
    ];
    const http = loaded.filter((p) => HTTP.test(p));
    console.log(`import 'zhsearch' loaded ${loaded.length} packages: ${loaded.join(', ')}`);
    if (http.length) throw new Error(`import 'zhsearch' loaded HTTP packages: ${http.join(', ')}`);
    console.log('no HTTP package loaded');
  } finally {
    if (!process.argv.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}

try {
  main();
} catch (err) {
  console.error(`consumer check failed: ${(err as Error).message}`);
  process.exit(1);
}
