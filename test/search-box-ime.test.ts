/**
 * The search box for readers who type through an input method, in real Chromium. The
 * input method is driven through the DevTools protocol as a pinyin IME drives the
 * browser: `Input.imeSetComposition` for each keystroke of `rushan`, then
 * `Input.insertText` to commit 乳山. Keys pressed meanwhile reach the page as composing
 * keys (`isComposing`), as a real IME's candidate arrows and committing Enter do.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { CDPSession, Page, Request } from 'playwright-core';
import { SEED_URL, useBrowserFixture } from './browser-fixture.js';
import { ROOT } from './helpers.js';

/** Every request the page makes to `route` (`/api/search`, `/api/suggest`), as its `q`. */
function requestsTo(page: Page, route: string): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => {
    const url = new URL(r.url());
    if (url.pathname === route) seen.push(url.searchParams.get('q') ?? '');
  });
  return seen;
}

/** Types `keys` one by one into the focused field as an IME composition, without committing. */
async function compose(cdp: CDPSession, keys: string): Promise<void> {
  for (let i = 1; i <= keys.length; i++) {
    const text = keys.slice(0, i);
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
}

/** Lets the page run its timers and answer its requests: a round trip through both. */
async function settle(page: Page, fx: { base: string }): Promise<void> {
  await page.evaluate(async (base) => {
    await new Promise((r) => setTimeout(r, 250)); // longer than any debounce of the page or widget
    await fetch(`${base}/healthz`);
  }, fx.base);
}

describe('search box with an input method, keyboard and scope', function () {
  this.timeout(60_000);
  const fx = useBrowserFixture();

  describe('widget.js on another origin', () => {
    const box = '[data-zhsearch] input';
    const panel = '[data-zhsearch] .panel';

    it('sends nothing while composing, one search when the composition is committed, and leaves the keys to the IME', async () => {
      const page = await fx.newPage();
      const searches = requestsTo(page, '/api/search');
      await page.goto(fx.hostPage());
      await page.focus(box);
      const cdp = await page.context().newCDPSession(page);

      await compose(cdp, 'rushan');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await settle(page, fx);
      assert.deepEqual(searches, [], 'no search while composing');
      assert.equal(await page.locator(panel).isHidden(), true, 'nothing shown while composing');
      assert.equal(await page.locator('[data-zhsearch] [aria-selected="true"]').count(), 0);
      assert.equal(new URL(page.url()).pathname, '/', 'Enter inside a composition does not navigate');

      await cdp.send('Input.insertText', { text: '乳山' });
      await page.waitForSelector(`${panel} [role=option]`);
      await settle(page, fx);
      assert.deepEqual(searches, ['乳山'], 'exactly one search, for the committed text');

      // A second composition appended to the query: the results on screen stay as they are.
      const before = await page.locator(panel).innerHTML();
      await compose(cdp, 'lvcha');
      await page.keyboard.press('ArrowDown');
      await settle(page, fx);
      assert.equal(await page.locator(panel).innerHTML(), before);
      assert.deepEqual(searches, ['乳山']);
      await cdp.send('Input.insertText', { text: '绿茶' });
      await page.waitForFunction(() =>
        document.querySelector('[data-zhsearch]')!.shadowRoot!.querySelector('.panel')!.textContent!.includes('乳山绿茶'),
      );

      // A composition cancelled (nothing committed) leaves the same text: no request.
      await compose(cdp, 'x');
      await cdp.send('Input.imeSetComposition', { text: '', selectionStart: 0, selectionEnd: 0 });
      await settle(page, fx);
      assert.equal(await page.inputValue(box), '乳山绿茶');
      assert.deepEqual(searches, ['乳山', '乳山绿茶']);

      // Outside a composition the keys are the reader's: ArrowDown chooses, Enter opens.
      await page.keyboard.press('ArrowDown');
      const chosen = page.locator('[data-zhsearch] [role=option][aria-selected="true"]');
      assert.equal(await chosen.count(), 1);
      const href = await chosen.locator('a').getAttribute('href');
      assert.equal(href, SEED_URL);
      assert.equal(await page.getAttribute(box, 'aria-activedescendant'), await chosen.getAttribute('id'));
      await Promise.all([page.waitForURL((u) => u.pathname === SEED_URL), page.keyboard.press('Enter')]);
      await page.close();
    });

    it('answers a query typed again from its cache, without a request', async () => {
      const page = await fx.newPage();
      const searches = requestsTo(page, '/api/search');
      await page.goto(fx.hostPage());
      // Filled at once: typed key by key, a busy machine may wait past the widget's pause between them and search for 直 too.
      await page.locator(box).fill('直播');
      await page.waitForSelector(`${panel} [role=option]`);
      await page.locator(box).fill('乳山');
      await page.waitForFunction(() =>
        document.querySelector('[data-zhsearch]')!.shadowRoot!.querySelector('.panel')!.textContent!.includes('乳山'),
      );
      await page.locator(box).fill('直播');
      await page.waitForFunction(() =>
        document.querySelector('[data-zhsearch]')!.shadowRoot!.querySelector('.panel')!.textContent!.includes('直播日记'),
      );
      await settle(page, fx);
      assert.deepEqual(searches, ['直播', '乳山']);
      await page.close();
    });

    it('goes to the box on / and Ctrl-K, not while the reader types elsewhere; Escape closes', async () => {
      const page = await fx.newPage();
      await page.goto(fx.hostPage());
      await page.waitForSelector(box);
      const focusedIsBox = () => page.evaluate(() => document.activeElement?.hasAttribute('data-zhsearch') ?? false);
      await page.keyboard.press('/');
      assert.equal(await focusedIsBox(), true);
      assert.equal(await page.inputValue(box), '', 'the / is not typed into the box');
      await page.focus('#comment');
      await page.keyboard.type('a/b');
      assert.equal(await page.inputValue('#comment'), 'a/b');
      assert.equal(await focusedIsBox(), false);
      await page.keyboard.press('Control+K');
      assert.equal(await focusedIsBox(), true);
      await page.keyboard.type('直播');
      await page.waitForSelector(`${panel} [role=option]`);
      await page.keyboard.press('Escape');
      assert.equal(await page.locator(panel).isHidden(), true);
      assert.equal(await focusedIsBox(), true, 'focus stays in the box');
      await page.close();
    });

    it('exposes a combobox with a listbox of options to assistive technology', async () => {
      const page = await fx.newPage();
      await page.goto(fx.hostPage());
      await page.locator(box).pressSequentially('直播', { delay: 20 });
      // On a busy machine 直 may be searched and shown first, and the answer for 直播
      // replaces it (and the choice made on it): wait for that one.
      await page.waitForFunction(() =>
        [...document.querySelector('[data-zhsearch]')!.shadowRoot!.querySelectorAll('.panel [role=option] mark')].some(
          (m) => m.textContent === '直播',
        ),
      );
      await page.keyboard.press('ArrowDown');
      const tree = await page.locator('[data-zhsearch]').ariaSnapshot();
      assert.match(tree, /- combobox "搜索本站" \[expanded\]/);
      assert.match(tree, /- listbox "搜索本站":/);
      assert.match(tree, /- option "直播日记第\d+天[^"]*" \[selected\]/);
      await page.close();
    });

    it('searches only its section with data-category and data-tag, and shows at most data-limit hits', async () => {
      const page = await fx.newPage();
      const searches: URL[] = [];
      page.on('request', (r) => r.url().includes('/api/search') && searches.push(new URL(r.url())));
      await page.goto(fx.hostPage('data-category="guides" data-limit="3" data-placeholder="搜索指南"'));
      assert.equal(await page.getAttribute(box, 'placeholder'), '搜索指南');
      // Filled at once, so that no answer for 直 alone (a busy machine's pause between keys) is what is read below.
      await page.locator(box).fill('直播');
      await page.waitForSelector(`${panel} [role=option]`);
      const hrefs = await page.locator(`${panel} a`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.equal(hrefs.length, 3);
      assert.ok(
        hrefs.every((h) => h!.startsWith('/guides/')),
        hrefs.join(' '),
      );
      assert.match((await page.locator(`${panel} .info`).textContent())!, /共 4 篇/); // days 3, 6, 9, 12
      assert.deepEqual(searches.at(-1)!.searchParams.getAll('category'), ['guides']);

      await page.goto(fx.hostPage('data-tag="电商" data-category="news,guides"'));
      await page.locator(box).fill('直播');
      await page.waitForSelector(`${panel} .info`);
      assert.match((await page.locator(`${panel} .info`).last().textContent())!, /共 7 篇/); // the odd days
      await page.close();
    });

    it('stays under 4 kB gzipped', () => {
      const size = zlib.gzipSync(fs.readFileSync(path.join(ROOT, 'public/widget.js')), { level: 9 }).length;
      assert.ok(size < 4096, `widget.js is ${size} bytes gzipped`);
    });
  });

  describe('the search page at /', () => {
    it('asks for no suggestion while composing, one after the commit, and lets the IME have its keys', async () => {
      const page = await fx.newPage();
      const searches = requestsTo(page, '/api/search');
      const suggests = requestsTo(page, '/api/suggest');
      await page.goto(`${fx.base}/?q=${encodeURIComponent('直播')}`);
      await page.waitForSelector('.hit');
      const results = await page.locator('#results').innerHTML();
      assert.deepEqual(searches, ['直播']);
      await page.fill('#q', '');
      await settle(page, fx);
      const cdp = await page.context().newCDPSession(page);

      await compose(cdp, 'rushan');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await settle(page, fx);
      assert.deepEqual(suggests, [], 'no suggestion asked while composing');
      assert.deepEqual(searches, ['直播'], 'Enter inside a composition does not search');
      assert.equal(new URL(page.url()).searchParams.get('q'), '直播');
      assert.equal(await page.locator('#results').innerHTML(), results, 'results unchanged');
      assert.equal(await page.locator('#suggestions').isHidden(), true);

      await cdp.send('Input.insertText', { text: '乳山' });
      await page.waitForSelector('#suggestions li');
      await settle(page, fx);
      assert.deepEqual(suggests, ['乳山'], 'exactly one request, for the committed text');
      assert.deepEqual(searches, ['直播']);

      await page.keyboard.press('ArrowDown');
      const chosen = await page.getAttribute('#suggestions li[aria-selected="true"]', 'data-text');
      assert.ok(chosen);
      await page.keyboard.press('Enter');
      await page.waitForFunction((c) => new URL(location.href).searchParams.get('q') === c, chosen);
      await page.waitForSelector('.hit');
      assert.deepEqual(searches, ['直播', chosen]);
      await page.close();
    });

    it('goes to the box on /, and says what was wrong with a query the API refuses', async () => {
      const page = await fx.newPage();
      await page.goto(`${fx.base}/`);
      await page.locator('#search-form button[type=submit]').focus();
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
      await page.fill('#q', '茶'.repeat(300));
      await page.press('#q', 'Enter');
      await page.waitForFunction(() => document.querySelector('#status')!.classList.contains('error'));
      assert.match((await page.textContent('#status'))!, /^无法搜索：q: /);
      await page.close();
    });
  });
});
