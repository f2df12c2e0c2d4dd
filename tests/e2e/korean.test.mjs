// With lang=ko the playground, the embed page and the story show no English: every word in
// Latin letters on screen — text nodes, the attributes a reader meets (title, aria-label,
// placeholder, alt), the page's title and every string drawn on a chart's canvas — is a
// name the engine uses (keys, their values, metrics, charts: what a reader types in a URL)
// or one of the few names below. Code (<code>, <pre>, <textarea>) is exempt: a command
// line or a query reads the same in every language.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE_URL } from './browser.mjs';

/** Names that stay in Latin letters in Korean text, on purpose. */
const ALLOWED = new Set([
  // the product, activations, initialisations and optimisers by their authors' names
  'Gradfall',
  'ReLU',
  'PReLU',
  'NecroReLU',
  'ELU',
  'SELU',
  'GELU',
  'SiLU',
  'He',
  'Xavier',
  'LeCun',
  'LSUV',
  'SGD',
  'Adam',
  'XOR',
  // formats, units, technologies, keys on a keyboard
  'CSV',
  'JSON',
  'PNG',
  'KB',
  'RMS',
  'JavaScript',
  'WebAssembly',
  'iframe',
  'Space',
  'Tab',
  'Enter',
  // formula symbols and the colour map's name
  'Var',
  'fan_in',
  'log',
  'log10',
  'viridis',
  // the language switch names English in English
  'English',
  // the story's source and the papers it cites
  'Cross',
  'Validated',
  'CC',
  'BY',
  'SA',
  'Glorot',
  'Bordes',
  'Bengio',
  'Poole',
  'Schoenholz',
  'Saxe',
  'Pennington',
  'Ganguli',
]);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Every string a canvas of the page draws, recorded from the start. */
function recordCanvasText() {
  window.drawnText = new Set();
  const fill = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function fillText(text, ...rest) {
    window.drawnText.add(String(text));
    return fill.call(this, text, ...rest);
  };
}

/** The page's words: text nodes outside code, shown attributes, the title, canvas text. */
function pageWords() {
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('code, pre, textarea, script, style, noscript')) out.push(node.data);
  }
  for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt], optgroup[label]')) {
    for (const name of ['title', 'aria-label', 'placeholder', 'alt', 'label']) {
      if (el.hasAttribute(name) && !(name === 'label' && el.tagName !== 'OPTGROUP')) out.push(el.getAttribute(name));
    }
  }
  out.push(...window.drawnText);
  return out;
}

/** The engine's names, lower-cased: keys, their values and defaults, the shared names. */
async function engineNames() {
  const wasm = await import(new URL('pkg/gradfall_wasm.js', document.baseURI));
  const words = [];
  for (const key of wasm.keys()) {
    words.push(key.name, key.default, ...(key.kind.values || []));
  }
  const shared = wasm.names();
  for (const list of ['letters', 'uiKeys', 'embedOnlyKeys', 'metrics', 'viewCharts', 'layerFields']) {
    words.push(...shared[list]);
  }
  // `xavier-normal` is read as the words the text is split into.
  return words
    .flatMap((w) =>
      String(w)
        .toLowerCase()
        .split(/[^a-z0-9_]+/),
    )
    .filter(Boolean);
}

/** The Latin words of `texts` that are neither the engine's names nor allowed. */
function englishIn(texts, names) {
  const known = new Set(names);
  const found = new Map();
  for (const text of texts) {
    for (const word of text.match(/[A-Za-z][A-Za-z0-9_]*/g) || []) {
      if (!/[A-Za-z]{2}/.test(word) || ALLOWED.has(word) || known.has(word.toLowerCase())) continue;
      if (!found.has(word)) found.set(word, text.trim().slice(0, 90));
    }
  }
  return [...found].map(([word, where]) => `${word} in "${where}"`);
}

