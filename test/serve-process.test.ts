/**
 * The commands as an operator runs them: `reindex --source posts.jsonl` end to end, and
 * a running `serve` that reloads on SIGHUP and finishes cleanly on SIGTERM.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { logLine, ROOT, stopped, tempDir } from './helpers.js';

const REINDEX = path.join(ROOT, 'dist/src/cli/reindex.js');
const SERVE = path.join(ROOT, 'dist/src/cli/serve.js');

function jsonl(records: object[]): string {
  const file = path.join(tempDir(), 'posts.jsonl');
  fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

/** The records as a JSONL source, indexed by `reindex` into a new folder. */
function indexed(records: object[]): { source: string; index: string } {
  const source = jsonl(records);
  const index = tempDir();
  execFileSync(process.execPath, [REINDEX, '--source', source, '--index', index]);
  return { source, index };
}

describe('the commands as an operator runs them', function () {
  this.timeout(60_000);

  it('indexes a JSONL file, HTML and Markdown bodies alike, and serves it', async () => {
    const source = jsonl([
      {
        id: 'html-post',
        title: '网页正文',
        date: '2024-03-01',
        categories: ['news'],
        tags: ['茶叶'],
        body: '<p>乳山绿茶<b>上市</b>了。</p>',
      },
      {
        id: 'md-post',
        title: 'Markdown 正文',
        date: '2024-03-02',
        format: 'markdown',
        body: '## 小标题\n\n**乳山**的红茶也不错[^1]。\n\n[^1]: 脚注里的话。',
      },
      { id: 'text-post', title: '纯文本', text: '只有文字，没有标记。' },
    ]);
    const index = tempDir();
    const out = execFileSync(process.execPath, [REINDEX, '--source', source, '--index', index], { encoding: 'utf8' });
    assert.match(out, /^indexed 3 posts: 3 added, 0 updated, 0 removed, 0 unchanged, 0 skipped in /);
    const child = spawn(process.execPath, [SERVE, '--index', index, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const listening = await logLine(child, (e) => e.msg === 'zhsearch listening');
      const base = String(listening.url).replace(/\/$/, '');
      const post = async (id: string) => (await (await fetch(`${base}/api/posts/${id}`)).json()) as { text: string; url: string };
      assert.equal((await post('md-post')).text.replace(/\s+/g, ' '), '小标题 乳山的红茶也不错1。 脚注里的话。 ↩');
      assert.equal((await post('html-post')).text, '乳山绿茶上市了。');
      assert.equal((await post('html-post')).url, '/news/2024/03/01/html-post.html');
      const hits = ((await (await fetch(`${base}/api/search?q=${encodeURIComponent('乳山')}`)).json()) as { hits: { id: string }[] }).hits;
      assert.deepEqual(hits.map((h) => h.id).sort(), ['html-post', 'md-post']);
    } finally {
      await stopped(child);
    }
  });

  it('weighs the fields as its configuration file says, on its search thread', async () => {
    const { index } = indexed([
      { id: 'in-title', title: '乳山绿茶', categories: ['随笔'], body: '<p>春天到了。</p>' },
      { id: 'in-body', title: '春茶', categories: ['乳山绿茶'], body: '<p>乳山绿茶的春天。</p>' },
    ]);
    const config = path.join(tempDir(), 'zhsearch.config.json');
    fs.writeFileSync(config, JSON.stringify({ boost: { title: 0, categories: 2 } }));
    const fieldsServed = async (args: string[]) => {
      const child = spawn(process.execPath, [SERVE, '--index', index, '--port', '0', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ZHSEARCH_WATCH: 'false' },
      });
      try {
        const base = String((await logLine(child, (e) => e.msg === 'zhsearch listening')).url).replace(/\/$/, '');
        const res = (await (await fetch(`${base}/api/search?q=${encodeURIComponent('乳山绿茶')}&explain=1`)).json()) as {
          hits: { id: string; explain: { fields: { title: number; categories: number; body: number } } }[];
        };
        return Object.fromEntries(res.hits.map((h) => [h.id, h.explain.fields]));
      } finally {
        await stopped(child);
      }
    };
    const plain = await fieldsServed([]);
    assert.ok(plain['in-title']!.title > 0 && plain['in-body']!.body > 0);
    assert.deepEqual([plain['in-title']!.categories, plain['in-body']!.categories], [0, 0]);
    // With the title's weight 0 the title adds nothing; the body weighs as before; the
    // categories weigh where they name the query's words.
    const weighed = await fieldsServed(['--config', config]);
    assert.equal(weighed['in-title']!.title, 0);
    assert.equal(weighed['in-body']!.body, plain['in-body']!.body);
    assert.equal(weighed['in-title']!.categories, 0);
    assert.ok(weighed['in-body']!.categories > 0);
  });

  it('runs an admin reindex in a child process: one at a time, the server answering meanwhile', async () => {
    const { source, index } = indexed([{ id: 'first', title: '第一篇', body: '<p>第一篇文章</p>' }]);
    const child = spawn(process.execPath, [SERVE, '--index', index, '--source', source, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ZHSEARCH_ADMIN_TOKEN: 'tok', ZHSEARCH_WATCH: 'false' },
    });
    try {
      const base = String((await logLine(child, (e) => e.msg === 'zhsearch listening')).url).replace(/\/$/, '');
      fs.appendFileSync(source, JSON.stringify({ id: 'second', title: '第二篇', body: '<p>第二篇文章</p>' }) + '\n');
      const post = () => fetch(`${base}/api/admin/reindex`, { method: 'POST', headers: { Authorization: 'Bearer tok' } });
      const [a, b, health] = await Promise.all([post(), post(), fetch(`${base}/healthz`)]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409]);
      assert.equal(health.status, 200);
      const done = (await (a.status === 200 ? a : b).json()) as {
        report: { added: number };
        reload: { changed: boolean; documentCount: number };
      };
      assert.equal(done.report.added, 1);
      assert.deepEqual([done.reload.changed, done.reload.documentCount], [true, 2]);
    } finally {
      await stopped(child);
    }
  });

  it('reloads on SIGHUP and finishes on SIGTERM with exit code 0', async () => {
    const { source, index } = indexed([{ id: 'first', title: '第一篇', body: '<p>第一篇文章</p>' }]);
    // The watcher is off, so only SIGHUP can load the new index.
    const child = spawn(process.execPath, [SERVE, '--index', index, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ZHSEARCH_WATCH: 'false' },
    });
    const exited = once(child, 'exit');
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    try {
      const listening = await logLine(child, (e) => e.msg === 'zhsearch listening');
      const first = String(listening.version);
      fs.appendFileSync(source, JSON.stringify({ id: 'second', title: '第二篇', body: '<p>第二篇文章</p>' }) + '\n');
      execFileSync(process.execPath, [REINDEX, '--source', source, '--index', index]);
      const reloaded = logLine(child, (e) => e.msg === 'SIGHUP reload');
      child.kill('SIGHUP');
      const r = await reloaded;
      assert.equal(r.changed, true);
      assert.equal(r.documentCount, 2);
      const ready = (await (await fetch(`${String(listening.url)}readyz`)).json()) as { documentCount: number };
      assert.equal(ready.documentCount, 2);
      const closing = logLine(child, (e) => e.msg === 'shutting down: finishing in-flight requests');
      child.kill('SIGTERM');
      assert.equal((await closing).signal, 'SIGTERM');
      assert.deepEqual(await exited, [0, null]);
      // The search thread said once that it serves each version (prepared for the swap, it was not asked to load it again).
      const serves = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string; version?: string })
        .filter((e) => e.msg === 'search thread serves the index')
        .map((e) => e.version);
      assert.deepEqual(serves, [first, r.version]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('segments with its search thread’s jieba: ready with jieba once the thread serves, related posts from the thread', async () => {
    const { index } = indexed([
      { id: 'tea', title: '乳山绿茶', body: '<p>乳山绿茶的春天，茶农采茶。</p>' },
      { id: 'tea2', title: '绿茶的冲泡', body: '<p>绿茶怎么泡：水温八十度，茶叶三克。</p>' },
    ]);
    const child = spawn(process.execPath, [SERVE, '--index', index, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ZHSEARCH_WATCH: 'false' },
    });
    try {
      const listening = await logLine(child, (e) => e.msg === 'zhsearch listening');
      type Ready = { segmenter: string; searchThread: string };
      let ready = (await (await fetch(`${String(listening.url)}readyz`)).json()) as Ready;
      while (ready.searchThread !== 'ready') {
        await new Promise((r) => setTimeout(r, 20));
        ready = (await (await fetch(`${String(listening.url)}readyz`)).json()) as Ready;
      }
      assert.equal(ready.segmenter, 'jieba');
      const related = (await (await fetch(`${String(listening.url)}api/posts/tea/related`)).json()) as { related: { id: string }[] };
      assert.deepEqual(
        related.related.map((h) => h.id),
        ['tea2'],
      );
      const found = (await (await fetch(`${String(listening.url)}api/search?q=${encodeURIComponent('绿茶怎么泡')}`)).json()) as {
        hits: { id: string }[];
      };
      assert.equal(found.hits[0]?.id, 'tea2');
      const metrics = await (await fetch(`${String(listening.url)}metrics`)).text();
      assert.match(metrics, /^zhsearch_searches_total\{thread="search"\} 1$/m);
      assert.doesNotMatch(metrics, /^zhsearch_searches_total\{thread="main"\} [1-9]/m);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
