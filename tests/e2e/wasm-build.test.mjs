// Which wasm build the page runs: relaxed SIMD where the browser validates it (Chromium does),
// plain SIMD128 otherwise. Both must train and give the same step-0 statistics up to rounding.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, gotoPlayground } from './browser.mjs';

const QUERY = 'act=sigmoid&depth=20&init=xavier';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The step-0 grad_a of every layer, as the page received it. */
async function stepZeroGradients(page) {
  return page.evaluate(() => window.gradfall.stats.layers.map((l) => l.grad_a));
}

function assertClean(page) {
  assert.deepEqual(page.trouble.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(page.trouble.consoleErrors, [], 'console errors');
  assert.deepEqual(page.trouble.foreignRequests, [], 'requests to other hosts');
}

test('Chromium gets the relaxed-SIMD build; a browser without it falls back to SIMD128', async () => {
  const relaxed = await openPage(browser);
  await gotoPlayground(relaxed, QUERY);
  assert.equal(await relaxed.evaluate(() => window.gradfall.wasmBuild), 'relaxed-simd');
  const relaxedGradients = await stepZeroGradients(relaxed);
  assertClean(relaxed);

  // Simulate a browser that rejects relaxed SIMD: the relaxed module does not validate.
  const plain = await openPage(browser);
  await plain.route('**/pkg-relaxed/*.wasm', (route) =>
    route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm') }),
  );
  await gotoPlayground(plain, QUERY);
  assert.equal(await plain.evaluate(() => window.gradfall.wasmBuild), 'simd128');
  const plainGradients = await stepZeroGradients(plain);
  assertClean(plain);

  // Same experiment, same numbers: fused multiply-add only changes the last bits.
  assert.equal(plainGradients.length, relaxedGradients.length);
  plainGradients.forEach((g, i) => {
    const r = relaxedGradients[i];
    assert.ok(Math.abs(g - r) <= 1e-3 * Math.abs(r), `layer ${i + 1}: simd128 ${g} vs relaxed ${r}`);
  });
  // And the vanishing gradient is there in both.
  assert.ok(plainGradients[0] < 1e-6 * plainGradients[19]);
});
