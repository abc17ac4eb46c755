import assert from 'node:assert/strict';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { DEFAULT_CONFIG, type Config } from '../src/config.js';
import { reindex } from '../src/build/reindex.js';
import { createApp } from '../src/server/app.js';
import { createHttpServer } from '../src/server/http-server.js';
import { IndexHolder } from '../src/store/index-holder.js';
import { QueryTooComplexError } from '../src/index.js';
import { copySample, post, Progress, tempDir } from './helpers.js';

const SEED = '2022-06-10-NW202206102408578637';

async function setup(overrides: Partial<Config> = {}) {
  const source = copySample(tempDir());
  const indexDir = tempDir();
  await reindex({ source, indexDir });
  const config: Config = { ...DEFAULT_CONFIG, source, indexDir, watchIndex: false, ...overrides };
  const holder = new IndexHolder(indexDir);
  holder.reload();
  const app = createApp({
    config,
    holder,
    logger: pino({ level: 'silent' }),
    reindex: () => reindex({ source, indexDir }).then((r) => r.report),
  });
  // The server `npm start` runs: requests and responses born with the app's prototypes.
  return { app, server: createHttpServer(app), holder, source, indexDir };
}

describe('HTTP API', () => {
  let app: Awaited<ReturnType<typeof setup>>['app'];
  let server: Awaited<ReturnType<typeof setup>>['server'];
  let holder: IndexHolder;
  before(async () => {
    ({ app, server, holder } = await setup());
  });

  describe('GET /api/search', () => {
    it('answers with ranked, highlighted hits and the documented fields', async () => {
      const res = await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
      assert.deepEqual(Object.keys(res.body), ['query', 'total', 'tookMs', 'offset', 'limit', 'matched', 'hits', 'facets']);
      assert.equal(res.body.query, '乳山绿茶');
      assert.equal(res.body.hits[0].id, '2023-05-20-rushan-lvcha', 'title match first');
      assert.equal(res.body.hits[0].titleHighlight, '<mark>乳山绿茶</mark>的春天');
      const ids = res.body.hits.map((h: { id: string }) => h.id);
      assert.ok(ids.includes(SEED) && ids.includes('2023-03-15-zhibo-daihuo-rumen'));
      const seed = res.body.hits.find((h: { id: string }) => h.id === SEED);
      assert.equal(seed.url, '/zhongguofunvwang/2022/06/10/NW202206102408578637.html');
      assert.match(seed.snippet, /<mark>乳山绿茶<\/mark>专场直播/);
      assert.equal(res.headers['x-index-version'], holder.current!.manifest.version);
    });

    it('explains each hit with explain=1, and only then', async () => {
      const res = await request(server).get('/api/search').query({ q: '乳山绿茶', explain: '1' }).expect(200);
      assert.deepEqual(Object.keys(res.body.hits[0].explain), [
        'tier',
        'titleMatch',
        'bm25',
        'fields',
        'proximity',
        'titleWords',
        'freshness',
        'signals',
        'ownShare',
        'total',
        'words',
        'required',
        'missing',
        'date',
      ]);
      const e0 = res.body.hits[0].explain;
      // No post of the sample lists the others: each is all its own.
      assert.equal(e0.ownShare, 1);
      assert.equal(Math.round((e0.bm25 + e0.signals) * e0.ownShare * 100), Math.round(e0.total * 100));
      assert.deepEqual(Object.keys(e0.fields), ['title', 'tags', 'categories', 'body']);
      // Categories and freshness weigh nothing unless a site says so.
      assert.equal(e0.fields.categories, 0);
      assert.equal(e0.freshness, 0);
      assert.ok(Math.abs(e0.fields.title + e0.fields.tags + e0.fields.body - e0.bm25) < 0.002);
      assert.equal(res.body.hits[0].explain.tier, 'whole-query');
      assert.equal(res.body.hits[0].explain.titleMatch, 1);
      const plain = await request(server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
      assert.equal(plain.body.hits[0].explain, undefined);
      const bad = await request(server).get('/api/search').query({ q: '乳山绿茶', explain: 'yes' }).expect(400);
      assert.match(bad.body.error.message, /^explain: /);
    });

    it('finds the seed article by a phrase only it contains', async () => {
      const res = await request(server).get('/api/search').query({ q: '巾帼助农直播间' }).expect(200);
      assert.deepEqual(
        res.body.hits.map((h: { id: string }) => h.id),
        [SEED],
      );
    });

    it('does not index hidden text, scripts or comments', async () => {
      for (const q of ['隐藏关键词', '脚本关键词', '注释里的文字']) {
        const res = await request(server).get('/api/search').query({ q }).expect(200);
        assert.notEqual(res.body.matched, 'all', q);
      }
      const { body } = await request(server).get('/api/posts/2023-05-20-rushan-lvcha').expect(200);
      assert.ok(body.text.includes('一位茶农说：“以前等收购商上门'));
      for (const hidden of ['隐藏', '脚本', '注释', 'hiddenScriptWord']) assert.ok(!body.text.includes(hidden), hidden);
    });

    it('filters by tag and category and counts facets over all matches', async () => {
      const all = await request(server).get('/api/search').query({ q: '招商' }).expect(200);
      assert.equal(all.body.total, 2);
      assert.deepEqual(all.body.facets.tags, { 招商: 2, 开发区: 1, 政策: 1 });
      const one = await request(server).get('/api/search?q=招商&tag=招商&tag=政策').expect(200);
      assert.deepEqual(
        one.body.hits.map((h: { id: string }) => h.id),
        ['2024-07-01-zhaoshang-zhengce'],
      );
      const cat = await request(server).get('/api/search').query({ q: '搜索', category: 'tech' }).expect(200);
      assert.ok(cat.body.hits.length > 0 && cat.body.hits.every((h: { categories: string[] }) => h.categories.includes('tech')));
    });

    it('sorts by date and filters by date range', async () => {
      const res = await request(server)
        .get('/api/search')
        .query({ category: 'news', sort: 'date', from: '2024-01-01', to: '2024-06-30' })
        .expect(200);
      assert.deepEqual(
        res.body.hits.map((h: { id: string }) => h.id),
        ['2024-06-18-zhaoshang-gonggao', '2024-02-02-taiwan-dianzi-shu'],
      );
    });

    it('is served by requests and responses born with the app prototypes', async () => {
      // createHttpServer's point: Express then has no prototype to change (see http-server.ts).
      let born: unknown[] = [];
      const look = (req: object, res: object): void => void (born = [Object.getPrototypeOf(req), Object.getPrototypeOf(res)]);
      server.prependListener('request', look);
      try {
        await request(server).get('/healthz').expect(200);
      } finally {
        server.removeListener('request', look);
      }
      assert.deepEqual(born, [app.request, app.response]);
    });

    it('pages stably', async () => {
      const whole = await request(server).get('/api/search').query({ q: '的', limit: 100 }).expect(200);
      const pages = [];
      for (let offset = 0; offset < whole.body.total; offset += 3) {
        const r = await request(server).get('/api/search').query({ q: '的', limit: 3, offset }).expect(200);
        pages.push(...r.body.hits.map((h: { id: string }) => h.id));
      }
      assert.deepEqual(
        pages,
        whole.body.hits.map((h: { id: string }) => h.id),
      );
    });

    it('answers traditional, full-width and mixed queries', async () => {
      const t = await request(server).get('/api/search').query({ q: '電子書閱讀器' }).expect(200);
      assert.equal(t.body.hits[0].id, '2024-02-02-taiwan-dianzi-shu');
      const s = await request(server).get('/api/search').query({ q: '电子书阅读器' }).expect(200);
      assert.equal(s.body.hits[0].id, '2024-02-02-taiwan-dianzi-shu');
      const w = await request(server).get('/api/search').query({ q: 'abc' }).expect(200);
      assert.equal(w.body.hits[0].id, '2024-09-09-quanjiao-zifu');
      assert.match(w.body.hits[0].titleHighlight, /<mark>ＡＢＣ<\/mark>和<mark>ABC<\/mark>/);
      const m = await request(server).get('/api/search').query({ q: 'Chrome里' }).expect(200);
      assert.equal(m.body.hits[0].id, '2024-01-08-webgpu-rumen');
      const code = await request(server).get('/api/search').query({ q: 'hfo-1234yf' }).expect(200);
      assert.equal(code.body.hits[0].id, '2024-01-08-webgpu-rumen');
      // Taiwan's word for video, typed in traditional characters: the posts saying 视频, and the reading said.
      const tw = await request(server).get('/api/search').query({ q: '視訊' }).expect(200);
      assert.equal(tw.body.mainlandReading, '视频');
      assert.deepEqual(tw.body.hits.map((h: { id: string }) => h.id).sort(), [
        '2022-06-10-NW202206102408578637',
        '2023-03-15-zhibo-daihuo-rumen',
      ]);
      assert.equal(t.body.mainlandReading, undefined);
    });

    it('uses custom highlight markers and snippet length', async () => {
      const res = await request(server)
        .get('/api/search')
        .query({ q: '冷链物流', highlightPre: '<em>', highlightPost: '</em>', snippetLength: 20 })
        .expect(200);
      assert.match(res.body.hits[0].snippet, /<em>冷链物流<\/em>/);
    });

    const bad: [Record<string, string>, string][] = [
      [{}, 'q'],
      [{ q: 'x'.repeat(257) }, 'q'],
      [{ q: '茶', limit: 'abc' }, 'limit'],
      [{ q: '茶', limit: '0' }, 'limit'],
      [{ q: '茶', limit: '101' }, 'limit'],
      [{ q: '茶', offset: '-1' }, 'offset'],
      [{ q: '茶', sort: 'popular' }, 'sort'],
      [{ q: '茶', from: '2022-13-01' }, 'from'],
      [{ q: '茶', to: 'yesterday' }, 'to'],
      [{ q: '茶', from: '2024-02-01', to: '2024-01-01' }, 'from'],
      [{ q: '茶', snippetLength: '5' }, 'snippetLength'],
      [{ q: '茶', highlightPre: 'x'.repeat(65) }, 'highlightPre'],
    ];
    for (const [query, name] of bad) {
      it(`answers 400 naming ${name} for ${JSON.stringify(query).slice(0, 60)}`, async () => {
        const res = await request(server).get('/api/search').query(query).expect(400).expect('Content-Type', /json/);
        assert.equal(res.body.error.code, 'invalid_parameter');
        assert.ok(res.body.error.message.startsWith(`${name}:`), res.body.error.message);
      });
    }

    it('gives the hits of the spelling offered when nothing is found as typed, and says so; with correct=0, nothing', async () => {
      const res = await request(server).get('/api/search').query({ q: 'webgpy' }).expect(200);
      assert.deepEqual(
        [res.body.query, res.body.correctedQuery, res.body.didYouMean, res.body.hits[0].id],
        ['webgpy', 'webgpu', { query: 'webgpu', total: 1 }, '2024-01-08-webgpu-rumen'],
      );
      assert.match(res.body.hits[0].titleHighlight, /<mark>WebGPU<\/mark>/);
      const asTyped = await request(server).get('/api/search').query({ q: 'webgpy', correct: '0' }).expect(200);
      assert.deepEqual(
        [asTyped.body.total, asTyped.body.correctedQuery, asTyped.body.didYouMean],
        [0, undefined, { query: 'webgpu', total: 1 }],
      );
      await request(server).get('/api/search').query({ q: 'webgpy', correct: 'maybe' }).expect(400);
    });

    it('answers 400 for a repeated q', async () => {
      const res = await request(server).get('/api/search?q=a&q=b').expect(400);
      assert.match(res.body.error.message, /^q: must be given once/);
    });

    it('serves repeated queries from the cache', async () => {
      const metric = async () => Number(/zhsearch_search_cache_hits_total (\d+)/.exec((await request(server).get('/metrics')).text)![1]);
      const before = await metric();
      await request(server).get('/api/search').query({ q: '缓存测试' });
      await request(server).get('/api/search').query({ q: '缓存测试' });
      assert.equal(await metric(), before + 1);
    });
  });

  describe('the cost bound of a query', () => {
    it('answers 16 OR alternatives, refuses 17 with 400 query_too_complex (the library throws its error)', async () => {
      const words = [...'的一是不了人我在有他这中大来上国个'];
      const ok = await request(server)
        .get('/api/search')
        .query({ q: words.slice(0, 16).join(' OR ') })
        .expect(200);
      assert.ok(ok.body.total > 0);
      const res = await request(server)
        .get('/api/search')
        .query({ q: words.join(' OR ') })
        .expect(400);
      assert.deepEqual(res.body, {
        error: { code: 'query_too_complex', message: 'the query has 17 OR alternatives; at most 16 are searched' },
      });
      assert.throws(
        () => holder.current!.engine.search(words.join(' OR ')),
        (err: unknown) => err instanceof QueryTooComplexError && err.code === 'QUERY_TOO_COMPLEX',
      );
    });
  });

  describe('GET /api/suggest', () => {
    it('completes words and titles from a prefix', async () => {
      const res = await request(server).get('/api/suggest').query({ q: '乳山' }).expect(200);
      const texts = res.body.suggestions.map((s: { text: string }) => s.text);
      assert.ok(texts.includes('乳山绿茶的春天'), texts.join(','));
    });
    it('requires q', async () => {
      const res = await request(server).get('/api/suggest').expect(400);
      assert.equal(res.body.error.code, 'invalid_parameter');
    });
  });

  describe('GET /api/posts/:id', () => {
    it('returns one post by exact id', async () => {
      const res = await request(server).get(`/api/posts/${SEED}`).expect(200);
      assert.equal(res.body.title, '妇联“硬核”助力 点燃“电商经济”');
      assert.ok(res.body.text.includes('乳山绿茶'));
    });
    it('gives related posts of a post by its keywords, and 404 JSON for an unknown one', async () => {
      const res = await request(server).get(`/api/posts/2023-05-20-rushan-lvcha/related`).query({ limit: 2 }).expect(200);
      assert.equal(res.body.related.length, 2);
      assert.ok(res.body.related.every((h: { id: string }) => h.id !== '2023-05-20-rushan-lvcha'));
      assert.ok(
        res.body.related.some((h: { id: string }) => h.id === SEED),
        JSON.stringify(res.body.related.map((h: { id: string }) => h.id)),
      );
      const missing = await request(server).get('/api/posts/no-such-post/related').expect(404);
      assert.equal(missing.body.error.code, 'not_found');
      await request(server).get(`/api/posts/${SEED}/related`).query({ limit: 0 }).expect(400);
    });

    it('answers 404 JSON for unknown ids and path tricks', async () => {
      for (const id of ['nope', '..%2F..%2Fpackage.json', '%2e%2e', SEED.toLowerCase(), `${SEED}.md`]) {
        const res = await request(server).get(`/api/posts/${id}`).expect(404);
        assert.equal(res.body.error.code, 'not_found');
      }
    });
  });

  describe('operations', () => {
    it('reports liveness and readiness with the index version', async () => {
      await request(server).get('/healthz').expect(200, { status: 'ok' });
      const res = await request(server).get('/readyz').expect(200);
      assert.equal(res.body.version, holder.current!.manifest.version);
      assert.equal(res.body.documentCount, 11);
    });
    it('exposes Prometheus metrics per route', async () => {
      await request(server).get('/api/search').query({ q: '茶' });
      const text = (await request(server).get('/metrics').expect(200)).text;
      assert.match(text, /zhsearch_http_requests_total\{route="\/api\/search",method="GET",status="200"\} \d+/);
      assert.match(text, /zhsearch_http_request_duration_seconds_bucket\{le="0.005",route="\/api\/search"\}/);
      assert.match(text, /zhsearch_index_documents 11/);
    });
    it('describes every endpoint in openapi.json', async () => {
      const res = await request(server).get('/openapi.json').expect(200);
      for (const p of [
        '/api/search',
        '/api/suggest',
        '/api/posts/{id}',
        '/healthz',
        '/readyz',
        '/metrics',
        '/api/admin/reload',
        '/api/admin/reindex',
      ])
        assert.ok(res.body.paths[p], p);
    });
    it('answers a request line with raw UTF-8 (curl without -G --data-urlencode) with 400 JSON', async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const raw = await new Promise<string>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () =>
            socket.end(Buffer.from('GET /api/search?q=乳山绿茶 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8')),
          );
          let got = '';
          socket.on('data', (d) => (got += d.toString('utf8')));
          socket.on('end', () => resolve(got));
          socket.on('error', reject);
        });
        const [head, body] = raw.split('\r\n\r\n');
        assert.match(head!, /^HTTP\/1\.1 400 /);
        assert.match(head!, /Content-Type: application\/json/);
        assert.equal(JSON.parse(body!).error.code, 'bad_request');
        assert.match(JSON.parse(body!).error.message, /--data-urlencode/);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });

    it('answers unknown routes with 404 JSON and no stack trace', async () => {
      const res = await request(server).get('/api/nothing-here').expect(404);
      assert.deepEqual(res.body, { error: { code: 'not_found', message: 'no route for GET /api/nothing-here' } });
    });
    it('answers a route asked with another method with 405 JSON and Allow', async () => {
      const get = await request(server).get('/api/admin/reload').expect(405);
      assert.equal(get.headers['allow'], 'POST');
      assert.deepEqual(get.body, {
        error: { code: 'method_not_allowed', message: 'GET /api/admin/reload is not served; it takes POST' },
      });
      const post = await request(server).post('/api/posts/some-id').expect(405);
      assert.equal(post.headers['allow'], 'GET, HEAD');
      assert.equal(post.body.error.code, 'method_not_allowed');
      // The routes themselves, and unknown paths, as before.
      await request(server).head('/api/search').query({ q: '茶' }).expect(200);
      await request(server).post('/api/nothing-here').expect(404);
    });
    it('sends security headers and CORS, without X-Powered-By', async () => {
      const res = await request(server).get('/api/search').query({ q: '茶' }).set('Origin', 'https://blog.example.com').expect(200);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.equal(res.headers['x-powered-by'], undefined);
    });
    it('compresses for clients that accept it, and only for them', async () => {
      const gz = await request(server).get('/openapi.json').set('Accept-Encoding', 'gzip').expect(200);
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.ok(gz.body.paths['/api/search']);
      const plain = await request(server).get('/openapi.json').set('Accept-Encoding', '').expect(200);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.deepEqual(plain.body, gz.body);
    });
    it('gives every answer a request id, keeping a well-formed one the client sent', async () => {
      const own = await request(server).get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
      assert.equal(own.headers['x-request-id'], 'abc-123');
      const made = await request(server).get('/healthz').set('X-Request-Id', 'bad id with spaces').expect(200);
      assert.match(made.headers['x-request-id']!, /^[0-9a-f-]{36}$/);
    });
    it('keeps admin routes off without a token', async () => {
      await request(server).post('/api/admin/reload').expect(404);
    });
  });
});

