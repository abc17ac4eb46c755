/**
 * End-to-end tests of the search page and the widget in Debian's headless Chromium
 * (playwright-core), against the real server on a test corpus. Screenshots go to
 * test-output/screenshots; UPDATE_DOCS=1 also refreshes the ones under docs/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SEED_URL, useBrowserFixture } from './browser-fixture.js';
import { ROOT } from './helpers.js';

const SHOTS = path.join(ROOT, 'test-output/screenshots');

describe('search page and widget in Chromium', function () {
  this.timeout(60_000);
  const fx = useBrowserFixture();
  const newPage = (width?: number, height?: number) => fx.newPage(width, height);
  let base: string;
  before(() => {
    base = fx.base;
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  it('shows the seed article first for 乳山绿茶 with the match in <mark>', async () => {
    const page = await newPage();
    await page.goto(`${base}/`);
    await page.fill('#q', '乳山绿茶');
    await page.press('#q', 'Enter');
    await page.waitForSelector('.hit');
    const first = page.locator('.hit').first();
    assert.equal(await first.locator('h3 a').getAttribute('href'), SEED_URL);
    assert.ok((await first.locator('mark').allTextContents()).includes('乳山绿茶'));
    assert.match(page.url(), /\?q=%E4%B9%B3%E5%B1%B1%E7%BB%BF%E8%8C%B6$/);
    assert.match((await page.textContent('#status'))!, /找到 \d+ 篇文章/);
    await page.screenshot({ path: path.join(SHOTS, 'search-desktop.png'), fullPage: true });
    await page.close();
  });

  it('shows the hits of the spelling offered when nothing is found as typed, and says so (page and widget)', async () => {
    const page = await newPage();
    await page.goto(`${base}/?q=chorme`);
    await page.waitForSelector('.hit');
    assert.equal(await page.textContent('#did-you-mean'), '没有找到“chorme”，以下是“chrome”的结果');
    assert.deepEqual(await page.locator('.hit h3').allTextContents(), ['Chrome 使用技巧']);
    await page.goto(fx.hostPage());
    await page.locator('[data-zhsearch] input').fill('chorme');
    await page.waitForSelector('[data-zhsearch] .panel a');
    assert.equal(await page.locator('[data-zhsearch] .panel .info').first().textContent(), '没有找到“chorme”，以下是“chrome”的结果');
    // A word as typed is only offered its sound-alike: a link in the widget that searches it.
    await page.locator('[data-zhsearch] input').fill('直拨');
    await page.waitForSelector('[data-zhsearch] .panel .info a');
    assert.deepEqual(await page.locator('[data-zhsearch] .panel .info').allTextContents(), ['没有找到“直拨”', '你是不是要找：直播']);
    await page.locator('[data-zhsearch] .panel .info a').click();
    await page.waitForSelector('[data-zhsearch] .panel li a');
    assert.equal(await page.locator('[data-zhsearch] input').inputValue(), '直播');
    assert.match((await page.locator('[data-zhsearch] .panel li .t').first().textContent())!, /直播/);
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

  it('shows why each hit ranks where it does with explain=1, keeps it for the next search, and not otherwise', async () => {
    const page = await newPage();
    await page.goto(`${base}/?q=${encodeURIComponent('乳山绿茶')}&explain=1`);
    await page.waitForSelector('.hit');
    const first = (await page.locator('.hit').first().locator('.explain').textContent())!;
    assert.match(
      first,
      /^分数 \d+(\.\d+)? · 整句出现 · BM25 ([\d.]+)（标题 [\d.]+，标签 [\d.]+，正文 [\d.]+） · 邻近 [\d.]+ · 其他信号 [\d.]+ · 必需词：/,
    );
    assert.equal(await page.locator('.hit').count(), await page.locator('.hit .explain').count());
    await page.fill('#q', '直播');
    await page.press('#q', 'Enter');
    await page.waitForURL(/q=%E7%9B%B4%E6%92%AD.*explain=1/);
    await page.waitForFunction(() => document.querySelector('.hit .explain')?.textContent?.includes('直播'));
    await page.goto(`${base}/?q=${encodeURIComponent('乳山绿茶')}`);
    await page.waitForSelector('.hit');
    assert.equal(await page.locator('.hit .explain').count(), 0);
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
    await page.goto(fx.hostPage());
    await page.waitForSelector('[data-zhsearch] input');
    // Filled at once: typed key by key, a busy machine's pause may show the answer for 乳山 first.
    await page.locator('[data-zhsearch] input').fill('乳山绿茶');
    await page.waitForSelector('[data-zhsearch] .panel a');
    const link = page.locator('[data-zhsearch] .panel a').first();
    assert.equal(await link.getAttribute('href'), SEED_URL);
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
