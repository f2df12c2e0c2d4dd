// The signal-propagation lab (www/lab/, charts/phase.js, charts/spectrum.js): the phase
// diagram and the Jacobian spectrum draw in the playground (#lab) and on the embed page
// (view=phase,spectrum) with exactly the numbers of `gradfall theory --grid` and `gradfall
// jacobian`; a click on the diagram sets gain and bstd; "Fill with real runs" trains every
// cell in all the pool's workers at once, with the lines of `gradfall sweep`, and Cancel stops.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, gotoPlayground, BASE_URL } from './browser.mjs';
import { runCli } from './cli.mjs';

const RESOLUTION = 16;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Fraction of a canvas's pixels that differ from its top-left pixel (the paper). */
async function drawnFraction(page, selector) {
  return page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 30) drawn++;
    }
    return drawn / (data.length / 4);
  });
}

/** Wait until the page's lab charts (window.gradfall.charts) have their whole phase
 * diagram, the configuration's point and the spectrum. */
async function waitForLab(page) {
  await page.waitForFunction(
    (rows) => {
      const c = window.gradfall.charts;
      return c && c.phase.plane.rows === rows && c.phase.current && c.spectrum.values;
    },
    RESOLUTION,
    { timeout: 240000 },
  );
  await page.waitForTimeout(300); // one more frame draws the last row
}

/** The page's numbers against the command line's, for the configuration `query`. */
async function assertSameAsCli(page, query) {
  const shown = await page.evaluate(() => {
    const { phase, spectrum } = window.gradfall.charts;
    return {
      summary: phase.current.summary,
      xiC: [...phase.plane.xiC].map((v) => (Number.isFinite(v) ? v : null)),
      critical: [...phase.plane.critical].map((v) => (Number.isNaN(v) ? null : v)),
      spectrum: [...spectrum.values],
    };
  });
  const theory = JSON.parse(runCli(['theory', query, '--grid', '--resolution', String(RESOLUTION)]));
  for (const key of ['sigma_w2', 'sigma_b2', 'q_star', 'chi1', 'xi_q', 'xi_c', 'critical_sigma_w2', 'trainable_depth'])
    assert.equal(shown.summary[key], theory[key], key);
  assert.deepEqual(shown.xiC, theory.grid.xi_c.flat());
  assert.deepEqual(
    shown.critical,
    theory.grid.critical_line.map((p) => p.sigma_w2),
  );
  const jacobian = JSON.parse(runCli(['jacobian', query]));
  assert.deepEqual(shown.spectrum, jacobian.singular_values);
  return theory;
}

/** Click the phase diagram at (σ_w², σ_b²). */
async function clickPlane(page, sigmaW2, sigmaB2) {
  const position = await page.evaluate(
    ([w, b]) => {
      const chart = window.gradfall.charts.phase;
      const box = chart.box(chart.size.width, chart.size.height);
      const { x, y } = chart.scales(box);
      return { x: x(w), y: y(b) };
    },
    [sigmaW2, sigmaB2],
  );
  await page.click('#chart-phase canvas', { position });
}

test("the playground lands on #lab and draws the engine's phase diagram and spectrum", async () => {
  const page = await openPage(browser);
  await page.goto(`${BASE_URL}?act=tanh&depth=20#lab`);
  await page.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
  await waitForLab(page);
  const top = await page.$eval('#lab', (el) => el.getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 50, `#lab is at the top of the view (${top})`);
  assert.ok((await drawnFraction(page, '#chart-phase canvas')) > 0.4, 'the colour map fills the plane');
  assert.ok((await drawnFraction(page, '#chart-spectrum canvas')) > 0.02, 'the histogram has bars');
  const query = await page.evaluate(() => window.gradfall.runs[0].run.query);
  const theory = await assertSameAsCli(page, query);
  const caption = await page.$eval('#card-phase .lab-caption', (p) => p.textContent);
  assert.ok(caption.includes(`χ₁ = ${Number(theory.chi1.toPrecision(4))},`), caption);
  assert.deepEqual(page.trouble.consoleErrors, []);
  assert.deepEqual(page.trouble.pageErrors, []);
});

