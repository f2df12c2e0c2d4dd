// The playground: wires the URL, the controls, one training run and the charts.
// The main thread only parses queries and draws; training happens in worker.js.

import init, { parseQuery, keys, presets } from './pkg/gradfall_wasm.js';
import { Controls } from './controls.js';
import { locationQuery, writeLocation, queryValues, buildQuery } from './state.js';
import { Run } from './run.js';
import { SPEEDS, DEFAULT_SPEED, MSG } from './protocol.js';
import { DepthProfile, PROFILE_METRICS } from './charts/depth-profile.js';
import { History } from './charts/history.js';
import { Loss } from './charts/loss.js';
import { Fractions } from './charts/fractions.js';
import { Histograms } from './charts/histograms.js';
import { Boundary } from './charts/boundary.js';
import { CATEGORICAL } from './charts/axes.js';
import { installExports } from './export.js';

const $ = (id) => document.getElementById(id);

/**
 * The wasm builds, best first: relaxed SIMD (fused multiply-add in the GEMM kernel) where the
 * browser validates it, else plain SIMD128. Both share the JS glue in pkg/ (xtask checks it).
 */
const WASM_BUILDS = [
  { name: 'relaxed-simd', url: './pkg-relaxed/gradfall_wasm_bg.wasm' },
  { name: 'simd128', url: './pkg/gradfall_wasm_bg.wasm' },
];

/** Compile the wasm once; the same Module is handed to every worker. */
async function loadModule() {
  for (const build of WASM_BUILDS) {
    const url = new URL(build.url, import.meta.url);
    let bytes;
    try {
      const response = await fetch(url);
      if (!response.ok) continue;
      bytes = await response.arrayBuffer();
    } catch {
      continue;
    }
    if (!WebAssembly.validate(bytes)) continue;
    const module = await WebAssembly.compile(bytes);
    await init({ module_or_path: module });
    exposed.wasmBuild = build.name;
    return module;
  }
  throw new Error('no WebAssembly build of Gradfall loads in this browser (it needs SIMD128)');
}

/** Everything tests (and curious readers, from the console) may inspect. */
const exposed = {
  ready: false,
  query: '',
  warnings: [],
  stats: null,
  history: [],
  frames: [], // {at, drawMs} of recent frames that drew something
  stepsPerSecond: 0,
  error: null,
  diverged: null,
  wasmBuild: null, // which build loadModule chose
};
window.gradfall = exposed;

