// The embed page: the charts named by `view` for the experiment in the URL, with Play and
// Reset, for an <iframe> in a blog post. It shares the playground's runs (run.js), charts
// (views/charts.js), URL reading (page-state.js) and notices (views/notices.js); what it
// adds is the iframe behaviour:
//   - it tells the parent its height ({type: 'gradfall:height', height}) whenever it changes;
//   - it pauses training while scrolled off screen (or in a hidden tab) and resumes after;
//   - "Open in Gradfall" opens the same experiment in the full playground;
//   - a reader's small CSV in the link's fragment (`#data=`, data-link.js) is trained on, as
//     the playground does.

import { parseExperiment, keys, kernelName } from './pkg/gradfall_wasm.js';
import { loadModule } from './wasm.js';
import { sharedNames } from './names.js';
import { Run, lockstep } from './run.js';
import { MSG } from './protocol.js';
import { readSettings } from './page-state.js';
import { describeConfigs, locationQuery } from './experiment-url.js';
import { HEIGHT_MESSAGE, playgroundUrl } from './share.js';
import { CATEGORICAL } from './charts/palette.js';
import { CHARTS, chartText, feedChart, startDrawing } from './views/charts.js';
import { describeCharts } from './views/chart-text.js';
import { showWarnings, showBanner, statusLine, startPage, EMBED_BANNER } from './views/notices.js';
import { TEXT, useTranslator, translate } from './text.js';
import { setUpLanguage, translatePage } from './i18n.js';
import { mayStartByItself, setUpColorScheme } from './preferences.js';
import { hashData, decodeData } from './data-link.js';
import { useLinkedData, withCsvData } from './data-upload.js';
import { seedsCard } from './seeds/embed-card.js';

const $ = (id) => document.getElementById(id);

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
  kernel: null, // the engine's matrix kernel in this build, e.g. "simd128 4x8"
  dataRows: null, // rows of the CSV the link's #data= carries, when it is trained on
  error: null,
};
window.gradfall = exposed;

/**
 * A card with a heading and a chart host, appended to #charts; returns {chart, spec}. The
 * Seeds panel (`seeds`) is built by `panel(card)`, which returns its SeedsPanel.
 */
function makeChart(name, several, wide, panel) {
  const spec = CHARTS[name];
  const card = document.createElement('section');
  card.className = `embed-card${spec.card ? ` ${spec.card}` : ''}${wide ? ' wide' : ''}`;
  const heading = document.createElement('h2');
  const title = chartText(name, 'title');
  heading.textContent = several && !spec.overlay ? `${title} (A)` : title;
  if (spec.panel) {
    card.append(heading);
    $('charts').append(card);
    const seeds = panel(card);
    return { chart: seeds.profile, spec, panel: seeds };
  }
  const host = document.createElement('div');
  host.className = `chart${spec.host ? ` ${spec.host}` : ''}`;
  host.id = `chart-${name}`;
  host.dataset.label = chartText(name, 'label');
  card.append(heading, host);
  $('charts').append(card);
  return { chart: new spec.Chart(host), spec };
}

