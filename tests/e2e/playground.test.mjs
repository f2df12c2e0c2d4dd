// The playground page in headless Chromium and Firefox: URL → controls, training in the worker, charts
// that draw, a hostile query that is shown but never executed, and a clean console.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  openPage,
  gotoPlayground,
  waitForStep,
  inkedFraction,
  saveScreenshot,
  BASE_URL,
  BROWSER,
} from './browser.mjs';

const HOSTILE = 'act=<img src=x onerror=alert(1)>&depth=-5&width=99999999&lr=NaN';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Everything a page must never do, checked at the end of each test. */
function assertWellBehaved(page) {
  const t = page.trouble;
  assert.deepEqual(t.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(t.consoleErrors, [], 'console errors');
  assert.deepEqual(t.dialogs, [], 'dialogs opened');
  assert.deepEqual(t.foreignRequests, [], 'requests to other hosts');
  assert.ok(
    t.requests.some((u) => u.endsWith('.wasm')),
    'the page loaded its wasm from its own host',
  );
}

test('a query sets the controls, Play trains, and sigmoid gradients vanish toward the input', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'act=sigmoid&depth=20&init=xavier');
  assert.equal(await page.inputValue('#key-act'), 'sigmoid');
  assert.equal(await page.inputValue('#key-depth'), '20');
  assert.equal(await page.inputValue('#key-init'), 'xavier');
  assert.match(page.url(), /act=sigmoid/);
  // One build in every browser: SIMD128, multiply then add (Firefox has no relaxed SIMD).
  const engine = await page.evaluate(() => ({
    build: window.gradfall.wasmBuild,
    kernel: window.gradfall.kernel,
    agent: navigator.userAgent,
  }));
  assert.match(engine.agent, BROWSER === 'firefox' ? /Firefox\/\d+/ : /Chrome\/\d+/, 'the browser asked for');
  assert.equal(engine.build, 'simd128');
  assert.match(engine.kernel, /^simd128 \d+x\d+$/);

  // Play with the keyboard: focus the button, press Space.
  await page.focus('#play');
  await page.keyboard.press('Space');
  await waitForStep(page, 30);
  assert.equal(await page.textContent('#play'), 'Pause');
  await page.click('#play');

  const stats = await page.evaluate(() => window.gradfall.stats);
  assert.equal(stats.layers.length, 21, '20 hidden layers + output');
  const first = stats.layers[0].grad_a;
  const lastHidden = stats.layers[19].grad_a;
  assert.ok(first > 0 && lastHidden > 0, `grad_a ${first}, ${lastHidden}`);
  assert.ok(first < lastHidden * 1e-3, `layer 1 grad_a ${first} should be far below layer 20's ${lastHidden}`);
  const history = await page.evaluate(() => window.gradfall.history.length);
  assert.ok(history >= 2, `history entries ${history}`);

  // Exact values: by pointer, and by keyboard (focus the chart, arrow keys move the cursor).
  await page.locator('#chart-profile').scrollIntoViewIfNeeded();
  await page.hover('#chart-profile canvas', { position: { x: 200, y: 150 } });
  await page.waitForFunction(() => !document.querySelector('#chart-profile .readout').hidden);
  assert.match(await page.textContent('#chart-profile .readout'), /layer \d+[\s\S]*grad_a \d/);
  await page.mouse.move(0, 0);
  await page.focus('#chart-loss canvas');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => !document.querySelector('#chart-loss .readout').hidden);
  assert.match(await page.textContent('#chart-loss .readout'), /step \d+: loss [\d.]+, accuracy/);

  for (const id of ['profile', 'history', 'loss', 'fractions', 'histograms', 'boundary']) {
    // Charts out of view wait to draw until they are scrolled in.
    await page.locator(`#chart-${id}`).scrollIntoViewIfNeeded();
    await page.waitForTimeout(100);
    const inked = await inkedFraction(page, `#chart-${id} canvas`);
    assert.ok(inked > 0.002, `chart ${id} looks blank (${inked})`);
  }
  assertWellBehaved(page);
  await page.context().close();
});

