// <gradfall-figure>: a live Gradfall experiment as an element of someone else's page.
//
//   <script type="module" src="https://example.org/gradfall/gradfall-figure.js"></script>
//   <gradfall-figure query="act=sigmoid&depth=20&b.act=relu&b.init=he" view="depth,loss"
//                    autoplay lang="en"></gradfall-figure>
//
// It draws in a shadow root (the host page's styles and its own stay apart), with the
// playground's runs (run.js), charts (views/charts.js) and wording (text.js, the message
// catalogues). It starts when it first scrolls into view, pauses while off screen, and every
// figure of a page shares one compiled wasm module. Its workers start from blob: loaders
// (worker-start.js), since this script's origin is not the host page's. Attributes:
//   query     the experiment (the URL language, compare mode included)
//   view      the charts, e.g. "depth,loss" (default: the query's `view`, else the embed's)
//   autoplay  train as soon as it is on screen (not when the reader asks for reduced motion)
//   lang      the language of its words (default: the host page's <html lang>, else the
//             browser's)

import { loadModule } from './wasm.js';
import { parseExperiment, keys } from './pkg/gradfall_wasm.js';
import { sharedNames } from './names.js';
import { Run, lockstep } from './run.js';
import { readSettings } from './page-state.js';
import { describeConfigs } from './experiment-url.js';
import { playgroundUrl } from './share.js';
import { CATEGORICAL } from './charts/palette.js';
import { useDarkTheme } from './charts/theme.js';
import { CHARTS, chartText, feedChart } from './views/charts.js';
import { describeCharts } from './views/chart-text.js';
import { statusLine } from './views/notices.js';
import { TEXT, useTranslator } from './text.js';
import { pickLanguage, loadCatalogue, translator } from './i18n.js';
import { mayStartByItself } from './preferences.js';

const STYLE = new URL('./figure.css', import.meta.url).href;
const PLAYGROUND = new URL('./', import.meta.url).href;
const SYSTEM_DARK = '(prefers-color-scheme: dark)';

/** One compiled module for every figure of the page (and one catalogue per language). */
let engine = null;
const catalogues = new Map();

function loadEngine() {
  if (!engine) {
    engine = loadModule();
    // The charts' colours follow the reader's system scheme, for every figure at once.
    const dark = window.matchMedia(SYSTEM_DARK);
    useDarkTheme(dark.matches);
    dark.addEventListener('change', () => useDarkTheme(dark.matches));
  }
  return engine;
}

async function translatorFor(lang) {
  if (!catalogues.has(lang)) catalogues.set(lang, loadCatalogue(lang).then(translator));
  return catalogues.get(lang);
}

/** The figure's language: its `lang`, the nearest `lang` around it, else the browser's. */
function languageOf(element) {
  const around = element.closest('[lang]');
  const asked = [element.getAttribute('lang'), around && around.getAttribute('lang')].filter(Boolean);
  return pickLanguage('', [...asked, ...(navigator.languages || [navigator.language])]);
}

/** The shadow root's skeleton; every text goes in later through textContent. */
function skeleton(root) {
  root.innerHTML = `<link rel="stylesheet" href="${STYLE}">
<div class="figure" role="group">
  <div class="bar">
    <button type="button" class="primary play" aria-pressed="false" disabled></button>
    <button type="button" class="reset" disabled></button>
    <p class="status" role="status" aria-live="polite"></p>
    <a class="open" target="_blank" rel="noopener"></a>
  </div>
  <p class="configs"></p>
  <p class="error" role="alert" hidden></p>
  <div class="charts"></div>
</div>`;
  const $ = (selector) => root.querySelector(selector);
  return {
    figure: $('.figure'),
    play: $('.play'),
    reset: $('.reset'),
    status: $('.status'),
    open: $('.open'),
    configs: $('.configs'),
    error: $('.error'),
    charts: $('.charts'),
  };
}

/** A card per chart of `view` (an odd one out of the half-width ones takes the row). */
function makeCharts(host, view, several) {
  const halves = view.filter((name) => !CHARTS[name].card);
  const last = halves.length % 2 === 1 ? halves[halves.length - 1] : null;
  return view.map((name) => {
    const spec = CHARTS[name];
    const card = document.createElement('section');
    card.className = `card${spec.card ? ` ${spec.card}` : ''}${name === last ? ' wide' : ''}`;
    const heading = document.createElement('h3');
    const title = chartText(name, 'title');
    heading.textContent = several && !spec.overlay ? `${title} (A)` : title;
    const chartHost = document.createElement('div');
    chartHost.className = `chart${spec.host ? ` ${spec.host}` : ''}`;
    chartHost.dataset.label = chartText(name, 'label');
    card.append(heading, chartHost);
    host.append(card);
    return { chart: new spec.Chart(chartHost), spec, name };
  });
}

export class GradfallFigure extends HTMLElement {
  constructor() {
    super();
    this.ui = skeleton(this.attachShadow({ mode: 'open' }));
    this.runs = [];
    this.charts = [];
    this.t = (id) => id;
    /** What tests (and the curious) may read. */
    this.state = { started: false, ready: false, step: null, playing: false, offscreen: true, error: null };
  }

  connectedCallback() {
    if (this.observer) return;
    // The words are small: fetched at once, so the figure says it waits for the reader.
    translatorFor(languageOf(this)).then(
      (t) => {
        if (!this.state.started) this.ui.status.textContent = t('figure.waiting');
      },
      () => {},
    );
    this.observer = new IntersectionObserver((entries) => {
      this.state.offscreen = !entries[entries.length - 1].isIntersecting;
      if (!this.state.offscreen && !this.state.started) this.start();
      else this.sync();
    });
    this.observer.observe(this);
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    this.observer = null;
    for (const { run } of this.runs) run.stop();
    this.runs = [];
    this.state.started = false;
  }

