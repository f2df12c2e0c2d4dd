// The pure helpers of sharing (www/share.js, www/experiment-url.js, www/export.js), run in
// the browser as the page runs them: URLs for the embed and the playground, the snippet, the
// command line, and the number format of the exports.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE_URL } from './browser.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await openPage(browser);
  await page.goto(BASE_URL);
  // The helpers read the engine's names, so the page's wasm must be initialised first.
  await page.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
});
after(async () => {
  await browser?.close();
});

/** Call `name(...args)` exported by the page's module at `path`. */
function call(path, name, ...args) {
  return page.evaluate(
    async ([p, n, a]) => {
      const m = await import(new URL(p, document.baseURI).href);
      return m[n](...a);
    },
    [path, name, args],
  );
}

test('withParam sets, replaces and removes one key, leaving the rest as written', async () => {
  assert.equal(
    await call('experiment-url.js', 'withParam', 'v=1&act=relu', 'view', 'depth,loss'),
    'v=1&act=relu&view=depth,loss',
  );
  assert.equal(
    await call('experiment-url.js', 'withParam', 'view=loss&act=relu&view=depth', 'view', 'dead'),
    'view=dead&act=relu',
  );
  assert.equal(await call('experiment-url.js', 'withParam', 'embed=1&act=relu&embed', 'embed', null), 'act=relu');
  assert.equal(await call('experiment-url.js', 'withParam', '', 'x', 'a b&c'), 'x=a%20b%26c');
});

test('withParam reads keys as URLSearchParams does: hostile keys never throw', async () => {
  const cases = [
    // A malformed escape stays as written (decodeURIComponent threw on it).
    ['a%zz=1&act=relu', 'act', 'tanh', 'a%zz=1&act=tanh'],
    ['%=1&%E0%A4%A=2&%ED%A0%80=3&%', 'metric', 'grad_w', '%=1&%E0%A4%A=2&%ED%A0%80=3&%&metric=grad_w'],
    // …and is a key of its own: removing it leaves the well-formed one.
    ['metric%zz=1&metric=grad_a', 'metric%zz', null, 'metric=grad_a'],
    // `+` and %20 both spell a space, as in the engine's reading of the URL.
    ['a+b=1&a%20b=2&c=3', 'a b', null, 'c=3'],
    ['%3Cimg%20src%3Dx%3E=1&act=relu', '<img src=x>', null, 'act=relu'],
    ['=x&act=relu', '', null, 'act=relu'],
    ['__proto__=1', 'constructor', '2', '__proto__=1&constructor=2'],
  ];
  for (const [query, key, value, expected] of cases) {
    assert.equal(await call('experiment-url.js', 'withParam', query, key, value), expected, query);
  }
});

test('a hostile URL loads the playground and the embed page without an error', async () => {
  const hostile = 'a%zz=1&%=2&%ED%A0%80=3&act=tanh&depth=4';
  const other = await openPage(browser);
  await other.goto(`${BASE_URL}?${hostile}`);
  await other.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
  assert.equal(await other.inputValue('#key-act'), 'tanh');
  await other.selectOption('#metric', 'grad_w');
  await other.waitForFunction(() => window.location.search.includes('metric=grad_w'));
  await other.goto(`${BASE_URL}embed.html?${hostile}&view=depth`);
  await other.waitForFunction(() => window.gradfall && window.gradfall.ready, null, { timeout: 30000 });
  assert.equal(await other.evaluate(() => window.gradfall.stats.layers.length), 5);
  assert.deepEqual(other.trouble.pageErrors, []);
  assert.deepEqual(other.trouble.consoleErrors, []);
  await other.context().close();
});

test('embed and playground URLs carry the experiment and only the keys each page uses', async () => {
  const base = 'https://example.org/gradfall/index.html?act=tanh';
  assert.equal(
    await call('share.js', 'embedUrl', 'v=1&act=tanh&b.act=relu&embed=1', base),
    'https://example.org/gradfall/embed.html?v=1&act=tanh&b.act=relu&view=depth,history,loss',
  );
  assert.equal(
    await call('share.js', 'embedUrl', 'v=1&view=loss', base),
    'https://example.org/gradfall/embed.html?v=1&view=loss',
  );
  assert.equal(
    await call(
      'share.js',
      'playgroundUrl',
      'v=1&act=tanh&view=loss&autoplay=1&metric=grad_w&embed=1',
      'https://example.org/gradfall/embed.html?x',
    ),
    'https://example.org/gradfall/?v=1&act=tanh&metric=grad_w',
  );
  assert.equal(
    await call('share.js', 'playgroundUrl', 'view=loss', 'https://example.org/embed.html'),
    'https://example.org/',
  );
});

test('the snippet escapes its attributes and only trusts its own iframe and origin', async () => {
  const snippet = await call('share.js', 'embedSnippet', 'https://example.org/embed.html?a=1&b="x"', {
    title: '<Sigmoid & ReLU>',
  });
  assert.ok(
    snippet.startsWith(
      '<iframe src="https://example.org/embed.html?a=1&amp;b=&quot;x&quot;" title="&lt;Sigmoid &amp; ReLU&gt;"',
    ),
    snippet,
  );
  assert.match(snippet, /e\.origin !== "https:\/\/example\.org"/);
  assert.match(snippet, /f\.contentWindow === e\.source/);
});

test('command lines quote the query for a shell and name each configuration', async () => {
  assert.equal(
    await call('share.js', 'commandLines', [{ label: 'A', query: 'v=1&act=relu', step: 250 }]),
    'gradfall train "v=1&act=relu" --steps 250',
  );
  assert.equal(
    await call('share.js', 'commandLines', [
      { label: 'A', query: 'v=1', step: 0 },
      { label: 'B', query: 'v=1&x=$HOME`"', step: 3 },
    ]),
    'gradfall train "v=1" --steps 1000  # A\ngradfall train "v=1&x=\\$HOME\\`\\"" --steps 3  # B',
  );
});

test('exported numbers are the shortest text that reads back as the same 32-bit float', async () => {
  const cases = await page.evaluate(async () => {
    const { f32Text } = await import(new URL('export.js', document.baseURI).href);
    const values = [
      Math.fround(0.1),
      Math.fround(1 / 3),
      Math.fround(1e-7),
      Math.fround(123456.78),
      0,
      -2.5,
      NaN,
      Infinity,
      -Infinity,
    ];
    return values.map((v) => [f32Text(v), Number.isFinite(v) ? Math.fround(Number(f32Text(v))) === v : null]);
  });
  assert.deepEqual(
    cases.map(([t]) => t),
    ['0.1', '0.33333334', '1e-7', '123456.78', '0', '-2.5', 'NaN', 'inf', '-inf'],
  );
  assert.ok(
    cases.every(([, same]) => same !== false),
    JSON.stringify(cases),
  );
});
