/**
 * Hostile input: generated queries against the library and the HTTP API, a folder of
 * hostile posts, exposure checks. Each generated query must get a 200 or a 4xx with a
 * JSON error, within 200 ms, and no snippet may carry markup other than the marks.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import request from 'supertest';
import { DEFAULT_CONFIG } from '../src/config.js';
import { buildIndex } from '../src/build/build.js';
import type { SearchEngine, SearchResult } from '../src/search/engine.js';
import { reindex } from '../src/build/reindex.js';
import { runWithin, TimeLimitError } from '../src/build/time-limit.js';
import { runTasks, type Task } from '../src/build/analyze-task.js';
import { saveIndex } from '../src/store/store.js';
import { createApp } from '../src/server/app.js';
import { createHttpServer } from '../src/server/http-server.js';
import { IndexHolder } from '../src/store/index-holder.js';
import { copySample, post, ROOT, SAMPLE_POSTS, tempDir, writePosts } from './helpers.js';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1; DROP TABLE posts; --",
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  '%00%0a%0d',
  '.*+?^$()[]{}|\\',
  '"unclosed',
  '-',
  'OR OR OR',
  'title: tag: category: date:..',
  '\u202e\u200f\u200b',
  'a\u0301\u0302\u0303',
  '😀👨‍👩‍👧‍👦🇨🇳',
  '\ud800',
  '\udfff乳山',
  '乳山绿茶'.repeat(100),
  ' ',
  '',
];

const queryArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...PAYLOADS),
  fc.tuple(fc.constantFrom(...PAYLOADS), fc.constantFrom('乳山', '直播', 'AI', '-公司', '"招商"', ' OR ')).map(([a, b]) => a + b),
  fc.string({ unit: fc.constantFrom('"', '-', ' ', 'O', 'R', ':', '.', '乳', '山', '<', '>', '&', '\\', '*'), maxLength: 30 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 250, maxLength: 300 }),
);

/** Snippets and titles may contain <mark> and </mark> and nothing else that is markup. */
function assertInert(r: SearchResult): void {
  for (const h of r.hits) {
    for (const html of [h.snippet, h.titleHighlight]) {
      const rest = html.replace(/<\/?mark>/g, '');
      assert.ok(!/[<>]/.test(rest), `markup leaked: ${html}`);
    }
  }
}

describe('hostile queries', function () {
  this.timeout(120_000);
  let engine: SearchEngine;
  let server: ReturnType<typeof createHttpServer>;
  before(async () => {
    engine = (await buildIndex(SAMPLE_POSTS)).engine;
    engine.add({ id: 'markup', title: '<b>标题</b> & "引号"', body: '<p>&lt;script&gt;alert(1)&lt;/script&gt; 乳山 &amp; 直播</p>' });
    const indexDir = tempDir();
    saveIndex(engine, indexDir);
    const holder = new IndexHolder(indexDir);
    holder.reload();
    server = createHttpServer(
      createApp({ config: { ...DEFAULT_CONFIG, indexDir, watchIndex: false }, holder, logger: pino({ level: 'silent' }) }),
    );
  });

  it('library: 6,000 generated queries never throw and leak no markup', () => {
    fc.assert(
      fc.property(queryArb, fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 50 }), (q, limit, offset) => {
        const r = engine.search(q, { limit, offset });
        assertInert(r);
        engine.suggest(q.slice(0, 64));
      }),
      { numRuns: 6000, seed: 20261129 },
    );
  });

  it('HTTP: 4,000 generated requests get a 200 or a 4xx JSON error, never a 5xx', async () => {
    const paramArb = fc.record({
      q: fc.option(queryArb, { nil: undefined }),
      limit: fc.option(fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.constantFrom('abc', '1e3', '0x10', '', '10.5', ' 5')), {
        nil: undefined,
      }),
      offset: fc.option(fc.oneof(fc.integer({ min: -5, max: 20000 }).map(String), fc.constantFrom('NaN', '')), { nil: undefined }),
      sort: fc.option(fc.constantFrom('relevance', 'date', 'DATE', '', '<x>'), { nil: undefined }),
      from: fc.option(fc.constantFrom('2024-01-01', '2024-02-30', 'yesterday', '2024-01-01T10:00:00+08:00', ''), { nil: undefined }),
      tag: fc.option(fc.array(fc.constantFrom('招商', '<script>', '', '茶叶'), { maxLength: 3 }), { nil: undefined }),
      repeatQ: fc.boolean(),
      rawTail: fc.constantFrom(
        '',
        '&q',
        '&limit',
        '&&&',
        '&%FF=1',
        '&q=%ED%A0%80',
        '&q=%E4%B9',
        '&q[]=x',
        '&q[a]=1',
        '&__proto__=1',
        '&constructor[prototype][x]=1',
      ),
    });
    await fc.assert(
      fc.asyncProperty(paramArb, async (p) => {
        const parts: string[] = [];
        const enc = (s: string): string => {
          try {
            return encodeURIComponent(s);
          } catch {
            return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
          }
        };
        if (p.q !== undefined) parts.push(`q=${enc(p.q)}`);
        if (p.repeatQ && p.q !== undefined) parts.push(`q=${enc(p.q)}`);
        for (const k of ['limit', 'offset', 'sort', 'from'] as const) if (p[k] !== undefined) parts.push(`${k}=${enc(p[k]!)}`);
        for (const t of p.tag ?? []) parts.push(`tag=${enc(t)}`);
        const url = `/api/search?${parts.join('&')}${p.rawTail}`;
        const res = await request(server).get(url);
        assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `${res.status} for ${url}`);
        assert.match(res.headers['content-type'] ?? '', /json/);
        if (res.status === 200) assertInert(res.body as SearchResult);
        else assert.equal(typeof res.body.error?.message, 'string');
      }),
      { numRuns: 4000, seed: 7 },
    );
  });

  it('answers malformed percent-encoding in paths and ids with JSON, never a 5xx', async () => {
    for (const url of [
      '/api/posts/%E0%A4%A',
      '/api/posts/%',
      '/api/search?q=%',
      '/api/suggest?q=%ED%A0%80',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/api/posts/..%2F..%2Fpackage.json',
    ]) {
      const res = await request(server).get(url);
      assert.ok(res.status < 500, `${res.status} for ${url}`);
      assert.match(res.headers['content-type'] ?? '', /json/);
      if (url.startsWith('/api/posts') || url.startsWith('/%2e'))
        assert.equal(res.status, url.includes('%E0') || url === '/api/posts/%' ? 400 : 404, url);
      assert.ok(!JSON.stringify(res.body).includes(ROOT), 'no file paths in errors');
      assert.ok(!/at .*\.js:\d+/.test(res.text), 'no stack traces');
    }
  });

  it('sends a Content-Security-Policy with the page and no X-Powered-By anywhere', async () => {
    const page = await request(server).get('/').expect(200);
    assert.match(page.headers['content-security-policy']!, /script-src 'self'/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    for (const res of [page, await request(server).get('/api/search?q=x'), await request(server).get('/nope')])
      assert.equal(res.headers['x-powered-by'], undefined);
  });
});

