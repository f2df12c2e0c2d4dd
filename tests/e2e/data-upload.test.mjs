// Your own data on the playground: a CSV file through the file picker and by drag and drop,
// its decision boundary, a bad file that changes nothing, and the share link that carries a
// small data set in its fragment (and says when a large one stays local).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, gotoPlayground, waitForStep, inkedFraction, saveScreenshot, BASE_URL } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Two blobs in the plane, classes named by text: an easy two-class problem. */
function blobsCsv(rows = 200) {
  const lines = ['x,y,class'];
  for (let i = 0; i < rows; i++) {
    const inside = i % 2 === 0;
    const jitter = ((i * 37) % 19) / 19 - 0.5;
    lines.push(`${(inside ? 2 : -2) + jitter},${(inside ? 1 : -1) - jitter},${inside ? 'warm' : 'cold'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Many distinct numbers: compresses to far more than a link carries. */
function bigCsv() {
  const lines = ['a,b,c,class'];
  for (let i = 0; i < 3000; i++) lines.push(`${Math.sin(i) * 1000},${Math.cos(i * 7)},${(i * 7919) % 1013},${i % 3}`);
  return `${lines.join('\n')}\n`;
}

function clean(page) {
  assert.deepEqual(page.trouble.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(page.trouble.consoleErrors, [], 'console errors');
  assert.deepEqual(page.trouble.foreignRequests, [], 'requests to other hosts');
}

async function pick(page, name, text) {
  await page.setInputFiles('#data-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

/** Wait until configuration A trains on a CSV file and has its step-0 statistics. */
async function waitForCsvRun(page) {
  await page.waitForFunction(
    () => {
      const g = window.gradfall;
      return /(^|&)data=csv(&|$)/.test(g.query) && g.runs[0]?.run.latest && g.runs[0].run.query.includes('data=csv');
    },
    null,
    { timeout: 30000 },
  );
}

test('a CSV file from the picker trains, draws its boundary and travels in the link', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'depth=3&width=16&lr=0.1');
  await pick(page, 'blobs.csv', blobsCsv());
  await waitForCsvRun(page);
  assert.match(
    await page.textContent('#data-status'),
    /blobs\.csv: 200 examples, 2 features \(x, y\), 2 classes \(cold, warm\)/,
  );
  assert.match(await page.textContent('#data-link'), /The link carries this data set/);
  assert.equal(await page.isHidden('#data-error'), true);
  assert.match(page.url(), /[?&]data=csv/);
  assert.match(page.url(), /#data=[A-Za-z0-9_-]+$/);
  assert.equal(await page.inputValue('#key-data'), 'csv');

  await page.click('#play');
  await waitForStep(page, 150);
  await page.click('#play');
  const stats = await page.evaluate(() => window.gradfall.stats);
  assert.ok(stats.test_accuracy > 0.95, `test accuracy ${stats.test_accuracy}`);
  assert.equal(await page.isVisible('#card-boundary'), true, 'two features: a decision boundary');
  await page.locator('#chart-boundary').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.gradfall.runs[0].run.boundary !== null);
  await page.waitForTimeout(200);
  assert.ok((await inkedFraction(page, '#chart-boundary canvas')) > 0.2, 'the boundary is drawn');
  await saveScreenshot(page, 'csv-upload.png');

  // The link alone brings the same data back: same step-0 numbers, to the bit.
  const first = await page.evaluate(() => window.gradfall.history[0].loss);
  const link = page.url();
  const reader = await openPage(browser);
  await reader.goto(link);
  await waitForCsvRun(reader);
  assert.match(await reader.textContent('#data-status'), /the data in the link: 200 examples/);
  const again = await reader.evaluate(() => window.gradfall.history[0].loss);
  assert.equal(again, first);
  clean(page);
  clean(reader);
});

test('a bad file names the line and the reason, and nothing else changes', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'act=tanh&depth=4');
  const before = { url: page.url(), loss: await page.evaluate(() => window.gradfall.stats.loss) };
  await pick(page, 'typo.csv', 'x,y,class\n1,2,a\n3,4,b\n5,six,a\n');
  await page.waitForSelector('#data-error:not([hidden])');
  assert.equal(
    await page.textContent('#data-error'),
    'typo.csv: line 4: column 2 is "six", not a number. Nothing was changed.',
  );
  await pick(page, 'one.csv', 'x,y,class\n1,2,a\n3,4,a\n');
  await page.waitForFunction(() => document.querySelector('#data-error').textContent.startsWith('one.csv'));
  assert.match(await page.textContent('#data-error'), /at least two classes/);
  assert.equal(page.url(), before.url);
  assert.equal(await page.evaluate(() => window.gradfall.stats.loss), before.loss);
  assert.equal(await page.evaluate(() => window.gradfall.error), null);
  clean(page);
});

test('a file dropped on the page trains; a large one stays local and the share note says so', async () => {
  const page = await openPage(browser);
  await gotoPlayground(page, 'depth=2&width=8');
  const csv = bigCsv();
  // A drop as the browser delivers it: a DataTransfer holding the file, on the page body.
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'big.csv', { type: 'text/csv' }));
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, csv);
  await waitForCsvRun(page);
  assert.match(
    await page.textContent('#data-status'),
    /big\.csv: 3000 examples, 3 features \(a, b, c\), 3 classes \(0, 1, 2\)\.$/,
  );
  assert.match(await page.textContent('#data-link'), /more than a link carries \(2 KB\): it stays on this machine/);
  assert.doesNotMatch(page.url(), /#data=/);
  assert.equal(await page.isHidden('#card-boundary'), true, 'three features: no plane to draw');
  assert.equal(await page.evaluate(() => document.body.classList.contains('dropping')), false);

  // Opening the link without the file: the page asks for it rather than training on something else.
  const reader = await openPage(browser);
  await reader.goto(`${BASE_URL}?${new URL(page.url()).search.slice(1)}`);
  await reader.waitForFunction(() => window.gradfall.error !== null, null, { timeout: 30000 });
  assert.match(await reader.evaluate(() => window.gradfall.error), /data=csv needs the file: load one on the page/);
  clean(page);
});
