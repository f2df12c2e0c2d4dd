// Trains queries with a wasm build of Gradfall in Node and writes each run's statistics as
// JSON lines, exactly as `gradfall train QUERY --steps N` prints them (the wasm's `trainJson`
// serialises with the CLI's serde_json code), for `cargo xtask test determinism` to compare
// with the native CLI byte for byte. `trainJson` is an export of the lab module
// (gradfall_lab_wasm, crates/gradfall-lab-wasm): the engine the playground loads first stays
// without its float formatter. Both modules train with the same core, built with the same
// flags, and each run's end is checked against the engine's own `Trainer` (`checkEngine`).
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

/** Instantiate the module `name` of PKG_DIR (wasm-bindgen glue and wasm) in Node. */
async function load(name) {
  const bytes = fs.readFileSync(path.join(pkg, `${name}_bg.wasm`));
  if (!WebAssembly.validate(bytes)) {
    console.error(`${pkg}: this Node cannot validate ${name}`);
    process.exit(1);
  }
  const glue = await import(pathToFileURL(path.join(pkg, `${name}.js`)).href);
  await glue.default({ module_or_path: bytes });
  return glue;
}

const lab = await load('gradfall_lab_wasm');
const engine = await load('gradfall_wasm');
console.log(`${pkg}: lab module, engine kernel ${engine.kernelName()}, ${queries.length} runs of ${steps} steps`);

/** An f32 as the JSON lines write it (null: NaN or ±∞) equals the engine's number, bit for bit. */
const sameF32 = (written, number) => (written === null ? !Number.isFinite(number) : Math.fround(written) === number);

/**
 * The page trains with the engine module, the lines come from the lab's `trainJson`: the
 * engine's `Trainer` must end where the lab's last line does (step, loss, accuracies), or
 * the two modules' builds differ and the comparison with the CLI would not speak for the page.
 */
function checkEngine(query, lines) {
  const last = JSON.parse(lines.trimEnd().split('\n').pop());
  const trainer = new engine.Trainer(query);
  try {
    trainer.step(steps);
    const stats = trainer.stats();
    const fields = ['loss', 'accuracy', 'test_accuracy'];
    if (stats.step !== last.step || !fields.every((f) => sameF32(last[f], stats[f]))) {
      console.error(`${query}: the engine module ends at step ${stats.step}, loss ${stats.loss}; the lab's`);
      console.error(`trainJson at step ${last.step}, loss ${last.loss}: the two modules train differently`);
      process.exit(1);
    }
  } finally {
    trainer.free();
  }
}

fs.mkdirSync(out, { recursive: true });
queries.forEach((query, i) => {
  const lines = lab.trainJson(query, steps);
  fs.writeFileSync(path.join(out, `${i}.jsonl`), lines);
  checkEngine(query, lines);
});
