// The embed page: the charts named by `view` for the experiment in the URL, with Play and
// Reset, for an <iframe> in a blog post. It reuses the playground's Run (one worker per
// configuration) and chart modules; what it adds is the iframe behaviour:
//   - it tells the parent its height ({type: 'gradfall:height', height}) whenever it changes;
//   - it pauses training while scrolled off screen (or in a hidden tab) and resumes after;
//   - "Open in Gradfall" opens the same experiment in the full playground.

import { parseExperiment, keys } from './pkg/gradfall_wasm.js';
import { loadModule } from './wasm.js';
import { Run, lockstep } from './run.js';
import { MSG, DEFAULT_SPEED } from './protocol.js';
import { DepthProfile } from './charts/depth-profile.js';
import { History } from './charts/history.js';
import { Loss } from './charts/loss.js';
import { Fractions } from './charts/fractions.js';
import { Histograms } from './charts/histograms.js';
import { Boundary } from './charts/boundary.js';
import { CATEGORICAL } from './charts/palette.js';
import { describeConfigs, LETTERS } from './state.js';
import { HEIGHT_MESSAGE, DEFAULT_VIEW, playgroundUrl } from './share.js';

const $ = (id) => document.getElementById(id);

/**
 * The charts `view` may name (gradfall_core::experiment::VIEW_CHARTS): title, class, CSS
 * class of the card, and how to hand it the runs. `overlay`: draws every configuration;
 * the others draw configuration A only.
 */
const CHARTS = {
  depth: { title: 'Depth profile', Chart: DepthProfile, card: 'wide', overlay: true, set: (c, runs, metric) => c.set(runs, metric) },
  history: { title: 'Per-layer history', Chart: History, overlay: true, set: (c, runs, metric) => c.set(runs, metric) },
  loss: { title: 'Loss and accuracy', Chart: Loss, overlay: true, set: (c, runs) => c.set(runs) },
  dead: { title: 'Dead, saturated, zero', Chart: Fractions, overlay: true, set: (c, runs) => c.set(runs) },
  histogram: { title: 'Pre-activations over f′(a)', Chart: Histograms, card: 'wide', overlay: false, set: (c, runs) => c.set(runs[0].run) },
  boundary: { title: 'Decision boundary', Chart: Boundary, chart: 'square', overlay: false, set: (c, runs) => c.set(runs[0].run) },
};

const LABELS = {
  depth: 'Depth profile: log10 of the gradient metric for every layer',
  history: 'Per-layer history of the gradient metric',
  loss: 'Loss and accuracy against step',
  dead: 'Fraction of dead units, saturated entries and exact zeros per layer',
  histogram: 'Histograms of the pre-activation of several layers over the derivative of the activation',
  boundary: 'Decision boundary over the two input coordinates',
};

/** What tests (and the curious) may inspect. */
const exposed = {
  ready: false,
  query: '',
  configs: [],
  warnings: [],
  view: [],
  stats: null, // latest statistics of configuration A
  playing: false, // the reader's intent (Play pressed, or autoplay)
  offscreen: false, // paused because the page is out of view
  heights: [], // every height posted to the parent
  wasmBuild: null, // which build loadModule chose
  error: null,
};
window.gradfall = exposed;

