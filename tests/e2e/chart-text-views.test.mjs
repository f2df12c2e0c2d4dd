// The text alternatives of the newer charts (views/lab-numbers.js, views/seeds-numbers.js, the
// dead-time part of views/chart-numbers.js): the phase diagram, the Jacobian spectrum, the
// Seeds mode's accuracy chart and depth profile over seeds, and dead units over time. On the
// embed page and the playground, in English and Korean, each has its sentence (the canvas or
// the <svg> points at it) and a table whose numbers are exactly the ones the chart draws, read
// from the page's own state; axe finds no serious or critical violation with the tables open.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, openPage, gotoPlayground, saveScreenshot, BASE_URL } from './browser.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** Small and fast: a 3-layer network, narrow, two seeds. */
const SMALL = 'depth=3&width=8&lr=0.3&seed=5&seeds=2';
/** Dying ReLUs: units of this network die, and some deeper ones revive within 500 steps. */
const REVIVING = 'depth=6&width=16&lr=0.3&seed=5&seeds=2';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function gotoEmbed(page, query) {
  await page.goto(`${BASE_URL}embed.html?${query}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 60000 });
}

/**
 * Bring the phase diagram and the spectrum on screen (the lab module loads, and they compute,
 * once they have been shown) and wait until the diagram has every row and the spectrum its values.
 */
async function waitForLab(page) {
  for (const id of ['#chart-phase', '#chart-spectrum']) await page.locator(id).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => {
      const { phase, spectrum } = window.gradfall.charts;
      return phase.current && phase.plane.arrived.every(Boolean) && spectrum.values;
    },
    null,
    { timeout: 120000, polling: 200 },
  );
}

/** Press Run over seeds and wait for the result. */
async function runSeeds(page) {
  await page.click('#seeds-run');
  await page.waitForFunction(() => window.gradfall.seeds.state !== 'running', null, { timeout: 180000 });
  assert.equal(await page.evaluate(() => window.gradfall.seeds.state), 'done');
}

/** Train with Play until step `step` (dead units are measured every 50 steps), then pause. */
async function trainTo(page, step) {
  await page.click('#play');
  await page.waitForFunction((s) => window.gradfall.stats.step >= s, step, { timeout: 120000 });
  await page.click('#play');
  await page.waitForTimeout(300);
}

/** Open every "Show numbers" and wait until each has its table and the text has followed. */
async function openTables(page) {
  await page.$$eval('details.chart-numbers', (all) => all.forEach((d) => (d.open = true)));
  await page.waitForFunction(
    () => [...document.querySelectorAll('details.chart-numbers')].every((d) => d.querySelector('caption')),
    null,
    { timeout: 10000 },
  );
  await page.waitForTimeout(700); // the text follows the charts twice a second
}

/**
 * What the page shows and what its charts hold. `alt`: per chart host id, the sentence its
 * canvas or <svg> is described by (and the one written, `written`), the disclosure's opener, the caption, head and cells
 * ({text, value}). `data`: the numbers of each of the five charts present, from the page's
 * state (window.gradfall), computed in the page where the chart computes them (10^log10,
 * the spectrum's histogram).
 */
function lookAt(page) {
  return page.evaluate(async () => {
    const cells = (tr) => [...tr.children].map((c) => ({ text: c.textContent, value: c.dataset.value }));
    const alt = {};
    for (const details of document.querySelectorAll('details.chart-numbers')) {
      const host = details.previousElementSibling;
      const image = host.querySelector('canvas, svg');
      const described = image && document.getElementById(image.getAttribute('aria-describedby') || '');
      alt[host.id] = {
        sentence: described ? described.textContent : null,
        written: details.querySelector('.chart-summary').textContent,
        opener: details.querySelector('summary').textContent,
        caption: details.querySelector('caption')?.textContent,
        head: [...details.querySelectorAll('thead th')].map((c) => c.textContent),
        rows: [...details.querySelectorAll('tbody tr')].map(cells),
      };
    }
    const g = window.gradfall;
    const { histogram } = await import(new URL('charts/spectrum.js', document.baseURI));
    const { formatValue } = await import(new URL('charts/format.js', document.baseURI));
    const data = {};
    const { phase, spectrum, deadtime } = g.charts || {};
    if (phase) {
      const { plane, current } = phase;
      data.phase = {
        rows: plane.rows,
        side: plane.sigmaW2.length,
        xiC: Array.from(plane.xiC),
        critical: Array.from(plane.critical),
        sigmaW2: formatValue(current.summary.sigma_w2),
        chi1: formatValue(current.summary.chi1),
      };
    }
    if (spectrum) {
      const values = Array.from(spectrum.values);
      const h = histogram(values);
      data.spectrum = { count: values.length, zeros: h.zeros, counts: h.counts };
    }
    if (deadtime) {
      data.deadtime = deadtime.series.map((m) => ({
        step: m.step,
        dead: Array.from(m.dead_data_frac),
        revived: Array.from(m.revived),
      }));
    }
    if (g.seeds && g.seeds.state === 'done') {
      const power = (log) => log.map((v) => (v === null ? null : 10 ** v));
      data.seeds = {
        cells: g.seeds.cells.map((c) => JSON.parse(c)),
        runs: g.seeds.lines.map((l) => JSON.parse(l)),
        profile: g.seeds.profile.map((s) => ({
          label: s.label,
          columns: [s.end.median, s.end.q1, s.end.q3, s.start.median].map(power),
        })),
      };
    }
    return { alt, data };
  });
}

/** The cell holds exactly `expected`. */
function assertExact(cell, expected, where) {
  assert.ok(cell && cell.value !== undefined, `${where}: a number in the cell (${JSON.stringify(cell)})`);
  assert.ok(Object.is(Number(cell.value), expected), `${where}: table ${cell.value}, chart ${expected}`);
}

/** ξ_c of every computed grid point and each row's critical σ_w², as the chart holds them. */
function checkPhase(a, d) {
  assert.equal(d.rows, d.side, 'every row of the phase diagram computed');
  assert.equal(a.rows.length, d.rows, 'a table row per σ_b² row');
  assert.equal(a.head.length, 2 + d.side, 'a column per σ_w², and the critical line');
  a.rows.forEach((row, r) => {
    assertExact(row[1], d.critical[r], `critical σ_w², row ${r}`);
    for (let c = 0; c < d.side; c++) assertExact(row[2 + c], d.xiC[r * d.side + c], `ξ_c at row ${r}, column ${c}`);
  });
  assert.ok(a.sentence.includes(`σ_w² = ${d.sigmaW2}`), a.sentence);
  assert.ok(a.sentence.includes(`χ₁ = ${d.chi1}`), a.sentence);
}

/** The histogram's bars: the exact zeros (when any) first, then every bin. */
function checkSpectrum(a, d) {
  const counts = a.rows.map((row) => Number(row[2].value));
  assert.deepEqual(counts, [...(d.zeros ? [d.zeros] : []), ...d.counts]);
  assert.equal(
    counts.reduce((s, n) => s + n, 0),
    d.count,
    'every singular value in a bar',
  );
  assert.ok(a.sentence.includes(String(d.count)), a.sentence);
}

/** A row per configuration: median, quartiles, then each seed's final test accuracy. */
function checkSeeds(a, d) {
  assert.equal(a.rows.length, d.cells.length);
  d.cells.forEach((cell, i) => {
    const row = a.rows[i];
    assert.equal(row[0].text, d.runs[cell.run_indices[0]].config);
    ['median', 'q1', 'q3'].forEach((q, k) => assertExact(row[1 + k], cell.test_accuracy[q], `${q} of cell ${i}`));
    cell.run_indices.forEach((r, k) => assertExact(row[4 + k], d.runs[r].test_accuracy, `run ${r}`));
    // The sentence speaks of the same median the table holds.
    assert.ok(a.sentence.includes(row[1].text), `${a.sentence} names ${row[1].text}`);
  });
  assert.equal(a.head.length, 4 + d.cells[0].seeds.length);
}

/** A row per layer; per configuration the median, quartiles and step-0 median, as 10^log10. */
function checkProfile(a, d) {
  const layers = Math.max(...d.profile.map((s) => s.columns[0].length));
  assert.equal(a.rows.length, layers);
  d.profile.forEach((s, k) => {
    s.columns.forEach((column, c) =>
      column.forEach((v, i) => {
        const cell = a.rows[i][1 + 4 * k + c];
        if (v === null) assert.equal(cell.text, '–');
        else assertExact(cell, v, `${s.label}, column ${c}, layer ${i + 1}`);
      }),
    );
  });
  assert.ok(a.sentence.includes(a.rows[0][1].text), `${a.sentence} names ${a.rows[0][1].text}`);
}

/** Sampled measurements, first and last included, each with the revivals since the row above. */
function checkDeadTime(a, d) {
  assert.ok(d.length >= 2, `${d.length} measurements`);
  const steps = a.rows.map((row) => Number(row[0].text));
  assert.equal(steps[0], d[0].step);
  assert.equal(steps.at(-1), d.at(-1).step);
  let previous = -1;
  a.rows.forEach((row, i) => {
    const m = d.find((x) => x.step === steps[i]);
    assert.ok(m && steps[i] > previous, `row ${i}: step ${steps[i]} is a measurement, in order`);
    m.dead.forEach((f, l) => assertExact(row[1 + l], f, `step ${m.step}, layer ${l + 1}`));
    const revived = d
      .filter((x) => x.step > previous && x.step <= m.step)
      .reduce((s, x) => s + x.revived.reduce((t, n) => t + n, 0), 0);
    assertExact(row[1 + m.dead.length], revived, `revived up to step ${m.step}`);
    previous = m.step;
  });
  assert.ok(a.sentence.includes(`${d.at(-1).step}`), a.sentence);
}

const CHECKS = {
  phase: ['chart-phase', checkPhase],
  spectrum: ['chart-spectrum', checkSpectrum],
  deadtime: ['chart-deadtime', checkDeadTime],
};

/** Check every one of the five charts the page has data for; returns the ids checked. */
function checkAll({ alt, data }, opener) {
  const checked = [];
  const check = (id, fn, d) => {
    const a = alt[id];
    assert.ok(a, `${id} has a text alternative`);
    assert.equal(a.opener, opener, id);
    assert.ok(a.sentence && a.caption, `${id}: sentence ${a.sentence}, caption ${a.caption}`);
    fn(a, d);
    checked.push(id);
  };
  for (const [name, [id, fn]] of Object.entries(CHECKS)) if (data[name]) check(id, fn, data[name]);
  if (data.seeds) {
    check('chart-seeds', checkSeeds, data.seeds);
    check('chart-seeds-profile', checkProfile, data.seeds);
  }
  return checked;
}

/** axe's serious and critical violations on the page as it is. */
async function seriousViolations(page) {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return found
    .filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the embed page describes the phase diagram and the spectrum with their numbers; axe is clean', async () => {
  const page = await openPage(browser, { width: 900, height: 900 });
  await gotoEmbed(page, 'act=tanh&depth=5&view=phase,spectrum');
  await waitForLab(page);
  await openTables(page);
  const seen = await lookAt(page);
  assert.deepEqual(checkAll(seen, 'Show numbers'), ['chart-phase', 'chart-spectrum']);
  assert.match(seen.alt['chart-phase'].sentence, /^This configuration lies at σ_w² = /);
  assert.match(seen.alt['chart-spectrum'].sentence, /^The Jacobian at initialisation has \d+ singular values/);
  // "Fill with real runs" (lab.test.mjs trains it; minutes): its cells, as the fill hands them
  // to the chart, are summed up in the sentence.
  const filled = await page.evaluate(async () => {
    const at = (path) => import(new URL(path, document.baseURI));
    const [{ LAB_NUMBERS }, { PhaseChart }, { translate }] = await Promise.all(
      ['views/lab-numbers.js', 'charts/phase.js', 'text.js'].map(at),
    );
    const chart = window.gradfall.charts.phase;
    const runs = new Array(chart.plane.xiC.length).fill(null);
    runs[0] = { accuracy: 0.5, diverged: false };
    runs[5] = { accuracy: 0.875, diverged: false };
    runs[9] = { accuracy: null, diverged: true };
    const plane = Object.assign(Object.create(Object.getPrototypeOf(chart.plane)), chart.plane, { runs });
    return LAB_NUMBERS.get(PhaseChart).summary({ current: chart.current, depth: chart.depth, plane }, translate);
  });
  assert.match(filled, / Real runs fill 3 points: test accuracy from 50\.0% to 87\.5%, 1 diverged\.$/);
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(page.trouble.pageErrors, []);
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test('the embed page describes the Seeds charts and dead units over time, per configuration; axe is clean', async () => {
  const page = await openPage(browser, { width: 900, height: 900 });
  await gotoEmbed(page, `${REVIVING}&b.act=tanh&view=seeds,deadtime`);
  // Before the sweep the Seeds charts say how to get their numbers (there is no <svg> to
  // describe yet), and have no table.
  const before = (await lookAt(page)).alt;
  assert.match(before['chart-seeds'].written, /Run over seeds/);
  assert.equal(before['chart-seeds'].sentence, null);
  assert.equal(before['chart-seeds-profile'].sentence, before['chart-seeds'].written);
  assert.deepEqual(before['chart-seeds'].rows, []);
  await runSeeds(page);
  await trainTo(page, 500);
  await openTables(page);
  const seen = await lookAt(page);
  assert.deepEqual(checkAll(seen, 'Show numbers'), ['chart-deadtime', 'chart-seeds', 'chart-seeds-profile']);
  // The revivals column is put to the test: units revived, and rows stand for several measurements.
  const measured = seen.data.deadtime;
  assert.ok(
    measured.some((m) => m.revived.some((n) => n > 0)),
    'units revived',
  );
  assert.ok(seen.alt['chart-deadtime'].rows.length < measured.length, 'the table samples the measurements');
  assert.match(seen.alt['chart-seeds'].sentence, /^A: Over 2 seeds .* B: Over 2 seeds /);
  assert.deepEqual(seen.alt['chart-seeds'].head.slice(4), ['seed 1', 'seed 2']);
  assert.match(seen.alt['chart-seeds-profile'].head[1], /^A: median/);
  assert.equal(await page.$eval('#chart-seeds svg', (svg) => svg.getAttribute('aria-describedby')), 'chart-seeds-text');
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(page.trouble.pageErrors, []);
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test('in Korean the five charts are described in Korean, with the same numbers; axe is clean in the dark', async () => {
  const page = await openPage(browser, { width: 900, height: 900, colorScheme: 'dark' });
  await gotoEmbed(page, `lang=ko&${SMALL}&view=phase,spectrum,seeds,deadtime`);
  await runSeeds(page);
  await trainTo(page, 60);
  await waitForLab(page);
  await openTables(page);
  const seen = await lookAt(page);
  const ids = checkAll(seen, '숫자 보기');
  assert.equal(ids.length, 5, ids.join(', '));
  for (const id of ids) {
    const a = seen.alt[id];
    for (const text of [a.sentence, a.caption, a.head.join(' ')]) assert.match(text, /[가-힣]/, `${id}: ${text}`);
  }
  assert.deepEqual(await seriousViolations(page), []);
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test("the playground's lab, Seeds and dead-time charts are described too", async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, SMALL);
  await runSeeds(page);
  await trainTo(page, 60);
  await waitForLab(page);
  await openTables(page);
  const ids = checkAll(await lookAt(page), 'Show numbers');
  assert.deepEqual(ids.sort(), [
    'chart-deadtime',
    'chart-phase',
    'chart-seeds',
    'chart-seeds-profile',
    'chart-spectrum',
  ]);
  assert.deepEqual(page.trouble.pageErrors, []);
  assert.deepEqual(page.trouble.consoleErrors, []);
  await page.context().close();
});

test('screenshots: dead units over time with its numbers open, English and Korean, desktop and phone', async () => {
  for (const lang of ['en', 'ko']) {
    for (const [device, width, height] of [
      ['desktop', 1000, 900],
      ['phone', 390, 844],
    ]) {
      const page = await openPage(browser, { width, height });
      await gotoEmbed(page, `lang=${lang}&${REVIVING}&view=deadtime`);
      await trainTo(page, 400);
      await openTables(page);
      await page.locator('#chart-deadtime').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      const [path] = await saveScreenshot(page, `chart-text-deadtime-${lang}-${device}.png`);
      assert.ok(path.endsWith('.png'));
      assert.deepEqual(page.trouble.consoleErrors, []);
      await page.context().close();
    }
  }
});
