// One URL, one run, in every browser: the same compare query trained for the same steps in
// Chromium and in Firefox gives the same exported statistics, byte for byte, and both equal
// `gradfall train`. Firefox has no relaxed SIMD, so this holds only because no path fuses a
// multiply-add (docs/ARCHITECTURE.md, "Kernels and the determinism rule"). It needs both
// browsers, so it runs in the Firefox stage (`cargo xtask test e2e-firefox`).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, gotoPlayground, BROWSER } from './browser.mjs';
import { runCli, assertSameBits } from './cli.mjs';

/** Two configurations that exercise tanh, ReLU, layer norm and a high learning rate. */
const QUERY = 'v=1&act=tanh&depth=12&width=40&b.act=relu&b.norm=layer&b.lr=0.3';
/** Steps per click of the page's own step call, and how many: recorded at 0, 25, …, 200. */
const STRIDE = 25;
const STRIDES = 8;

const browsers = [];
after(async () => {
  for (const browser of browsers) await browser.close();
});

/**
 * Train QUERY in `name` for STRIDES × STRIDE steps, every configuration, and return the text
 * the page's "Download JSON" saves (export.js: JSON.stringify(toJson(…))).
 */
async function exportedIn(name) {
  const browser = await launch(name);
  browsers.push(browser);
  const page = await openPage(browser);
  await gotoPlayground(page, QUERY);
  await page.waitForFunction(
    () => window.gradfall.runs.length === 2 && window.gradfall.runs.every((r) => r.run.latest),
  );
  for (let k = 1; k <= STRIDES; k++) {
    await page.evaluate((n) => window.gradfall.runs.forEach((r) => r.run.step(n)), STRIDE);
    await page.waitForFunction((s) => window.gradfall.runs.every((r) => r.run.latest.step === s), k * STRIDE, {
      timeout: 60000,
    });
  }
  const text = await page.evaluate(async () => {
    const { toJson } = await import(new URL('export.js', document.baseURI).href);
    const { runs, query } = window.gradfall;
    return JSON.stringify(toJson(runs, query, window.location.href));
  });
  assert.deepEqual(page.trouble.pageErrors, [], `${name}: uncaught exceptions`);
  assert.deepEqual(page.trouble.consoleErrors, [], `${name}: console errors`);
  await page.context().close();
  return text;
}

test(
  'Chromium and Firefox export the same statistics, byte for byte, and gradfall train agrees',
  { skip: BROWSER !== 'firefox' && 'needs Firefox: runs in `cargo xtask test e2e-firefox`', timeout: 240000 },
  async () => {
    const chromium = await exportedIn('chromium');
    const firefox = await exportedIn('firefox');
    const doc = JSON.parse(firefox);
    assert.equal(doc.runs.length, 2);
    const steps = Array.from({ length: STRIDES + 1 }, (_, k) => k * STRIDE);
    for (const run of doc.runs) {
      assert.deepEqual(
        run.steps.map((s) => s.step),
        steps,
        `${run.label}: the recorded steps`,
      );
      assert.equal(run.diverged, null, `${run.label} trained to the end`);
    }
    // Byte for byte: the JSON holds every f32 in its shortest round-trip form.
    if (chromium !== firefox) {
      const at = [...chromium].findIndex((c, i) => c !== firefox[i]);
      assert.fail(
        `the exports differ from character ${at}: Chromium «${chromium.slice(at - 60, at + 60)}», Firefox «${firefox.slice(at - 60, at + 60)}»`,
      );
    }
    for (const run of doc.runs) {
      const cli = runCli(['train', run.query, '--steps', String(STRIDES * STRIDE), '--format', 'json'])
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const byStep = new Map(cli.map((s) => [s.step, s]));
      for (const step of run.steps) assertSameBits(step, byStep.get(step.step), `${run.label} step ${step.step}`);
    }
  },
);
