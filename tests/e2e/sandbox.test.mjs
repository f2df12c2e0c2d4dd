// The embed page in a blog's iframes, on a host page of another origin: a plain iframe,
// `sandbox="allow-scripts allow-same-origin"`, and `sandbox="allow-scripts"` alone (an opaque
// origin, as WordPress gives the embeds it discovers: module scripts and fetches become CORS
// requests with Origin: null, and a worker must start from a blob: URL). Each must train and
// draw. Also: the embed trains on a reader's CSV carried in the link's `#data=` fragment.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { launch, openPage, inkedFraction, saveScreenshot, BASE_URL } from './browser.mjs';
import { startHost } from './host.mjs';

const SANDBOXES = [null, 'allow-scripts allow-same-origin', 'allow-scripts'];
const QUERY = 'act=relu&depth=6&width=16&view=depth,loss&autoplay=1';

let browser;
let host;
before(async () => {
  browser = await launch();
  host = await startHost();
});
after(async () => {
  await browser?.close();
  host?.close();
});

function hostPage(iframes) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Three embeds</title>
<link rel="icon" href="data:,"><style>body{font:16px/1.5 Georgia,serif;max-width:760px;margin:0 auto;padding:16px}
iframe{border:1px solid #ccc;width:100%;height:520px;display:block;margin:0 0 12px}</style></head>
<body><h1>Three embeds</h1>${iframes}</body></html>`;
}

const iframe = (src, sandbox, i) =>
  `<iframe id="f${i}" title="Gradfall ${i}" src="${src}"${sandbox === null ? '' : ` sandbox="${sandbox}"`}></iframe>`;

/**
 * The frame of iframe #f<i> once its page has trained to `step`. The frame is looked up
 * again on every attempt: taken right after the host page's DOMContentLoaded, it can still
 * be the iframe's initial about:blank document, which a sandboxed (cross-process) iframe
 * replaces when it navigates, so a wait on it would never end.
 */
async function trainedFrame(page, i, step) {
  const deadline = Date.now() + 60000;
  for (;;) {
    const frame = await (await page.$(`#f${i}`)).contentFrame();
    try {
      await frame.waitForFunction(
        (s) => window.gradfall && window.gradfall.stats && window.gradfall.stats.step >= s,
        step,
        { timeout: 5000, polling: 100 },
      );
      return frame;
    } catch (error) {
      if (Date.now() > deadline) {
        // Where it stopped: `loading…` in a document still `interactive` is a module script
        // that never arrived (the server's fault), a step that stays put is a paused run.
        const state = await frame
          .evaluate(() => `${document.readyState}, "${document.getElementById('status')?.textContent}"`)
          .catch((e) => String(e));
        throw new Error(`iframe ${i} (${frame.url()}) did not train: ${state}`, { cause: error });
      }
    }
  }
}

function assertClean(page) {
  assert.deepEqual(page.trouble.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(page.trouble.consoleErrors, [], 'console errors');
}

test('the embed trains in a plain iframe, in allow-scripts allow-same-origin, and in allow-scripts alone', async () => {
  const src = `${BASE_URL}embed.html?${QUERY}`.replaceAll('&', '&amp;');
  host.setPage('/', hostPage(SANDBOXES.map((s, i) => iframe(src, s, i)).join('\n')));
  const page = await openPage(browser, { width: 900, height: 1900 });
  await page.goto(host.url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  for (const [i, sandbox] of SANDBOXES.entries()) {
    const frame = await trainedFrame(page, i, 1);
    const origin = await frame.evaluate(() => self.origin);
    assert.equal(origin === 'null', sandbox === 'allow-scripts', `frame ${i}: origin ${origin}`);
    const first = await frame.evaluate(() => window.gradfall.stats.step);
    await frame.waitForFunction((s) => window.gradfall.stats.step >= s + 20, first, { timeout: 60000, polling: 100 });
    assert.equal(await frame.evaluate(() => window.gradfall.error), null, `frame ${i}`);
    for (const chart of ['depth', 'loss']) {
      await frame.waitForFunction((c) => document.querySelector(`#chart-${c} canvas`)?.width > 0, chart);
      const ink = await inkedFraction(frame, `#chart-${chart} canvas`);
      assert.ok(ink > 0.002, `frame ${i} (${sandbox}): the ${chart} chart is drawn (${ink})`);
    }
  }
  await page.waitForTimeout(300);
  await saveScreenshot(page, 'sandboxed-embeds.png');
  assertClean(page);
  await page.context().close();
});

test('the embed trains on the CSV of the link (#data=), also in a sandbox', async () => {
  // Four clusters in the plane, two classes: a decision boundary to draw.
  const rows = ['x,y,class'];
  for (let i = 0; i < 80; i += 1) {
    const a = (i * 2.399) % 6.283;
    const r = 0.2 + (i % 7) * 0.05;
    rows.push(
      `${(Math.cos(a) * r + (i % 2 ? 1 : -1)).toFixed(3)},${(Math.sin(a) * r).toFixed(3)},${i % 2 ? 'right' : 'left'}`,
    );
  }
  const data = deflateRawSync(Buffer.from(`${rows.join('\n')}\n`)).toString('base64url');
  const src = `${BASE_URL}embed.html?act=relu&depth=4&width=16&view=loss,boundary&autoplay=1#data=${data}`;
  host.setPage('/data', hostPage([null, 'allow-scripts'].map((s, i) => iframe(src, s, i)).join('\n')));
  const page = await openPage(browser, { width: 900, height: 1200 });
  await page.goto(`${host.url}data`, { waitUntil: 'domcontentloaded', timeout: 60000 });
  for (const i of [0, 1]) {
    const frame = await trainedFrame(page, i, 30);
    const state = await frame.evaluate(() => ({ query: window.gradfall.query, error: window.gradfall.error }));
    assert.match(state.query, /(^|&)data=csv(&|$)/, `frame ${i}: ${state.query}`);
    assert.equal(state.error, null);
    assert.equal(await frame.evaluate(() => window.gradfall.dataRows), 80, 'the link’s 80 rows');
    const ink = await inkedFraction(frame, '#chart-boundary canvas');
    assert.ok(ink > 0.05, `frame ${i}: the decision boundary of the linked data is drawn (${ink})`);
  }
  assertClean(page);
  await page.context().close();
});

test('a damaged #data= leaves the built-in data and says so', async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}embed.html?act=relu&depth=3#data=@@not-base64`);
  await page.waitForFunction(() => window.gradfall.ready, null, { timeout: 30000 });
  assert.doesNotMatch(await page.evaluate(() => window.gradfall.query), /data=csv/);
  const warnings = await page.$$eval('#warnings li', (items) => items.map((li) => li.textContent));
  assert.equal(warnings.length, 1, String(warnings));
  assert.match(warnings[0], /#data=/);
  assertClean(page);
  await page.context().close();
});
