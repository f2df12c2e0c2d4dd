// The playground: wires the URL, the controls, the training runs and the charts.
// The main thread only parses queries and draws; training happens in worker.js, one worker
// per configuration (compare mode: A–D side by side, so several cores train at once).

import { parseExperiment, keys, presets, comparePresets } from './pkg/gradfall_wasm.js';
import { loadModule } from './wasm.js';
import { Controls } from './controls.js';
import {
  locationQuery, writeLocation, queryValues, withConfig, composeExperiment, withUi,
  describeConfigs, LETTERS, UI_KEYS,
} from './state.js';
import { Run, lockstep } from './run.js';
import { SPEEDS, DEFAULT_SPEED, MSG } from './protocol.js';
import { DepthProfile, PROFILE_METRICS } from './charts/depth-profile.js';
import { History } from './charts/history.js';
import { Loss } from './charts/loss.js';
import { Fractions } from './charts/fractions.js';
import { Histograms } from './charts/histograms.js';
import { Boundary } from './charts/boundary.js';
import { CATEGORICAL } from './charts/palette.js';
import { installExports } from './export.js';

const $ = (id) => document.getElementById(id);
const DEFAULT_METRIC = 'grad_a';

/**
 * Everything tests (and curious readers, from the console) may inspect. `stats`, `history`,
 * `error` and `diverged` are those of configuration A (the only one outside compare mode);
 * `runs` holds every configuration as `{label, colour, description, run}`.
 */
const exposed = {
  ready: false,
  query: '',
  warnings: [],
  stats: null,
  history: [],
  runs: [],
  selected: 0,
  frames: [], // {at, drawMs} of recent frames that drew something
  stepsPerSecond: 0,
  error: null,
  diverged: null,
  wasmBuild: null, // which build loadModule chose
};
window.gradfall = exposed;

/** `embed=1` asks for the minimal layout: that is embed.html, with the same experiment. */
function redirectToEmbed() {
  const params = new URLSearchParams(window.location.search);
  const value = (params.get('embed') ?? '0').toLowerCase();
  if (!params.has('embed') || !['1', 'true', ''].includes(value)) return false;
  window.location.replace(`embed.html${window.location.search}`);
  return true;
}