/** Open `path` in Korean, let `act` make it draw, and check every word on it. */
async function checkKorean(path, act, viewport = {}) {
  const page = await openPage(browser, viewport);
  await page.addInitScript(recordCanvasText);
  await page.goto(new URL(path, BASE_URL).href);
  await act(page);
  for (const canvas of await page.$$('canvas')) {
    const box = await canvas.boundingBox();
    if (!box) continue;
    await canvas.scrollIntoViewIfNeeded();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(60);
  }
  const texts = await page.evaluate(pageWords);
  const names = await page.evaluate(engineNames);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  assert.deepEqual(englishIn(texts, names), [], `English on ${path}`);
  assert.ok(texts.join('').match(/[\uAC00-\uD7A3]/g).length > 50, `${path} shows Korean`);
  assert.deepEqual(page.trouble.consoleErrors, []);
  assert.deepEqual(page.trouble.pageErrors, []);
  await page.context().close();
}

test('the Korean playground shows no English beyond names', async () => {
  await checkKorean('./?lang=ko&act=tanh&depth=6&b.act=relu', async (page) => {
    await page.waitForFunction(() => window.gradfall.ready);
    for (let i = 0; i < 3; i += 1) await page.click('#step');
    await page.waitForFunction(() => window.gradfall.stats && window.gradfall.stats.step >= 3);
    await page.selectOption('#preset', 'single:vanishing-sigmoid');
    await page.waitForFunction(() => window.gradfall.ready && window.gradfall.stats);
    await page.click('#step');
    await page.waitForTimeout(300);
  });
});

test('the Korean playground says what went wrong in Korean: warnings and a diverged run', async () => {
  // B's learning rate is above the maximum (a warning) and still large enough to diverge.
  await checkKorean('./?lang=ko&depth=4&b.lr=5000', async (page) => {
    await page.waitForFunction(() => window.gradfall.ready);
    await page.click('#play');
    await page.waitForFunction(() => window.gradfall.runs[1]?.run.diverged !== null);
    await page.click('#play');
    assert.equal(await page.isVisible('#warnings'), true);
    assert.equal(await page.isVisible('#banner'), true);
  });
});

test('the Korean embed page shows no English beyond names', async () => {
  const view = 'view=depth,history,loss,dead,histogram,boundary';
  await checkKorean(`./embed.html?lang=ko&depth=4&${view}`, async (page) => {
    await page.waitForFunction(() => window.gradfall.stats);
    await page.click('#play');
    await page.waitForFunction(() => window.gradfall.stats.step >= 20);
    await page.click('#play');
  });
});

test('the Korean story shows no English beyond names', async () => {
  await checkKorean('./story.html?lang=ko', async (page) => {
    await page.waitForFunction(() => window.gradfallStory.ready);
    // A chapter without a question trains when it scrolls into view.
    await page.locator('#zeros').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => window.gradfallStory.chapters.zeros?.finished, null, { timeout: 60000 });
    // The last chapter's link to the signal-propagation lab keeps the reader's language.
    const lab = new URL(await page.getAttribute('#theory .lab-link a', 'href'));
    assert.equal(lab.searchParams.get('lang'), 'ko');
    assert.equal(lab.hash, '#lab');
  });
});

test("the Korean embed page's lab, Seeds and dead-time charts, their numbers open, show no English beyond names", async () => {
  const view = 'view=phase,spectrum,seeds,deadtime';
  await checkKorean(`./embed.html?lang=ko&depth=3&width=8&seeds=2&${view}`, async (page) => {
    await page.waitForFunction(() => window.gradfall.ready);
    await page.click('#seeds-run');
    await page.waitForFunction(() => window.gradfall.seeds.state === 'done', null, { timeout: 180000 });
    await page.click('#play');
    await page.waitForFunction(() => window.gradfall.stats.step >= 60, null, { timeout: 60000 });
    await page.click('#play');
    // The lab's charts compute once they have been on screen.
    for (const id of ['#chart-phase', '#chart-spectrum']) await page.locator(id).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => {
        const { phase, spectrum } = window.gradfall.charts;
        return phase.plane.arrived.every(Boolean) && spectrum.values;
      },
      null,
      { timeout: 120000 },
    );
    // The text alternatives open: their sentences, captions and tables are read too.
    await page.$$eval('details.chart-numbers', (all) => all.forEach((d) => (d.open = true)));
    await page.waitForTimeout(700);
  });
});