describe('hostile posts', function () {
  this.timeout(120_000);

  it('indexes the good posts and reports every bad one, within bounded memory', async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.md'), post({ title: '外部文件' }, '不应被索引的秘密'));
    const nested = '<div>'.repeat(50_000) + '深层嵌套的文字' + '</div>'.repeat(50_000);
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
      'title: *j',
      'tags: *j',
    ].join('\n');
    const dir = writePosts(tempDir(), {
      '2024-01-01-good.md': post({ title: '正常文章', tags: '[好]' }, '<p>正常的内容：鹦鹉螺</p>'),
      '2024-01-02-binary.md': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]),
      '2024-01-03-latin1.md': Buffer.concat([Buffer.from('---\ntitle: x\n---\n'), Buffer.from([0xe9, 0xe8, 0xff])]),
      '2024-01-04-huge.md': '---\ntitle: 巨大\n---\n' + '大'.repeat(17 * 1024 * 1024),
      '2024-01-05-bomb.md': `---\n${bomb}\n---\n亿万笑声`,
      '2024-01-06-open.md': '---\ntitle: 没有结束\n正文',
      '2024-01-07-nested.html': post({ title: '嵌套' }, nested),
      '2024-01-08-markup.md': post({ title: '"<script>alert(1)</script>标题"' }, '正文'),
      '2024-01-09-dup.md': post({ title: '重复一' }, '重复的编号'),
      '2024-01-09-dup.html': post({ title: '重复二' }, '重复的编号'),
      '2024-01-10-badyaml.md': '---\ntitle: [unclosed\n---\n正文',
    });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, '2024-01-11-link.md'));
    const rss0 = process.memoryUsage().rss;
    const { engine, report } = await buildIndex(dir);
    const grown = (process.memoryUsage().rss - rss0) / 1048576;
    assert.ok(grown < 600, `RSS grew ${grown.toFixed(0)} MB`);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.file, s.reason]));
    assert.match(reasons['2024-01-02-binary.md']!, /binary/);
    assert.match(reasons['2024-01-03-latin1.md']!, /UTF-8/);
    assert.match(reasons['2024-01-04-huge.md']!, /too large/);
    // Jekyll publishes both: a block that never closes is body text, and unreadable YAML is left out (with a warning).
    assert.equal(reasons['2024-01-06-open.md'], undefined);
    assert.equal(engine.get('2024-01-06-open')!.title, 'Open');
    assert.equal(reasons['2024-01-10-badyaml.md'], undefined);
    assert.deepEqual(
      report.warnings.map((w) => w.file),
      ['2024-01-10-badyaml.md'],
    );
    assert.match(reasons['2024-01-11-link.md']!, /outside the posts folder/);
    assert.ok(Object.values(reasons).some((r) => /duplicate id/.test(r)));
    assert.deepEqual(
      engine.search('鹦鹉螺').hits.map((h) => h.id),
      ['2024-01-01-good'],
    );
    assert.deepEqual(
      engine.search('深层嵌套').hits.map((h) => h.id),
      ['2024-01-07-nested'],
    );
    assert.equal(engine.search('亿万笑声').hits[0]!.title, '', 'the bomb post is indexed with its aliases left unexpanded');
    assert.equal(
      engine.search('标题').hits.find((h) => h.id === '2024-01-08-markup')!.titleHighlight,
      '&lt;script&gt;alert(1)&lt;/script&gt;<mark>标题</mark>',
    );
    assert.equal(engine.search('秘密').total, 0);
  });

  it('reads link leftovers in linear time and skips a post over the time limit', async () => {
    const dir = writePosts(tempDir(), {
      '2024-01-01-good.md': post({ title: '正常文章' }, '<p>正常的内容：鹦鹉螺</p>'),
      // Quadratic for the old link-stripping regex: 15 s for this one post.
      '2024-01-02-links.md': post({ title: '链接残片' }, `<div>${'[a]('.repeat(60_000)}独角鲸</div>`),
      // Over ten seconds of Markdown parsing whatever the regexes do: over a 1.5 s limit,
      // which the others (30-60 ms here) stay far under on a busy machine too.
      '2024-01-03-slow.md': post({ title: '慢文章' }, '!['.repeat(2_000_000)),
      '2024-01-04-after.md': post({ title: '后面的文章' }, '<p>海象</p>'),
    });
    const { engine, report } = await buildIndex(dir, { postTimeLimitMs: 1500 });
    assert.deepEqual(report.skipped, [{ file: '2024-01-03-slow.md', reason: 'took longer than 1500 ms to read (time limit per post)' }]);
    assert.deepEqual(
      ['鹦鹉螺', '独角鲸', '海象'].map((q) => engine.search(q).hits.map((h) => h.id)),
      [['2024-01-01-good'], ['2024-01-02-links'], ['2024-01-04-after']],
    );
  });

  it('reads a runaway post once, however long the posts before it in its batch took', () => {
    // The posts before it take an eighth of the limit each (by the clock, so a busy machine
    // only makes them longer): once a batch has used a tenth, the rest go on under a fresh
    // limit, so the runaway post has the whole limit to itself and is not read again. A
    // limit of a second leaves each post 0.875 s to spare: with 100 ms, a post of 20 ms ran
    // out of it once while two other processes kept both cores busy.
    const limit = 1000;
    const tasks = ['a', 'b', 'c', 'runaway', 'd'].map(
      (name) => ({ kind: 'record', line: { text: name }, where: name, hash: name }) as unknown as Task,
    );
    const reads = new Map<string, number>();
    const results = runTasks(tasks, { postTimeLimitMs: limit }, (task) => {
      const name = (task as { where: string }).where;
      reads.set(name, (reads.get(name) ?? 0) + 1);
      const until = performance.now() + (name === 'runaway' ? Infinity : limit / 8);
      while (performance.now() < until);
      return { ok: false, file: name, reason: 'read' };
    });
    assert.deepEqual(
      results.map((r) => (r.ok ? '' : `${r.file}: ${r.reason}`)),
      ['a: read', 'b: read', 'c: read', 'runaway: took longer than 1000 ms to read (time limit per post)', 'd: read'],
    );
    assert.deepEqual(Object.fromEntries(reads), { a: 1, b: 1, c: 1, runaway: 1, d: 1 });
  });

  it('runWithin interrupts a runaway loop and keeps working afterwards', () => {
    assert.throws(
      () =>
        runWithin(() => {
          for (;;);
        }, 50),
      TimeLimitError,
    );
    assert.equal(
      runWithin(() => 6 * 7, 1000),
      42,
    );
  });

  it('a server with only a corrupt index exits non-zero with a clear message', async () => {
    const source = copySample(tempDir());
    const indexDir = tempDir();
    const { manifest } = await reindex({ source, indexDir });
    const file = path.join(indexDir, manifest.dataFile);
    const bytes = fs.readFileSync(file);
    bytes[100]! ^= 0xff;
    fs.writeFileSync(file, bytes);
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/cli/serve.js'), '--index', indexDir, '--port', '0'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /cannot serve: .*checksum mismatch, the index file is corrupt or truncated/);
  });
});
