// Palettes: viridis for depth (layers), Okabe–Ito for configurations (A–D). Both stay
// distinguishable with colour-vision deficiencies.

import { clamp } from './scale.js';
import { VIRIDIS_RANGE } from './theme.js';

// Viridis (perceptually uniform, colour-blind safe), sampled at 9 stops (also the phase
// diagram's colour map, lab/colour-map.js).
export const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** Viridis at t ∈ [0, 1] as a CSS colour. */
export function viridis(t) {
  const x = clamp(t, 0, 1) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const c = VIRIDIS[i].map((v, j) => Math.round(v + (VIRIDIS[i + 1][j] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Colour of layer `i` (0-based) of `n`: dark (input side) to yellow-green (output), over
 * the theme's slice of viridis (the end that would vanish into the paper is cut off). */
export function layerColour(i, n) {
  const [low, high] = VIRIDIS_RANGE;
  return viridis(low + (n <= 1 ? 0 : ((high - low) * i) / (n - 1)));
}

/** Okabe–Ito: a categorical palette distinguishable with colour-vision deficiencies. */
export const CATEGORICAL = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