async function main() {
  const { module, build } = await loadModule();
  exposed.wasmBuild = build;
  const experiment = parseExperiment(window.location.search.replace(/^\?/, ''));
  const ui = experiment.ui;
  const metric = ui.metric || 'grad_a';
  // Steps per frame, read as the playground reads it (0 or absent: the default speed).
  const wanted = Number(ui.speed);
  const speed = Number.isFinite(wanted) && wanted > 0 ? Math.max(1, Math.round(wanted)) : DEFAULT_SPEED;
  const view = (ui.view || DEFAULT_VIEW).split(',').filter((v) => CHARTS[v]);
  Object.assign(exposed, { query: experiment.query, warnings: experiment.warnings, view });
  exposed.configs = experiment.configs;

  $('open-full').href = playgroundUrl(experiment.query, window.location.href);
  showWarnings(experiment.warnings);

  const several = experiment.configs.length > 1;
  const defaults = new Map(keys().map((k) => [k.name, k.default]));
  const descriptions = describeConfigs(experiment.query, experiment.configs.length, defaults);
  const runs = experiment.configs.map((query, i) => ({
    run: new Run(module, onRunChange),
    label: several ? LETTERS[i] : '',
    colour: CATEGORICAL[i % CATEGORICAL.length],
    description: several ? descriptions[i] : '',
    query,
  }));
  $('configs').textContent = several
    ? runs.map((r, i) => `${r.label}: ${descriptions[i]}`).join(' · ')
    : descriptions[0];
  // Two charts share a row on wide screens; an odd one out takes the whole row.
  const halves = view.filter((name) => !CHARTS[name].card);
  const charts = view.map((name) => makeChart(name, several, halves.length % 2 === 1 && name === halves[halves.length - 1]));

  let offscreen = false;
  let hidden = document.hidden;

  exposed.playing = ui.autoplay === '1';
  for (const r of runs) r.run.start(r.query, speed);

  function onRunChange(run, event) {
    const a = runs[0].run;
    if (run === a && event === MSG.STATS) {
      exposed.stats = a.latest;
      exposed.ready = true;
    }
    // Every run stopped for good (diverged or failed): nothing left to play.
    if (runs.every((r) => r.run.error || r.run.diverged !== null)) exposed.playing = false;
    const broken = runs.find((r) => r.run.error);
    exposed.error = broken ? broken.run.error : null;
    lockstep(runs.map((r) => r.run), speed);
    sync();
    for (const c of charts) c.spec.set(c.chart, runs, metric);
  }

  /** Whether training must wait: out of view or in a background tab. */
  function shouldPause() {
    return offscreen || hidden;
  }

  /** Make the workers follow the reader's intent and the visibility. */
  function sync() {
    const go = exposed.playing && !shouldPause();
    for (const { run } of runs) {
      if (go && !run.playing && run.latest && run.diverged === null && !run.error) run.play();
      else if (!go && run.playing) run.pause();
    }
    exposed.offscreen = exposed.playing && shouldPause();
    updateBar();
  }

  function updateBar() {
    const play = $('play');
    const anyPlaying = runs.some((r) => r.run.playing);
    play.textContent = exposed.playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(exposed.playing));
    const startable = runs.some((r) => r.run.latest && r.run.diverged === null && !r.run.error);
    play.disabled = !startable && !exposed.playing;
    $('reset').disabled = !runs.some((r) => r.run.worker);
    const a = runs[0].run;
    const s = a.latest;
    let text = s ? `step ${s.step} · loss ${s.loss.toFixed(3)} · accuracy ${(s.accuracy * 100).toFixed(1)}%` : 'building the network…';
    if (several && s) text = `A: ${text}`;
    if (exposed.offscreen) text += ' · paused while out of view';
    else if (anyPlaying && a.stepsPerSecond) text += ` · ${Math.round(a.stepsPerSecond)} steps/s`;
    $('status').textContent = text;
    showBanner();
  }

  function showBanner() {
    const banner = $('banner');
    const messages = [];
    for (const { run, label } of runs) {
      const who = label ? `${label}: ` : '';
      if (run.error) messages.push(`${who}the trainer stopped: ${run.error}. Press Reset to try again.`);
      else if (run.diverged !== null) messages.push(`${who}diverged at step ${run.diverged} — lower the learning rate.`);
    }
    banner.textContent = messages.join(' ');
    banner.className = `banner ${runs.some((r) => r.run.error) ? 'error' : 'warn'}`;
    banner.hidden = messages.length === 0;
  }

  $('play').addEventListener('click', () => {
    exposed.playing = !exposed.playing;
    sync();
  });
  $('reset').addEventListener('click', () => {
    for (const { run } of runs) run.reset(speed);
    exposed.playing = false;
    sync();
    for (const c of charts) c.spec.set(c.chart, runs, metric);
  });

  // Off screen: the implicit root is the top-level viewport, also for a cross-origin iframe.
  new IntersectionObserver((entries) => {
    offscreen = !entries[entries.length - 1].isIntersecting;
    sync();
  }).observe(document.body);
  document.addEventListener('visibilitychange', () => {
    hidden = document.hidden;
    sync();
  });
  watchHeight();
  requestAnimationFrame(frame);

  function frame() {
    for (const c of charts) c.chart.render();
    for (const { run } of runs) run.acknowledge();
    requestAnimationFrame(frame);
  }
}

/** A card with a heading and a chart host, appended to #charts; returns {chart, spec}. */
function makeChart(name, several, wide) {
  const spec = CHARTS[name];
  const card = document.createElement('section');
  card.className = `embed-card${spec.card ? ` ${spec.card}` : ''}${wide ? ' wide' : ''}`;
  const heading = document.createElement('h2');
  heading.textContent = several && !spec.overlay ? `${spec.title} (A)` : spec.title;
  const host = document.createElement('div');
  host.className = `chart${spec.chart ? ` ${spec.chart}` : ''}`;
  host.id = `chart-${name}`;
  host.dataset.label = LABELS[name];
  card.append(heading, host);
  $('charts').append(card);
  return { chart: new spec.Chart(host), spec };
}

/** Post the page's height to the parent whenever it changes. */
function watchHeight() {
  let last = -1;
  const post = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    exposed.heights.push(height);
    if (window.parent !== window) window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  };
  new ResizeObserver(post).observe(document.body);
  post();
}

function showWarnings(warnings) {
  const box = $('warnings');
  box.querySelector('ul').replaceChildren(
    ...warnings.map((w) => {
      const li = document.createElement('li');
      li.textContent = w;
      return li;
    }),
  );
  box.hidden = warnings.length === 0;
}

main().catch((err) => {
  exposed.error = String(err && err.message ? err.message : err);
  const banner = $('banner');
  banner.textContent = `The page could not start: ${exposed.error}`;
  banner.className = 'banner error';
  banner.hidden = false;
});
