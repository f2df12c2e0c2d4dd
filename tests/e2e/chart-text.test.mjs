// Every chart has a text alternative (views/chart-text.js): a sentence the canvas points at
// with aria-describedby, and under "Show numbers" a table whose numbers are exactly the
// statistics the page holds; in the reader's language; on the playground and the embed page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, gotoPlayground, waitForStep, saveScreenshot, BASE_URL } from './browser.mjs';
import { startHost } from './host.mjs';

const CHARTS = ['profile', 'history', 'loss', 'fractions', 'histograms', 'boundary'];
const HOSTS = CHARTS.map((id) => `chart-${id}`);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * Open every "Show numbers" and wait until the tables of the charts `ids` (host ids) show step
 * `step` (the others, the lab's and the Seeds mode's, have theirs once they have computed).
 */
async function openTables(page, step, ids) {
  await page.$$eval('details.chart-numbers', (all) => all.forEach((d) => (d.open = true)));
  await page.waitForFunction(
    ([s, hosts]) => {
      const tables = hosts.map((id) => document.getElementById(id).nextElementSibling.querySelector('table'));
      return tables.every((t) => t.querySelector('caption')) && window.gradfall.stats.step === s;
    },
    [step, ids],
    { timeout: 10000 },
  );
  // The text follows the charts twice a second.
  await page.waitForTimeout(700);
}

/** Per chart host id: the sentence the canvas is described by, and its table's cells. */
function textAlternatives(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('.chart')]
        .filter((host) => host.nextElementSibling?.matches('details.chart-numbers'))
        .map((host) => {
          const canvas = host.querySelector('canvas');
          const described = document.getElementById(canvas.getAttribute('aria-describedby') || '');
          const details = host.nextElementSibling;
          const cells = (tr) => [...tr.children].map((c) => ({ text: c.textContent, value: c.dataset.value }));
          return [
            host.id,
            {
              sentence: described ? described.textContent : null,
              opener: details.querySelector('summary').textContent,
              caption: details.querySelector('caption')?.textContent,
              head: [...details.querySelectorAll('thead tr')].map(cells)[0],
              rows: [...details.querySelectorAll('tbody tr')].map(cells),
            },
          ];
        }),
    ),
  );
}

/** The cell holds exactly `expected` (as the engine's f32, here widened to a double). */
function assertExact(cell, expected, where) {
  assert.ok(cell && cell.value !== undefined, `${where}: a number in the cell`);
  assert.ok(Object.is(Number(cell.value), expected), `${where}: table ${cell.value}, statistics ${expected}`);
}

