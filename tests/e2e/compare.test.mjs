// Compare mode in headless Chromium and Firefox: a compare URL restores every configuration
// and trains them all, one worker each; "Duplicate" + one change writes `b.` keys that a
// reload restores; compare presets sit in the presets menu.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE_URL, inkedFraction, saveScreenshot } from './browser.mjs';

const SIGMOID_VS_RELU = 'v=1&act=sigmoid&depth=20&init=xavier&b.act=relu&b.init=he';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function assertWellBehaved(page) {
  const t = page.trouble;
  assert.deepEqual(t.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(t.consoleErrors, [], 'console errors');
  assert.deepEqual(t.dialogs, [], 'dialogs opened');
  assert.deepEqual(t.foreignRequests, [], 'requests to other hosts');
}

/** Per configuration: label, step and the per-layer grad_a of its latest statistics. */
function runSummaries(page) {
  return page.evaluate(() =>
    window.gradfall.runs.map(({ label, description, run }) => ({
      label,
      description,
      query: run.query,
      step: run.latest ? run.latest.step : -1,
      gradA: run.latest ? run.latest.layers.map((l) => l.grad_a) : [],
    })),
  );
}

/** Open `query` and wait until every configuration has sent its step-0 statistics. */
async function gotoCompare(page, query, count) {
  await page.goto(`${BASE_URL}?${query}`);
  await page.waitForFunction(
    (n) => window.gradfall && window.gradfall.runs.length === n && window.gradfall.runs.every((r) => r.run.latest),
    count,
    { timeout: 30000 },
  );
}

async function waitForAllSteps(page, step, timeout = 60000) {
  await page.waitForFunction((s) => window.gradfall.runs.every((r) => r.run.latest && r.run.latest.step >= s), step, {
    timeout,
  });
}

test('a compare URL restores every configuration and trains them all', async () => {
  const page = await openPage(browser);
  await gotoCompare(page, `${SIGMOID_VS_RELU}&metric=grad_w&speed=20`, 2);
  assert.equal(
    new URL(page.url()).search,
    `?${SIGMOID_VS_RELU}&metric=grad_w&speed=20`,
    'a canonical URL stays as it is',
  );
  assert.equal(await page.inputValue('#metric'), 'grad_w', 'metric restored from the URL');
  assert.equal(await page.inputValue('#speed'), '20', 'speed restored from the URL');
  assert.equal(await page.inputValue('#preset'), 'compare:sigmoid-vs-relu', 'the compare preset is recognised');
  assert.match(await page.textContent('#preset-explanation'), /sigmoid/);

  // Tabs: A selected, its controls show A's values; B's tab shows B's.
  assert.deepEqual(await page.$$eval('#config-tabs [role=tab]', (tabs) => tabs.map((t) => t.textContent)), ['A', 'B']);
  assert.equal(await page.inputValue('#key-act'), 'sigmoid');
  assert.equal(await page.inputValue('#key-init'), 'xavier');
  await page.click('#config-tab-B');
  assert.equal(await page.getAttribute('#config-tab-B', 'aria-selected'), 'true');
  assert.equal(await page.inputValue('#key-act'), 'relu');
  assert.equal(await page.inputValue('#key-init'), 'he');
  assert.equal(await page.inputValue('#key-depth'), '20', 'B inherits what it does not change');
  assert.match(await page.textContent('#note-histograms'), /configuration B only/);

  const before = await runSummaries(page);
  assert.deepEqual(
    before.map((r) => r.label),
    ['A', 'B'],
  );
  assert.equal(before[1].description, 'act=relu, init=he');
  assert.equal(before[0].description, 'act=sigmoid, init=xavier');
  assert.match(before[0].query, /act=sigmoid/);
  assert.equal(before[1].query, 'v=1&depth=20', 'B: relu and He are the defaults');

  await page.click('#play');
  await waitForAllSteps(page, 40);
  await page.click('#play');
  const runs = await runSummaries(page);
  for (const r of runs) {
    assert.ok(r.step >= 40, `${r.label} advanced to step ${r.step}`);
    assert.equal(r.gradA.length, 21, `${r.label}: 20 hidden layers + output`);
  }
  const [a, b] = runs;
  // Sigmoid (A): the gradient vanishes toward the input. ReLU + He (B): it stays level.
  assert.ok(a.gradA[0] < a.gradA[19] * 1e-3, `A: layer 1 grad_a ${a.gradA[0]} vs layer 20 ${a.gradA[19]}`);
  // At initialisation B is level (He keeps the variance); training moves it, but by orders of
  // magnitude less than A's fall (below 1e-3, in practice about 1e-10).
  const atInit = before[1].gradA[0] / before[1].gradA[19];
  assert.ok(atInit > 0.2 && atInit < 5, `B at step 0: layer 1 / layer 20 grad_a = ${atInit}`);
  const ratio = b.gradA[0] / b.gradA[19];
  assert.ok(ratio > 0.01 && ratio < 100, `B: layer 1 / layer 20 grad_a = ${ratio}`);

  // The overlaid charts draw; the status names each configuration.
  for (const id of ['profile', 'history', 'loss', 'fractions']) {
    await page.locator(`#chart-${id}`).scrollIntoViewIfNeeded();
    await page.waitForTimeout(100);
    const inked = await inkedFraction(page, `#chart-${id} canvas`);
    assert.ok(inked > 0.002, `chart ${id} looks blank (${inked})`);
  }
  assert.match(await page.textContent('#status'), /A: step \d+[\s\S]*B: step \d+/);
  assertWellBehaved(page);
  await page.context().close();
});

test('duplicate as B, change one thing: the URL gets b. keys and a reload restores it', async () => {
  const page = await openPage(browser);
  await gotoCompare(page, 'act=tanh&depth=6', 1);
  assert.equal(await page.isHidden('#remove'), true, 'a single configuration cannot be removed');
  assert.equal(await page.textContent('#duplicate'), 'Duplicate A as B');
  await page.click('#duplicate');
  await page.waitForFunction(() => window.gradfall.runs.length === 2);
  assert.equal(await page.getAttribute('#config-tab-B', 'aria-selected'), 'true', 'the copy is selected');
  assert.match(page.url(), /[?&]b=1(&|$)/, 'an exact copy is written b=1');

  await page.selectOption('#key-act', 'relu');
  await page.waitForFunction(() => /[?&]b\.act=relu(&|$)/.test(window.location.search));
  const url = page.url();
  assert.match(url, /[?&]act=tanh/, 'A is unchanged');
  assert.doesNotMatch(url, /b\.depth/, 'B carries only what differs');
  await page.waitForFunction(
    () =>
      window.gradfall.runs.length === 2 &&
      window.gradfall.runs[1].run.latest &&
      !window.gradfall.runs[1].run.query.includes('act='),
  );

  // A change in A carries over to B (B holds only its differences).
  await page.click('#config-tab-A');
  await page.fill('#key-depth', '5');
  await page.dispatchEvent('#key-depth', 'change');
  await page.waitForFunction(() => window.gradfall.runs.every((r) => r.run.latest && r.run.latest.layers.length === 6));
  const edited = page.url();
  assert.match(edited, /[?&]depth=5/);

  const again = await openPage(browser);
  await gotoCompare(again, new URL(edited).search.slice(1), 2);
  assert.equal(again.url(), edited, 'the canonical URL is kept');
  assert.equal(await again.inputValue('#key-act'), 'tanh');
  await again.click('#config-tab-B');
  assert.equal(await again.inputValue('#key-act'), 'relu');
  assert.equal(await again.inputValue('#key-depth'), '5');

  // Removing B returns to a single configuration.
  await again.click('#remove');
  await again.waitForFunction(() => window.gradfall.runs.length === 1);
  assert.doesNotMatch(again.url(), /b\./);
  assertWellBehaved(page);
  assertWellBehaved(again);
  await page.context().close();
  await again.context().close();
});

test('runs train in lockstep: a fast configuration waits for a slow one', async () => {
  const page = await openPage(browser);
  // B is 15 times shallower, so it steps far faster than A on its own.
  await gotoCompare(page, 'depth=30&width=64&b.depth=2&speed=5', 2);
  await page.click('#play');
  await waitForAllSteps(page, 60);
  await page.click('#play');
  // Pausing answers with the step where each run stopped.
  await page.waitForTimeout(300);
  const [a, b] = await runSummaries(page);
  assert.ok(b.step - a.step <= 2 * 5, `A at step ${a.step}, B at step ${b.step}: at most two frames apart`);
  assert.ok(a.step >= 60 && b.step >= 60);
  assertWellBehaved(page);
  await page.context().close();
});

test('compare presets are in the menu, and warnings name their configuration', async () => {
  const page = await openPage(browser);
  await gotoCompare(page, 'act=relu&b.act=nonsense&c.depth=7', 3);
  const warnings = await page.$$eval('#warnings li', (items) => items.map((li) => li.textContent));
  assert.ok(
    warnings.some((w) => /^B: .*nonsense/.test(w)),
    JSON.stringify(warnings),
  );

  const groups = await page.$$eval('#preset optgroup', (gs) =>
    gs.map((g) => ({
      label: g.label,
      options: [...g.querySelectorAll('option')].map((o) => o.value),
    })),
  );
  const comparisons = groups.find((g) => /Comparisons/.test(g.label));
  assert.ok(comparisons, JSON.stringify(groups));
  for (const name of ['sigmoid-vs-relu', 'xavier-vs-he-relu30', 'relu-vs-leaky-vs-necro', 'plain-vs-residual']) {
    assert.ok(comparisons.options.includes(`compare:${name}`), `${name} offered`);
  }
  await page.selectOption('#preset', 'compare:relu-vs-leaky-vs-necro');
  await page.waitForFunction(
    () => window.gradfall.runs.length === 3 && window.gradfall.runs.every((r) => r.run.latest),
  );
  assert.match(page.url(), /c\.act=necro/);
  assert.match(await page.textContent('#preset-explanation'), /NecroReLU/);
  assert.equal(await page.isHidden('#warnings'), true, 'a preset has no warnings');
  assertWellBehaved(page);
  await page.context().close();
});

test('the experiment helpers compose queries the engine reads back, and autoplay starts all runs', async () => {
  const page = await openPage(browser);
  await gotoCompare(page, 'act=tanh&depth=6&b.act=relu&autoplay=1', 2);
  await waitForAllSteps(page, 5);
  const result = await page.evaluate(async () => {
    const state = await import(new URL('experiment-url.js', document.baseURI).href);
    const i18n = await import(new URL('i18n.js', document.baseURI).href);
    const t = i18n.translator(await i18n.loadCatalogue('en'));
    const wasm = await import(new URL('pkg/gradfall_wasm.js', document.baseURI).href);
    const defaults = new Map([
      ['act', 'relu'],
      ['depth', '10'],
      ['init', 'he'],
    ]);
    // A at depth 6 with tanh; B spelled out in full (relu, depth 6); C identical to A.
    const composed = state.composeExperiment(
      ['act=tanh&depth=6', 'depth=6', 'act=tanh&depth=6'],
      new Map([['metric', 'grad_w']]),
      defaults,
    );
    const parsed = wasm.parseExperiment(composed);
    // Editing A keeps B's own difference; editing B rewrites only B.
    const editedA = wasm.parseExperiment(
      state.withConfig(
        parsed.query,
        0,
        new Map([
          ['act', 'sigmoid'],
          ['depth', '9'],
        ]),
        defaults,
      ),
    ).query;
    const editedB = wasm.parseExperiment(
      state.withConfig(
        parsed.query,
        1,
        new Map([
          ['act', 'tanh'],
          ['depth', '4'],
        ]),
        defaults,
      ),
    ).query;
    return {
      canonical: parsed.query,
      warnings: parsed.warnings,
      descriptions: state.describeConfigs(parsed.query, 3, defaults, t),
      editedA,
      editedB,
    };
  });
  assert.equal(result.canonical, 'v=1&act=tanh&depth=6&b.act=relu&c=1&metric=grad_w');
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(result.descriptions, ['act=tanh', 'act=relu', 'same as A']);
  assert.equal(result.editedA, 'v=1&act=sigmoid&depth=9&b.act=relu&c=1&metric=grad_w');
  assert.equal(result.editedB, 'v=1&act=tanh&depth=6&b.depth=4&c=1&metric=grad_w');
  assert.equal(await page.textContent('#play'), 'Pause', 'autoplay=1 started training');
  assertWellBehaved(page);
  await page.context().close();
});

test('compare screenshot (docs/compare.png when GRADFALL_SCREENSHOTS=1)', async () => {
  const page = await openPage(browser, { width: 1600, height: 1480, scale: 1 });
  await gotoCompare(page, `${SIGMOID_VS_RELU}&speed=20`, 2);
  await page.click('#play');
  await waitForAllSteps(page, 300, 90000);
  await page.click('#play');
  await page.waitForTimeout(300);
  await saveScreenshot(page, 'compare.png');
  assertWellBehaved(page);
  await page.context().close();
});
