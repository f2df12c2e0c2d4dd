// What both pages tell the reader in words: the warnings about the query, the banner when a
// run stopped or diverged, the status line of a run, and the error when the page cannot
// start. Text goes in through textContent only.

import { TEXT } from '../text.js';

/** Fill the warnings box (a `<ul>` inside `box`) and show it when there are any. */
export function showWarnings(box, warnings) {
  box.querySelector('ul').replaceChildren(
    ...warnings.map((w) => {
      const li = document.createElement('li');
      li.textContent = w;
      return li;
    }),
  );
  box.hidden = warnings.length === 0;
}

/** The playground's wording of a stopped or diverged run (full sentences, one per line). */
export const PLAYGROUND_BANNER = { stopped: TEXT.stopped, diverged: TEXT.diverged, separator: '\n' };
/** The embed page's shorter wording, on one line. */
export const EMBED_BANNER = { stopped: TEXT.embedStopped, diverged: TEXT.embedDiverged, separator: ' ' };

/**
 * The banner over the charts: one message per run that stopped (an error) or diverged (a
 * warning), in `wording`; hidden when every run is fine. `runs`: [{run, label}].
 */
export function showBanner(banner, runs, wording) {
  const messages = [];
  for (const { run, label } of runs) {
    if (run.error) messages.push(wording.stopped(label, run.error));
    else if (run.diverged !== null) messages.push(wording.diverged(label, run.diverged));
  }
  banner.textContent = messages.join(wording.separator);
  banner.className = `banner ${runs.some((r) => r.run.error) ? 'error' : 'warn'}`;
  banner.hidden = messages.length === 0;
}

/** One run's status: its step, loss and accuracy (or that it is still being built). */
export function statusLine(run, label, { rate = false } = {}) {
  const s = run.latest;
  if (!s) return TEXT.labelled(label, TEXT.building);
  return TEXT.labelled(label, TEXT.stepLine(s) + (rate ? TEXT.rate(run.stepsPerSecond) : ''));
}

/**
 * Run the page's `main`; if it fails (no wasm, a bad build), say so in the banner and in
 * `exposed.error` instead of leaving "loading…" on screen.
 */
export function startPage(main, exposed) {
  main().catch((err) => {
    exposed.error = String(err && err.message ? err.message : err);
    const banner = document.getElementById('banner');
    banner.textContent = TEXT.cannotStart(exposed.error);
    banner.className = 'banner error';
    banner.hidden = false;
  });
}