test("the playground's charts are described, and their tables hold the page's statistics", async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'act=sigmoid&depth=6&init=xavier');
  for (let step = 1; step <= 3; step++) {
    await page.click('#step');
    await waitForStep(page, step);
  }
  await openTables(page, 3, HOSTS);
  const alt = await textAlternatives(page);
  const stats = await page.evaluate(() => window.gradfall.stats);
  for (const id of CHARTS) {
    const a = alt[`chart-${id}`];
    assert.ok(a, `chart-${id} has a text alternative`);
    assert.equal(a.opener, 'Show numbers');
    assert.ok(a.sentence && a.sentence.length > 20 && !a.sentence.startsWith('No numbers'), `${id}: ${a.sentence}`);
    assert.ok(a.caption && a.rows.length > 0, `${id} has a table`);
  }
  const layers = stats.layers;
  const profile = alt['chart-profile'];
  assert.deepEqual(
    profile.head.map((c) => c.text),
    ['layer', 'grad_a', 'theory at init'],
  );
  assert.equal(profile.rows.length, 7, '6 hidden layers and the output');
  assert.equal(profile.rows[6][0].text, '7 (output)');
  layers.forEach((l, i) => {
    assertExact(profile.rows[i][1], l.grad_a, `depth profile, layer ${i + 1}`);
    assertExact(profile.rows[i][2], l.theory_grad_a, `theory, layer ${i + 1}`);
  });
  assert.match(profile.sentence, /^At step 3, grad_a is \S+ in layer 1 and \S+ in layer 6/);

  const fractions = alt['chart-fractions'];
  layers.forEach((l, i) => {
    ['dead_frac', 'sat_frac', 'zero_frac'].forEach((f, k) => assertExact(fractions.rows[i][k + 1], l[f], `${f} ${i}`));
  });
  const loss = alt['chart-loss'].rows.at(-1);
  assert.equal(loss[0].text, '3');
  assertExact(loss[1], stats.loss, 'loss');
  assertExact(loss[2], stats.accuracy, 'accuracy');
  const history = alt['chart-history'].rows.at(-1);
  assert.equal(history[0].text, '3');
  assertExact(history[1], layers[0].grad_a, 'history, layer 1');
  const histograms = alt['chart-histograms'].rows;
  assert.equal(histograms.length, 6, 'one row per hidden layer');
  histograms.forEach((row, i) => assertExact(row[1], layers[i].sat_frac, `histogram ${i}`));
  const shares = alt['chart-boundary'].rows.map((row) => Number(row[1].value));
  assert.ok(Math.abs(shares.reduce((s, v) => s + v, 0) - 1) < 1e-9, `class shares ${shares} sum to 1`);

  await page.locator('#chart-profile').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300); // charts scrolled into view draw on the next frame
  await saveScreenshot(page, 'chart-text-en.png');
  assert.deepEqual(page.trouble.pageErrors, []);
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test('in Korean the text alternatives are Korean', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'lang=ko&act=relu&depth=4');
  await openTables(page, 0, HOSTS);
  const alt = await textAlternatives(page);
  for (const id of CHARTS) {
    assert.equal(alt[`chart-${id}`].opener, '숫자 보기');
    assert.match(alt[`chart-${id}`].sentence, /[가-힣]/, `${id}: ${alt[`chart-${id}`].sentence}`);
  }
  assert.match(alt['chart-profile'].sentence, /^0단계에서 grad_a/);
  await page.locator('#chart-fractions').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await saveScreenshot(page, 'chart-text-ko.png');
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test("the embed page's charts, in compare mode, have one column per configuration", async () => {
  const page = await openPage(browser, { width: 800, height: 900 });
  await page.goto(`${BASE_URL}embed.html?act=sigmoid&depth=5&b.act=relu&view=depth,dead`);
  await page.waitForFunction(() => window.gradfall.ready && window.gradfall.stats, null, { timeout: 30000 });
  await openTables(page, 0, ['chart-depth', 'chart-dead']);
  const alt = await textAlternatives(page);
  assert.deepEqual(Object.keys(alt), ['chart-depth', 'chart-dead']);
  assert.deepEqual(
    alt['chart-depth'].head.map((c) => c.text),
    ['layer', 'A: grad_a', 'A: theory at init', 'B: grad_a', 'B: theory at init'],
  );
  assert.match(alt['chart-depth'].sentence, /^A: At step 0, .* B: At step 0, /);
  const a = await page.evaluate(() => window.gradfall.stats.layers.map((l) => l.dead_frac));
  a.forEach((v, i) => assertExact(alt['chart-dead'].rows[i][1], v, `A dead_frac ${i}`));
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test("the story's figures describe their charts too, in the story's language", async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}story.html?lang=ko`);
  await page.waitForFunction(() => window.gradfallStory && window.gradfallStory.ready, null, { timeout: 30000 });
  // Every chart of every figure has its disclosure and a sentence, before it has trained too.
  const charts = await page.$$eval('.chart', (hosts) =>
    hosts.map((host) => ({
      opener: host.nextElementSibling?.querySelector('summary')?.textContent,
      sentence: document.getElementById(host.querySelector('canvas').getAttribute('aria-describedby'))?.textContent,
    })),
  );
  assert.ok(charts.length >= 12, `${charts.length} charts in the story`);
  for (const [i, chart] of charts.entries()) {
    assert.equal(chart.opener, '숫자 보기', `chart ${i}`);
    assert.match(chart.sentence, /[가-힣]/, `chart ${i}: ${chart.sentence}`);
  }
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test('a <gradfall-figure> on another origin describes its charts inside its shadow root', async () => {
  const host = await startHost();
  host.setPage(
    '/',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A figure</title><link rel="icon" href="data:,">
<script type="module" src="${BASE_URL}gradfall-figure.js"></script></head><body>
<gradfall-figure id="fig" query="act=tanh&amp;depth=4" view="depth,loss" autoplay></gradfall-figure></body></html>`,
  );
  const page = await openPage(browser);
  try {
    await page.goto(host.url, { waitUntil: 'domcontentloaded', timeout: 60000 });
    await page.waitForFunction(() => document.getElementById('fig').state.step >= 5, null, {
      timeout: 60000,
      polling: 100,
    });
    await page.waitForTimeout(700);
    const charts = await page.$eval('#fig', (el) =>
      [...el.shadowRoot.querySelectorAll('.chart')].map((chart) => ({
        opener: chart.nextElementSibling?.querySelector('summary')?.textContent,
        sentence: el.shadowRoot.getElementById(chart.querySelector('canvas').getAttribute('aria-describedby'))
          ?.textContent,
      })),
    );
    assert.equal(charts.length, 2);
    for (const chart of charts) {
      assert.equal(chart.opener, 'Show numbers');
      assert.match(chart.sentence, /^At step \d+/);
    }
    assert.deepEqual(page.trouble.consoleErrors, []);
  } finally {
    await page.context().close();
    host.close();
  }
});
