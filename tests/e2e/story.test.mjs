// The story page (story.html) in headless Chromium: both languages load, a chapter's figure
// trains once it is scrolled into view, and its result sentence carries numbers from the run.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, saveScreenshot, BASE_URL } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const storyUrl = (query) => new URL(`story.html?${query}`, BASE_URL).href;

async function openStory(lang, viewport) {
  const page = await openPage(browser, viewport);
  await page.goto(storyUrl(`lang=${lang}`));
  await page.waitForFunction(
    () => window.gradfallStory && (window.gradfallStory.ready || window.gradfallStory.error),
    null,
    {
      timeout: 30000,
    },
  );
  assert.equal(await page.evaluate(() => window.gradfallStory.error), null);
  return page;
}

function assertClean(page) {
  const { consoleErrors, pageErrors, foreignRequests } = page.trouble;
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(foreignRequests, []);
}

test('the story loads in English and in Korean, with one chapter per row of the table', async () => {
  for (const [lang, title] of [
    ['en', 'Does ReLU solve the vanishing gradient?'],
    ['ko', 'ReLU는 기울기 소실을 해결할까?'],
  ]) {
    const page = await openStory(lang);
    assert.equal(await page.textContent('h1'), title);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    assert.equal(await page.locator('section.chapter').count(), 12);
    // The switch links to the other language, keeping the page.
    const other = lang === 'en' ? 'ko' : 'en';
    assert.match(await page.getAttribute(`#lang-${other}`, 'href'), new RegExp(`story\\.html\\?lang=${other}$`));
    assertClean(page);
    await page.context().close();
  }
});

test('a chapter without a prediction trains when scrolled into view and fills in its numbers', async () => {
  const page = await openStory('en');
  // Off screen at first: the figure has not started.
  const before = await page.evaluate(() => window.gradfallStory.chapters.zeros);
  assert.equal(before.status, 'Starts when it scrolls into view.');
  assert.equal(before.result, undefined);
  await page.locator('#zeros .story-figure').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.gradfallStory.chapters.zeros?.result, null, { timeout: 60000 });
  const chapter = await page.evaluate(() => window.gradfallStory.chapters.zeros);
  // The sentence holds the measured numbers, formatted: 100% of outputs zero, chance accuracy.
  assert.match(chapter.result, /\d+(\.\d+)?%/);
  assert.equal(chapter.values.zero_out, 1);
  assert.ok(chapter.values.zero_test > 0.3 && chapter.values.zero_test < 0.37, String(chapter.values.zero_test));
  assert.ok(chapter.result.includes('100%'), chapter.result);
  assert.equal(await page.locator('#zeros .range-warning').isHidden(), true);
  assertClean(page);
  await page.context().close();
});

test('a prediction waits for Run, then the verdict and the Korean sentence come from the run', async () => {
  const page = await openStory('ko', { width: 390, height: 844, scale: 2 });
  await page.locator('#sparsity .story-figure').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  assert.equal(
    await page.evaluate(() => window.gradfallStory.chapters.sparsity?.result),
    undefined,
    'trained before Run',
  );
  await page.locator('#sparsity input[value="half"]').check();
  await page.locator('#sparsity .story-figure button.primary').click();
  await page.waitForFunction(() => window.gradfallStory.chapters.sparsity?.result, null, { timeout: 60000 });
  const chapter = await page.evaluate(() => window.gradfallStory.chapters.sparsity);
  assert.ok(chapter.values.relu_zero > 0.4 && chapter.values.relu_zero < 0.6, String(chapter.values.relu_zero));
  assert.match(chapter.result, /초기화 직후 ReLU의 은닉 출력 중 \d+(\.\d)?%가 정확히 0/);
  assert.match(await page.textContent('#sparsity .verdict'), /실험 결과와 같습니다/);
  await saveScreenshot(page, 'story-ko-phone.png');
  assertClean(page);
  await page.context().close();
});