/** The charts of `view`; two share a row on wide screens, an odd one out takes the row. */
function makeCharts(view, several, panel) {
  const halves = view.filter((name) => !CHARTS[name].card);
  const last = halves.length % 2 === 1 ? halves[halves.length - 1] : null;
  return view.map((name) => makeChart(name, several, name === last, panel));
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

class EmbedPage {
  constructor(module, experiment) {
    const { metric, speed, view, autoplay, seeds } = readSettings(experiment.ui);
    Object.assign(this, { metric, speed, offscreen: false, hidden: document.hidden });
    const several = experiment.configs.length > 1;
    const defaults = new Map(keys().map((k) => [k.name, k.default]));
    const descriptions = describeConfigs(experiment.query, experiment.configs.length, defaults, translate);
    this.runs = experiment.configs.map((query, i) => ({
      run: new Run(module, (run, event) => this.onRunChange(run, event)),
      label: several ? sharedNames().letters[i] : '',
      colour: CATEGORICAL[i % CATEGORICAL.length],
      description: several ? descriptions[i] : '',
      query,
    }));
    $('configs').textContent = several
      ? this.runs.map((r, i) => `${r.label}: ${descriptions[i]}`).join(' · ')
      : descriptions[0];
    const shown = view.filter((v) => CHARTS[v]);
    const panel = (card) =>
      seedsCard(card, { query: experiment.query, seeds, metric, max: sharedNames().maxPageSeeds, exposed });
    this.charts = makeCharts(shown, several, panel);
    for (const { chart } of this.charts) if (chart && 'onPick' in chart) chart.onPick = (values) => this.pick(values);
    const charts = Object.fromEntries(shown.map((name, i) => [name, this.charts[i].chart]));
    Object.assign(exposed, { view: shown, charts, playing: mayStartByItself(autoplay) });
    // The Seeds mode starts by itself with autoplay, as training does.
    const seedsPanel = this.charts.find((c) => c.panel);
    if (seedsPanel && exposed.playing) seedsPanel.panel.start();
    for (const r of this.runs) r.run.start(r.query, speed);
  }

  /** Play/Pause, Reset, and pausing while out of view or in a background tab. */
  listen() {
    $('play').addEventListener('click', () => {
      exposed.playing = !exposed.playing;
      this.sync();
    });
    $('reset').addEventListener('click', () => {
      for (const { run } of this.runs) run.reset(this.speed);
      exposed.playing = false;
      this.sync();
      this.setCharts();
    });
    // Off screen: the implicit root is the top-level viewport, also for a cross-origin iframe.
    new IntersectionObserver((entries) => {
      this.offscreen = !entries[entries.length - 1].isIntersecting;
      this.sync();
    }).observe(document.body);
    document.addEventListener('visibilitychange', () => {
      this.hidden = document.hidden;
      this.sync();
    });
  }

  onRunChange(run, event) {
    const a = this.runs[0].run;
    if (run === a && event === MSG.STATS) {
      exposed.stats = a.latest;
      exposed.ready = true;
    }
    // Every run stopped for good (diverged or failed): nothing left to play.
    if (this.runs.every((r) => r.run.error || r.run.diverged !== null)) exposed.playing = false;
    const broken = this.runs.find((r) => r.run.error);
    exposed.error = broken ? broken.run.error : null;
    lockstep(
      this.runs.map((r) => r.run),
      this.speed,
    );
    this.sync();
    this.setCharts();
  }

  /** A click on the phase diagram: A's `gain` and `bstd` change here only (the URL and the
   * post's experiment stay); A restarts at step 0. */
  pick(values) {
    const a = this.runs[0];
    const params = new URLSearchParams(a.query);
    for (const [key, value] of Object.entries(values)) params.set(key, String(value));
    a.query = parseExperiment(params.toString()).configs[0];
    exposed.configs = this.runs.map((r) => r.query);
    a.run.start(a.query, this.speed);
    exposed.playing = false;
    this.sync();
    this.setCharts();
  }

  setCharts() {
    for (const { chart, spec } of this.charts) feedChart(chart, spec, this.runs, this.runs[0], this.metric);
  }

  /** Make the workers follow the reader's intent and the visibility. */
  sync() {
    const paused = this.offscreen || this.hidden;
    const go = exposed.playing && !paused;
    for (const { run } of this.runs) {
      if (go && !run.playing && run.latest && run.diverged === null && !run.error) run.play();
      else if (!go && run.playing) run.pause();
    }
    exposed.offscreen = exposed.playing && paused;
    this.updateBar();
  }

  updateBar() {
    const play = $('play');
    const runs = this.runs;
    play.textContent = exposed.playing ? TEXT.pause : TEXT.play;
    play.setAttribute('aria-pressed', String(exposed.playing));
    const startable = runs.some((r) => r.run.latest && r.run.diverged === null && !r.run.error);
    play.disabled = !startable && !exposed.playing;
    $('reset').disabled = !runs.some((r) => r.run.worker);
    const a = runs[0].run;
    // Configuration A speaks for the page ("A: " once it has a step, when there are several).
    let text = statusLine(a, runs.length > 1 && a.latest ? runs[0].label : '');
    if (exposed.offscreen) text += TEXT.pausedOffscreen;
    else if (runs.some((r) => r.run.playing) && a.stepsPerSecond) text += TEXT.rate(a.stepsPerSecond);
    $('status').textContent = text;
    showBanner($('banner'), runs, EMBED_BANNER);
  }
}

/**
 * The link's own data (`#data=`), handed to the runs; returns the query to train (every
 * configuration on `data=csv`) and a message when the data cannot be used (then the query
 * stays as it is).
 */
async function linkedData(query, t) {
  const text = hashData(window.location.hash);
  if (text === null) return { query, problem: null };
  let bytes;
  try {
    bytes = await decodeData(text);
  } catch {
    return { query, problem: t('embed.data_damaged') };
  }
  try {
    exposed.dataRows = useLinkedData(bytes).rows;
  } catch (err) {
    return { query, problem: t('embed.data_bad', { error: err.message }) };
  }
  return { query: withCsvData(query), problem: null };
}

async function main() {
  const { t } = await setUpLanguage();
  useTranslator(t);
  translatePage(document, t);
  setUpColorScheme(document.querySelector('.embed-bar'), $('open-full'));
  const { module, build } = await loadModule();
  Object.assign(exposed, { wasmBuild: build, kernel: kernelName() });
  const linked = await linkedData(locationQuery(), t);
  const experiment = parseExperiment(linked.query);
  Object.assign(exposed, { query: experiment.query, warnings: experiment.warnings, configs: experiment.configs });
  $('open-full').href = playgroundUrl(experiment.query, window.location.href) + window.location.hash;
  const warnings = experiment.messages.map(TEXT.warning);
  showWarnings($('warnings'), linked.problem ? [...warnings, linked.problem] : warnings);
  const page = new EmbedPage(module, experiment);
  page.listen();
  watchHeight();
  startDrawing(
    () => page.charts.map((c) => c.chart),
    () => page.runs,
  );
  // The Seeds card's charts, both of them, are described as the others are.
  describeCharts(() => page.charts.flatMap((c) => (c.panel ? c.panel.charts() : [c.chart])), t);
}

startPage(main, exposed);
