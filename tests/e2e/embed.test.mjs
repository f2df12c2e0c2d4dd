// The embed page as a blog would use it (in Chromium and Firefox): the snippet from "Copy
// embed code" pasted into a plain HTML page served from another port. It reports its height
// to the parent, pauses while scrolled off screen, and links back to the same experiment in
// the full playground.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch, openPage, gotoPlayground, inkedFraction, saveScreenshot, BASE_URL } from './browser.mjs';

let browser;
let host; // {url, setPage(html)}
before(async () => {
  browser = await launch();
  host = await startHost();
});
after(async () => {
  await browser?.close();
  host?.server.close();
});

/** A tiny web server on another port that serves whatever host page the test sets. */
function startHost() {
  let html = '<!doctype html><title>empty</title>';
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(req.url === '/' ? html : 'not found');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      resolve({ server, url, setPage: (h) => (html = h) });
    });
  });
}

/** A blog-like page around `snippet`; it records every message it receives. */
function hostPage(snippet, { title = 'A post about vanishing gradients', after = 4000 } = {}) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">
<style>
  body { font: 17px/1.6 Georgia, serif; color: #222; max-width: 760px; margin: 0 auto; padding: 24px; }
  h1 { font-size: 1.7rem; margin: 0 0 8px; }
  .after { height: ${after}px; }
</style>
<script>window.received = []; addEventListener('message', function (e) { window.received.push({ origin: e.origin, data: e.data }); });</script>
</head><body>
<h1>${title}</h1>
<p>Back-propagation multiplies one factor per layer. With sigmoid units each factor is at most
0.25, so the gradient shrinks geometrically toward the input. Press Play and watch it happen:</p>
${snippet}
<p class="after">With ReLU and He initialisation the same network keeps its gradient from the
output all the way back to the first layer.</p>
</body></html>`;
}

/** The iframe's frame once its page has its step-0 statistics. */
async function embedFrame(page) {
  await page.waitForSelector('iframe');
  const frame = await (await page.$('iframe')).contentFrame();
  await frame.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
  return frame;
}

const step = (frame) => frame.evaluate(() => window.gradfall.stats.step);

/** Misbehaviour of the page and its iframe (requests to the host page's own server allowed). */
function assertWellBehaved(page) {
  const t = page.trouble;
  assert.deepEqual(t.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(t.consoleErrors, [], 'console errors');
  assert.deepEqual(t.dialogs, [], 'dialogs opened');
  assert.deepEqual(
    t.foreignRequests.filter((u) => !u.startsWith(host.url)),
    [],
    'requests to other hosts',
  );
}

test('the copied snippet works in a page from another port: height, pause off screen, link back', async () => {
  const query = 'act=sigmoid&depth=12&init=xavier';
  const main = await openPage(browser);
  await gotoPlayground(main, query);
  const canonical = await main.evaluate(() => window.gradfall.query);
  await main.click('#copy-embed');
  const snippet = await main.inputValue('#embed-code');
  assert.ok(snippet.startsWith('<iframe '), snippet);
  const src = snippet.match(/src="([^"]*)"/)[1].replaceAll('&amp;', '&');
  assert.equal(
    src,
    `${BASE_URL}embed.html?${canonical}&view=depth,history,loss`,
    'the snippet holds the canonical query',
  );
  await main.context().close();

  host.setPage(hostPage(snippet));
  const page = await openPage(browser, { width: 1000, height: 800 });
  await page.goto(host.url);
  const frame = await embedFrame(page);
  assert.deepEqual(await frame.evaluate(() => window.gradfall.view), ['depth', 'history', 'loss']);
  assert.equal(await frame.evaluate(() => window.gradfall.wasmBuild), 'simd128', 'the one wasm build');
  assert.match(await frame.evaluate(() => window.gradfall.kernel), /^simd128 /, 'the SIMD128 kernel');

  // Height: the parent hears it and the snippet's script sizes the iframe to fit exactly.
  await page.waitForFunction(() => window.received.some((m) => m.data && m.data.type === 'gradfall:height'));
  const heights = await page.evaluate(() => window.received.filter((m) => m.data.type === 'gradfall:height'));
  assert.ok(
    heights.every((m) => m.origin === new URL(BASE_URL).origin),
    'messages come from the embed origin',
  );
  const reported = heights[heights.length - 1].data.height;
  assert.ok(reported > 300 && reported < 3000, `reported height ${reported}`);
  await page.waitForFunction((h) => document.querySelector('iframe').getBoundingClientRect().height === h, reported);
  const inner = await frame.evaluate(() => ({
    scrollX: document.documentElement.scrollWidth - window.innerWidth,
    scrollY: document.documentElement.scrollHeight - window.innerHeight,
  }));
  assert.ok(inner.scrollX <= 0, `the embed scrolls sideways by ${inner.scrollX}px`);
  assert.ok(inner.scrollY <= 1, `the iframe is ${inner.scrollY}px too short for its page`);

  // Play, then scroll the host page until the iframe is out of view: training stops.
  await frame.click('#play');
  await frame.waitForFunction(() => window.gradfall.stats.step >= 30, null, { timeout: 30000 });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  // Poll on a timer: an off-screen cross-origin frame gets no animation frames.
  await frame.waitForFunction(() => window.gradfall.offscreen === true, null, { polling: 100 });
  await page.waitForTimeout(300); // statistics already on their way may still arrive
  const parked = await step(frame);
  await page.waitForTimeout(1200);
  assert.equal(await step(frame), parked, 'training continued while the embed was off screen');
  assert.equal(await frame.evaluate(() => window.gradfall.playing), true, 'it remembers it was playing');
  assert.match(await frame.textContent('#status'), /paused while out of view/);

  // Back in view: it resumes by itself.
  await page.evaluate(() => window.scrollTo(0, 0));
  await frame.waitForFunction((s) => !window.gradfall.offscreen && window.gradfall.stats.step > s + 20, parked, {
    timeout: 30000,
    polling: 100,
  });
  assert.equal(await frame.textContent('#play'), 'Pause');

  // "Open in Gradfall": the same experiment in the full playground, in a new tab.
  const [full] = await Promise.all([page.context().waitForEvent('page'), frame.click('#open-full')]);
  await full.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
  assert.equal(new URL(full.url()).search, `?${canonical}`);
  assert.equal(await full.evaluate(() => window.gradfall.query), canonical);
  assert.equal(await full.inputValue('#key-act'), 'sigmoid');
  assert.equal(await full.inputValue('#key-depth'), '12');
  assert.equal(await full.inputValue('#key-init'), 'xavier');
  assertWellBehaved(page);
  await page.context().close();
});

test('on a phone the embed fits the width, autoplays, shows only its view, and warns about v', async () => {
  const page = await openPage(browser, { width: 360, height: 740, scale: 2 });
  await page.goto(`${BASE_URL}embed.html?v=9&act=relu&depth=8&view=loss,depth&autoplay=1`);
  await page.waitForFunction(() => window.gradfall.ready && window.gradfall.stats.step >= 20, null, { timeout: 30000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the embed is ${overflow}px wider than the screen`);
  assert.deepEqual(await page.$$eval('.embed-card .chart', (charts) => charts.map((c) => c.id)), [
    'chart-loss',
    'chart-depth',
  ]);
  const warnings = await page.$$eval('#warnings li', (items) => items.map((li) => li.textContent));
  assert.deepEqual(warnings, ['unknown version v=9; reading it as v=1']);
  assert.ok((await inkedFraction(page, '#chart-loss canvas')) > 0.002, 'the loss chart is drawn');
  const canvas = await page.$eval('#chart-loss canvas', (c) => ({ w: c.width, css: c.clientWidth }));
  assert.equal(canvas.w, canvas.css * 2, 'crisp on a 2× screen');
  assert.equal(await page.getAttribute('#open-full', 'href'), `${BASE_URL}?v=1&depth=8`);
  assertWellBehaved(page);
  await page.context().close();
});

