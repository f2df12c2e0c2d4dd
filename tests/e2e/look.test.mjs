// The reader's preferences and the phone layout: dark mode follows the system and the
// header's switch (page and canvas both), reduced motion keeps an `autoplay=1` embed from
// starting, and on a phone the depth profile comes before the controls.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, gotoPlayground, saveScreenshot, BASE_URL } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Relative luminance (0 black … 1 white) of a CSS `rgb(r, g, b)` colour. */
function luminance(css) {
  const [r, g, b] = css.match(/[\d.]+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The page's background colour and the depth profile canvas's top-right pixel. */
async function colours(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.evaluate(() => {
    const canvas = document.querySelector('#chart-profile canvas');
    const [r, g, b, a] = canvas.getContext('2d').getImageData(canvas.width - 3, 2, 1, 1).data;
    return {
      page: getComputedStyle(document.documentElement).backgroundColor,
      canvas: `rgb(${r}, ${g}, ${b})`,
      alpha: a,
    };
  });
}

test('dark mode follows the system, and the switch overrides it and is remembered', async () => {
  const page = await openPage(browser, { colorScheme: 'dark' });
  await gotoPlayground(page);
  const dark = await colours(page);
  assert.ok(luminance(dark.page) < 0.2, `page background ${dark.page} is dark`);
  assert.ok(luminance(dark.canvas) < 0.2 && dark.alpha === 255, `canvas paper ${dark.canvas} is dark`);
  await saveScreenshot(page, 'look-dark.png');

  await page.selectOption('#color-scheme', 'light');
  const light = await colours(page);
  assert.ok(luminance(light.page) > 0.8, `after the switch, page background ${light.page} is light`);
  assert.ok(luminance(light.canvas) > 0.8, `after the switch, canvas paper ${light.canvas} is light`);

  // The choice is the reader's, not the experiment's: stored, and not in the URL.
  assert.ok(!page.url().includes('light'), page.url());
  await gotoPlayground(page);
  assert.equal(await page.inputValue('#color-scheme'), 'light');
  assert.ok(luminance((await colours(page)).page) > 0.8, 'the light choice survives a reload');
  assert.deepEqual(page.trouble.consoleErrors, []);
  assert.deepEqual(page.trouble.pageErrors, []);
  await page.context().close();
});

test('a stored dark choice is applied before any module runs (no light flash)', async () => {
  const page = await openPage(browser, { colorScheme: 'light' });
  await gotoPlayground(page);
  await page.selectOption('#color-scheme', 'dark');
  // Every page again, with its modules refused: only the classic scheme.js in <head> can act.
  await page.route(/\.(m?js)(\?.*)?$/, (route) =>
    /\/scheme(\.[0-9a-f]{16})?\.js/.test(route.request().url()) ? route.continue() : route.abort(),
  );
  for (const path of ['', 'embed.html', 'story.html', 'papers.html']) {
    await page.goto(`${BASE_URL}${path}`, { waitUntil: 'domcontentloaded' });
    const seen = await page.evaluate(() => ({
      scheme: document.documentElement.dataset.scheme,
      background: getComputedStyle(document.documentElement).backgroundColor,
    }));
    assert.equal(seen.scheme, 'dark', `${path || 'index'}: data-scheme`);
    assert.ok(luminance(seen.background) < 0.2, `${path || 'index'}: background ${seen.background}`);
  }
  await page.context().close();
});

test('with reduced motion an autoplay=1 embed waits for a press', async () => {
  const url = `${BASE_URL}embed.html?act=relu&depth=6&autoplay=1`;
  const ready = () => window.gradfall && window.gradfall.ready && window.gradfall.stats;
  const still = await openPage(browser, { reducedMotion: 'reduce' });
  await still.goto(url);
  await still.waitForFunction(ready, null, { timeout: 30000 });
  await still.waitForTimeout(1500);
  assert.equal(await still.evaluate(() => window.gradfall.playing), false);
  assert.equal(await still.evaluate(() => window.gradfall.stats.step), 0, 'no step trained by itself');
  await still.click('#play');
  await still.waitForFunction(() => window.gradfall.stats.step > 0, null, { timeout: 30000 });
  await still.context().close();

  // The same link without the preference does start, so the check above can fail.
  const moving = await openPage(browser);
  await moving.goto(url);
  await moving.waitForFunction(ready, null, { timeout: 30000 });
  await moving.waitForFunction(() => window.gradfall.stats.step > 0, null, { timeout: 30000 });
  await moving.context().close();
});

test('on a phone the depth profile comes before the controls', async () => {
  const page = await openPage(browser, { width: 390, height: 844 });
  await gotoPlayground(page);
  const tops = await page.evaluate(() => ({
    chart: document.querySelector('#chart-profile').getBoundingClientRect().top,
    controls: document.querySelector('#controls').getBoundingClientRect().top,
  }));
  assert.ok(tops.chart < tops.controls, JSON.stringify(tops));
  assert.ok(tops.chart < 844, `the first chart starts on the first screen: ${JSON.stringify(tops)}`);
  await saveScreenshot(page, 'look-phone.png');
  await page.context().close();
});
