// One chapter of the story: the claim, a prediction, the live figure, and the sentences
// whose numbers come from the run (and, where one seed is not enough, from a run over seeds).

import { StoryFigure } from './figure.js';
import { SeedRunner } from './seeds.js';
import { claimValue, seedsClaimValue, claimKind, within } from './measures.js';
import { formatNumber } from './format.js';
import { embedUrl, embedSnippet, playgroundUrl } from '../share.js';
import { withParam } from '../experiment-url.js';
import { mayStartByItself } from '../preferences.js';
import { withLanguage } from '../i18n.js';

/** A new element with a class and optional text. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Put `text` in `node`, writing each power of ten "10^−11.9" as 10 with a superscript. */
function setRich(node, text) {
  const parts = text.split(/10\^([−-]?\d+(?:[.,]\d+)?)/);
  node.replaceChildren();
  parts.forEach((part, i) => {
    if (i % 2 === 0) node.append(part);
    else node.append('10', el('sup', '', part));
  });
}

export class Chapter {
  /**
   * @param chapter a row of chapters.json; @param number its place (1-based)
   * @param context {module, lang, t, seeds (default count), configs, descriptions, report}
   */
  constructor(chapter, number, context) {
    Object.assign(this, context);
    this.chapter = chapter;
    this.key = (part) => `story.${chapter.id}.${part}`;
    this.prediction = null;
    this.values = {}; // claim id → number, as they become known
    this.node = el('section', 'chapter');
    this.node.id = chapter.id;
    this.node.append(
      el('p', 'chapter-number', this.t('story.chapter_number', { n: number })),
      el('h2', '', this.t(this.key('title'))),
      this.claimBlock(),
      el('p', 'setup', this.t(this.key('setup'))),
    );
    if (chapter.predict) this.node.append(this.predictBlock());
    this.node.append(this.figureBlock(), this.resultBlock());
    if (chapter.claims.some((c) => c.over_seeds)) this.node.append(this.seedsBlock());
    if (chapter.lab) this.node.append(this.labLink(chapter.lab));
  }

  /** A link to the playground's signal-propagation lab (`#lab`) with `query`, in this language. */
  labLink(query) {
    const link = el('a', '', this.t('story.lab_link'));
    link.href = withLanguage(`./?${query}#lab`, this.lang);
    const line = el('p', 'lab-link');
    line.append(link);
    return line;
  }

  claimBlock() {
    const block = el('blockquote', 'claim');
    block.append(
      el('strong', '', `${this.t('story.claim_label')} `),
      document.createTextNode(this.t(this.key('claim'))),
    );
    return block;
  }

  predictBlock() {
    const box = el('fieldset', 'predict');
    const legend = el('legend', '', `${this.t('predict.prompt')}: ${this.t(this.key('question'))}`);
    box.append(legend);
    for (const option of this.chapter.predict.options) {
      const label = el('label', 'predict-option');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = `predict-${this.chapter.id}`;
      input.value = option.id;
      input.addEventListener('change', () => {
        this.prediction = option.id;
      });
      label.append(input, document.createTextNode(` ${this.t(this.key(`option.${option.id}`))}`));
      box.append(label);
    }
    return box;
  }

  figureBlock() {
    const figure = el('figure', 'story-figure');
    const bar = el('div', 'embed-bar');
    this.button = el('button', 'primary', this.t('figure.run'));
    this.button.type = 'button';
    this.statusLine = el('p', 'status');
    this.statusLine.setAttribute('role', 'status');
    const query = withParam(this.chapter.query, 'lang', this.lang);
    const open = el('a', 'open-full', this.t('figure.open'));
    open.href = playgroundUrl(query, window.location.href);
    open.target = '_blank';
    open.rel = 'noopener';
    const embed = el('button', 'embed-button', this.t('figure.embed'));
    embed.type = 'button';
    this.snippet = el('textarea', 'embed-snippet');
    this.snippet.readOnly = true;
    this.snippet.hidden = true;
    this.snippet.value = embedSnippet(embedUrl(query, window.location.href, this.chapter.view.join(',')), {
      title: this.t('play.oembed'),
    });
    embed.addEventListener('click', () => this.copyEmbed(embed));
    bar.append(this.button, this.statusLine, open, embed);
    const configs = el('p', 'embed-configs', this.describe());
    const charts = el('div', 'embed-charts');
    figure.append(bar, configs, charts, this.snippet);
    this.figure = new StoryFigure(figure, {
      module: this.module,
      configs: this.configs,
      descriptions: this.descriptions,
      view: this.chapter.view,
      steps: this.chapter.steps,
      armed: mayStartByItself(!this.chapter.predict),
      t: this.t,
      onFinish: (runs) => this.finished(runs),
      onStatus: (text, state) => this.showStatus(text, state),
    });
    this.button.addEventListener('click', () => {
      if (this.figure.finished || !this.figure.armed) this.figure.arm();
      else this.figure.toggle();
    });
    return figure;
  }