test('index.html?…&embed=1 opens the same experiment in the embed layout', async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}?act=tanh&depth=12&view=depth&embed=1`);
  await page.waitForURL(/embed\.html/, { timeout: 30000 });
  await page.waitForFunction(() => window.gradfall && window.gradfall.ready && window.gradfall.stats, null, {
    timeout: 30000,
  });
  assert.deepEqual(await page.$$eval('.embed-card .chart', (charts) => charts.map((c) => c.id)), ['chart-depth']);
  assert.equal(await page.evaluate(() => window.gradfall.stats.layers.length), 13, '12 hidden layers and the output');
  // The link back to the playground drops `embed`, so it does not bounce back here.
  assert.equal(await page.getAttribute('#open-full', 'href'), `${BASE_URL}?v=1&act=tanh&depth=12`);
  assertWellBehaved(page);
  await page.context().close();
});

test('a compare query is drawn overlaid, and Reset goes back to step 0', async () => {
  const page = await openPage(browser, { width: 900, height: 900 });
  await page.goto(`${BASE_URL}embed.html?act=sigmoid&depth=12&init=xavier&b.act=relu&b.init=he&view=depth,boundary`);
  await page.waitForFunction(() => window.gradfall.ready);
  assert.deepEqual(await page.evaluate(() => window.gradfall.configs), [
    'v=1&act=sigmoid&depth=12&init=xavier',
    'v=1&depth=12',
  ]);
  assert.match(await page.textContent('#configs'), /^A: act=sigmoid, init=xavier · B: act=relu, init=he$/);
  assert.equal(await page.textContent('.embed-card:nth-child(2) h2'), 'Decision boundary (A)');
  await page.click('#play');
  await page.waitForFunction(() => window.gradfall.stats.step >= 20, null, { timeout: 30000 });
  await page.click('#play');
  await page.click('#reset');
  await page.waitForFunction(() => window.gradfall.stats && window.gradfall.stats.step === 0);
  assert.equal(await page.textContent('#play'), 'Play');
  assertWellBehaved(page);
  await page.context().close();
});

test('screenshot of an embedded compare experiment (docs/embed.png when GRADFALL_SCREENSHOTS=1)', async () => {
  const main = await openPage(browser);
  await gotoPlayground(main, '');
  // The snippet for a sigmoid-vs-ReLU compare URL, made by the page's own share module.
  const snippet = await main.evaluate(async (base) => {
    const share = await import(new URL('share.js', base).href);
    const query = 'v=1&act=sigmoid&depth=20&init=xavier&b.act=relu&b.init=he&view=depth,loss&autoplay=1&speed=5';
    return share.embedSnippet(share.embedUrl(query, base), { title: 'Sigmoid against ReLU' });
  }, BASE_URL);
  await main.context().close();
  host.setPage(hostPage(snippet, { title: 'Why ReLU keeps the gradient alive', after: 200 }));
  const page = await openPage(browser, { width: 900, height: 1000 });
  await page.goto(host.url);
  const frame = await embedFrame(page);
  await frame.waitForFunction(() => window.gradfall.stats.step >= 300, null, { timeout: 60000 });
  await frame.click('#play');
  await page.waitForTimeout(300);
  await saveScreenshot(page, 'embed.png');
  assertWellBehaved(page);
  await page.context().close();
});
