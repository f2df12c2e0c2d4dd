// The dead-units-over-time chart (charts/dead-time.js, view `deadtime`): the whole-data dead
// fraction per layer at every measurement the engine made (step 0 and every 50 steps), with
// the revivals. Checks that the page received every measurement and that they equal, to the
// bit, the rows of `gradfall train --every 50` at those steps; that the chart draws them; and
// that the embed page shows the chart with `view=deadtime`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, gotoPlayground, waitForStep, inkedFraction, BASE_URL } from './browser.mjs';
import { runCli } from './cli.mjs';

/** The dying-ReLU setup: units die and deeper ones come back within a few hundred steps. */
const QUERY = 'depth=8&lr=0.3&seed=5&speed=20';
const STEPS = 320;

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await openPage(browser, { width: 1400, height: 1000 });
});
after(async () => {
  await browser?.close();
});

/** `gradfall train` rows of the measured steps up to `last`: step → layers. */
function cliMeasurements(query, last) {
  const rows = runCli(['train', query, '--steps', String(last), '--every', '50'])
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  return new Map(rows.filter((r) => r.layers[0].dead_data_frac !== null).map((r) => [r.step, r.layers]));
}

/** What the chart of `selector`'s page draws: [{step, dead_data_frac: [], revived: []}]. */
function drawnSeries(p, chart) {
  return p.evaluate(
    (c) => c.series.map((m) => ({ step: m.step, dead: Array.from(m.dead_data_frac), revived: Array.from(m.revived) })),
    chart,
  );
}

test('the chart draws every whole-data measurement, equal to gradfall train --every 50', async () => {
  await gotoPlayground(page, QUERY);
  await page.click('#play');
  await waitForStep(page, STEPS, 60000);
  await page.click('#play');
  await page.waitForTimeout(300);
  const { query, step } = await page.evaluate(() => ({
    query: window.gradfall.query,
    step: window.gradfall.stats.step,
  }));
  const chart = await page.evaluateHandle(() => window.gradfall.charts.deadtime);
  const drawn = await drawnSeries(page, chart);
  const experiment = query.replace(/&speed=\d+/, '');
  const cli = cliMeasurements(experiment, step);
  // Every measurement, none missed between two frames: step 0 and every 50 steps.
  assert.deepEqual(
    drawn.map((m) => m.step),
    [...cli.keys()],
  );
  assert.ok(drawn.length >= 7, `measurements up to step ${step}`);
  for (const m of drawn) {
    const layers = cli.get(m.step);
    assert.equal(m.dead.length, layers.length - 1, 'one value per hidden layer');
    m.dead.forEach((v, l) => {
      assert.ok(Object.is(v, Math.fround(layers[l].dead_data_frac)), `step ${m.step}, layer ${l + 1}: ${v}`);
      assert.equal(m.revived[l], layers[l].revived, `revived at step ${m.step}, layer ${l + 1}`);
    });
  }
  const revived = drawn.reduce((sum, m) => sum + m.revived.reduce((a, b) => a + b, 0), 0);
  assert.ok(revived > 0, 'units revive in this setup, and the chart has marks for them');
  assert.equal(
    drawn.reduce((sum, m) => sum + m.revived[0], 0),
    0,
    'no first-layer unit revives',
  );
  await page.locator('#chart-deadtime').scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  const inked = await inkedFraction(page, '#chart-deadtime canvas');
  assert.ok(inked > 0.01, `the chart is drawn (${inked})`);
  assert.deepEqual(page.trouble.consoleErrors, []);
  assert.deepEqual(page.trouble.pageErrors, []);
});

test('the embed page shows the chart with view=deadtime', async () => {
  const other = await openPage(browser);
  await other.goto(`${BASE_URL}embed.html?depth=4&width=16&lr=0.3&seed=5&view=deadtime`);
  await other.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
  assert.deepEqual(await other.evaluate(() => window.gradfall.view), ['deadtime']);
  assert.equal(await other.$eval('.embed-card h2', (h) => h.textContent), 'Dead units over time');
  await other.click('#play');
  await other.waitForFunction(() => window.gradfall.stats.step >= 100, null, { timeout: 30000 });
  await other.click('#play');
  const inked = await inkedFraction(other, '#chart-deadtime canvas');
  assert.ok(inked > 0.01, `the embedded chart is drawn (${inked})`);
  assert.deepEqual(other.trouble.consoleErrors, []);
  assert.deepEqual(other.trouble.pageErrors, []);
  await other.context().close();
});
