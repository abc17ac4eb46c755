/**
 * What the browser tests share: the real server over a small test corpus, a site on
 * another origin that embeds widget.js, and Debian's headless Chromium (playwright-core).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pino } from 'pino';
import { DEFAULT_CONFIG } from '../src/config.js';
import { reindex } from '../src/build/reindex.js';
import { createApp } from '../src/server/app.js';
import { createHttpServer } from '../src/server/http-server.js';
import { IndexHolder } from '../src/store/index-holder.js';
import { post, SAMPLE_POSTS, tempDir, writePosts } from './helpers.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SEED = '2022-06-10-NW202206102408578637';
export const SEED_URL = '/zhongguofunvwang/2022/06/10/NW202206102408578637.html';

/** The seed article, a tea post, an injection attempt, a post on Chrome, and 14 live-streaming diaries in `news` or `guides`. */
function testCorpus(dir: string): string {
  fs.copyFileSync(path.join(SAMPLE_POSTS, `${SEED}.md`), path.join(dir, `${SEED}.md`));
  const files: Record<string, string> = {
    '2023-01-05-chaye-shichang.md': post(
      { title: '茶叶市场观察', date: '2023-01-05', categories: 'news', tags: '[茶叶, 市场]' },
      '<p>今年绿茶价格平稳，乳山的茶园扩大了面积。</p>',
    ),
    '2023-02-01-zhuru.md': post(
      { title: '"<img src=x onerror=\\"window.__pwned=1\\">注入测试"', date: '2023-02-01', categories: 'test', tags: '[安全]' },
      '<p>正文里有一段代码：&lt;script&gt;window.__pwned=2&lt;/script&gt;，还有 <b onclick="window.__pwned=3">粗体</b>。注入测试结束。</p><script>window.__pwned=4</script>',
    ),
    '2023-04-01-chrome.md': post({ title: 'Chrome 使用技巧', date: '2023-04-01' }, '<p>Chrome 浏览器的快捷键。</p>'),
  };
  for (let i = 1; i <= 14; i++) {
    const tags = i % 2 ? '[直播, 电商]' : '[直播, 农业]';
    files[`2023-03-${String(i).padStart(2, '0')}-zhibo-${i}.md`] = post(
      { title: `直播日记第${i}天`, date: `2023-03-${String(i).padStart(2, '0')}`, categories: i % 3 ? 'news' : 'guides', tags },
      `<p>第${i}天的直播带货记录，观众越来越多。</p>`,
    );
  }
  return writePosts(dir, files);
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))));
}

export interface BrowserFixture {
  browser: Browser;
  /** The service: `http://127.0.0.1:PORT`. */
  base: string;
  /** A blog on another origin; `hostPage(attrs)` is a page of it whose widget element has these attributes. */
  hostPage(attrs?: string): string;
  newPage(width?: number, height?: number): Promise<Page>;
}

/**
 * Starts the fixture in a mocha `before` (skipping outside CI when Chromium is missing)
 * and stops it in `after`. Page errors fail the test that is running.
 */
export function useBrowserFixture(): BrowserFixture {
  const fx = {} as BrowserFixture;
  let api: http.Server | undefined;
  let hostSite: http.Server | undefined;
  const errors: string[] = [];
  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
      this.skip();
    }
    const source = testCorpus(tempDir());
    const indexDir = tempDir();
    await reindex({ source, indexDir });
    const holder = new IndexHolder(indexDir);
    holder.reload();
    const app = createApp({
      config: { ...DEFAULT_CONFIG, source, indexDir, watchIndex: false },
      holder,
      logger: pino({ level: 'silent' }),
    });
    api = createHttpServer(app);
    fx.base = `http://127.0.0.1:${await listen(api)}`;
    // A blog on another origin (localhost vs 127.0.0.1) embedding the widget; every path
    // is a page of it, so a followed result link lands on the blog.
    hostSite = http.createServer((req, res) => {
      const attrs = new URL(req.url ?? '/', 'http://x').searchParams.get('attrs') ?? 'data-placeholder="搜索本站"';
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="zh"><body><h1 class="title">博客首页</h1><style>a{color:lime!important}</style>
<p><input id="comment" aria-label="评论"></p>
<div data-zhsearch ${attrs} style="--zhsearch-accent:#0a5"></div>
<script src="${fx.base}/widget.js" data-endpoint="${fx.base}" defer></script></body></html>`);
    });
    const hostUrl = `http://localhost:${await listen(hostSite)}/`;
    fx.hostPage = (attrs) => (attrs ? `${hostUrl}?attrs=${encodeURIComponent(attrs)}` : hostUrl);
    fx.browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    fx.newPage = async (width = 1280, height = 800) => {
      const page = await fx.browser.newPage({ viewport: { width, height } });
      page.on('pageerror', (err) => errors.push(err.message));
      return page;
    };
  });
  afterEach(() => {
    const seen = errors.splice(0);
    assert.deepEqual(seen, [], 'errors on the page');
  });
  after(async () => {
    await fx.browser?.close();
    api?.close();
    hostSite?.close();
  });
  return fx;
}
