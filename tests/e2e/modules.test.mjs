// The page's pure helpers (ticks, number formatting, URL building, layer picking), run in
// the browser as the page runs them: each test imports the module from the served site.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE_URL } from './browser.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await openPage(browser);
  await page.goto(BASE_URL);
  // Some helpers read the engine's names, so the page's wasm must be initialised first.
  await page.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
});
after(async () => {
  await browser?.close();
});

/** Call `name(...args)` exported by the page's module at `path` (relative to the site). */
function call(path, name, ...args) {
  return page.evaluate(
    async ([p, n, a]) => {
      const m = await import(new URL(p, document.baseURI).href);
      return m[n](...a);
    },
    [path, name, args],
  );
}

test('linear ticks are round numbers inside the range', async () => {
  assert.deepEqual(await call('charts/ticks.js', 'linearTicks', 0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(await call('charts/ticks.js', 'linearTicks', 0, 740, 8), [0, 100, 200, 300, 400, 500, 600, 700]);
  const ticks = await call('charts/ticks.js', 'linearTicks', 3, 47, 4);
  assert.ok(
    ticks.every((t) => t >= 3 && t <= 47 && t % 10 === 0),
    JSON.stringify(ticks),
  );
});

test('decade ticks label powers of ten, with 2× and 5× on short ranges', async () => {
  const wide = await call('charts/ticks.js', 'decadeTicks', -12.5, 0.2);
  assert.deepEqual(
    wide.map((t) => t.value),
    [-12, -10, -8, -6, -4, -2, 0],
  );
  assert.equal(wide[0].label, '10⁻¹²');
  const short = await call('charts/ticks.js', 'decadeTicks', -1.5, 0.2);
  assert.deepEqual(
    short.map((t) => t.label),
    ['0.05', '0.1', '0.2', '0.5', '1'],
  );
  assert.ok(Math.abs(short[0].value - Math.log10(0.05)) < 1e-12);
});

test('layer ticks run from layer 1 to the output layer', async () => {
  for (const [layers, px] of [
    [2, 500],
    [11, 600],
    [26, 400],
    [31, 800],
    [101, 300],
  ]) {
    const ticks = await call('charts/ticks.js', 'layerTicks', layers, px);
    assert.equal(ticks[0], 1);
    assert.equal(ticks[ticks.length - 1], layers);
    assert.ok(
      ticks.every((t, i) => Number.isInteger(t) && (i === 0 || t > ticks[i - 1])),
      JSON.stringify(ticks),
    );
  }
});

test('values read out with three significant digits and superscript exponents', async () => {
  assert.equal(await call('charts/format.js', 'formatValue', 0.012345), '0.0123');
  assert.equal(await call('charts/format.js', 'formatValue', 1.25e-10), '1.25×10⁻¹⁰');
  assert.equal(await call('charts/format.js', 'formatValue', 0), '0');
  assert.equal(await call('charts/format.js', 'pow10', -3), '10⁻³');
});

test('histogram panels spread over the layers and keep the first and last', async () => {
  assert.deepEqual(await call('charts/histograms.js', 'pickLayers', 20, 4), [0, 6, 13, 19]);
  assert.deepEqual(await call('charts/histograms.js', 'pickLayers', 3, 8), [0, 1, 2]);
});

test('a query built from controls leaves out defaults and empty fields', async () => {
  const query = await page.evaluate(async () => {
    const { buildQuery } = await import(new URL('experiment-url.js', document.baseURI).href);
    const values = new Map([
      ['act', 'sigmoid'],
      ['depth', '10'],
      ['alpha', ''],
      ['lr', '0.1'],
    ]);
    const defaults = new Map([
      ['act', 'relu'],
      ['depth', '10'],
      ['alpha', 'auto'],
      ['lr', '0.01'],
    ]);
    return buildQuery(values, defaults);
  });
  assert.equal(query, 'act=sigmoid&lr=0.1');
});

test('the page has a label for every metric and a chart for every view name the engine accepts', async () => {
  const { names, metrics, labels, charts } = await page.evaluate(async () => {
    const base = document.baseURI;
    const { sharedNames } = await import(new URL('names.js', base).href);
    const { PROFILE_METRICS } = await import(new URL('charts/depth-profile.js', base).href);
    const { CHARTS } = await import(new URL('views/charts.js', base).href);
    return {
      names: sharedNames(),
      metrics: Object.keys(PROFILE_METRICS),
      labels: Object.values(PROFILE_METRICS).every((m) => m.menu && m.axis),
      charts: Object.keys(CHARTS),
    };
  });
  assert.deepEqual(metrics, names.metrics);
  assert.ok(labels, 'every metric has a menu entry and an axis title');
  assert.deepEqual(charts, names.viewCharts);
  assert.deepEqual(names.letters, ['A', 'B', 'C', 'D']);
  assert.ok(
    names.defaultView.split(',').every((c) => charts.includes(c)),
    names.defaultView,
  );
});

test('the page settings the page reads are UI keys of the engine', async () => {
  const { settings, uiKeys } = await page.evaluate(async () => {
    const base = document.baseURI;
    const { sharedNames } = await import(new URL('names.js', base).href);
    const { SETTINGS } = await import(new URL('page-state.js', base).href);
    return { settings: Object.keys(SETTINGS), uiKeys: sharedNames().uiKeys };
  });
  assert.ok(
    settings.every((key) => uiKeys.includes(key)),
    `${settings} within ${uiKeys}`,
  );
});