  describe() {
    if (this.configs.length === 1) return this.descriptions[0];
    return this.configs.map((_, i) => `${'ABCD'[i]}: ${this.descriptions[i]}`).join(' · ');
  }

  async copyEmbed(button) {
    try {
      await navigator.clipboard.writeText(this.snippet.value);
      button.textContent = this.t('figure.embed_copied');
    } catch {
      this.snippet.hidden = false;
      this.snippet.select();
      button.textContent = this.t('figure.embed_failed');
    }
  }

  showStatus(text, { playing, paused, finished }) {
    this.statusLine.textContent = text;
    let label = 'figure.run';
    if (finished) label = 'figure.reset';
    else if (playing) label = 'figure.pause';
    else if (paused) label = 'figure.resume';
    this.button.textContent = this.t(label);
    this.report(this.chapter.id, { status: text, finished });
  }

  resultBlock() {
    const block = el('div', 'result');
    block.setAttribute('aria-live', 'polite');
    this.resultText = el('p', 'result-text', this.t('figure.result_pending'));
    this.verdict = el('p', 'verdict');
    this.warning = el('p', 'range-warning');
    this.warning.hidden = true;
    block.append(el('h3', '', this.t('story.result_label')), this.resultText, this.verdict, this.warning);
    return block;
  }

  /** The run has reached the chapter's step count: fill in the numbers. */
  finished(runs) {
    const claims = this.chapter.claims.filter((c) => !c.over_seeds);
    const args = this.fill(claims, (claim) => claimValue(claim, runs));
    setRich(this.resultText, this.t(this.key('result'), args));
    this.report(this.chapter.id, { result: this.resultText.textContent, values: { ...this.values } });
    this.judge();
  }

  /** Format each claim's value into `args` (by claim id), remembering the raw numbers. */
  fill(claims, valueOf) {
    const args = {};
    for (const claim of claims) {
      const value = valueOf(claim);
      this.values[claim.id] = value;
      args[claim.id] = formatNumber(value, claimKind(claim), this.lang, this.t);
    }
    return args;
  }

  /** Compare the prediction with the run, and flag numbers outside the text's ranges. */
  judge() {
    const predict = this.chapter.predict;
    if (predict && predict.claim in this.values) {
      const value = this.values[predict.claim];
      const actual = predict.options.find((o) => within(value, o.range));
      const name = (option) => this.t(this.key(`option.${option.id}`));
      const actualName = actual ? name(actual) : '—';
      const chosen = predict.options.find((o) => o.id === this.prediction);
      if (!chosen) this.verdict.textContent = this.t('predict.skipped', { actual: actualName });
      else if (chosen === actual) this.verdict.textContent = this.t('predict.right', { choice: name(chosen) });
      else this.verdict.textContent = this.t('predict.wrong', { choice: name(chosen), actual: actualName });
    }
    const outside = this.chapter.claims.filter((c) => c.id in this.values && !within(this.values[c.id], c.range));
    this.warning.hidden = outside.length === 0;
    this.warning.textContent = this.t('story.out_of_range', { names: outside.map((c) => c.id).join(', ') });
  }

  seedsBlock() {
    const n = this.chapter.seeds || this.seeds;
    const block = el('div', 'seeds');
    const button = el('button', '', this.t('seeds.run', { n }));
    button.type = 'button';
    const progress = el('progress');
    progress.hidden = true;
    const line = el('p', 'seeds-status');
    const text = el('p', 'seeds-text');
    block.append(el('h3', '', this.t('story.seeds_label')), button, progress, line, text);
    button.addEventListener('click', () => this.runSeeds({ n, button, progress, line, text }));
    return block;
  }

  async runSeeds({ n, button, progress, line, text }) {
    if (this.seedRunner) {
      this.seedRunner.cancel();
      return;
    }
    const runner = new SeedRunner(this.module, this.configs, this.chapter.steps, n, (done, total) => {
      progress.value = done;
      progress.max = total;
      line.textContent = this.t('seeds.progress', { done, total });
    });
    this.seedRunner = runner;
    button.textContent = this.t('seeds.cancel');
    progress.hidden = false;
    try {
      const bySeed = await runner.run();
      const claims = this.chapter.claims.filter((c) => c.over_seeds);
      const args = this.fill(claims, (claim) => seedsClaimValue(claim, bySeed));
      setRich(text, this.t(this.key('seeds'), { ...args, n }));
      this.report(this.chapter.id, { seeds: text.textContent, values: { ...this.values } });
      this.judge();
    } catch (err) {
      line.textContent = runner.cancelled
        ? this.t('seeds.cancelled', { done: progress.value, total: progress.max })
        : this.t('seeds.failed', { message: err.message });
    } finally {
      this.seedRunner = null;
      button.textContent = this.t('seeds.run', { n });
    }
  }

  /** Draw the figure's charts (called once per animation frame). */
  frame() {
    this.figure.frame();
  }
}
