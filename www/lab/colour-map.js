// The phase diagram's pixels: a grid of values (ξ_c, in layers) as an RGBA image, each
// value placed on a log scale between `lo` and `hi` (infinite: the top), interpolated
// bilinearly between cell centres and coloured with viridis. Filled here rather than in
// Rust: measured in docs/ARCHITECTURE.md ("Pixel maps"); pixels.rs is the Rust twin.

import { VIRIDIS } from '../charts/palette.js';

/** Position of `v` on the log scale [lo, hi], in [0, 1]; non-finite (infinite ξ_c): 1. */
export function position(v, lo, hi) {
  if (!Number.isFinite(v)) return 1;
  const t = (Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
  return Math.min(1, Math.max(0, t));
}

/** Viridis at t ∈ [0, 1] as [r, g, b] (0–255), as the Rust twin computes it. */
export function viridisRgb(t) {
  const v = t * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(v));
  const f = v - i;
  return VIRIDIS[i].map((a, c) => Math.round(a + (VIRIDIS[i + 1][c] - a) * f));
}

/**
 * `values`: cols × rows numbers, row 0 at the bottom. Returns the RGBA bytes of a
 * width × height image (row 0 of the image at the top).
 */
export function colourMapRgba(values, cols, rows, [width, height], [lo, hi]) {
  const t = Float64Array.from(values, (v) => position(v, lo, hi));
  const out = new Uint8ClampedArray(width * height * 4);
  const stops = VIRIDIS.length - 1;
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, ((height - 1 - y + 0.5) / height) * rows - 0.5));
    const r0 = Math.floor(gy);
    const fy = gy - r0;
    const r1 = Math.min(r0 + 1, rows - 1);
    for (let x = 0; x < width; x++) {
      const gx = Math.min(cols - 1, Math.max(0, ((x + 0.5) / width) * cols - 0.5));
      const c0 = Math.floor(gx);
      const fx = gx - c0;
      const c1 = Math.min(c0 + 1, cols - 1);
      const bottom = t[r0 * cols + c0] * (1 - fx) + t[r0 * cols + c1] * fx;
      const top = t[r1 * cols + c0] * (1 - fx) + t[r1 * cols + c1] * fx;
      const v = (bottom * (1 - fy) + top * fy) * stops;
      const i = Math.min(stops - 1, Math.floor(v));
      const f = v - i;
      const p = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) out[p + c] = Math.round(VIRIDIS[i][c] + (VIRIDIS[i + 1][c] - VIRIDIS[i][c]) * f);
      out[p + 3] = 255;
    }
  }
  return out;
}
