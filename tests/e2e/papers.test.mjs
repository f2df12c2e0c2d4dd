// The papers page (papers.html) in headless Chromium: every reproduction of `gradfall
// reproduce --all` is shown, with ours computed by the page's wasm engine equal, as text, to
// the command line's line; each card's link opens that experiment in the playground; the
// Korean page shows the catalogue's translations.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, saveScreenshot, BASE_URL } from './browser.mjs';
import { runCli } from './cli.mjs';

const catalogue = (lang) =>
  JSON.parse(readFileSync(new URL(`../../www/i18n/papers/${lang}.json`, import.meta.url), 'utf8'));

let browser;
let cliLines;
before(async () => {
  browser = await launch();
  cliLines = runCli(['reproduce', '--all']).trim().split('\n');
});
after(async () => {
  await browser?.close();
});

/** The papers page in `lang`, once every entry is computed. */
async function openPapers(lang, viewport) {
  const page = await openPage(browser, viewport);
  await page.goto(new URL(`papers.html?lang=${lang}`, BASE_URL).href);
  await page.waitForFunction(
    () => window.gradfallPapers && (window.gradfallPapers.done || window.gradfallPapers.error),
    null,
    {
      timeout: 120000,
    },
  );
  assert.equal(await page.evaluate(() => window.gradfallPapers.error), null);
  return page;
}

function assertClean(page) {
  const { consoleErrors, pageErrors, foreignRequests } = page.trouble;
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreignRequests, []);
}

test('every entry is shown with ours equal to `gradfall reproduce --all`', async () => {
  const page = await openPapers('en');
  const exposed = await page.evaluate(() => window.gradfallPapers.entries);
  const names = cliLines.map((line) => JSON.parse(line).name);
  assert.deepEqual(Object.keys(exposed).sort(), [...names].sort());
  assert.equal(await page.locator('li.paper-entry').count(), cliLines.length);
  for (const line of cliLines) {
    const cli = JSON.parse(line);
    assert.equal(exposed[cli.name].line, line, cli.name);
    const card = page.locator(`#entry-${cli.name}`);
    const shown = await page.evaluate(
      (v) => new Intl.NumberFormat('en', { maximumSignificantDigits: 4 }).format(v),
      cli.ours,
    );
    assert.equal(await card.locator('.ours dd').textContent(), shown, cli.name);
    assert.equal(await card.locator('.holds dd').textContent(), cli.holds ? 'yes' : 'no', cli.name);
    assert.equal(await card.locator('.paper-what').textContent(), cli.what, cli.name);
    assert.equal(await card.locator('.paper-cite').textContent(), cli.paper, cli.name);
  }
  await saveScreenshot(page, 'papers-en.png');
  assertClean(page);
  await page.context().close();
});

test('each link opens its experiment in the playground', async () => {
  const page = await openPapers('en');
  const defaults = await page.evaluate(async () => {
    // The papers page loads only the lab module: the engine's key table is loaded here.
    await (await import('./wasm.js')).loadModule();
    const { keys } = await import('./pkg/gradfall_wasm.js');
    return Object.fromEntries(keys().map((k) => [k.name, k.default]));
  });
  const links = await page.$$eval('a.paper-open', (as) => as.map((a) => a.href));
  assert.equal(links.length, cliLines.length);
  await page.context().close();
  const seen = new Set();
  for (const [i, href] of links.entries()) {
    const { query } = JSON.parse(cliLines[i]);
    assert.equal(new URL(href).pathname.replace(/index\.html$/, ''), new URL('./', BASE_URL).pathname);
    if (seen.has(query)) continue;
    seen.add(query);
    const playground = await openPage(browser);
    await playground.goto(href);
    await playground.waitForFunction(() => window.gradfall && (window.gradfall.ready || window.gradfall.error), null, {
      timeout: 30000,
    });
    const shown = await playground.evaluate(() => ({
      query: window.gradfall.query,
      warnings: window.gradfall.warnings,
    }));
    assert.deepEqual(shown.warnings, [], query);
    const canonical = new URLSearchParams(shown.query);
    for (const [key, value] of new URLSearchParams(query)) {
      const got = canonical.get(key);
      if (got === null) assert.equal(value, defaults[key], `${query}: ${key}`);
      else
        assert.equal(
          Number.isNaN(Number(value)) ? got : Number(got),
          Number.isNaN(Number(value)) ? value : Number(value),
          `${query}: ${key}`,
        );
    }
    assertClean(playground);
    await playground.context().close();
  }
});

test('the Korean page shows every entry in Korean, and a phone gets one column', async () => {
  const ko = catalogue('ko');
  const page = await openPapers('ko', { width: 390, height: 844 });
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  assert.equal(await page.textContent('h1'), ko['papers.title']);
  for (const line of cliLines) {
    const { name } = JSON.parse(line);
    assert.equal(await page.locator(`#entry-${name} .paper-what`).textContent(), ko[`papers.what.${name}`]);
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await saveScreenshot(page, 'papers-ko-phone.png');
  assertClean(page);
  await page.context().close();
});
