// What a page is showing, read from the URL: the configurations (canonical single queries,
// A first), which one the controls edit, the parse warnings, and the page settings.
//
// The page settings come from one declarative table, SETTINGS: for each UI key (the
// engine's `UI_KEYS`), how its canonical value reads and what it is when absent. The
// playground and the embed page both read the URL through it, so they agree on every key.

import { sharedNames } from './names.js';
import { DEFAULT_SPEED } from './protocol.js';

/** A positive speed rounded to whole steps per frame; 0, absent or bad: the default. */
function readSpeed(raw) {
  const wanted = Number(raw);
  return Number.isFinite(wanted) && wanted > 0 ? Math.max(1, Math.round(wanted)) : DEFAULT_SPEED;
}

/**
 * The page settings: `read(raw)` turns the canonical value from `parseExperiment(...).ui`
 * (a string, or undefined when the URL omits the key) into what the page uses;
 * `write(value)` gives the URL value, or null when it is the default (the key is omitted).
 */
export const SETTINGS = {
  metric: {
    read: (raw) => (sharedNames().metrics.includes(raw) ? raw : sharedNames().metrics[0]),
    write: (value) => (value === sharedNames().metrics[0] ? null : value),
  },
  speed: {
    read: readSpeed,
    write: (value) => (value === DEFAULT_SPEED ? null : String(value)),
  },
  view: {
    read: (raw) => (raw || sharedNames().defaultView).split(','),
    write: (value) => (value.join(',') === sharedNames().defaultView ? null : value.join(',')),
  },
  autoplay: {
    read: (raw) => raw === '1',
    write: (value) => (value ? '1' : null),
  },
  // Seeds mode: how many seeds, or null when the mode was never used (the key is omitted).
  seeds: {
    read: (raw) => (raw === undefined ? null : Number(raw)),
    write: (value) => (value ? String(value) : null),
  },
};

/** Every setting of SETTINGS read from the `ui` object of `parseExperiment`. */
export function readSettings(ui) {
  return Object.fromEntries(Object.entries(SETTINGS).map(([key, spec]) => [key, spec.read(ui[key])]));
}

/** The URL value of setting `key` at `value` (null: the default, left out of the URL). */
export function settingParam(key, value) {
  return SETTINGS[key].write(value);
}

/** The playground's state: one parsed experiment plus the configuration being edited. */
export class PageState {
  constructor() {
    this.query = ''; // canonical query of the whole experiment
    this.configs = []; // canonical single query of each configuration, A first
    this.selected = 0; // which configuration the controls edit
    this.warnings = [];
    this.settings = readSettings({});
  }

  /**
   * Take a parsed experiment (`parseExperiment`'s `{query, warnings, configs, ui}`).
   * Returns whether the configurations changed (the runs must then restart together).
   */
  take(parsed) {
    const changed =
      parsed.configs.length !== this.configs.length || parsed.configs.some((q, i) => q !== this.configs[i]);
    this.query = parsed.query;
    this.warnings = parsed.warnings;
    this.configs = parsed.configs;
    this.settings = readSettings(parsed.ui);
    this.selected = Math.min(this.selected, this.configs.length - 1);
    return changed;
  }

  /** Whether one more configuration fits (A–D). */
  canAdd() {
    return this.configs.length < sharedNames().letters.length;
  }

  /** The letter of configuration `index` (the selected one by default). */
  letter(index = this.selected) {
    return sharedNames().letters[index];
  }
}