async function main() {
  const module = await loadModule();
  const table = keys();
  const presetList = presets();
  let speed = DEFAULT_SPEED;
  let metric = 'grad_a';

  const charts = {
    profile: new DepthProfile($('chart-profile')),
    history: new History($('chart-history')),
    loss: new Loss($('chart-loss')),
    fractions: new Fractions($('chart-fractions')),
    histograms: new Histograms($('chart-histograms')),
    boundary: new Boundary($('chart-boundary')),
  };

  const run = new Run(module, onRunChange);
  exposed.charts = charts;
  const runs = [{ run, label: '', colour: CATEGORICAL[0] }];
  const share = installExports({ panel: $('export'), charts, runs: () => runs, query: () => exposed.query });
  const controls = new Controls($('controls'), table, () => apply(buildQuery(controls.values(), controls.defaults), true));

  fillSelect($('speed'), SPEEDS.map((s) => [String(s), `${s} step${s === 1 ? '' : 's'} / frame`]), String(speed));
  fillSelect($('metric'), Object.entries(PROFILE_METRICS).map(([k, v]) => [k, v.menu]), metric);
  buildPresets(presetList);

  /** Canonicalise `query`, show it everywhere, and restart training with it. */
  function apply(query, keepPlaying) {
    const parsed = parseQuery(query);
    const wasPlaying = run.playing;
    writeLocation(parsed.query);
    controls.set(queryValues(parsed.query));
    showWarnings(parsed.warnings);
    exposed.query = parsed.query;
    exposed.warnings = parsed.warnings;
    syncPreset(parsed.query);
    run.start(parsed.query, speed);
    if (keepPlaying && wasPlaying) run.play();
    updateButtons();
    share.update();
  }

  function onRunChange(r, event) {
    if (event === MSG.READY) {
      exposed.query = r.query;
      $('card-boundary').hidden = r.points === null; // not a 2-D data set
    }
    if (event === MSG.STATS) {
      exposed.stats = r.latest;
      exposed.history = r.history;
      exposed.stepsPerSecond = r.stepsPerSecond;
      exposed.ready = true;
    }
    exposed.error = r.error;
    exposed.diverged = r.diverged;
    showBanner(r);
    updateButtons();
    setCharts();
  }

  function setCharts() {
    charts.profile.set(runs, metric);
    charts.history.set(runs, metric);
    charts.loss.set(runs);
    charts.fractions.set(runs);
    charts.histograms.set(run);
    charts.boundary.set(run);
  }

  function showBanner(r) {
    const banner = $('banner');
    if (r.error) {
      banner.textContent = `The trainer stopped: ${r.error}. Change the configuration, or press Reset to try again.`;
      banner.className = 'banner error';
      banner.hidden = false;
    } else if (r.diverged !== null) {
      banner.textContent = `Diverged at step ${r.diverged} — lower the learning rate. The charts show the last finite step.`;
      banner.className = 'banner warn';
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  }

  function updateButtons() {
    const play = $('play');
    play.textContent = run.playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(run.playing));
    const blocked = Boolean(run.error) || run.diverged !== null;
    play.disabled = blocked;
    $('step').disabled = blocked || run.playing;
    const s = run.latest;
    $('status').textContent = s
      ? `step ${s.step} · loss ${s.loss.toFixed(3)} · accuracy ${(s.accuracy * 100).toFixed(1)}%${run.playing ? ` · ${Math.round(run.stepsPerSecond)} steps/s` : ''}`
      : 'building the network…';
  }

  function showWarnings(warnings) {
    const box = $('warnings');
    const list = box.querySelector('ul');
    list.replaceChildren(
      ...warnings.map((w) => {
        const li = document.createElement('li');
        li.textContent = w;
        return li;
      }),
    );
    box.hidden = warnings.length === 0;
  }

  function buildPresets(list) {
    const select = $('preset');
    fillSelect(select, [['', list.length ? 'choose a preset…' : 'no presets yet'], ...list.map((p) => [p.name, p.name])], '');
    for (const option of select.options) {
      const preset = list.find((p) => p.name === option.value);
      if (preset) option.title = preset.explanation;
    }
    select.addEventListener('change', () => {
      const preset = list.find((p) => p.name === select.value);
      if (preset) apply(preset.query, false);
    });
    syncPreset(exposed.query);
  }

  /** Select the preset whose query is the current one (if any) and show its explanation. */
  function syncPreset(query) {
    const select = $('preset');
    const match = presetList.find((p) => parseQuery(p.query).query === query);
    select.value = match ? match.name : '';
    $('preset-explanation').textContent = match ? match.explanation : '';
  }

  $('play').addEventListener('click', () => {
    if (run.playing) run.pause();
    else run.play();
    updateButtons();
  });
  $('step').addEventListener('click', () => run.step(1));
  $('reset').addEventListener('click', () => {
    run.reset(speed);
    updateButtons();
    showBanner(run);
    setCharts();
  });
  $('speed').addEventListener('change', (e) => {
    speed = Number(e.target.value);
    run.setSpeed(speed);
  });
  $('metric').addEventListener('change', (e) => {
    metric = e.target.value;
    setCharts();
  });
  $('copy-link').addEventListener('click', () => copyLink());
  // Space plays/pauses when the focus is not on a control that uses the key itself.
  document.addEventListener('keydown', (e) => {
    if (e.key !== ' ' || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.target.closest('input, select, textarea, button, a, canvas')) return;
    e.preventDefault();
    $('play').click();
  });

  apply(locationQuery(), false);
  requestAnimationFrame(frame);

  /** Draw whatever changed, then let the worker send more (flow control). */
  function frame() {
    const t0 = performance.now();
    let drew = false;
    for (const chart of Object.values(charts)) drew = chart.render() || drew;
    const t1 = performance.now();
    if (drew) {
      exposed.frames.push({ at: t0, drawMs: t1 - t0 });
      if (exposed.frames.length > 600) exposed.frames.splice(0, 300);
    }
    run.acknowledge();
    requestAnimationFrame(frame);
  }
}

function fillSelect(select, options, selected) {
  select.replaceChildren(
    ...options.map(([value, text]) => {
      const opt = document.createElement('option');
      opt.value = value;
      opt.textContent = text;
      return opt;
    }),
  );
  select.value = selected;
}

async function copyLink() {
  const note = $('copy-note');
  const url = window.location.href;
  try {
    await navigator.clipboard.writeText(url);
    note.textContent = 'Link copied.';
  } catch {
    note.textContent = `Copy this link: ${url}`;
  }
}

main().catch((err) => {
  exposed.error = String(err && err.message ? err.message : err);
  const banner = $('banner');
  banner.textContent = `The page could not start: ${exposed.error}`;
  banner.className = 'banner error';
  banner.hidden = false;
});