  /** Load the engine (once per page) and the words, then build the runs and charts. */
  async start() {
    this.state.started = true;
    try {
      const [{ module }, t] = await Promise.all([loadEngine(), translatorFor(languageOf(this))]);
      this.t = t;
      this.speak();
      this.build(module);
      this.listen();
      this.draw();
    } catch (err) {
      this.fail(err);
    }
  }

  /** Make the shared sentences (text.js) this figure's language while it writes. */
  speak() {
    useTranslator(this.t);
  }

  build(module) {
    const experiment = parseExperiment(this.getAttribute('query') || '');
    const settings = readSettings(experiment.ui);
    const asked = this.getAttribute('view');
    // The Seeds panel (`seeds`) is the embed page's and the playground's, not the element's.
    const view = (asked ? asked.split(',').map((v) => v.trim()) : settings.view).filter((v) => CHARTS[v]?.Chart);
    const several = experiment.configs.length > 1;
    const defaults = new Map(keys().map((k) => [k.name, k.default]));
    const descriptions = describeConfigs(experiment.query, experiment.configs.length, defaults, this.t);
    this.speed = settings.speed;
    this.metric = settings.metric;
    this.runs = experiment.configs.map((query, i) => ({
      run: new Run(module, (run, event) => this.onRunChange(run, event)),
      label: several ? sharedNames().letters[i] : '',
      colour: CATEGORICAL[i % CATEGORICAL.length],
      description: several ? descriptions[i] : '',
      query,
    }));
    const summary = several ? this.runs.map((r, i) => `${r.label}: ${descriptions[i]}`).join(' · ') : descriptions[0];
    this.ui.configs.textContent = summary;
    this.ui.figure.setAttribute('aria-label', this.t('figure.label', { description: summary }));
    this.ui.open.textContent = this.t('embed.open');
    this.ui.open.href = playgroundUrl(experiment.query, PLAYGROUND);
    this.ui.reset.textContent = this.t('embed.reset');
    this.ui.reset.title = this.t('embed.reset_title');
    this.charts = makeCharts(this.ui.charts, view, several);
    describeCharts(() => this.charts.map((c) => c.chart), this.t);
    this.state.playing = mayStartByItself(this.hasAttribute('autoplay'));
    for (const r of this.runs) r.run.start(r.query, this.speed);
    this.update();
  }

  listen() {
    this.ui.play.addEventListener('click', () => {
      this.state.playing = !this.state.playing;
      this.sync();
    });
    this.ui.reset.addEventListener('click', () => {
      for (const { run } of this.runs) run.reset(this.speed);
      this.state.playing = false;
      this.sync();
      this.feed();
    });
  }

  /** Draw what changed, every animation frame, while the figure is in the page. */
  draw() {
    const frame = () => {
      if (!this.isConnected) return;
      this.speak();
      for (const { chart } of this.charts) chart.render();
      for (const { run } of this.runs) run.acknowledge();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  onRunChange(run, event) {
    if (run === this.runs[0].run && run.latest) Object.assign(this.state, { ready: true, step: run.latest.step });
    if (this.runs.every((r) => r.run.error || r.run.diverged !== null)) this.state.playing = false;
    const broken = this.runs.find((r) => r.run.error);
    this.state.error = broken ? broken.run.error : null;
    lockstep(
      this.runs.map((r) => r.run),
      this.speed,
    );
    this.sync();
    if (event) this.feed();
  }

  feed() {
    for (const { chart, spec } of this.charts) feedChart(chart, spec, this.runs, this.runs[0], this.metric);
  }

  /** Make the workers follow the reader's intent and whether the figure is on screen. */
  sync() {
    const go = this.state.playing && !this.state.offscreen && !document.hidden;
    for (const { run } of this.runs) {
      if (go && !run.playing && run.latest && run.diverged === null && !run.error) run.play();
      else if (!go && run.playing) run.pause();
    }
    this.update();
  }

  /** The bar: Play/Pause, Reset, and the status line of configuration A. */
  update() {
    if (!this.runs.length) return;
    this.speak();
    const { play, reset, status } = this.ui;
    play.textContent = this.state.playing ? TEXT.pause : TEXT.play;
    play.setAttribute('aria-pressed', String(this.state.playing));
    const startable = this.runs.some((r) => r.run.latest && r.run.diverged === null && !r.run.error);
    play.disabled = !startable && !this.state.playing;
    reset.disabled = !this.runs.some((r) => r.run.worker);
    const a = this.runs[0];
    let text = statusLine(a.run, this.runs.length > 1 && a.run.latest ? a.label : '');
    if (this.state.playing && this.state.offscreen) text += TEXT.pausedOffscreen;
    status.textContent = text;
    const broken = this.runs.find((r) => r.run.error);
    this.ui.error.hidden = !broken;
    if (broken) this.ui.error.textContent = TEXT.embedStopped(broken.label, broken.run.error);
  }

  fail(err) {
    this.state.error = String(err && err.message ? err.message : err);
    this.ui.error.textContent = this.t('figure.failed', { error: this.state.error });
    this.ui.error.hidden = false;
  }
}

if (!customElements.get('gradfall-figure')) customElements.define('gradfall-figure', GradfallFigure);
