// Training rate and frame times as the page sees them. Printed, never asserted: timing
// depends on the machine (the project's rule: speed is shown, not tested).

import { test, before, after } from 'node:test';
import { launch, openPage, gotoPlayground, waitForStep } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Play `query` at `speed` steps/frame for `ms`, then report steps/s and frame times. */
async function measure(query, speed, ms) {
  const page = await openPage(browser);
  await gotoPlayground(page, query);
  await page.selectOption('#speed', String(speed));
  // Long tasks on the main thread (> 50 ms) and the gaps between animation frames.
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (window.__gaps.length < 100000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const start = await page.evaluate(() => ({
    step: window.gradfall.stats.step,
    at: performance.now(),
    frames: window.gradfall.frames.length,
  }));
  await page.click('#play');
  await waitForStep(page, 1);
  await page.waitForTimeout(ms);
  const end = await page.evaluate(() => ({
    step: window.gradfall.stats.step,
    at: performance.now(),
    frames: window.gradfall.frames.slice(),
    gaps: window.__gaps.slice(5),
    long: window.__long.slice(),
    workerRate: window.gradfall.stepsPerSecond,
  }));
  await page.click('#play');
  const seconds = (end.at - start.at) / 1000;
  const draws = end.frames.filter((f) => f.at >= start.at);
  const drawMs = draws.map((f) => f.drawMs).sort((a, b) => a - b);
  const gaps = end.gaps.slice().sort((a, b) => a - b);
  const pct = (xs, p) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] : NaN);
  const report = {
    query: query || '(default)',
    stepsPerFrame: speed,
    stepsPerSecond: Math.round((end.step - start.step) / seconds),
    workerStepsPerSecond: Math.round(end.workerRate),
    framesPerSecond: Math.round(gaps.length / seconds),
    chartRedrawsPerSecond: Math.round(draws.length / seconds),
    drawMsMedian: +pct(drawMs, 0.5).toFixed(2),
    drawMsMax: +(drawMs[drawMs.length - 1] || 0).toFixed(2),
    frameGapMsP95: +pct(gaps, 0.95).toFixed(1),
    frameGapMsMax: +(gaps[gaps.length - 1] || 0).toFixed(1),
    longTasksOver50ms: end.long.length,
  };
  console.log(`PERF ${JSON.stringify(report)}`);
  await page.context().close();
  return report;
}

test('performance of the default configuration (printed)', async () => {
  await measure('', 10, 5000);
});

test('performance of depth 50 × width 256 (printed)', async () => {
  await measure('depth=50&width=256', 1, 5000);
});