test('changing a control updates the URL, and that URL restores it', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'act=tanh');
  await page.fill('#key-depth', '7');
  await page.dispatchEvent('#key-depth', 'change');
  await page.waitForFunction(() => /(^|[?&])depth=7(&|$)/.test(window.location.search));
  await page.selectOption('#key-init', 'lecun');
  await page.waitForFunction(() => window.location.search.includes('init=lecun'));
  const url = page.url();
  assert.match(url, /act=tanh/);
  // The stats follow the new configuration: 7 hidden layers + output.
  await page.waitForFunction(() => window.gradfall.stats && window.gradfall.stats.layers.length === 8);

  const again = await openPage(browser);
  await again.goto(url);
  await again.waitForFunction(() => window.gradfall && window.gradfall.ready);
  assert.equal(await again.inputValue('#key-depth'), '7');
  assert.equal(await again.inputValue('#key-init'), 'lecun');
  assert.equal(await again.inputValue('#key-act'), 'tanh');
  assert.equal(again.url(), url, 'a canonical URL stays as it is');
  assertWellBehaved(page);
  assertWellBehaved(again);
  await page.context().close();
  await again.context().close();
});

test('a hostile query shows warnings, runs no script, and still trains', async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}?${HOSTILE}`);
  await page.waitForFunction(() => window.gradfall && window.gradfall.ready);
  const warnings = await page.$$eval('#warnings li', (items) => items.map((li) => li.textContent));
  assert.ok(warnings.length >= 3, `warnings shown: ${JSON.stringify(warnings)}`);
  assert.equal(await page.isVisible('#warnings'), true);
  assert.equal(await page.$$eval('img', (imgs) => imgs.length), 0, 'no element was injected');
  assert.ok(!page.url().includes('%3Cimg') && !page.url().includes('<img'), `URL was canonicalised: ${page.url()}`);

  await page.click('#play');
  await waitForStep(page, 20);
  await page.click('#play');
  const stats = await page.evaluate(() => window.gradfall.stats);
  assert.ok(Number.isFinite(stats.loss), `loss ${stats.loss}`);
  assert.deepEqual(page.trouble.dialogs, [], 'no alert() ran');
  assertWellBehaved(page);
  await page.context().close();
});

test('a diverging run says so, and Reset starts again', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'act=relu&depth=8&gain=4&lr=10&opt=sgd');
  await page.click('#play');
  await page.waitForFunction(() => window.gradfall.diverged !== null, null, { timeout: 30000 });
  const banner = await page.textContent('#banner');
  assert.match(banner, /[Dd]iverged at step \d+ — lower the learning rate/);
  const stats = await page.evaluate(() => window.gradfall.stats);
  assert.ok(stats === null || Number.isFinite(stats.loss), 'only finite statistics are drawn');
  await page.click('#reset');
  await page.waitForFunction(
    () => window.gradfall.diverged === null && window.gradfall.stats && window.gradfall.stats.step === 0,
  );
  assert.equal(await page.isHidden('#banner'), true);
  assertWellBehaved(page);
  await page.context().close();
});

test('a configuration the engine refuses is reported, and changing it recovers', async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}?depth=100&width=1024&batch=1024`);
  await page.waitForFunction(() => window.gradfall && window.gradfall.error);
  assert.match(await page.textContent('#banner'), /cannot train this configuration/);
  assert.equal(await page.isDisabled('#play'), true);
  await page.fill('#key-depth', '3');
  await page.dispatchEvent('#key-depth', 'change');
  await page.waitForFunction(
    () => !window.gradfall.error && window.gradfall.stats && window.gradfall.stats.layers.length === 4,
  );
  assert.equal(await page.isHidden('#banner'), true);
  await page.click('#step');
  await waitForStep(page, 1);
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('copy-note').textContent.match(/copied|Copy this link/));
  assertWellBehaved(page);
  await page.context().close();
});

test('phone-sized layout: controls and the depth profile fit the width', async () => {
  const page = await openPage(browser, { width: 390, height: 844, scale: 2 });
  await gotoPlayground(page, 'act=relu&depth=12');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  const canvas = await page.$eval('#chart-profile canvas', (c) => ({ w: c.width, css: c.clientWidth }));
  assert.equal(canvas.w, canvas.css * 2, 'canvas backing store uses the device pixel ratio');
  assertWellBehaved(page);
  await page.context().close();
});

test('screenshot for the README (docs/screenshot.png when GRADFALL_SCREENSHOTS=1)', async () => {
  const page = await openPage(browser, { width: 1600, height: 1000, scale: 1 });
  await gotoPlayground(page, 'act=sigmoid&depth=20&init=xavier');
  await page.selectOption('#speed', '20');
  await page.click('#play');
  await waitForStep(page, 400, 60000);
  await page.click('#play');
  await page.hover('#chart-profile canvas', { position: { x: 300, y: 200 } });
  await page.waitForTimeout(200);
  await saveScreenshot(page, 'screenshot.png');
  assertWellBehaved(page);
  await page.context().close();
});