describe('synonyms changed while serving', () => {
  it('answers from the new synonyms at once, not from answers cached with the old ones', async () => {
    const source = copySample(tempDir());
    const indexDir = tempDir();
    await reindex({ source, indexDir });
    let groups: string[][] = [];
    const holder = new IndexHolder(indexDir, { loadSynonyms: () => groups });
    holder.reload();
    try {
      const server = createHttpServer(
        createApp({ config: { ...DEFAULT_CONFIG, source, indexDir, watchIndex: false }, holder, logger: pino({ level: 'silent' }) }),
      );
      const ids = async (): Promise<string[]> =>
        (await request(server).get('/api/search').query({ q: 'AI' }).expect(200)).body.hits.map((h: { id: string }) => h.id);
      assert.ok(!(await ids()).includes('2024-04-01-rengong-zhineng-sousuo'));
      assert.ok(!(await ids()).includes('2024-04-01-rengong-zhineng-sousuo'), 'the second answer comes from the cache');
      groups = [['人工智能', 'AI']];
      holder.refreshSynonyms();
      assert.ok((await ids()).includes('2024-04-01-rengong-zhineng-sousuo'));
    } finally {
      holder.close();
    }
  });
});

describe('HTTP API with an admin token, rate limit and CORS allow-list', () => {
  const token = 's3cret-token';
  let ctx: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    ctx = await setup({ adminToken: token, corsOrigins: ['https://blog.example.com'] });
  });

  it('refuses missing and wrong tokens, accepts the right one', async () => {
    await request(ctx.server).post('/api/admin/reload').expect(401);
    await request(ctx.server).post('/api/admin/reload').set('Authorization', 'Bearer wrong').expect(401);
    await request(ctx.server).post('/api/admin/reload').set('Authorization', `Basic ${token}`).expect(401);
    const res = await request(ctx.server).post('/api/admin/reload').set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(res.body.changed, false);
  });

  it('rejects a too large body with 413 JSON', async () => {
    const res = await request(ctx.server)
      .post('/api/admin/reload')
      .set('Authorization', `Bearer ${token}`)
      .send({ pad: 'x'.repeat(20_000) })
      .expect(413);
    assert.equal(res.body.error.code, 'payload_too_large');
  });

  it('allows only listed origins', async () => {
    const ok = await request(ctx.server).get('/healthz').set('Origin', 'https://blog.example.com');
    assert.equal(ok.headers['access-control-allow-origin'], 'https://blog.example.com');
    const no = await request(ctx.server).get('/healthz').set('Origin', 'https://evil.example.com');
    assert.equal(no.headers['access-control-allow-origin'], undefined);
  });

  it('reindexes through the admin route and serves the new version', async () => {
    fs.writeFileSync(path.join(ctx.source, '2025-02-02-admin.md'), post({ title: '管理接口' }, '通过管理接口重建索引：独角鲸'));
    const res = await request(ctx.server).post('/api/admin/reindex').set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(res.body.report.added, 1);
    assert.equal(res.body.reload.changed, true);
    const s = await request(ctx.server).get('/api/search').query({ q: '独角鲸' }).expect(200);
    assert.equal(s.headers['x-index-version'], res.body.reload.version);
    assert.equal(s.body.hits[0].id, '2025-02-02-admin');
  });

  it('answers a second reindex asked while one runs with 409 busy, and the first one still completes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const app = createApp({
      config: { ...DEFAULT_CONFIG, source: ctx.source, indexDir: ctx.indexDir, watchIndex: false, adminToken: token },
      holder: ctx.holder,
      logger: pino({ level: 'silent' }),
      reindex: async () => {
        await gate;
        return (await reindex({ source: ctx.source, indexDir: ctx.indexDir })).report;
      },
    });
    const server = createHttpServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const first = request(server)
        .post('/api/admin/reindex')
        .set('Authorization', `Bearer ${token}`)
        .then((r) => r);
      // The first request is in (and waiting at the gate) once a reload shows the route answers.
      await request(server).post('/api/admin/reload').set('Authorization', `Bearer ${token}`).expect(200);
      const second = await request(server).post('/api/admin/reindex').set('Authorization', `Bearer ${token}`).expect(409);
      assert.equal(second.body.error.code, 'busy');
      assert.match(second.body.error.message, /^a reindex is already running \(started \d{4}-\d\d-\d\dT[\d:.]+Z\)$/);
      release();
      assert.equal((await first).status, 200);
      await request(server).post('/api/admin/reindex').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      release();
      await new Promise((r) => server.close(r));
    }
  });

  it('notices a data file damaged under an unchanged manifest, refuses it and keeps serving', async () => {
    const m = JSON.parse(fs.readFileSync(path.join(ctx.indexDir, 'manifest.json'), 'utf8'));
    const file = path.join(ctx.indexDir, m.dataFile);
    const saved = fs.readFileSync(file);
    try {
      const damaged = Buffer.from(saved);
      damaged[200]! ^= 0xff;
      fs.writeFileSync(file, damaged);
      const res = await request(ctx.server).post('/api/admin/reload').set('Authorization', `Bearer ${token}`).expect(409);
      assert.equal(res.body.error.code, 'index_refused');
      assert.match(res.body.error.message, /checksum mismatch/);
      assert.doesNotMatch(res.body.error.message, /\/tmp\//, 'no absolute paths');
      await request(ctx.server).get('/api/search').query({ q: '乳山绿茶' }).expect(200);
    } finally {
      fs.writeFileSync(file, saved);
    }
    const ok = await request(ctx.server).post('/api/admin/reload').set('Authorization', `Bearer ${token}`).expect(200);
    assert.equal(ok.body.changed, false);
  });

  it('refuses a corrupt new index and keeps serving the old one', async () => {
    const before = ctx.holder.current!.manifest.version;
    const mf = path.join(ctx.indexDir, 'manifest.json');
    const saved = fs.readFileSync(mf);
    const m = JSON.parse(saved.toString());
    fs.writeFileSync(mf, JSON.stringify({ ...m, version: 'bogus', checksum: 'sha1:' + '0'.repeat(40) }));
    try {
      const res = await request(ctx.server).post('/api/admin/reload').set('Authorization', `Bearer ${token}`).expect(409);
      assert.equal(res.body.error.code, 'index_refused');
      assert.ok(!res.body.error.message.includes(ctx.indexDir), 'no file paths in errors');
      const s = await request(ctx.server).get('/api/search').query({ q: '茶' }).expect(200);
      assert.equal(s.headers['x-index-version'], before);
    } finally {
      fs.writeFileSync(mf, saved);
    }
  });

  it('limits requests per IP when configured', async () => {
    const limited = await setup({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) await request(limited.server).get('/api/search').query({ q: '茶' }).expect(200);
    const res = await request(limited.server).get('/api/search').query({ q: '茶' }).expect(429);
    assert.equal(res.body.error.code, 'rate_limited');
  });
});

