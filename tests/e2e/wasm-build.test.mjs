// Which wasm build the page runs: the one SIMD128 build in every browser (a relaxed-SIMD build
// would compute different bits on different hosts; see the determinism rule in
// docs/ARCHITECTURE.md).

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

test('the page runs the one SIMD128 build, and a browser without it is told so', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, QUERY);
  assert.equal(await page.evaluate(() => window.gradfall.wasmBuild), 'simd128');
  const gradients = await stepZeroGradients(page);
  assertClean(page);
  // The vanishing gradient is there.
  assert.equal(gradients.length, 21);
  assert.ok(gradients[0] < 1e-6 * gradients[19]);

  // Simulate a browser without SIMD128: the module does not validate, nothing else loads.
  const old = await openPage(browser);
  await old.route('**/pkg/*.wasm', (route) =>
    route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm') }),
  );
  await old.goto(`${process.env.GRADFALL_URL}/?${QUERY}`);
  await old.waitForFunction(() => window.gradfall?.error?.includes('needs SIMD128'), null, {
    timeout: 20_000,
  });
  assert.match(await old.textContent('body'), /could not start: .*needs SIMD128/);
});
