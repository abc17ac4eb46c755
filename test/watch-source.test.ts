/** `--watch`: changes are debounced into one build, builds never overlap, a failed build is reported. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { SourceWatcher } from '../src/cli/watch-source.js';
import { tempDir } from './helpers.js';

/** A build the test finishes by hand. */
function manualBuilds() {
  const started: (() => void)[] = [];
  const build = () => new Promise<void>((resolve) => started.push(resolve));
  return { build, started };
}

/** Builds the test finishes by hand, each recording the paths it was told of. */
function recordedBuilds() {
  const builds: (string[] | undefined)[] = [];
  const finish: (() => void)[] = [];
  const build = (changed: string[] | undefined) =>
    new Promise<void>((resolve) => {
      builds.push(changed);
      finish.push(resolve);
    });
  return { builds, finish, build };
}

describe('SourceWatcher', () => {
  it('turns a burst of changes into one build', async () => {
    const { build, started } = manualBuilds();
    const w = new SourceWatcher({ roots: [], files: [], ignore: () => false, build, debounceMs: 0 });
    try {
      const start = once(w, 'start');
      for (let i = 0; i < 5; i++) w.changed(`post-${i}.md`);
      const done = once(w, 'build');
      await start;
      assert.equal(started.length, 1);
      started[0]!();
      await done;
      assert.equal(started.length, 1);
    } finally {
      await w.close();
    }
  });

  it('follows a build run by someone else (a server’s first): changes made meanwhile are built after it, just those', async () => {
    const { builds, finish, build } = recordedBuilds();
    const w = new SourceWatcher({ roots: [], files: [], ignore: () => false, build, debounceMs: 0 });
    try {
      let endFirst!: () => void;
      w.followBuild(new Promise<void>((resolve) => (endFirst = resolve)));
      const next = once(w, 'start');
      w.changed('/s/a.md');
      // The change's quiet period ends (a timer of 0 ms, set first) while the first build runs.
      await new Promise((r) => setTimeout(r, 0));
      assert.deepEqual(builds, [], 'no build while the followed one runs');
      endFirst();
      await next;
      assert.deepEqual(builds, [['/s/a.md']]);
      finish[0]!();
      await once(w, 'build');
    } finally {
      await w.close();
    }
  });

  it('runs one more build for changes made during a build, never two at once', async () => {
    let active = 0;
    let most = 0;
    const finish: (() => void)[] = [];
    const build = () =>
      new Promise<void>((resolve) => {
        most = Math.max(most, ++active);
        finish.push(() => {
          active--;
          resolve();
        });
      });
    const w = new SourceWatcher({ roots: [], files: [], ignore: () => false, build, debounceMs: 0 });
    try {
      const first = once(w, 'start');
      w.changed('a.md');
      await first;
      // Changes while the first build runs: their quiet period ends during it.
      const second = once(w, 'start');
      w.changed('b.md');
      w.changed('c.md');
      await new Promise((r) => setTimeout(r, 0));
      assert.equal(finish.length, 1, 'no second build while the first runs');
      finish[0]!();
      await second;
      assert.equal(finish.length, 2);
      finish[1]!();
      await once(w, 'build');
      assert.equal(most, 1);
    } finally {
      await w.close();
    }
  });

  it('reports a failed build and builds again on the next change', async () => {
    let calls = 0;
    const w = new SourceWatcher({
      roots: [],
      files: [],
      ignore: () => false,
      debounceMs: 0,
      build: async () => {
        if (++calls === 1) throw new Error('bad post');
        return 'ok';
      },
    });
    try {
      w.changed('a.md');
      const [err] = (await once(w, 'buildError')) as [Error];
      assert.equal(err.message, 'bad post');
      w.changed('a.md');
      assert.deepEqual(await once(w, 'build'), ['ok']);
    } finally {
      await w.close();
    }
  });

  it('sees a file saved in a watched folder, and ignores what it is told to', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '_posts'));
    fs.mkdirSync(path.join(root, '_site'));
    const seen: string[] = [];
    const w = new SourceWatcher({
      roots: [root],
      files: [],
      ignore: (f) => f.includes(`${path.sep}_site`),
      build: async () => undefined,
      debounceMs: 0,
    }).start();
    try {
      w.on('change', (f: string) => seen.push(path.relative(root, f)));
      fs.writeFileSync(path.join(root, '_site', 'index.html'), 'x');
      const built = once(w, 'build');
      fs.writeFileSync(path.join(root, '_posts', '2024-01-01-new.md'), '新文章');
      await built;
      assert.ok(seen.includes(path.join('_posts', '2024-01-01-new.md')), seen.join(' '));
      assert.ok(!seen.some((f) => f.startsWith('_site')));
    } finally {
      await w.close();
    }
  });

  it('tells each build the paths changed since the last one started, or nothing when one came unnamed', async () => {
    const { builds, finish, build } = recordedBuilds();
    const w = new SourceWatcher({ roots: [], files: [], ignore: () => false, build, debounceMs: 0 });
    try {
      const first = once(w, 'start');
      w.changed('/s/a.md');
      w.changed('/s/b.md');
      w.changed('/s/a.md');
      await first;
      const second = once(w, 'start');
      w.changed('/s/c.md');
      finish[0]!();
      await second;
      const third = once(w, 'start');
      w.changed(null);
      w.changed('/s/d.md');
      finish[1]!();
      await third;
      finish[2]!();
      await once(w, 'build');
      assert.deepEqual(builds, [['/s/a.md', '/s/b.md'], ['/s/c.md'], undefined]);
      const fourth = once(w, 'start');
      w.buildNow();
      await fourth;
      assert.equal(builds[3], undefined, 'buildNow reads everything');
      finish[3]!();
    } finally {
      await w.close();
    }
  });

  it('watches folders added after the start, and reports a folder removed', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '_posts'));
    const seen: string[] = [];
    const w = new SourceWatcher({ roots: [root], files: [], ignore: () => false, build: async () => undefined, debounceMs: 0 }).start();
    try {
      w.on('change', (f: string | null) => f && seen.push(path.relative(root, f)));
      const sub = path.join(root, '_posts', '2024');
      let changed = once(w, 'change');
      fs.mkdirSync(sub);
      await changed;
      assert.ok(seen.includes(path.join('_posts', '2024')), seen.join(' '));
      const inNew = path.join('_posts', '2024', '2024-01-02-later.md');
      while (!seen.includes(inNew)) {
        changed = once(w, 'change');
        fs.writeFileSync(path.join(root, inNew), '后来的文章');
        await changed;
      }
      const folderEvents = (): number => seen.filter((f) => f === path.join('_posts', '2024')).length;
      const before = folderEvents();
      fs.rmSync(sub, { recursive: true });
      // The file's removal comes first, then the folder's (the test's timeout bounds the wait).
      while (folderEvents() === before) await once(w, 'change');
    } finally {
      await w.close();
    }
  });
});
