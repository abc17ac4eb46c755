/**
 * End-to-end tests of the search page and the widget in Debian's headless Chromium
 * (playwright-core), against the real server on a test corpus. Screenshots go to
 * test-output/screenshots; UPDATE_DOCS=1 also refreshes the ones under docs/.
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
import { post, ROOT, SAMPLE_POSTS, tempDir, writePosts } from './helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SEED = '2022-06-10-NW202206102408578637';
const SHOTS = path.join(ROOT, 'test-output/screenshots');

function testCorpus(dir: string): string {
  fs.copyFileSync(path.join(SAMPLE_POSTS, `${SEED}.md`), path.join(dir, `${SEED}.md`));
  const files: Record<string, string> = {
    '2023-01-05-chaye-shichang.md': post({ title: '茶叶市场观察', date: '2023-01-05', categories: 'news', tags: '[茶叶, 市场]' }, '<p>今年绿茶价格平稳，乳山的茶园扩大了面积。</p>'),
    '2023-02-01-zhuru.md': post(
      { title: '"<img src=x onerror=\\"window.__pwned=1\\">注入测试"', date: '2023-02-01', categories: 'test', tags: '[安全]' },
      '<p>正文里有一段代码：&lt;script&gt;window.__pwned=2&lt;/script&gt;，还有 <b onclick="window.__pwned=3">粗体</b>。注入测试结束。</p><script>window.__pwned=4</script>',
    ),
  };
  for (let i = 1; i <= 14; i++) {
    const tags = i % 2 ? '[直播, 电商]' : '[直播, 农业]';
    files[`2023-03-${String(i).padStart(2, '0')}-zhibo-${i}.md`] = post({ title: `直播日记第${i}天`, date: `2023-03-${String(i).padStart(2, '0')}`, categories: i % 3 ? 'news' : 'guides', tags }, `<p>第${i}天的直播带货记录，观众越来越多。</p>`);
  }
  return writePosts(dir, files);
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(String((server.address() as AddressInfo).port))));
}

describe('search page and widget in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let base: string;
  let api: http.Server;
  let hostSite: http.Server;
  let hostUrl: string;

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
    const app = createApp({ config: { ...DEFAULT_CONFIG, source, indexDir, watchIndex: false }, holder, logger: pino({ level: 'silent' }) });
    api = createHttpServer(app);
    const port = await listen(api);
    base = `http://127.0.0.1:${port}`;
    // A page on another origin (localhost vs 127.0.0.1) embedding the widget.
    hostSite = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="zh"><body><h1 class="title">博客首页</h1><style>a{color:lime!important}</style>
<div data-zhsearch data-placeholder="搜索本站" style="--zhsearch-accent:#0a5"></div>
<script src="${base}/widget.js" data-endpoint="${base}" defer></script></body></html>`);
    });
    hostUrl = `http://localhost:${await listen(hostSite)}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    api?.close();
    hostSite?.close();
  });

  async function newPage(width = 1280, height = 800): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('pageerror', (err) => assert.fail(`page error: ${err.message}`));
    return page;
  }

  it('shows the seed article first for 乳山绿茶 with the match in <mark>', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.fill('#q', '乳山绿茶');
    await page.press('#q', 'Enter');
    await page.waitForSelector('.hit');
    const first = page.locator('.hit').first();
    assert.equal(await first.locator('h3 a').getAttribute('href'), '/zhongguofunvwang/2022/06/10/NW202206102408578637.html');
    assert.ok((await first.locator('mark').allTextContents()).includes('乳山绿茶'));
    assert.match(page.url(), /\?q=%E4%B9%B3%E5%B1%B1%E7%BB%BF%E8%8C%B6$/);
    assert.match((await page.textContent('#status'))!, /找到 \d+ 篇文章/);
    await page.screenshot({ path: path.join(SHOTS, 'search-desktop.png'), fullPage: true });
    await page.close();
  });

  it('narrows results with a tag facet, keeps the state in the URL and restores it on reload', async () => {
    const page = await newPage();
    await page.goto(`${base}/?q=${encodeURIComponent('直播')}`);
    await page.waitForSelector('.hit');
    const before = (await page.textContent('#status'))!;
    await page.click('button[data-facet="tags"][data-value="电商"]');
    await page.waitForURL(/tag=%E7%94%B5%E5%95%86/);
    // Past the loading state ('搜索中…') to the new count.
    await page.waitForFunction((b) => {
      const t = document.querySelector('#status')!.textContent ?? '';
      return t !== b && /找到 \d+ 篇文章/.test(t);
    }, before);
    assert.match((await page.textContent('#status'))!, /找到 7 篇文章/);
    const shown = await page.locator('.hit h3 a').allTextContents();
    const tagsShown = await page.locator('.hit .meta').allTextContents();
    assert.ok(tagsShown.every((t) => t.includes('电商')));
    await page.reload();
    await page.waitForSelector('.hit');
    assert.equal(await page.inputValue('#q'), '直播');
    assert.equal(await page.getAttribute('button[data-facet="tags"][data-value="电商"]', 'aria-pressed'), 'true');
    assert.deepEqual(await page.locator('.hit h3 a').allTextContents(), shown);
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('tag='));
    await page.waitForFunction(() => /找到 1[0-9] 篇文章/.test(document.querySelector('#status')!.textContent ?? ''));
    await page.close();
  });

  it('runs the search for a suggestion chosen with the keyboard', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.locator('#q').pressSequentially('乳山', { delay: 30 });
    await page.waitForSelector('#suggestions li');
    await page.press('#q', 'ArrowDown');
    const chosen = await page.getAttribute('#suggestions li[aria-selected="true"]', 'data-text');
    assert.ok(chosen);
    await page.press('#q', 'Enter');
    await page.waitForSelector('.hit');
    assert.equal(await page.inputValue('#q'), chosen);
    assert.equal(new URL(page.url()).searchParams.get('q'), chosen);
    await page.close();
  });

  it('renders injected markup as text and never runs it', async () => {
    const page = await newPage();
    await page.goto(`${base}/?q=${encodeURIComponent('注入测试')}`);
    await page.waitForSelector('.hit');
    const title = (await page.locator('.hit h3 a').first().textContent())!;
    assert.equal(title, '<img src=x onerror="window.__pwned=1">注入测试');
    assert.match((await page.locator('.hit p').first().textContent())!, /<script>window.__pwned=2<\/script>/);
    assert.equal(await page.locator('.hit img, .hit script, .hit b').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.close();
  });

  it('says so when the API is down', async () => {
    const page = await newPage();
    await page.route('**/api/search**', (route) => route.abort());
    await page.goto(`${base}/?q=${encodeURIComponent('乳山')}`);
    await page.waitForFunction(() => document.querySelector('#status')!.classList.contains('error'));
    assert.match((await page.textContent('#status'))!, /搜索服务暂时不可用/);
    await page.close();
  });

  it('works on a phone-sized screen', async () => {
    const page = await newPage(390, 844);
    await page.goto(`${base}/?q=${encodeURIComponent('直播带货')}`);
    await page.waitForSelector('.hit');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide`);
    await page.screenshot({ path: path.join(SHOTS, 'search-phone.png'), fullPage: false });
    await page.close();
  });

  it('gives a page on another origin a search box with results (widget.js)', async () => {
    const page = await newPage();
    await page.goto(hostUrl);
    await page.waitForSelector('[data-zhsearch] input');
    await page.locator('[data-zhsearch] input').pressSequentially('乳山绿茶', { delay: 20 });
    await page.waitForSelector('[data-zhsearch] .panel a');
    const link = page.locator('[data-zhsearch] .panel a').first();
    assert.equal(await link.getAttribute('href'), '/zhongguofunvwang/2022/06/10/NW202206102408578637.html');
    assert.ok((await link.locator('mark').allTextContents()).includes('乳山绿茶'));
    // Host styles stay out of the shadow root, and the widget's stay in.
    const color = await link.evaluate((a) => getComputedStyle(a).color);
    assert.notEqual(color, 'rgb(0, 255, 0)');
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontWeight), '700');
    await page.screenshot({ path: path.join(SHOTS, 'widget.png') });
    await page.close();
  });

  after(() => {
    if (process.env.UPDATE_DOCS && fs.existsSync(SHOTS)) {
      for (const f of ['search-desktop.png', 'search-phone.png', 'widget.png']) {
        if (fs.existsSync(path.join(SHOTS, f))) fs.copyFileSync(path.join(SHOTS, f), path.join(ROOT, 'docs', f));
      }
    }
  });
});
