// Accessibility: axe-core (the rules of WCAG 2 A/AA it can check automatically) on the
// playground, compare mode, the embed page and the story, in the light and the dark scheme
// and at phone width, with the charts' "Show numbers" tables open. A serious or critical
// violation fails; moderate ones are listed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, openPage, BASE_URL } from './browser.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** [name, path, the page's exposed object, viewport width]. */
const PAGES = [
  ['playground', '?act=sigmoid&depth=12', 'gradfall', 1400],
  ['playground at phone width', '?act=sigmoid&depth=12', 'gradfall', 390],
  ['compare mode', '?act=sigmoid&b.act=relu&b.init=he', 'gradfall', 1400],
  ['embed page', 'embed.html?act=sigmoid&b.act=relu&view=depth,loss,boundary', 'gradfall', 800],
  ['story', 'story.html', 'gradfallStory', 1400],
  ['papers', 'papers.html', 'gradfallPapers', 1400],
  ['papers at phone width', 'papers.html?lang=ko', 'gradfallPapers', 390],
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** axe's violations on the loaded page, as `impact id (count): first targets`. */
async function violations(page) {
  // The pages' CSP refuses inline scripts; evaluate runs axe's source in the page instead.
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => (await window.axe.run(document)).violations);
  return found.map((v) => ({
    impact: v.impact,
    text: `${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(' | ')}`,
  }));
}

for (const colorScheme of ['light', 'dark']) {
  for (const [name, path, exposed, width] of PAGES) {
    test(`${name}, ${colorScheme}: no serious or critical axe violation`, async () => {
      const page = await openPage(browser, { width, colorScheme });
      await page.goto(`${BASE_URL}${path}`);
      await page.waitForFunction((key) => window[key] && window[key].ready, exposed, { timeout: 30000 });
      // The charts' text alternatives open, so their tables are checked too.
      await page.$$eval('details.chart-numbers', (all) => all.forEach((d) => (d.open = true)));
      await page.waitForTimeout(600);
      const found = await violations(page);
      const moderate = found.filter((v) => !['serious', 'critical'].includes(v.impact));
      if (moderate.length)
        console.log(
          `${name}, ${colorScheme}, not failing:`,
          moderate.map((v) => v.text),
        );
      assert.deepEqual(
        found.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.text),
        [],
      );
      await page.context().close();
    });
  }
}
