import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { DEFAULT_CONFIG, type Config } from '../src/config.js';
import { reindex } from '../src/build/reindex.js';
import { createApp } from '../src/server/app.js';
import { createHttpServer } from '../src/server/http-server.js';
import { IndexHolder } from '../src/store/index-holder.js';
import { loadIndex, readManifest } from '../src/store/store.js';
import { AnswerBytes, toAnswer } from '../src/server/search-answer.js';
import { SearchCache } from '../src/server/search-cache.js';
import { SearchPool } from '../src/server/search-pool.js';
import { startSearchThreadsEarly, takeEarlySections, takeEarlyThread } from '../src/server/search-thread-spawn.js';
import { stopThread } from '../src/text/jieba-threads.js';
import { whenReady } from '../src/text/jieba.js';
import { copySample, post, Progress, tempDir } from './helpers.js';

async function served(withThread: boolean, threads = 1) {
  const source = copySample(tempDir());
  const indexDir = tempDir();
  await reindex({ source, indexDir });
  const config: Config = { ...DEFAULT_CONFIG, source, indexDir, watchIndex: false, cache: { maxEntries: 0, maxBytes: 0 } };
  const holder = new IndexHolder(indexDir);
  holder.reload();
  const thread = withThread ? new SearchPool(holder, threads) : undefined;
  if (thread) {
    after(() => thread.close());
    await threadServes(thread, holder);
  }
  // Both threads cut queries with jieba's dictionaries, not the stopgap used while they load.
  await whenReady();
  const app = createApp({ config, holder, logger: pino({ level: 'silent' }), searchThread: thread });
  return { server: createHttpServer(app), holder, thread, source, indexDir };
}

/** Resolves once the thread serves the holder's index (the test's timeout bounds the wait). */
async function threadServes(thread: SearchPool, holder: IndexHolder): Promise<void> {
  const want = holder.current!.manifest.version;
  if (thread.serves(want)) return;
  await new Promise<void>((resolve) => {
    const onLoaded = (version: string): void => {
      if (version !== want) return;
      thread.off('loaded', onLoaded);
      resolve();
    };
    thread.on('loaded', onLoaded);
  });
}

