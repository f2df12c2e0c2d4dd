// <gradfall-figure> on a host page of another origin: two figures, one on screen and one far
// below. The first trains and draws, both share one compiled wasm module (one .wasm fetch),
// the second does not start until it is scrolled into view, then trains, and the first
// pauses once it is out of view. Also the look: desktop and phone, light and dark.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, inkedFraction, saveScreenshot, BASE_URL } from './browser.mjs';
import { startHost } from './host.mjs';

let browser;
let host;
before(async () => {
  browser = await launch();
  host = await startHost();
  host.setPage('/', hostPage());
  host.setPage('/ko', hostPage('ko'));
});
after(async () => {
  await browser?.close();
  host?.close();
});

function hostPage(lang = 'en') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Two figures</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<style>body{font:17px/1.6 Georgia,serif;max-width:760px;margin:0 auto;padding:16px}
@media (prefers-color-scheme: dark){body{background:#111;color:#ddd}}.gap{height:2600px}</style>
<script type="module" src="${BASE_URL}gradfall-figure.js"></script></head>
<body><h1>Vanishing gradients, live</h1><p>A deep sigmoid network against ReLU with He initialisation:</p>
<gradfall-figure id="first" query="act=sigmoid&amp;depth=12&amp;b.act=relu&amp;b.init=he" view="depth,loss" autoplay></gradfall-figure>
<p class="gap">Further down, a second experiment.</p>
<gradfall-figure id="second" query="act=tanh&amp;depth=6&amp;width=16" view="loss,depth" autoplay></gradfall-figure>
<p>The end.</p></body></html>`;
}

const state = (page, id) => page.$eval(`#${id}`, (el) => ({ ...el.state }));
const stepOf = async (page, id) => (await state(page, id)).step;

async function waitForStep(page, id, step) {
  await page.waitForFunction(([i, s]) => document.getElementById(i).state.step >= s, [id, step], {
    timeout: 60000,
    polling: 100,
  });
}

const wasmFetches = (page) => page.trouble.requests.filter((u) => /\.wasm$/.test(new URL(u).pathname));

test('two figures on another origin: lazy start, one wasm compile, pause off screen', async () => {
  const page = await openPage(browser, { width: 1000, height: 900 });
  await page.goto(host.url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await waitForStep(page, 'first', 25);
  const first = await state(page, 'first');
  assert.equal(first.error, null);
  // Playwright's CSS selectors reach into open shadow roots.
  for (const [i, chart] of ['depth', 'loss'].entries()) {
    const ink = await inkedFraction(page, `#first .card:nth-child(${i + 1}) canvas`);
    assert.ok(ink > 0.002, `the first figure's ${chart} chart is drawn (${ink})`);
  }
  const second = await state(page, 'second');
  assert.equal(second.started, false, 'the figure below the fold has not started');
  assert.equal(second.step, null);
  const waiting = await page.$eval('#second', (el) => el.shadowRoot.querySelector('.status').textContent);
  assert.equal(waiting, 'starts when scrolled into view');

  await page.$eval('#second', (el) => el.scrollIntoView());
  await waitForStep(page, 'second', 25);
  assert.equal((await state(page, 'second')).error, null);
  await page.waitForFunction(() => document.getElementById('first').state.offscreen === true);
  await page.waitForTimeout(400); // statistics already on their way may still arrive
  const parked = await stepOf(page, 'first');
  await page.waitForTimeout(1200);
  assert.equal(await stepOf(page, 'first'), parked, 'the first figure trained while off screen');

  assert.equal(wasmFetches(page).length, 1, `one .wasm fetch: ${wasmFetches(page)}`);
  assert.deepEqual(page.trouble.pageErrors, []);
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test('the figure speaks the host page’s language and follows its colour scheme', async () => {
  for (const [name, options] of [
    ['figure-desktop-light.png', { width: 1000, height: 900, colorScheme: 'light' }],
    ['figure-desktop-dark.png', { width: 1000, height: 900, colorScheme: 'dark' }],
    ['figure-phone-light.png', { width: 360, height: 740, scale: 2, colorScheme: 'light' }],
    ['figure-phone-dark-ko.png', { width: 360, height: 740, scale: 2, colorScheme: 'dark', lang: 'ko' }],
  ]) {
    const page = await openPage(browser, options);
    await page.goto(options.lang ? `${host.url}ko` : host.url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await waitForStep(page, 'first', 40);
    const look = await page.$eval('#first', (el) => {
      const root = el.shadowRoot;
      const figure = root.querySelector('.figure');
      return {
        paper: getComputedStyle(figure).backgroundColor,
        play: root.querySelector('.play').textContent,
        overflow: figure.scrollWidth - figure.clientWidth,
      };
    });
    const dark = options.colorScheme === 'dark';
    assert.equal(look.paper, dark ? 'rgb(26, 31, 41)' : 'rgb(255, 255, 255)', name);
    assert.equal(look.play, options.lang ? '일시 정지' : 'Pause', name);
    assert.ok(look.overflow <= 0, `${name}: the figure is ${look.overflow}px wider than its box`);
    await page.waitForTimeout(300);
    await saveScreenshot(page, name);
    assert.deepEqual(page.trouble.consoleErrors, [], name);
    await page.context().close();
  }
});