async function main() {
  if (redirectToEmbed()) return;
  const { module, build } = await loadModule();
  exposed.wasmBuild = build;
  const table = keys();
  const singlePresets = presets();
  const pairPresets = comparePresets();
  let speed = DEFAULT_SPEED;
  let metric = DEFAULT_METRIC;
  let configs = []; // canonical single query of each configuration, A first
  let selected = 0; // which configuration the controls edit
  /** @type {{run: Run, label: string, colour: string, description: string}[]} */
  const runs = [];

  const charts = {
    profile: new DepthProfile($('chart-profile')),
    history: new History($('chart-history')),
    loss: new Loss($('chart-loss')),
    fractions: new Fractions($('chart-fractions')),
    histograms: new Histograms($('chart-histograms')),
    boundary: new Boundary($('chart-boundary')),
  };
  exposed.charts = charts;
  exposed.runs = runs;
  const share = installExports({ panel: $('export'), charts, runs: () => runs, query: () => exposed.query });

  const controls = new Controls($('controls'), table, () =>
    apply(withConfig(exposed.query, selected, controls.values(), controls.defaults), true));

  fillSelect($('speed'), SPEEDS.map((s) => [String(s), `${s} step${s === 1 ? '' : 's'} / frame`]), String(speed));
  fillSelect($('metric'), Object.entries(PROFILE_METRICS).map(([k, v]) => [k, v.menu]), metric);
  buildPresets();

  /**
   * Canonicalise the experiment `query`, show it everywhere, and (when its configurations
   * changed) restart every run at step 0 — together, so they stay comparable step by step.
   */
  function apply(query, keepPlaying) {
    const parsed = parseExperiment(query);
    const wasPlaying = runs.some((r) => r.run.playing);
    writeLocation(parsed.query);
    exposed.query = parsed.query;
    exposed.warnings = parsed.warnings;
    readUi(parsed.ui);
    const changed = parsed.configs.length !== configs.length || parsed.configs.some((q, i) => q !== configs[i]);
    configs = parsed.configs;
    selected = Math.min(selected, configs.length - 1);
    exposed.selected = selected;
    matchRuns(parsed.query);
    if (changed) {
      for (const r of runs) r.run.start(configs[runs.indexOf(r)], speed);
      if (keepPlaying && wasPlaying) for (const r of runs) r.run.play();
    }
    showWarnings(parsed.warnings);
    showConfigs();
    syncPreset(parsed.query);
    updateButtons();
    share.update();
    showBanner();
    setCharts();
  }

  /** The page settings of the URL: metric and speed (view/autoplay are passed through). */
  function readUi(ui) {
    metric = PROFILE_METRICS[ui.metric] ? ui.metric : DEFAULT_METRIC;
    $('metric').value = metric;
    const wanted = Number(ui.speed);
    speed = Number.isFinite(wanted) && wanted > 0 ? Math.max(1, Math.round(wanted)) : DEFAULT_SPEED;
    const select = $('speed');
    if (![...select.options].some((o) => o.value === String(speed))) {
      const opt = document.createElement('option');
      opt.value = String(speed);
      opt.textContent = `${speed} steps / frame`;
      select.append(opt);
    }
    select.value = String(speed);
    for (const r of runs) r.run.setSpeed(speed);
  }

  /** One run per configuration, with its letter, colour and what distinguishes it. */
  function matchRuns(query) {
    while (runs.length < configs.length) {
      runs.push({ run: new Run(module, onRunChange), label: '', colour: '', description: '' });
    }
    for (const r of runs.splice(configs.length)) r.run.stop();
    const compare = runs.length > 1;
    const descriptions = describeConfigs(query, runs.length, controls.defaults);
    runs.forEach((r, i) => {
      r.label = compare ? LETTERS[i] : '';
      r.colour = CATEGORICAL[i];
      r.description = compare ? descriptions[i] : '';
    });
    document.body.classList.toggle('comparing', compare);
    $('card-history').classList.toggle('wide', compare);
  }

  /** The selector tabs, the buttons beside them, and the controls of the selected config. */
  function showConfigs() {
    const tabs = $('config-tabs');
    tabs.replaceChildren(
      ...runs.map((r, i) => {
        const tab = document.createElement('button');
        tab.type = 'button';
        tab.id = `config-tab-${LETTERS[i]}`;
        tab.className = 'config-tab';
        tab.setAttribute('role', 'tab');
        tab.setAttribute('aria-selected', String(i === selected));
        tab.setAttribute('aria-controls', 'controls');
        tab.tabIndex = i === selected ? 0 : -1;
        tab.title = runs.length > 1 ? `${LETTERS[i]}: ${r.description}` : 'The configuration the controls edit';
        const swatch = document.createElement('span');
        swatch.className = 'swatch';
        swatch.style.background = r.colour;
        tab.append(swatch, LETTERS[i]);
        tab.addEventListener('click', () => select(i));
        return tab;
      }),
    );
    const full = runs.length >= LETTERS.length;
    $('duplicate').disabled = full;
    $('duplicate').textContent = full ? 'Four configurations at most' : `Duplicate ${LETTERS[selected]} as ${LETTERS[runs.length]}`;
    $('remove').hidden = runs.length < 2;
    $('remove').textContent = `Remove ${LETTERS[selected]}`;
    $('config-note').textContent = runs.length > 1
      ? `The controls below edit ${LETTERS[selected]}${selected ? ` (${runs[selected].description})` : ''}. Play, Step and Reset drive all ${runs.length} runs together.`
      : 'Duplicate to compare: the copy trains beside A on the same data and seed; change one thing in it.';
    $('controls').setAttribute('aria-labelledby', `config-tab-${LETTERS[selected]}`);
    controls.set(queryValues(configs[selected]));
  }

  function select(index) {
    if (index === selected || index < 0 || index >= runs.length) return;
    selected = index;
    exposed.selected = index;
    showConfigs();
    $(`config-tab-${LETTERS[index]}`).focus();
    const r = runs[index].run;
    $('card-boundary').hidden = r.points === null && r.latest !== null;
    setCharts();
  }

  /** Rebuild the experiment from whole configurations (after adding or removing one). */
  function restructure(list, newSelected) {
    selected = newSelected;
    const ui = new URLSearchParams(exposed.query);
    const uiValues = new Map([...ui].filter(([key]) => UI_KEYS.includes(key)));
    apply(composeExperiment(list, uiValues, controls.defaults), true);
  }

  function onRunChange(r, event) {
    const index = runs.findIndex((entry) => entry.run === r);
    if (index < 0) return;
    if (event === MSG.READY && index === selected) {
      $('card-boundary').hidden = r.points === null; // not a 2-D data set
    }
    if (event === MSG.STATS && index === 0) {
      exposed.stats = r.latest;
      exposed.history = r.history;
      exposed.stepsPerSecond = r.stepsPerSecond;
      exposed.ready = true;
    }
    exposed.error = runs[0].run.error || runs.map((e) => e.run.error).find(Boolean) || null;
    exposed.diverged = runs[0].run.diverged;
    lockstep(runs.map((r) => r.run), speed);
    showBanner();
    updateButtons();
    setCharts();
  }

  function setCharts() {
    const chosen = runs[selected];
    charts.profile.set(runs, metric);
    charts.history.set(runs, metric);
    charts.loss.set(runs);
    charts.fractions.set(runs);
    charts.histograms.set(chosen.run);
    charts.boundary.set(chosen.run);
    const note = runs.length > 1 ? `configuration ${chosen.label} only (the selected tab)` : '';
    $('note-histograms').textContent = note;
    $('note-boundary').textContent = note;
  }

  function showBanner() {
    const banner = $('banner');
    const lines = [];
    let error = false;
    for (const { run, label } of runs) {
      const who = label ? `${label}: ` : '';
      if (run.error) {
        error = true;
        lines.push(`${who}The trainer stopped: ${run.error}. Change the configuration, or press Reset to try again.`);
      } else if (run.diverged !== null) {
        lines.push(`${who}Diverged at step ${run.diverged} — lower the learning rate. The charts show the last finite step.`);
      }
    }
    banner.textContent = lines.join('\n');
    banner.className = `banner ${error ? 'error' : 'warn'}`;
    banner.hidden = lines.length === 0;
  }

  const blocked = (run) => Boolean(run.error) || run.diverged !== null;

  function updateButtons() {
    const playing = runs.some((r) => r.run.playing);
    const play = $('play');
    play.textContent = playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(playing));
    const allBlocked = runs.every((r) => blocked(r.run));
    play.disabled = allBlocked && !playing;
    $('step').disabled = allBlocked || playing;
    $('status').textContent = runs.map(({ run, label }) => {
      const s = run.latest;
      const who = label ? `${label}: ` : '';
      if (!s) return `${who}building the network…`;
      const rate = run.playing ? ` · ${Math.round(run.stepsPerSecond)} steps/s` : '';
      return `${who}step ${s.step} · loss ${s.loss.toFixed(3)} · accuracy ${(s.accuracy * 100).toFixed(1)}%${rate}`;
    }).join('\n');
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

  /** One menu: single-network presets, then the comparisons (an optgroup each). */
  function buildPresets() {
    const select = $('preset');
    const empty = document.createElement('option');
    empty.value = '';
    empty.textContent = 'choose a preset…';
    const groups = [
      ['One network', 'single', singlePresets],
      ['Comparisons (A/B…)', 'compare', pairPresets],
    ].filter(([, , list]) => list.length).map(([title, kind, list]) => {
      const group = document.createElement('optgroup');
      group.label = title;
      for (const p of list) {
        const opt = document.createElement('option');
        opt.value = `${kind}:${p.name}`;
        opt.textContent = kind === 'compare' ? `${p.name} (${parseExperiment(p.query).configs.length} runs)` : p.name;
        opt.title = p.explanation;
        group.append(opt);
      }
      return group;
    });
    select.replaceChildren(empty, ...groups);
    select.addEventListener('change', () => {
      const preset = findPreset(select.value);
      if (!preset) return;
      selected = 0;
      // A preset sets the configurations; the page settings (metric, speed…) stay.
      let query = preset.query;
      for (const [key, value] of new URLSearchParams(exposed.query)) {
        if (UI_KEYS.includes(key)) query = withUi(query, key, value);
      }
      apply(query, false);
    });
  }

  function findPreset(value) {
    const [kind, name] = value.split(':');
    const list = kind === 'compare' ? pairPresets : kind === 'single' ? singlePresets : [];
    return list.find((p) => p.name === name) || null;
  }

  /** Select the preset whose configurations are the current ones and show its explanation. */
  function syncPreset(query) {
    const select = $('preset');
    const strip = (q) => {
      let out = q;
      for (const key of UI_KEYS) out = withUi(out, key, null);
      return out;
    };
    const current = strip(query);
    const all = [...singlePresets.map((p) => ['single', p]), ...pairPresets.map((p) => ['compare', p])];
    const match = all.find(([, p]) => strip(parseExperiment(p.query).query) === current);
    select.value = match ? `${match[0]}:${match[1].name}` : '';
    $('preset-explanation').textContent = match ? match[1].explanation : '';
  }

  $('play').addEventListener('click', () => {
    if (runs.some((r) => r.run.playing)) for (const r of runs) r.run.pause();
    else for (const r of runs) r.run.play();
    updateButtons();
  });
  $('step').addEventListener('click', () => {
    for (const r of runs) if (!blocked(r.run)) r.run.step(1);
  });
  $('reset').addEventListener('click', () => {
    for (const r of runs) r.run.reset(speed);
    updateButtons();
    showBanner();
    setCharts();
  });
  $('speed').addEventListener('change', (e) => {
    const value = Number(e.target.value);
    apply(withUi(exposed.query, 'speed', value === DEFAULT_SPEED ? null : String(value)), true);
  });
  $('metric').addEventListener('change', (e) => {
    const value = e.target.value;
    apply(withUi(exposed.query, 'metric', value === DEFAULT_METRIC ? null : value), true);
  });
  $('duplicate').addEventListener('click', () => {
    if (configs.length >= LETTERS.length) return;
    restructure([...configs, configs[selected]], configs.length);
  });
  $('remove').addEventListener('click', () => {
    if (configs.length < 2) return;
    restructure(configs.filter((_, i) => i !== selected), Math.max(0, selected - 1));
  });
  // Arrow keys move between the configuration tabs (the tablist pattern).
  $('config-tabs').addEventListener('keydown', (e) => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, Home: -selected, End: runs.length - 1 - selected };
    if (!(e.key in moves)) return;
    e.preventDefault();
    select(Math.max(0, Math.min(runs.length - 1, selected + moves[e.key])));
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
  if (new URLSearchParams(exposed.query).get('autoplay') === '1') $('play').click();
  requestAnimationFrame(frame);

  /** Draw whatever changed, then let the workers send more (flow control). */
  function frame() {
    const t0 = performance.now();
    let drew = false;
    for (const chart of Object.values(charts)) drew = chart.render() || drew;
    const t1 = performance.now();
    if (drew) {
      exposed.frames.push({ at: t0, drawMs: t1 - t0 });
      if (exposed.frames.length > 600) exposed.frames.splice(0, 300);
    }
    for (const r of runs) r.run.acknowledge();
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
