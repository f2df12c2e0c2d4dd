// The reader's own preferences, which belong to the browser and not to the experiment (so
// they never enter the URL): the colour scheme — auto (the system's), light or dark,
// remembered in localStorage — and reduced motion, which stops a page from starting to
// train by itself.

import { useDarkTheme } from './charts/theme.js';
import { TEXT } from './text.js';

/** The localStorage key of the chosen scheme: scheme.js's, which applied it before the first
 * paint (a page without it keeps no choice). */
const storageKey = () => document.documentElement.dataset.schemeKey;
const SCHEMES = ['auto', 'light', 'dark'];
const SYSTEM_DARK = '(prefers-color-scheme: dark)';
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * Whether a page may start training without a press: `requested` by the page (the URL's
 * `autoplay=1`, a story chapter that asks no prediction), unless the reader asked the
 * system for reduced motion. The one place that decides it.
 */
export function mayStartByItself(requested) {
  return Boolean(requested) && !window.matchMedia(REDUCED_MOTION).matches;
}

/** The stored scheme; 'auto' when none, or when storage is refused (a sandboxed iframe). */
function storedScheme() {
  try {
    const value = storageKey() && window.localStorage.getItem(storageKey());
    return SCHEMES.includes(value) ? value : 'auto';
  } catch {
    return 'auto';
  }
}

function storeScheme(scheme) {
  if (!storageKey()) return;
  try {
    if (scheme === 'auto') window.localStorage.removeItem(storageKey());
    else window.localStorage.setItem(storageKey(), scheme);
  } catch {
    // Storage refused: the choice holds for this page only.
  }
}

/** Show `scheme`: the CSS reads <html data-scheme>, the charts their theme. */
function applyScheme(scheme) {
  const root = document.documentElement;
  if (scheme === 'auto') delete root.dataset.scheme;
  else root.dataset.scheme = scheme;
  useDarkTheme(scheme === 'dark' || (scheme === 'auto' && window.matchMedia(SYSTEM_DARK).matches));
}

/** The switch: a labelled select of auto / light / dark. */
function schemeSwitch(current, onChange) {
  const label = document.createElement('label');
  label.className = 'scheme-switch';
  const text = document.createElement('span');
  text.textContent = TEXT.scheme;
  const select = document.createElement('select');
  select.id = 'color-scheme';
  for (const scheme of SCHEMES) select.add(new Option(TEXT.schemeName(scheme), scheme, false, scheme === current));
  select.addEventListener('change', () => onChange(select.value));
  label.append(text, select);
  return label;
}

/**
 * Follow the stored scheme (or the system's), and put the switch at the end of `host`
 * (or before `before`, one of its children). Call after the page's translator is set.
 */
export function setUpColorScheme(host, before = null) {
  let scheme = storedScheme();
  applyScheme(scheme);
  window.matchMedia(SYSTEM_DARK).addEventListener('change', () => applyScheme(scheme));
  const control = schemeSwitch(scheme, (chosen) => {
    scheme = chosen;
    storeScheme(scheme);
    applyScheme(scheme);
  });
  host.insertBefore(control, before);
}
