// Where the phase diagram's colour-map pixels are filled: JavaScript (www/lab/colour-map.js,
// what the page uses) against the same algorithm in Rust (crates/gradfall-wasm/src/pixels.rs,
// `colourMapRgba`, returning a Uint8ClampedArray: the call, the fill in wasm and the copy out),
// in one Node process (V8, Chromium's engine). The Rust twin is a benchmark export (feature
// `bench`), so this reads the SIMD128 build `cargo xtask bench` makes; run once by hand:
//
//   node bench/pixels.mjs [PKG_DIR]      # default target/bench-pkg/simd
//
// Prints, per image size, the median CPU time per call of 15 samples (after a warm-up) of each, and checks that
// both fill the same bytes. The numbers and the decision are in docs/ARCHITECTURE.md.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { colourMapRgba as jsFill } from '../www/lab/colour-map.js';

const pkg = path.resolve(process.argv[2] || new URL('../target/bench-pkg/simd', import.meta.url).pathname);
const glue = await import(pathToFileURL(path.join(pkg, 'gradfall_wasm.js')).href);
const { default: init, colourMapRgba: rustFill, phaseAxes, phaseRow } = glue;

const RESOLUTION = 16;
const RANGE = [0.5, 200];
const SIZES = [
  [256, 256, 20],
  [1024, 1024, 2],
];

await init({ module_or_path: fs.readFileSync(path.join(pkg, 'gradfall_wasm_bg.wasm')) });
phaseAxes(RESOLUTION);
// A real ξ_c grid: tanh's phase diagram, as the page computes it.
const values = new Float64Array(RESOLUTION * RESOLUTION);
for (let row = 0; row < RESOLUTION; row++) values.set(phaseRow('act=tanh', RESOLUTION, row).xiC, row * RESOLUTION);

/** Milliseconds of this process's CPU time per call (the machine may be shared: wall time
 * would count other jobs), median of 15 samples of `reps` calls after a warm-up. */
function median(fn, reps) {
  for (let i = 0; i < 3 * reps; i++) fn();
  const samples = [];
  for (let i = 0; i < 15; i++) {
    const t0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) fn();
    const { user, system } = process.cpuUsage(t0);
    samples.push((user + system) / 1000 / reps);
  }
  return samples.sort((a, b) => a - b)[7];
}

for (const [w, h, reps] of SIZES) {
  const js = jsFill(values, RESOLUTION, RESOLUTION, [w, h], RANGE);
  const rust = rustFill(values, RESOLUTION, RESOLUTION, new Uint32Array([w, h]), new Float64Array(RANGE));
  const same = js.length === rust.length && js.every((v, i) => v === rust[i]);
  const jsMs = median(() => jsFill(values, RESOLUTION, RESOLUTION, [w, h], RANGE), reps);
  const rustMs = median(
    () => rustFill(values, RESOLUTION, RESOLUTION, new Uint32Array([w, h]), new Float64Array(RANGE)),
    reps,
  );
  console.log(
    `${w}×${h}: JavaScript ${jsMs.toFixed(2)} ms, Rust/wasm ${rustMs.toFixed(2)} ms (JS/Rust ${(jsMs / rustMs).toFixed(2)}×), same bytes: ${same}`,
  );
}
