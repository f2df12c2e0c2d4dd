// Shared set-up for the end-to-end tests: the browser (GRADFALL_BROWSER: `chromium`, the
// default, Debian's Chromium through playwright-core; or `firefox`, Debian's firefox-esr over
// WebDriver BiDi through the adapter of firefox.mjs; no browser download either way), the
// page's URL from GRADFALL_URL, and a recorder of what a page does that it must not: console
// errors, uncaught exceptions, dialogs, foreign requests.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchFirefox } from './firefox.mjs';

export const BASE_URL = process.env.GRADFALL_URL || 'http://127.0.0.1:8000/';
/** The browser the tests run in: 'chromium' or 'firefox'. */
export const BROWSER = process.env.GRADFALL_BROWSER || 'chromium';
const CHROMIUM = process.env.GRADFALL_CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** `name` ('chromium' or 'firefox'), BROWSER unless told. */
export async function launch(name = BROWSER) {
  if (name === 'firefox') return launchFirefox();
  if (name !== 'chromium') throw new Error(`GRADFALL_BROWSER=${name}: the tests run in chromium or firefox`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * A new page whose misbehaviour is recorded in `page.trouble`. `colorScheme` and
 * `reducedMotion` are what the page's media queries see (the reader's system settings).
 * Recorded:
 * {consoleErrors, pageErrors, dialogs, foreignRequests, requests}.
 */
export async function openPage(
  browser,
  { width = 1400, height = 1000, scale = 1, colorScheme = 'light', reducedMotion = 'no-preference' } = {},
) {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: scale,
    colorScheme,
    reducedMotion,
  });
  const page = await context.newPage();
  const origin = new URL(BASE_URL).origin;
  const trouble = { consoleErrors: [], pageErrors: [], dialogs: [], foreignRequests: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') trouble.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => trouble.pageErrors.push(String(err)));
  page.on('dialog', async (dialog) => {
    trouble.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  // context-level, so requests made by workers are seen too
  context.on('request', (request) => {
    const url = request.url();
    trouble.requests.push(url);
    if (/^(data|blob):/.test(url)) return;
    if (new URL(url).origin !== origin) trouble.foreignRequests.push(url);
  });
  page.trouble = trouble;
  return page;
}

/** Open the playground with `query` and wait until the step-0 statistics have arrived. */
export async function gotoPlayground(page, query = '') {
  // The page's own readiness is the signal; the load event (late in a cold Firefox) is not.
  await page.goto(`${BASE_URL}${query ? `?${query}` : ''}`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.gradfall && window.gradfall.ready && window.gradfall.stats, null, {
    timeout: 30000,
  });
}

/** Wait until the page has received statistics of at least `step`. */
export async function waitForStep(page, step, timeout = 30000) {
  await page.waitForFunction((s) => window.gradfall.stats && window.gradfall.stats.step >= s, step, { timeout });
}

/** Fraction of the canvas's pixels that are neither transparent nor near-white/grey. */
export async function inkedFraction(page, selector) {
  return page.$eval(selector, (canvas) => {
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured += 1;
    }
    return coloured / (data.length / 4);
  });
}

/**
 * Save a screenshot of `page` as `name` under target/screenshots/ (untracked, so a test run
 * leaves the tree clean), and also as docs/`name` — the README's images — only when the
 * environment has GRADFALL_SCREENSHOTS=1 and the browser is Chromium (Firefox's are saved as
 * `firefox-name`, under target/ only). Returns the paths written.
 */
export async function saveScreenshot(page, name) {
  const dirs = ['../../target/screenshots/'];
  if (BROWSER === 'chromium' && process.env.GRADFALL_SCREENSHOTS === '1') dirs.push('../../docs/');
  const file = BROWSER === 'chromium' ? name : `${BROWSER}-${name}`;
  const paths = [];
  for (const dir of dirs) {
    const url = new URL(dir, import.meta.url);
    mkdirSync(url, { recursive: true });
    const path = fileURLToPath(new URL(file, url));
    await page.screenshot({ path });
    paths.push(path);
  }
  return paths;
}
