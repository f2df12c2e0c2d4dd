// The playground: wires the URL (page-state.js), the views (views/), the training runs
// (run.js) and the charts. The main thread only parses queries and draws; training happens
// in worker.js, one worker per configuration (compare mode: A–D side by side, so several
// cores train at once).

import { parseExperiment, keys, presets, comparePresets, kernelName } from './pkg/gradfall_wasm.js';
import { loadModule } from './wasm.js';
import { sharedNames } from './names.js';
import { Controls } from './controls.js';
import { PageState, settingParam } from './page-state.js';
import {
  locationQuery,
  writeLocation,
  queryValues,
  withConfig,
  composeExperiment,
  withParam,
  uiValues,
  describeConfigs,
} from './experiment-url.js';
import { Run, lockstep } from './run.js';
import { MSG } from './protocol.js';
import { PROFILE_METRICS } from './charts/depth-profile.js';
import { CATEGORICAL } from './charts/palette.js';
import { installExports } from './export.js';
import { installDataUpload } from './data-upload.js';
import { RUN_CHARTS, feedChart, startDrawing } from './views/charts.js';
import { describeCharts } from './views/chart-text.js';
import { ConfigTabs } from './views/config-tabs.js';
import { PresetMenu } from './views/presets.js';
import { Transport } from './views/transport.js';
import { showWarnings, showBanner, startPage, PLAYGROUND_BANNER } from './views/notices.js';
import { TEXT, useTranslator, translate } from './text.js';
import { setUpLanguage, translatePage, keepLanguage, linkLanguageSwitch } from './i18n.js';
import { mayStartByItself, setUpColorScheme } from './preferences.js';
import { SeedsPanel } from './seeds/panel.js';
import { installLab } from './lab/setup.js';

const $ = (id) => document.getElementById(id);

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
  kernel: null, // the engine's matrix kernel in this build, e.g. "simd128 4x8"
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

class Playground {
  constructor(module) {
    this.module = module;
    this.state = new PageState();
    /** @type {{run: Run, label: string, colour: string, description: string}[]} */
    this.runs = [];
    this.charts = Object.fromEntries(RUN_CHARTS.map((spec) => [spec.id, new spec.Chart($(`chart-${spec.id}`))]));
    this.controls = new Controls($('controls'), keys(), () => this.editSelected());
    this.tabs = new ConfigTabs({
      select: (i) => this.select(i),
      duplicate: () => this.duplicate(),
      remove: () => this.remove(),
    });
    this.presets = new PresetMenu(presets(), comparePresets(), (query) => this.choosePreset(query));
    this.transport = new Transport(() => this.runs, {
      changed: () => this.transport.update(),
      reset: () => this.reset(),
      speed: (steps) => this.setSetting('speed', steps),
    });
    this.share = installExports({
      panel: $('export'),
      charts: this.charts,
      runs: () => this.runs,
      query: () => this.state.query,
    });
    this.upload = installDataUpload({
      panel: $('data-upload'),
      query: () => this.state.query || locationQuery(),
      apply: (query) => this.trainOnNewData(query),
    });
    const metrics = $('metric');
    metrics.replaceChildren(...sharedNames().metrics.map((m) => new Option(PROFILE_METRICS[m].menu(), m)));
    metrics.addEventListener('change', (e) => this.setSetting('metric', e.target.value));
    $('copy-link').addEventListener('click', () => copyLink());
    Object.assign(exposed, { charts: this.charts, runs: this.runs });
    this.seeds = new SeedsPanel(
      {
        query: () => this.state.query,
        setSeeds: (n) => this.setSetting('seeds', n),
        metric: () => this.state.settings.metric,
      },
      exposed,
    );
    this.fill = installLab(this, exposed);
  }

  /** The selected configuration's single query (what the lab's charts show). */
  chosenQuery() {
    return this.state.configs[this.state.selected];
  }

  /** Set some keys of the selected configuration (a Map key → value) and restart its run. */
  setKeys(changes) {
    const values = this.controls.values();
    for (const [key, value] of changes) values.set(key, value);
    const { query, selected } = this.state;
    this.apply(withConfig(query, selected, values, this.controls.defaults), true);
  }

  /**
   * Canonicalise the experiment `query`, show it everywhere, and (when its configurations
   * changed) restart every run at step 0 — together, so they stay comparable step by step.
   */
  apply(query, keepPlaying) {
    const parsed = parseExperiment(query);
    const wasPlaying = this.runs.some((r) => r.run.playing);
    writeLocation(parsed.query);
    const changed = this.state.take(parsed);
    Object.assign(exposed, { query: parsed.query, warnings: parsed.warnings, selected: this.state.selected });
    const { metric, speed } = this.state.settings;
    $('metric').value = metric;
    this.transport.showSpeed(speed);
    for (const r of this.runs) r.run.setSpeed(speed);
    this.matchRuns();
    if (changed) {
      this.runs.forEach((r, i) => r.run.start(this.state.configs[i], speed));
      if (keepPlaying && wasPlaying) for (const r of this.runs) r.run.play();
    }
    this.seeds.show(this.state.settings.seeds);
    this.seeds.showMetric();
    showWarnings($('warnings'), parsed.messages.map(TEXT.warning));
    this.showConfigs();
    this.presets.sync(parsed.query);
    this.share.update();
    this.refresh();
  }

  /** Apply `query` and restart every run even if the query is unchanged: the data changed. */
  trainOnNewData(query) {
    const before = this.state.configs.join('\n');
    this.apply(query, false);
    if (this.state.configs.join('\n') !== before) return;
    const { speed } = this.state.settings;
    this.runs.forEach((r, i) => r.run.start(this.state.configs[i], speed));
  }