async function searchesBy(server: Parameters<typeof request>[0], thread: string): Promise<number> {
  const text = (await request(server).get('/metrics').expect(200)).text;
  return Number(new RegExp(`^zhsearch_searches_total\\{thread="${thread}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

const QUERIES: Record<string, string | string[]>[] = [
  { q: '乳山绿茶' },
  { q: '妇女', limit: '3', offset: '2' },
  { q: '妇女', sort: 'date', limit: '20' },
  { q: '茶', category: 'zhongguofunvwang' },
  { q: '乳山', highlightPre: '<b class="x">', highlightPost: '</b>', snippetLength: '40' },
  { q: '綠茶' },
  { q: 'ＡＩ 模型' },
  { q: 'Chrome浏览器' },
  { q: '不存在的词语组合xyz' },
  { q: '', from: '2022-01-01', to: '2022-12-31' },
];

describe('searches on the search thread', () => {
  it('answer exactly as the main thread does, and are counted as the thread’s', async function () {
    this.timeout(60_000);
    const main = await served(false);
    const threaded = await served(true);
    for (const query of QUERIES) {
      const a = await request(main.server).get('/api/search').query(query).expect(200);
      const b = await request(threaded.server).get('/api/search').query(query).set('Accept-Encoding', 'identity').expect(200);
      assert.equal(b.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(Number(b.headers['content-length']), Buffer.byteLength(b.text));
      const { tookMs: ta, ...bodyA } = a.body;
      const { tookMs: tb, ...bodyB } = b.body;
      assert.ok(typeof ta === 'number' && typeof tb === 'number');
      assert.deepEqual(bodyB, bodyA, JSON.stringify(query));
    }
    assert.equal(await searchesBy(threaded.server, 'search'), QUERIES.length);
    assert.equal(await searchesBy(threaded.server, 'main'), 0);
    assert.equal(await searchesBy(main.server, 'main'), QUERIES.length);
    const ready = await request(threaded.server).get('/readyz').expect(200);
    assert.equal(ready.body.searchThread, 'ready');
    assert.equal((await request(main.server).get('/readyz').expect(200)).body.searchThread, 'off');
  });

  it('compile their code with searches of their own once the first index is in, uncounted, and /readyz says when that is done', async function () {
    this.timeout(60_000);
    const { server, thread } = await served(true);
    // served() waited for `loaded`; `warmed` follows once the warm-up searches are done.
    if (!thread!.warmedUp) await once(thread!, 'warmed');
    assert.equal((await request(server).get('/readyz').expect(200)).body.warmUp, 'done');
    const main = await served(false);
    assert.equal((await request(main.server).get('/readyz').expect(200)).body.warmUp, 'off');
    // Readers' searches only are counted.
    assert.equal(await searchesBy(server, 'search'), 0);
    await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
    assert.equal(await searchesBy(server, 'search'), 1);
  });

  it('answer many searches asked at once, each answer its own bytes', async function () {
    this.timeout(60_000);
    const { holder, thread } = await served(true);
    const { engine, manifest } = holder.current!;
    const asked = ['乳山绿茶', '妇女', '茶', 'Chrome浏览器', '綠茶', '不存在的词语组合xyz', '电商', '直播'];
    const options = { limit: 20, highlightPre: '<mark>', highlightPost: '</mark>', snippetLength: 60 };
    // Asked in one turn: they reach the thread in one message and come back in few replies.
    const answers = await Promise.all(asked.map((q) => thread!.search(manifest.version, q, options)));
    answers.forEach((answer, i) => {
      const expected = toAnswer(engine.search(asked[i]!, options));
      assert.ok(answer, asked[i]);
      assert.equal(answer.query, expected.query);
      assert.equal(answer.total, expected.total);
      assert.equal(Buffer.from(answer.rest).toString(), Buffer.from(expected.rest).toString(), asked[i]);
    });
  });

  it('spread over a pool: searches asked together go to the least busy thread, and all are answered', async function () {
    this.timeout(60_000);
    const { holder, thread } = await served(true, 2);
    await Promise.all((thread as unknown as { threads: unknown[] }).threads.map(() => threadServes(thread!, holder)));
    const threads = (thread as unknown as { threads: { pending: number; version: string }[] }).threads;
    const version = holder.current!.manifest.version;
    // Both threads serve the index before the searches are asked.
    while (!threads.every((t) => t.version === version)) await once(thread!, 'loaded');
    const asked = Array.from({ length: 20 }, (_, i) => thread!.search(version, i % 2 ? '乳山绿茶' : '直播', { limit: 3 }));
    assert.deepEqual(
      threads.map((t) => t.pending),
      [10, 10],
    );
    const answers = await Promise.all(asked);
    assert.equal(answers.filter((a) => a && a.total > 0).length, 20);
    assert.deepEqual(
      threads.map((t) => t.pending),
      [0, 0],
    );
  });

  it('in a pool, suggestions and related posts are asked of the first thread, posts and searches of the least busy, the last of equals', async function () {
    this.timeout(60_000);
    const { holder, thread } = await served(true, 2);
    const threads = (thread as unknown as { threads: { pending: number; version: string }[] }).threads;
    const version = holder.current!.manifest.version;
    while (!threads.every((t) => t.version === version)) await once(thread!, 'loaded');
    const { engine } = loadIndex(holder.dir);
    const id = engine.search('乳山绿茶').hits[0]!.id;
    const search = thread!.search(version, '绿茶', { limit: 3 });
    assert.deepEqual(
      threads.map((t) => t.pending),
      [0, 1],
    );
    const lookups = [
      thread!.lookup(version, { kind: 'suggest', prefix: 'rs', limit: 5 }),
      thread!.lookup(version, { kind: 'suggest', prefix: '绿', limit: 5 }),
      thread!.lookup(version, { kind: 'related', postId: id, limit: 3 }),
    ];
    assert.deepEqual(
      threads.map((t) => t.pending),
      [3, 1],
    );
    const post = thread!.lookup(version, { kind: 'post', postId: id });
    assert.deepEqual(
      threads.map((t) => t.pending),
      [3, 2],
    );
    assert.deepEqual(await Promise.all(lookups), [engine.suggest('rs', 5), engine.suggest('绿', 5), engine.related(id, 3)]);
    assert.equal((await post)!.title, engine.get(id)!.title);
    assert.equal((await search)!.total, engine.search('绿茶').total);
  });

  it('answer a plain query asked after heavy OR queries after one heavy one at most (the queues take turns)', async function () {
    this.timeout(60_000);
    const { holder, thread } = await served(true);
    const version = holder.current!.manifest.version;
    const long = [...'的一是不了人我在有他这中大来上国'].join(' OR ');
    const order: string[] = [];
    // Asked in one turn: one message brings them all to the thread.
    const asked = [
      ...Array.from({ length: 5 }, (_, i) => ['long', thread!.search(version, long, { offset: i })] as const),
      ['short', thread!.search(version, '绿茶', {})] as const,
    ].map(([name, p]) => p!.then((a) => (order.push(name), a)));
    const answers = await Promise.all(asked);
    assert.ok(answers.every((a) => a !== null));
    assert.ok(order.indexOf('short') <= 1, order.join(','));
  });

  it('look up related posts, suggestions and posts on the thread as the main thread does, and over HTTP', async function () {
    this.timeout(60_000);
    const { server, holder, thread } = await served(true);
    const { manifest } = holder.current!;
    // The main thread's copy, decoded here for comparison (the server itself keeps none).
    const { engine } = loadIndex(holder.dir);
    const id = engine.search('乳山绿茶').hits[0]!.id;
    const keywords = engine.keywordsOf(id)!;
    const version = manifest.version;
    // The thread works out the post's keywords with its own jieba, as this thread does.
    assert.deepEqual(await thread!.lookup(version, { kind: 'related', postId: id, limit: 3 }), engine.related(id, 3));
    assert.deepEqual(await thread!.lookup(version, { kind: 'related', postId: id, limit: 3, keywords }), engine.related(id, 3));
    assert.equal(await thread!.lookup(version, { kind: 'related', postId: 'no-such-post', limit: 3 }), null);
    assert.equal(thread!.lookup('another-version', { kind: 'related', postId: id, limit: 3 }), null);
    assert.deepEqual(await thread!.lookup(version, { kind: 'suggest', prefix: 'rs', limit: 5 }), engine.suggest('rs', 5));
    assert.equal(await thread!.lookup(version, { kind: 'post', postId: 'no-such-post' }), null);
    const http = await request(server).get(`/api/posts/${id}/related`).query({ limit: 3 }).expect(200);
    assert.deepEqual(http.body, { id, related: JSON.parse(JSON.stringify(engine.related(id, 3))) });
    await request(server).get('/api/posts/no-such-post/related').expect(404);
    const post = await request(server).get(`/api/posts/${id}`).expect(200);
    assert.equal(post.body.title, engine.get(id)!.title);
    assert.equal(post.body.text, engine.get(id)!.text);
    await request(server).get('/api/posts/no-such-post').expect(404);
    const suggested = await request(server).get('/api/suggest').query({ q: 'rs', limit: 5 }).expect(200);
    assert.deepEqual(suggested.body.suggestions, JSON.parse(JSON.stringify(engine.suggest('rs', 5))));
    assert.equal(holder.current!.decodedEngine, null, 'none of these decoded the index on the main thread');
  });

  it('answer on the main thread once the thread is gone', async function () {
    this.timeout(60_000);
    const { server, thread } = await served(true);
    const before = await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
    await thread!.close();
    const afterClose = await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
    assert.deepEqual(afterClose.body.hits, before.body.hits);
    assert.equal(await searchesBy(server, 'search'), 1);
    assert.equal(await searchesBy(server, 'main'), 1);
  });

  it('restart after the thread dies, answering on the main thread meanwhile and on the new thread after', async function () {
    this.timeout(60_000);
    const { server, thread, holder } = await served(true);
    const before = await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
    // Not while it cuts its warm-up searches with jieba: a thread torn down inside a
    // nodejieba call aborts the process (docs/reliability.md, "No native abort at exit").
    if (!thread!.warmedUp) await once(thread!, 'warmed');
    const exited = once(thread!, 'exit');
    // The worker dies as a crash would end it.
    const [first] = (thread as unknown as { threads: { worker: Worker }[] }).threads;
    await first!.worker.terminate();
    const [code, delay] = (await exited) as [number, number];
    assert.equal(code, 1);
    assert.ok(delay > 0);
    const meanwhile = await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
    assert.deepEqual(meanwhile.body.hits, before.body.hits);
    assert.equal(await searchesBy(server, 'main'), 1);
    await threadServes(thread!, holder);
    const after = await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
    assert.deepEqual(after.body.hits, before.body.hits);
    assert.equal(await searchesBy(server, 'search'), 2);
  });

  it('started before the server’s modules load (as serve starts them), are taken over by the pool in their roles; one that ended first is not', async function () {
    this.timeout(60_000);
    // Started first: a pool that took it, ended, would serve nothing.
    const [ended] = startSearchThreadsEarly(1);
    const [lookups, searchesOnly] = startSearchThreadsEarly(2);
    try {
      await stopThread(ended!);
      const { server, thread } = await served(true, 2);
      const workers = (thread as unknown as { threads: { worker: Worker }[] }).threads.map((t) => t.worker);
      assert.deepEqual(workers, [lookups, searchesOnly]);
      // Nothing left to take: the next pool (or a restart) starts threads of its own.
      assert.equal(takeEarlyThread({ answersLookups: true }), undefined);
      assert.equal(takeEarlyThread({ answersLookups: false }), undefined);
      await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
      assert.equal(await searchesBy(server, 'search'), 1);
    } finally {
      // Taken by the pool, they stop with it (after()); any it did not take are stopped here.
      for (const answersLookups of [true, false]) {
        const left = takeEarlyThread({ answersLookups });
        if (left) await stopThread(left);
      }
    }
  });

  it('serve’s first load takes the shared sections read while its modules loaded, not reading them again', async function () {
    this.timeout(60_000);
    const indexDir = tempDir();
    await reindex({ source: copySample(tempDir()), indexDir });
    const holder = new IndexHolder(indexDir);
    const dataFile = path.join(indexDir, readManifest(indexDir).dataFile);
    startSearchThreadsEarly(0, dataFile);
    assert.equal(takeEarlySections(), undefined, 'no threads, no sections read');
    startSearchThreadsEarly(1, dataFile);
    const pool = new SearchPool(holder, 1);
    after(() => pool.close());
    const [first] = (pool as unknown as { threads: { sections: { files: Map<string, unknown> } }[] }).threads;
    assert.deepEqual([...first!.sections.files.keys()], [dataFile]);
    assert.equal(takeEarlySections(), undefined);
    await holder.reloadInSlices();
    await threadServes(pool, holder);
    assert.deepEqual([...first!.sections.files.keys()], [dataFile]);
  });

  for (const threads of [1, 2])
    it(`follow hot reloads: every answer comes from the index its X-Index-Version names (${threads} thread${threads > 1 ? 's' : ''}, the postings read once by the main thread)`, async function () {
      this.timeout(60_000);
      const { server, holder, thread, source, indexDir } = await served(true, threads);
      server.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Version k holds k posts with the marker: an answer's total tells its index apart.
      const expected = new Map<string, number>([[holder.current!.manifest.version, 0]]);
      const seen: { version: string; total: number; status: number }[] = [];
      let stop = false;
      const progress = new Progress();
      const client = async () => {
        while (!stop) {
          const r = await fetch(`${base}/api/search?q=${encodeURIComponent('热更新标记')}&limit=5`);
          const body = (await r.json()) as { total: number };
          seen.push({ version: r.headers.get('x-index-version')!, total: body.total, status: r.status });
          progress.tick();
        }
      };
      const clients = Array.from({ length: 8 }, client);
      for (let k = 1; k <= 3; k++) {
        fs.writeFileSync(
          path.join(source, `2024-07-0${k}-marker.md`),
          post({ title: `第${k}篇`, date: `2024-07-0${k}` }, `<p>热更新标记，第${k}篇。</p>`),
        );
        const { manifest } = await reindex({ source, indexDir });
        expected.set(manifest.version, k);
        holder.reload();
        await threadServes(thread!, holder);
        // Answers keep coming across each swap: 16 more, now from the thread, before the next one.
        await progress.more(16);
      }
      stop = true;
      await Promise.all(clients);
      const onThread = await searchesBy(base, 'search');
      server.close();
      assert.ok(onThread > 0, 'the thread answered');
      assert.ok(seen.length >= 48, `${seen.length} requests`);
      for (const s of seen) {
        assert.equal(s.status, 200);
        assert.equal(s.total, expected.get(s.version), `answer of ${s.version}`);
      }
      assert.equal(seen.at(-1)!.total, 3);
    });
});

describe('AnswerBytes', () => {
  it('keeps each answer apart in one buffer a reply transfers, growing as needed', () => {
    const bytes = new AnswerBytes(16);
    const jsons = ['{"a":"乳山绿茶"}', '{"b":"𠮷 and Latin, longer than the first buffer"}', '{}', '{"c":"ＡＩ"}'];
    const spans = jsons.map((j) => bytes.add(j));
    const taken = bytes.take();
    assert.equal(
      taken.byteLength,
      jsons.reduce((n, j) => n + Buffer.byteLength(j), 0),
    );
    spans.forEach(({ start, end }, i) => assert.equal(Buffer.from(taken, start, end - start).toString(), jsons[i]!.slice(1)));
    // The next reply starts afresh, and the taken bytes are a copy it does not write over.
    const next = bytes.add('{"d":1}');
    assert.deepEqual(next, { start: 1, end: 7 });
    assert.equal(Buffer.from(bytes.take(), next.start, next.end - next.start).toString(), '"d":1}');
    assert.equal(Buffer.from(taken, spans[0]!.start, spans[0]!.end - spans[0]!.start).toString(), '"a":"乳山绿茶"}');
  });

  it('are kept in the cache without the rest of their reply', () => {
    const bytes = new AnswerBytes();
    const span = bytes.add('{"x":1}');
    bytes.add('{"y":2}');
    const shared = bytes.take();
    const cache = new SearchCache(10, 1 << 20);
    cache.set('k', { query: 'x', total: 1, rest: new Uint8Array(shared, span.start, span.end - span.start) });
    const kept = cache.get('k')!;
    assert.equal(Buffer.from(kept.rest).toString(), '"x":1}');
    assert.equal(kept.rest.buffer.byteLength, kept.rest.byteLength);
  });
});
