// Loading the engine for the playground and the embed page: the first wasm build this browser
// validates, compiled once, so the same Module can be handed to every worker. There is one
// build, SIMD128: every browser runs the same instructions and gets the same bits (a
// relaxed-SIMD build may fuse multiply-adds on some hosts and not on others).

import init from './pkg/gradfall_wasm.js';

export const WASM_BUILDS = [{ name: 'simd128', url: './pkg/gradfall_wasm_bg.wasm' }];

/** The compiled module and the name of its build; initialises the glue on this thread. */
export async function loadModule() {
  for (const build of WASM_BUILDS) {
    let bytes;
    try {
      const response = await fetch(new URL(build.url, import.meta.url));
      if (!response.ok) continue;
      bytes = await response.arrayBuffer();
    } catch {
      continue;
    }
    if (!WebAssembly.validate(bytes)) continue;
    const module = await WebAssembly.compile(bytes);
    await init({ module_or_path: module });
    return { module, build: build.name };
  }
  throw new Error('no WebAssembly build of Gradfall loads in this browser (it needs SIMD128)');
}