describe('hot reload under concurrent requests', () => {
  it('loses no request and every answer names a complete index version', async () => {
    const { server, holder, source, indexDir } = await setup();
    server.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const versions = new Set<string>([holder.current!.manifest.version]);
    const seen: string[] = [];
    let failures = 0;
    let stop = false;
    const progress = new Progress();
    const client = async () => {
      while (!stop) {
        const r = await fetch(`${base}/api/search?q=${encodeURIComponent('乳山绿茶')}&limit=5`);
        if (r.status !== 200) failures++;
        const body = (await r.json()) as { hits: unknown[] };
        if (!Array.isArray(body.hits)) failures++;
        seen.push(r.headers.get('x-index-version')!);
        progress.tick();
      }
    };
    const clients = Array.from({ length: 16 }, client);
    await progress.more(16);
    for (let i = 0; i < 3; i++) {
      fs.appendFileSync(path.join(source, `2024-06-18-zhaoshang-gonggao.md`), `\n第${i}次修改。\n`);
      const { manifest } = await reindex({ source, indexDir });
      versions.add(manifest.version);
      holder.reload();
      // Requests keep coming across each swap: 32 more answers before the next one.
      await progress.more(32);
    }
    stop = true;
    await Promise.all(clients);
    server.close();
    assert.equal(failures, 0);
    assert.ok(seen.length >= 16 + 3 * 32, `${seen.length} requests`);
    assert.ok(
      seen.every((v) => versions.has(v)),
      'every version was a complete index',
    );
    assert.equal(versions.size, 4);
    assert.equal(seen[seen.length - 1], holder.current!.manifest.version);
  });
});