  /** One run per configuration, with its letter, colour and what distinguishes it. */
  matchRuns() {
    const { configs, query } = this.state;
    while (this.runs.length < configs.length) {
      this.runs.push({ run: new Run(this.module, (run, event) => this.onRunChange(run, event)) });
    }
    for (const r of this.runs.splice(configs.length)) r.run.stop();
    const compare = this.runs.length > 1;
    const descriptions = describeConfigs(query, this.runs.length, this.controls.defaults, translate);
    this.runs.forEach((r, i) => {
      r.label = compare ? sharedNames().letters[i] : '';
      r.colour = CATEGORICAL[i];
      r.description = compare ? descriptions[i] : '';
    });
    document.body.classList.toggle('comparing', compare);
    $('card-history').classList.toggle('wide', compare);
  }

  /** The tabs and the controls of the selected configuration. */
  showConfigs() {
    const { selected, configs } = this.state;
    this.tabs.show(this.runs, selected, sharedNames().letters);
    this.controls.set(queryValues(configs[selected]));
  }

  select(index) {
    if (index === this.state.selected || index < 0 || index >= this.runs.length) return;
    this.state.selected = index;
    exposed.selected = index;
    this.showConfigs();
    this.tabs.focus();
    const { run } = this.runs[index];
    $('card-boundary').hidden = run.points === null && run.latest !== null;
    this.setCharts();
  }

  /** The controls changed: rewrite the selected configuration. */
  editSelected() {
    const { query, selected } = this.state;
    this.apply(withConfig(query, selected, this.controls.values(), this.controls.defaults), true);
  }

  duplicate() {
    const { configs, selected } = this.state;
    if (this.state.canAdd()) this.restructure([...configs, configs[selected]], configs.length);
  }

  remove() {
    const { configs, selected } = this.state;
    if (configs.length < 2) return;
    this.restructure(
      configs.filter((_, i) => i !== selected),
      Math.max(0, selected - 1),
    );
  }

  /** Rebuild the experiment from whole configurations (after adding or removing one). */
  restructure(list, selected) {
    this.state.selected = selected;
    this.apply(composeExperiment(list, uiValues(this.state.query), this.controls.defaults), true);
  }

  /** A preset sets the configurations; the page settings (metric, speed…) stay. */
  choosePreset(presetQuery) {
    this.state.selected = 0;
    let query = presetQuery;
    for (const [key, value] of uiValues(this.state.query)) query = withParam(query, key, value);
    this.apply(query, false);
  }

  /** Change one page setting (a key of page-state.js SETTINGS) through the URL. */
  setSetting(key, value) {
    this.apply(withParam(this.state.query, key, settingParam(key, value)), true);
  }

  reset() {
    for (const r of this.runs) r.run.reset(this.state.settings.speed);
    this.refresh();
  }

  onRunChange(run, event) {
    const index = this.runs.findIndex((entry) => entry.run === run);
    if (index < 0) return;
    if (event === MSG.READY && index === this.state.selected) {
      $('card-boundary').hidden = run.points === null; // not a 2-D data set
    }
    if (event === MSG.STATS && index === 0) {
      Object.assign(exposed, { stats: run.latest, history: run.history, stepsPerSecond: run.stepsPerSecond });
      exposed.ready = true;
    }
    const a = this.runs[0].run;
    exposed.error = a.error || this.runs.map((e) => e.run.error).find(Boolean) || null;
    exposed.diverged = a.diverged;
    lockstep(
      this.runs.map((r) => r.run),
      this.state.settings.speed,
    );
    this.refresh();
  }

  /** Buttons, status line, banner and charts after anything changed. */
  refresh() {
    this.transport.update();
    showBanner($('banner'), this.runs, PLAYGROUND_BANNER);
    this.setCharts();
  }

  setCharts() {
    const chosen = this.runs[this.state.selected];
    for (const spec of RUN_CHARTS) {
      feedChart(this.charts[spec.id], spec, this.runs, chosen, this.state.settings.metric);
    }
    const note = this.runs.length > 1 ? TEXT.selectedOnly(chosen.label) : '';
    $('note-histograms').textContent = note;
    $('note-boundary').textContent = note;
  }
}

async function copyLink() {
  const note = $('copy-note');
  const url = window.location.href;
  try {
    await navigator.clipboard.writeText(url);
    note.textContent = TEXT.linkCopied;
  } catch {
    note.textContent = TEXT.copyThisLink(url);
  }
}

async function main() {
  if (redirectToEmbed()) return;
  const { lang, t } = await setUpLanguage();
  useTranslator(t);
  translatePage(document, t);
  linkLanguageSwitch(lang);
  for (const link of ['story-link', 'papers-link']) if ($(link)) keepLanguage($(link), lang);
  setUpColorScheme(document.querySelector('header.top'));
  const { module, build } = await loadModule();
  Object.assign(exposed, { wasmBuild: build, kernel: kernelName() });
  const page = new Playground(module);
  if (!(await page.upload.restore())) page.apply(locationQuery(), false);
  if (mayStartByItself(page.state.settings.autoplay)) page.transport.play();
  startDrawing(
    () => [...Object.values(page.charts), ...page.seeds.charts()],
    () => page.runs,
    (at, drawMs) => {
      exposed.frames.push({ at, drawMs });
      if (exposed.frames.length > 600) exposed.frames.splice(0, 300);
    },
  );
  describeCharts(() => [...Object.values(page.charts), ...page.seeds.charts()], t);
}

startPage(main, exposed);