test('a click on the phase diagram sets gain and bstd through the URL, and the run restarts', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'act=tanh&depth=20');
  await page.$eval('#lab', (el) => el.scrollIntoView()); // the lab starts once on screen
  await page.waitForFunction(() => window.gradfall.charts.phase.current, null, { timeout: 60000 });
  // He's σ_w² is 2 per gain², so σ_w² = 1 is gain √½; σ_b² = 0.1 is bstd √0.1.
  await clickPlane(page, 1, 0.1);
  await page.waitForFunction(() => /gain=/.test(window.location.search), null, { timeout: 10000 });
  const params = new URLSearchParams(await page.evaluate(() => window.location.search));
  assert.ok(Math.abs(Number(params.get('gain')) - Math.SQRT1_2) < 0.02, params.toString());
  assert.ok(Math.abs(Number(params.get('bstd')) - Math.sqrt(0.1)) < 0.02, params.toString());
  await page.waitForFunction(
    () =>
      window.gradfall.charts.phase.current &&
      Math.abs(window.gradfall.charts.phase.current.summary.sigma_w2 - 1) < 0.05,
    null,
    { timeout: 30000 },
  );
  const run = await page.evaluate(() => window.gradfall.runs[0].run.query);
  assert.match(run, /gain=0\.7/);
  assert.deepEqual(page.trouble.consoleErrors, []);
});

test('the embed page shows view=phase,spectrum with the same numbers, and a click acts locally', async () => {
  const page = await openPage(browser, { width: 700, height: 900 });
  const query = 'act=tanh&init=orthogonal&depth=20';
  await page.goto(`${BASE_URL}embed.html?${query}&view=phase,spectrum`);
  await page.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
  await waitForLab(page);
  assert.deepEqual(await page.evaluate(() => window.gradfall.view), ['phase', 'spectrum']);
  assert.ok((await drawnFraction(page, '#chart-phase canvas')) > 0.4);
  assert.ok((await drawnFraction(page, '#chart-spectrum canvas')) > 0.02);
  const config = await page.evaluate(() => window.gradfall.configs[0]);
  await assertSameAsCli(page, config);
  const before = page.url();
  await clickPlane(page, 1.5, 0.2);
  await page.waitForFunction(() => /bstd=/.test(window.gradfall.configs[0]), null, { timeout: 10000 });
  const picked = new URLSearchParams(await page.evaluate(() => window.gradfall.configs[0]));
  assert.ok(Math.abs(Number(picked.get('gain')) - Math.sqrt(1.5)) < 0.03, picked.toString());
  assert.ok(Math.abs(Number(picked.get('bstd')) - Math.sqrt(0.2)) < 0.03, picked.toString());
  assert.equal(page.url(), before, 'the embed page keeps its URL');
  assert.deepEqual(page.trouble.consoleErrors, []);
});

test('Fill with real runs trains every cell in every worker at once, as gradfall sweep does', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'depth=3&width=8');
  await page.$eval('#lab', (el) => el.scrollIntoView()); // the lab starts once on screen
  await page.waitForFunction(() => window.gradfall.charts.phase.current, null, { timeout: 60000 });
  await page.click('#lab-fill');
  await page.waitForFunction(() => window.gradfall.fill.state !== 'running', null, { timeout: 300000 });
  const fill = await page.evaluate(() => window.gradfall.fill);
  assert.equal(fill.state, 'done');
  assert.equal(fill.total, RESOLUTION * RESOLUTION);
  assert.equal(fill.done, fill.total);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(fill.workers, Math.max(1, Math.min(16, cores)));
  assert.equal(fill.peak, fill.workers, 'every worker trained at once');
  const cells = await page.evaluate(() => window.gradfall.charts.phase.plane.runs);
  assert.ok(cells.every(Boolean), 'every cell coloured');
  const args = ['sweep', fill.query, ...fill.axes.flatMap((a) => ['--over', a]), '--steps', '300', '--threads', '2'];
  const cli = runCli(args)
    .trim()
    .split('\n')
    .filter((l) => JSON.parse(l).kind === 'run');
  assert.deepEqual(fill.lines, cli);
  assert.deepEqual(await page.$eval('#lab-fill-progress', (p) => [p.value, p.max]), [256, 256]);
  assert.deepEqual(page.trouble.consoleErrors, []);
});

test('Cancel stops the real runs', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'depth=30&width=64');
  await page.$eval('#lab', (el) => el.scrollIntoView()); // the lab starts once on screen
  await page.waitForFunction(() => window.gradfall.charts.phase.current, null, { timeout: 60000 });
  await page.click('#lab-fill');
  await page.waitForFunction(() => window.gradfall.fill.state === 'running', null, { timeout: 10000 });
  await page.click('#lab-fill-cancel');
  await page.waitForFunction(() => window.gradfall.fill.state === 'cancelled', null, { timeout: 10000 });
  const done = await page.evaluate(() => window.gradfall.fill.done);
  assert.ok(done < RESOLUTION * RESOLUTION);
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => window.gradfall.fill.done), done, 'nothing trains after Cancel');
  assert.equal(await page.isEnabled('#lab-fill'), true);
  assert.deepEqual(page.trouble.consoleErrors, []);
});
