// The look every chart shares: margins, font, and the colours of text, grid, axes and the
// paper behind them, in a light and a dark variant. The colours are live bindings: after
// useDarkTheme() every importer reads the new values, and the charts that asked to hear of
// it (onThemeChange) redraw.

/** Space around the plot area, in CSS pixels. */
export const MARGIN = { left: 62, right: 14, top: 10, bottom: 34 };

/** The font of every label, tick and legend. */
export const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * The two variants. `paper` matches the CSS `--card` of style.css (the canvas paints it,
 * so a chart exported as PNG keeps its background); `viridis` is the slice of viridis the
 * layer lines use: its bright top is cut on white, its dark purple bottom on black; `tint`
 * scales how strongly the decision boundary colours its regions (strong colour on dark paper
 * would hide the training points drawn on top).
 */
const THEMES = {
  light: {
    ink: '#1d2433',
    muted: '#5b6475',
    grid: '#e3e7ee',
    axis: '#9aa3b2',
    paper: '#ffffff',
    viridis: [0, 0.88],
    tint: 1,
  },
  dark: {
    ink: '#e3e7ee',
    muted: '#a4adbd',
    grid: '#323a4a',
    axis: '#6d778a',
    paper: '#1a1f29',
    viridis: [0.2, 1],
    tint: 0.5,
  },
};

export let INK = THEMES.light.ink;
export let MUTED = THEMES.light.muted;
export let GRID = THEMES.light.grid;
export let AXIS = THEMES.light.axis;
export let PAPER = THEMES.light.paper;
export let VIRIDIS_RANGE = THEMES.light.viridis;
export let TINT = THEMES.light.tint;
export let DARK = false;

const listeners = new Set();

/** Call `fn` whenever the theme changes. */
export function onThemeChange(fn) {
  listeners.add(fn);
}

/** Switch every chart colour to the dark (true) or light (false) variant. */
export function useDarkTheme(dark) {
  if (dark === DARK) return;
  const theme = dark ? THEMES.dark : THEMES.light;
  DARK = dark;
  ({ ink: INK, muted: MUTED, grid: GRID, axis: AXIS, paper: PAPER, viridis: VIRIDIS_RANGE, tint: TINT } = theme);
  for (const fn of listeners) fn();
}
