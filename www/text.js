// Every sentence the playground's and the embed page's scripts put on screen, in one place
// (the charts keep their own axis titles and readouts; the static text is in the HTML).
// Functions take what varies: a configuration's letter, a step, a message.

/** "A: " before a run's line when several configurations are shown, else nothing. */
const who = (label) => (label ? `${label}: ` : '');

export const TEXT = {
  play: 'Play',
  pause: 'Pause',
  speedOption: (steps) => `${steps} step${steps === 1 ? '' : 's'} / frame`,

  // Status line and banners.
  building: 'building the network…',
  stepLine: (s) => `step ${s.step} · loss ${s.loss.toFixed(3)} · accuracy ${(s.accuracy * 100).toFixed(1)}%`,
  rate: (stepsPerSecond) => ` · ${Math.round(stepsPerSecond)} steps/s`,
  pausedOffscreen: ' · paused while out of view',
  labelled: (label, text) => `${who(label)}${text}`,
  stopped: (label, error) =>
    `${who(label)}The trainer stopped: ${error}. Change the configuration, or press Reset to try again.`,
  diverged: (label, step) =>
    `${who(label)}Diverged at step ${step} — lower the learning rate. The charts show the last finite step.`,
  embedStopped: (label, error) => `${who(label)}the trainer stopped: ${error}. Press Reset to try again.`,
  embedDiverged: (label, step) => `${who(label)}diverged at step ${step} — lower the learning rate.`,
  cannotStart: (error) => `The page could not start: ${error}`,

  // Configuration tabs.
  tabTitle: (label, description) => `${label}: ${description}`,
  tabTitleSingle: 'The configuration the controls edit',
  duplicate: (from, to) => `Duplicate ${from} as ${to}`,
  duplicateFull: 'Four configurations at most',
  remove: (label) => `Remove ${label}`,
  compareNote: (label, description, count) =>
    `The controls below edit ${label}${description ? ` (${description})` : ''}. ` +
    `Play, Step and Reset drive all ${count} runs together.`,
  singleNote: 'Duplicate to compare: the copy trains beside A on the same data and seed; change one thing in it.',
  selectedOnly: (label) => `configuration ${label} only (the selected tab)`,

  // Presets.
  choosePreset: 'choose a preset…',
  singlePresets: 'One network',
  comparePresets: 'Comparisons (A/B…)',
  comparePreset: (name, runs) => `${name} (${runs} runs)`,

  // Sharing and exports.
  linkCopied: 'Link copied.',
  copyThisLink: (url) => `Copy this link: ${url}`,
  shareHeading: 'Share & export',
  copyEmbed: 'Copy embed code',
  embedCodeLabel: 'Embed code: an iframe and a script that sets its height',
  embedCopied: 'Embed code copied: paste it into your page.',
  downloadStats: 'Download the statistics:',
  csvTitle: 'Every recorded step and layer as CSV',
  jsonTitle: 'Every recorded step and layer as JSON',
  sameRunCli: 'The same run from the command line:',
  copyCommand: 'Copy command',
  commandCopied: 'Command copied.',
  saved: (file) => `Saved ${file}.`,
  copyBlocked: 'Copying is blocked here: select the text and copy it.',
  downloadPng: 'Download PNG',
  pngTitle: (scale) => `Save this chart as a PNG at ${scale}× resolution`,
};
