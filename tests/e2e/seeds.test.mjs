// The Seeds mode (www/seeds/): every configuration over seeds 1..N in a pool of workers, on
// the playground and on the embed page (`view=seeds`). Checks that the progress reaches the
// end, the chart has one dot per run, the depth profile over seeds draws the cells' medians
// and quartiles, Cancel stops the workers, and that the run and cell lines equal, text for
// text, what `gradfall sweep QUERY --over seed=1..N` prints (the CLI is built or found by cargo).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, gotoPlayground, inkedFraction, BASE_URL } from './browser.mjs';
import { runCli } from './cli.mjs';

/** Two small configurations: the sweep has 2 × 4 runs of 1000 steps, a few seconds. */
const QUERY = 'depth=2&width=8&b.act=tanh';
const SEEDS = 4;

/** The CLI's output lines for the sweep. */
function cliSweep(query, seeds) {
  return runCli(['sweep', query, '--over', `seed=1..${seeds}`, '--threads', '2'])
    .trim()
    .split('\n');
}

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await openPage(browser);
});
after(async () => {
  await browser?.close();
});

async function startSeeds(seeds) {
  await page.fill('#seeds-count', String(seeds));
  await page.click('#seeds-run');
}

test('Seeds runs every configuration over N seeds and equals the CLI sweep', async () => {
  await gotoPlayground(page, QUERY);
  await startSeeds(SEEDS);
  await page.waitForFunction(() => window.gradfall.seeds.state !== 'running', null, { timeout: 120000 });
  const seeds = await page.evaluate(() => window.gradfall.seeds);
  assert.equal(seeds.state, 'done');
  assert.equal(seeds.total, 2 * SEEDS);
  assert.equal(seeds.done, seeds.total);
  assert.ok(seeds.workers >= 1, 'at least one worker ran');
  assert.equal(seeds.alive, 0, 'every worker ended with the sweep');
  assert.deepEqual(await page.$eval('#seeds-progress', (p) => [p.value, p.max]), [2 * SEEDS, 2 * SEEDS]);
  assert.match(page.url(), new RegExp(`seeds=${SEEDS}`));
  // One row per configuration, one dot per seed in each.
  const rows = await page.$$eval('#chart-seeds .seeds-label', (labels) => labels.map((l) => l.textContent));
  assert.deepEqual(rows, ['A', 'B']);
  assert.equal(await page.$$eval('#chart-seeds .seeds-dot', (d) => d.length), 2 * SEEDS);
  assert.equal(await page.$$eval('#seeds-reached li', (li) => li.length), 2);
  // Every tick label, "100 %" included, lies inside the chart.
  const ticks = await page.$$eval('#chart-seeds .seeds-tick', (texts) =>
    texts.map((t) => {
      const box = t.getBBox();
      return {
        text: t.textContent,
        left: box.x,
        right: box.x + box.width,
        width: t.ownerSVGElement.viewBox.baseVal.width,
      };
    }),
  );
  assert.equal(ticks[ticks.length - 1].text, '100 %');
  for (const t of ticks) assert.ok(t.left >= 0 && t.right <= t.width, `${t.text}: ${t.left}–${t.right} of ${t.width}`);
  // The same lines as the command line, run for run and cell for cell.
  const cli = cliSweep(seeds.query, SEEDS);
  assert.deepEqual([...seeds.lines, ...seeds.cells], cli);
  const cells = cli.map((l) => JSON.parse(l)).filter((l) => l.kind === 'cell');
  assert.equal(cells.length, 2);
  assert.ok(cells.every((c) => c.test_accuracy.n === SEEDS));
  await assertProfileDrawn(page, cells, 'grad_a');
  // Another metric: the same chart now draws that metric's spread over seeds.
  await page.selectOption('#metric', 'grad_w');
  await page.waitForFunction(() => window.gradfall.seeds.metric === 'grad_w');
  await assertProfileDrawn(page, cells, 'grad_w');
  assert.deepEqual(page.trouble.consoleErrors, []);
  assert.deepEqual(page.trouble.pageErrors, []);
});

/**
 * The depth profile over seeds draws, per configuration, the CLI cells' log10 profile of
 * `metric` (median and quartiles after training, median at step 0), and is not blank.
 */
