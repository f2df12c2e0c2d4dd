// Every sentence the playground's and the embed page's scripts put on screen, in one place
// (the charts keep their own axis titles and readouts; the static text is in the HTML). The
// words come from the reader's message catalogue (i18n/<lang>.json, ids `text.*`): a page
// calls useTranslator with its translator before it shows anything. Functions take what
// varies: a configuration's letter, a step, a message.

import { warningText } from './i18n.js';

/** The page's translator (i18n.js); until a page sets it, message ids show. */
let t = (id) => id;

/** Use `translate` (from i18n.js's setUpLanguage) for every sentence below. */
export function useTranslator(translate) {
  t = translate;
}

/** The reader's message `id` with `args` (for modules with their own ids, e.g. lab/). */
export function translate(id, args) {
  return t(id, args);
}

/** The message `id`, or `fallback`'s when the catalogue has no `id` (the lab's charts name
 * their titles `chart.<name>.title`). */
function orElse(id, fallback) {
  const text = t(id);
  return text === id ? t(fallback) : text;
}

/** "A: " before a run's line when several configurations are shown, else nothing. */
const who = (label) => (label ? t('text.who', { label }) : '');

export const TEXT = {
  get play() {
    return t('text.play');
  },
  get pause() {
    return t('text.pause');
  },
  speedOption: (steps) => t(steps === 1 ? 'text.speed_one' : 'text.speed_many', { steps }),

  // Status line and banners.
  get building() {
    return t('text.building');
  },
  stepLine: (s) =>
    t('text.step_line', { step: s.step, loss: s.loss.toFixed(3), accuracy: (s.accuracy * 100).toFixed(1) }),
  rate: (stepsPerSecond) => t('text.rate', { rate: Math.round(stepsPerSecond) }),
  get pausedOffscreen() {
    return t('text.paused_offscreen');
  },
  labelled: (label, text) => `${who(label)}${text}`,
  stopped: (label, error) => t('text.stopped', { who: who(label), error }),
  diverged: (label, step) => t('text.diverged', { who: who(label), step }),
  embedStopped: (label, error) => t('text.embed_stopped', { who: who(label), error }),
  embedDiverged: (label, step) => t('text.embed_diverged', { who: who(label), step }),
  cannotStart: (error) => t('text.cannot_start', { error }),
  chartTitle: (name) => orElse(`chart.${name}`, `chart.${name}.title`),
  chartLabel: (name) => orElse(`chart.label.${name}`, `chart.${name}.label`),
  /** A configuration warning from the engine (`{id, args, config, text}`). */
  warning: (message) => warningText(t, message),

  // Configuration tabs.
  tabTitle: (label, description) => t('text.tab_title', { label, description }),
  get tabTitleSingle() {
    return t('text.tab_title_single');
  },
  duplicate: (from, to) => t('text.duplicate', { from, to }),
  get duplicateFull() {
    return t('text.duplicate_full');
  },
  remove: (label) => t('text.remove', { label }),
  compareNote: (label, description, count) =>
    t('text.compare_note', { label, description: description ? ` (${description})` : '', count }),
  get singleNote() {
    return t('text.single_note');
  },
  selectedOnly: (label) => t('text.selected_only', { label }),

  // Presets.
  get choosePreset() {
    return t('text.choose_preset');
  },
  get singlePresets() {
    return t('text.single_presets');
  },
  get comparePresets() {
    return t('text.compare_presets');
  },
  comparePreset: (name, runs) => t('text.compare_preset', { name, runs }),

  // The reader's colour scheme (preferences.js): the switch's label and its choices.
  get scheme() {
    return t('text.scheme');
  },
  schemeName: (scheme) => t(`text.scheme_${scheme}`),

  // Sharing and exports.
  get linkCopied() {
    return t('text.link_copied');
  },
  copyThisLink: (url) => t('text.copy_this_link', { url }),
  get shareHeading() {
    return t('text.share_heading');
  },
  get copyEmbed() {
    return t('text.copy_embed');
  },
  get embedCodeLabel() {
    return t('text.embed_code_label');
  },
  get embedCopied() {
    return t('text.embed_copied');
  },
  get downloadStats() {
    return t('text.download_stats');
  },
  get csvTitle() {
    return t('text.csv_title');
  },
  get jsonTitle() {
    return t('text.json_title');
  },
  get sameRunCli() {
    return t('text.same_run_cli');
  },
  get copyCommand() {
    return t('text.copy_command');
  },
  get commandCopied() {
    return t('text.command_copied');
  },
  saved: (file) => t('text.saved', { file }),
  get copyBlocked() {
    return t('text.copy_blocked');
  },
  get downloadPng() {
    return t('text.download_png');
  },
  pngTitle: (scale) => t('text.png_title', { scale }),

  // Seeds mode (seeds/panel.js).
  seedsProgress: (done, total, workers) => t('text.seeds_progress', { done, total, workers }),
  get seedsCancelled() {
    return t('text.seeds_cancelled');
  },
  seedsFailed: (message) => t('text.seeds_failed', { message }),
  seedsReached: (label, reached, runs, target, median) =>
    t('text.seeds_reached', {
      label,
      reached,
      runs,
      target: Math.round(target * 100),
      median: median === null ? '—' : `${(median * 100).toFixed(1)} %`,
    }),
  get seedsChartLabel() {
    return t('text.seeds_chart_label');
  },

  // The depth profile over seeds (charts/seeds-profile.js).
  get seedsProfileLabel() {
    return t('seeds.profile_label');
  },
  get seedsProfileEmpty() {
    return t('seeds.profile_empty');
  },
  get seedsProfileNone() {
    return t('seeds.profile_none');
  },
  seedsProfileEnd: (steps) => t('seeds.profile_end', { steps }),
  get seedsProfileStart() {
    return t('seeds.profile_start');
  },
  get seedsProfileLayers() {
    return t('seeds.profile_layers');
  },
  seedsProfileOut: (layer) => t('seeds.profile_out', { layer }),
  seedsProfileAxis: (metric) => t('seeds.profile_axis', { metric }),
  seedsProfileLayer: (layer, output) => t(output ? 'seeds.profile_layer_out' : 'seeds.profile_layer', { layer }),
  seedsProfileReadout: (label, median, q1, q3, start) => t('seeds.profile_readout', { label, median, q1, q3, start }),
  seedsEmbedIdle: (n) => t('seeds.embed_idle', { n }),

  // Dead units over time (charts/dead-time.js).
  get deadTimeEmpty() {
    return t('chart.deadtime.empty');
  },
  get deadTimeAxis() {
    return t('chart.deadtime.axis');
  },
  deadTimeStep: (every) => t('chart.deadtime.step', { every }),
  deadTimeLayer: (layer) => t('chart.deadtime.layer', { layer }),
  get deadTimeRevived() {
    return t('chart.deadtime.revived');
  },
  deadTimeReadoutStep: (step, revived) => t('chart.deadtime.readout_step', { step, revived }),
  deadTimeReadoutLayer: (layer, percent, revived) => t('chart.deadtime.readout_layer', { layer, percent, revived }),

  /** A message by id (chart titles and labels given as ids in views/charts.js). */
  message: (id) => t(id),
};
