// Loading the page's two wasm modules (crates/gradfall-wasm and crates/gradfall-lab-wasm,
// built by `cargo xtask build`), each compiled once on the page's thread so that the same
// WebAssembly.Module can be handed to every worker:
// - the engine (loadModule): one run of the playground, the embed page and the component;
// - the lab (loadLabModule): the Seeds mode's sweeps, the signal-propagation lab, the papers
//   page's reproductions. Loaded lazily, the first time a reader asks for one of them, so
//   the playground's first paint downloads only the engine.
// There is one build, SIMD128: every browser runs the same instructions and gets the same bits
// (a relaxed-SIMD build may fuse multiply-adds on some hosts and not on others).

import init from './pkg/gradfall_wasm.js';

export const WASM_BUILDS = [{ name: 'simd128', url: './pkg/gradfall_wasm_bg.wasm' }];
const LAB_BUILDS = [{ name: 'simd128', url: './pkg/gradfall_lab_wasm_bg.wasm' }];

/** The first of `builds` this browser fetches and validates, compiled: `{module, build}`. */
async function compileFirst(builds) {
  for (const build of builds) {
    let bytes;
    try {
      const response = await fetch(new URL(build.url, import.meta.url));
      if (!response.ok) continue;
      bytes = await response.arrayBuffer();
    } catch {
      continue;
    }
    if (!WebAssembly.validate(bytes)) continue;
    return { module: await WebAssembly.compile(bytes), build: build.name };
  }
  throw new Error('no WebAssembly build of Gradfall loads in this browser (it needs SIMD128)');
}

/** The compiled engine and the name of its build; initialises the glue on this thread. */
export async function loadModule() {
  const { module, build } = await compileFirst(WASM_BUILDS);
  await init({ module_or_path: module });
  return { module, build };
}

let lab = null; // Promise of {module, exports}, once asked for

/**
 * The lab module, compiled once per page: `{module, exports}`, `exports` being its glue's
 * functions (sweepPlan, phaseAxes, reproductions…), initialised on this thread; hand `module`
 * to the lab's workers. A failed load is forgotten, so a later call tries again.
 */
export function loadLabModule() {
  lab =
    lab ||
    (async () => {
      const [glue, { module }] = await Promise.all([import('./pkg/gradfall_lab_wasm.js'), compileFirst(LAB_BUILDS)]);
      await glue.default({ module_or_path: module });
      return { module, exports: glue };
    })().catch((err) => {
      lab = null;
      throw err;
    });
  return lab;
}