async function assertProfileDrawn(page, cells, metric) {
  await page.waitForFunction(() => window.gradfall.seeds.profile.length > 0);
  const drawn = await page.evaluate(() => window.gradfall.seeds.profile);
  assert.equal(drawn.length, cells.length);
  drawn.forEach((series, i) => {
    const { start, end } = cells[i].log10_profile[metric];
    assert.deepEqual({ start: series.start, end: series.end }, { start, end }, `${series.label}, ${metric}`);
    assert.equal(end.median.length, 3, 'two hidden layers and the output layer');
  });
  // Charts draw only while on screen.
  await page.locator('#chart-seeds-profile').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const inked = await inkedFraction(page, '#chart-seeds-profile canvas');
  assert.ok(inked > 0.005, `the depth profile over seeds is drawn (${inked})`);
}

test('Cancel stops every worker and leaves the page usable', async () => {
  await gotoPlayground(page, 'depth=4&width=64&b.act=tanh');
  await startSeeds(16);
  await page.waitForFunction(() => window.gradfall.seeds.state === 'running');
  await page.click('#seeds-cancel');
  await page.waitForFunction(() => window.gradfall.seeds.state === 'cancelled', null, { timeout: 10000 });
  const seeds = await page.evaluate(() => window.gradfall.seeds);
  assert.equal(seeds.alive, 0, 'no worker left running');
  // Nothing arrives after Cancel: the progress stays where it stopped.
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => window.gradfall.seeds.done), seeds.done);
  assert.equal(await page.$eval('#seeds-progress', (p) => p.value), seeds.done);
  assert.ok(seeds.done < seeds.total, `cancelled after ${seeds.done} of ${seeds.total}`);
  assert.equal(await page.$eval('#seeds-run', (b) => b.disabled), false);
  assert.equal(await page.$eval('#seeds-cancel', (b) => b.disabled), true);
  assert.deepEqual(page.trouble.pageErrors, []);
});

test('seeds= in the URL sets the count; the limit comes from the engine', async () => {
  await gotoPlayground(page, `${QUERY}&seeds=3`);
  assert.equal(await page.$eval('#seeds-count', (i) => i.value), '3');
  const names = await page.evaluate(async () => {
    const m = await import(new URL('names.js', document.baseURI).href);
    return m.sharedNames();
  });
  assert.equal(names.maxPageSeeds, 64);
  assert.ok(names.uiKeys.includes('seeds'));
});

test('the embed page shows the Seeds mode with view=seeds: progress, result and Cancel', async () => {
  const other = await openPage(browser);
  await other.goto(`${BASE_URL}embed.html?${QUERY}&seeds=2&view=seeds,depth`);
  await other.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
  assert.equal(await other.$eval('#seeds-count', (i) => i.value), '2');
  assert.equal(await other.$$eval('.embed-card h2', (h) => h.length), 2);
  await other.click('#seeds-run');
  await other.waitForFunction(() => window.gradfall.seeds.state !== 'running', null, { timeout: 120000 });
  const seeds = await other.evaluate(() => window.gradfall.seeds);
  assert.equal(seeds.state, 'done');
  assert.equal(seeds.done, 4);
  assert.deepEqual([...seeds.lines, ...seeds.cells], cliSweep(seeds.query, 2));
  assert.equal(await other.$$eval('#chart-seeds .seeds-dot', (d) => d.length), 4);
  const cells = seeds.cells.map((l) => JSON.parse(l));
  await assertProfileDrawn(other, cells, 'grad_a');
  // Cancel works here too.
  await other.fill('#seeds-count', '16');
  await other.click('#seeds-run');
  await other.waitForFunction(() => window.gradfall.seeds.state === 'running');
  await other.click('#seeds-cancel');
  await other.waitForFunction(() => window.gradfall.seeds.state === 'cancelled', null, { timeout: 10000 });
  assert.equal(await other.evaluate(() => window.gradfall.seeds.alive), 0);
  assert.deepEqual(other.trouble.consoleErrors, []);
  assert.deepEqual(other.trouble.pageErrors, []);
  await other.context().close();
});
