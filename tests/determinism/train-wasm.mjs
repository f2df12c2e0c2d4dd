// Trains queries with a wasm build of Gradfall in Node and writes each run's statistics as
// JSON lines, exactly as `gradfall train QUERY --steps N` prints them (the wasm's `trainJson`
// serialises with the CLI's serde_json code), for `cargo xtask test determinism` to compare
// with the native CLI byte for byte. `trainJson` is an export of the lab module
// (gradfall_lab_wasm, crates/gradfall-lab-wasm): the engine the playground loads first stays
// without its float formatter. Both modules train with the same core, built with the same
// flags.
//
//   node train-wasm.mjs PKG_DIR STEPS OUT_DIR QUERY…
//
// PKG_DIR is a `wasm-bindgen --target web` folder (the page's www/pkg); run i goes to
// OUT_DIR/i.jsonl.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkg, stepsText, out, ...queries] = process.argv.slice(2);
const steps = Number(stepsText);
if (!pkg || !out || !Number.isInteger(steps) || steps < 0 || queries.length === 0) {
  console.error('usage: node train-wasm.mjs PKG_DIR STEPS OUT_DIR QUERY…');
  process.exit(2);
}

const bytes = fs.readFileSync(path.join(pkg, 'gradfall_lab_wasm_bg.wasm'));
if (!WebAssembly.validate(bytes)) {
  console.error(`${pkg}: this Node cannot validate the module`);
  process.exit(1);
}
const lab = await import(pathToFileURL(path.join(pkg, 'gradfall_lab_wasm.js')).href);
await lab.default({ module_or_path: bytes });
console.log(`${pkg} (lab module): ${queries.length} runs of ${steps} steps`);

fs.mkdirSync(out, { recursive: true });
queries.forEach((query, i) => {
  fs.writeFileSync(path.join(out, `${i}.jsonl`), lab.trainJson(query, steps));
});
