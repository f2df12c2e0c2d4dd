// Gradfall against TensorFlow.js (wasm backend, XNNPACK, SIMD, one thread) in ONE Node process.
//
// Run by `cargo xtask bench`, which builds the wasm packages and the native figures first:
//
//   node bench.mjs --simd DIR --scalar DIR [--relaxed DIR] [--native FILE] [--openblas FILE]
//                  [--out FILE] [--quick] [--clock cpu|wall]
//
// DIR is a `wasm-bindgen --target web` output folder of gradfall-wasm. The relaxed-SIMD build
// is run with its `relaxed-madd` kernel forced: the fused multiply-add the page does not ship
// (it breaks bit-identity across hosts), timed to show what determinism costs. FILE of
// --native is `gradfall bench --json` output (every native kernel), of --openblas
// bench/openblas.py's (numpy, one thread). Every figure is the
// median of several samples taken after a warm-up, and the contenders of one case are sampled
// in turn (interleaved), so a burst of load on the machine hits them alike.

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { register } from 'node:module';

// ---- arguments ------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === '--quick') opts.quick = true;
    else if (['--simd', '--scalar', '--relaxed', '--native', '--openblas', '--out', '--clock'].includes(key) && i + 1 < argv.length) {
      opts[key.slice(2)] = argv[++i];
    } else {
      throw new Error(`unknown argument ${key}`);
    }
  }
  if (!opts.simd || !opts.scalar) throw new Error('--simd DIR and --scalar DIR are required');
  if (opts.clock && !['cpu', 'wall'].includes(opts.clock)) throw new Error('--clock is cpu or wall');
  return opts;
}
const opts = parseArgs(process.argv.slice(2));
const SAMPLES = opts.quick ? 3 : 9;
const SAMPLE_MS = opts.quick ? 10 : 40;
const WARMUP_MS = opts.quick ? 30 : 200;

// ---- which tfjs binary is loaded: it is read with fs.readFileSync in Node ---------------------

const wasmFilesRead = [];
const originalReadFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (String(file).endsWith('.wasm')) wasmFilesRead.push(path.basename(String(file)));
  return originalReadFileSync.call(this, file, ...rest);
};

const tf = await import('@tensorflow/tfjs-core');
// tfjs-core's CommonJS build has no gradient functions (the tfjs umbrella package bundles
// them); load its ES-module registration of them (see resolve-extensionless.mjs).
register('./resolve-extensionless.mjs', import.meta.url);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
// One thread, SIMD: the non-threaded SIMD binary, and XNNPACK's pool of one.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
tfwasm.setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();
fs.readFileSync = originalReadFileSync;
const tfjsInfo = {
  version: tf.version_core,
  backend: tf.getBackend(),
  simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
  threads: tfwasm.getThreadsCount(),
  binary: wasmFilesRead.join(', ') || '(not read from disk)',
};

// ---- gradfall builds --------------------------------------------------------------------------

async function loadGradfall(dir) {
  const bytes = fs.readFileSync(path.join(dir, 'gradfall_wasm_bg.wasm'));
  if (!WebAssembly.validate(bytes)) return null;
  const module = await import(pathToFileURL(path.join(dir, 'gradfall_wasm.js')).href);
  await module.default({ module_or_path: bytes });
  return module;
}
const builds = { simd: await loadGradfall(opts.simd), scalar: await loadGradfall(opts.scalar) };
if (!builds.simd || !builds.scalar) throw new Error('this Node cannot run the SIMD128 build');
if (opts.relaxed) {
  builds.relaxed = await loadGradfall(opts.relaxed);
  if (!builds.relaxed) console.error('note: this Node does not validate relaxed SIMD (run with --experimental-wasm-relaxed-simd); skipped');
  else builds.relaxed.useKernel('relaxed-madd');
}
const readJson = (file) => (file ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
const native = readJson(opts.native);
const openblas = readJson(opts.openblas);

// ---- timing -----------------------------------------------------------------------------------

// The clock: this process's CPU time (user + system, all its threads), not wall time. On a
// machine shared with other busy processes, wall time also counts the time slices the scheduler
// gives to them (a 5 ms call is preempted more often than a 1 ms one, which skews sizes against
// each other); CPU time does not. On an idle machine the two agree for these single-threaded runs.
// `--clock wall` measures wall time instead.
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const wallSeconds = () => performance.now() / 1000;
const now = opts.clock === 'wall' ? wallSeconds : cpuSeconds;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };

/**
 * Run `op` in windows of WARMUP_MS until two windows in a row agree within 5 % (at most 20
 * windows) and return the last window's seconds per call. The engines compile hot code in
 * tiers (V8: Liftoff then TurboFan for wasm, Ignition … TurboFan for tfjs's JavaScript), so a
 * contender's first ~150 ms of CPU can run at a quarter of its speed (measured on tfjs's
 * 64³ product); a fixed warm-up left that in the first cases' figures.
 */
function warmUp(op) {
  let previous = Infinity;
  for (let window = 0; window < 20; window++) {
    let n = 0;
    const t0 = now();
    while (now() - t0 < WARMUP_MS / 1000 || n < 2) { op(); n++; }
    const perOp = (now() - t0) / n;
    if (Math.abs(perOp - previous) <= 0.05 * previous) return perOp;
    previous = perOp;
  }
  return previous;
}

/** Per-operation seconds of each contender: warm-up, then SAMPLES interleaved samples. */
function measure(contenders) {
  const reps = {};
  for (const [name, op] of Object.entries(contenders)) {
    // The warm-up doubles as calibration: how many operations fill one sample.
    reps[name] = Math.max(1, Math.round(SAMPLE_MS / 1000 / warmUp(op)));
  }
  const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let s = 0; s < SAMPLES; s++) {
    for (const [name, op] of Object.entries(contenders)) {
      const r = reps[name];
      const t0 = now();
      for (let i = 0; i < r; i++) op();
      samples[name].push((now() - t0) / r);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

// ---- GEMM -------------------------------------------------------------------------------------

const SHAPE_FLAGS = { AB: [false, false], ABt: [false, true], AtB: [true, false] };

function gemmCase(shape, m, k, n) {
  const ours = {};
  for (const [name, build] of Object.entries(builds)) if (build) ours[name] = new build.GemmBench(shape, m, k, n);
  // The same product in tfjs; operands made once, the output disposed after each call.
  const [ta, tb] = SHAPE_FLAGS[shape];
  const a = tf.randomUniform(ta ? [k, m] : [m, k], -1, 1);
  const b = tf.randomUniform(tb ? [n, k] : [k, n], -1, 1);
  const contenders = {
    simd: () => ours.simd.run(),
    ...(ours.relaxed ? { relaxed: () => ours.relaxed.run() } : {}),
    scalar: () => ours.scalar.runScalar(),
    tfjs: () => tf.matMul(a, b, ta, tb).dispose(),
  };
  const seconds = measure(contenders);
  // The kernels must agree (different summation orders: compare loosely).
  ours.simd.run(); ours.scalar.runScalar();
  const [cs, cr] = [ours.simd.checksum(), ours.scalar.checksum()];
  if (Math.abs(cs - cr) > 1e-3 * Math.sqrt(m * n * k)) throw new Error(`${shape} ${m}x${k}x${n}: simd ${cs} vs scalar ${cr}`);
  for (const o of Object.values(ours)) o.free();
  a.dispose(); b.dispose();
  const flops = 2 * m * k * n;
  const gflops = Object.fromEntries(Object.entries(seconds).map(([k2, s]) => [k2, flops / s / 1e9]));
  const same = (g) => g.shape === shape && g.m === m && g.k === k && g.n === n;
  const nat = native?.gemm?.find(same);
  if (nat) {
    gflops.native = nat.gflops;
    for (const [kernel, g] of Object.entries(nat.by_kernel ?? {})) gflops[`native_${kernel}`] = g;
  }
  const blas = openblas?.gemm?.find(same);
  if (blas) gflops.openblas = blas.gflops;
  return { shape, m, k, n, gflops };
}

// Cubes; then the training shapes, batch × width times width × width, as A·B because that is
// the product tfjs hands to XNNPACK (its transposed products take a slower path: see the last
// rows, the trainer's forward A·Bᵀ and weight-gradient Aᵀ·B at one training shape).
// The same list is in crates/gradfall-cli/src/bench.rs.
const GEMM_CASES = [
  ['AB', 64, 64, 64], ['AB', 128, 128, 128], ['AB', 256, 256, 256], ['AB', 512, 512, 512],
];
for (const batch of [64, 256]) {
  for (const width of [32, 64, 128, 256, 512]) GEMM_CASES.push(['AB', batch, width, width]);
}
GEMM_CASES.push(['ABt', 256, 256, 256], ['AtB', 256, 256, 256]);

// ---- self-check -------------------------------------------------------------------------------

// The list holds two cases twice (AB 64³ and 256³, once as a cube and once as a training
// shape), measured minutes apart. Each contender's two figures must agree within NOISE; if one
// drifted, the bench says so, because every ratio built on its figures is then suspect.
const NOISE = 0.15;

function checkRepeats(rows) {
  const seen = new Map();
  const drifts = [];
  let pairs = 0;
  for (const row of rows) {
    const key = `${row.shape} ${row.m}×${row.k}×${row.n}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, row);
      continue;
    }
    for (const [who, again] of Object.entries(row.gflops)) {
      // The native and OpenBLAS figures are copied from one measurement: nothing to compare.
      if (who.startsWith('native') || who === 'openblas' || first.gflops[who] === undefined) continue;
      pairs++;
      const before = first.gflops[who];
      if (Math.abs(again - before) > NOISE * Math.max(again, before)) drifts.push({ case: key, who, before, again });
    }
  }
  if (drifts.length === 0) {
    console.log(`self-check: ${pairs} figures measured twice agree within ${NOISE * 100} %`);
  }
  for (const d of drifts) {
    console.log(`SELF-CHECK FAILED: ${d.who} on ${d.case} gave ${d.before.toFixed(1)} then ${d.again.toFixed(1)} GFLOP/s (more than ${NOISE * 100} % apart): its figures drifted during the run; do not trust its ratios`);
  }
  return { noise: NOISE, pairs, drifts };
}

// ---- training step ----------------------------------------------------------------------------

const STEP_CASES = [
  { depth: 10, width: 32, batch: 64 },
  { depth: 20, width: 256, batch: 128 },
  { depth: 50, width: 128, batch: 256 },
];

/** The same MLP in tfjs: He-initialised ReLU layers, softmax cross-entropy, plain SGD. */
function tfjsStep({ depth, width, batch }, inputs, classes, lr) {
  const sizes = [inputs, ...Array(depth).fill(width), classes];
  const vars = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    vars.push(tf.variable(tf.randomNormal([sizes[l], sizes[l + 1]], 0, Math.sqrt(2 / sizes[l]))));
    vars.push(tf.variable(tf.zeros([sizes[l + 1]])));
  }
  const x = tf.randomNormal([batch, inputs]);
  const labels = tf.oneHot(tf.randomUniform([batch], 0, classes, 'int32'), classes);
  const optimizer = tf.train.sgd(lr);
  const loss = () => {
    let h = x;
    for (let l = 0; l < vars.length; l += 2) {
      const a = tf.add(tf.matMul(h, vars[l]), vars[l + 1]);
      h = l + 2 < vars.length ? tf.relu(a) : a;
    }
    return tf.losses.softmaxCrossEntropy(labels, h);
  };
  const step = () => {
    tf.tidy(() => {
      const { grads } = tf.variableGrads(loss);
      optimizer.applyGradients(grads);
    });
  };
  const dispose = () => { for (const v of vars) v.dispose(); x.dispose(); labels.dispose(); optimizer.dispose(); };
  return { step, dispose };
}

function stepCase(cfg) {
  const query = `depth=${cfg.depth}&width=${cfg.width}&batch=${cfg.batch}&opt=sgd&act=relu&init=he&lr=0.001`;
  const contenders = {};
  const made = [];
  for (const [name, build] of Object.entries(builds)) {
    if (!build) continue;
    const bench = new build.StepBench(query);
    made.push(bench);
    contenders[name] = () => bench.step();
    // The scalar build's bare step adds nothing to the comparison: skip it to save time.
    if (name !== 'scalar') contenders[`${name}_bare`] = () => bench.stepWithoutStats();
  }
  const theirs = tfjsStep(cfg, made[0].inputs(), made[0].classes(), 0.001);
  contenders.tfjs = theirs.step;
  const seconds = measure(contenders);
  for (const b of made) b.free();
  theirs.dispose();
  const ms = Object.fromEntries(Object.entries(seconds).map(([k, s]) => [k, s * 1000]));
  const nat = native?.step?.find((s) => s.query === query);
  if (nat) {
    ms.native = nat.ms;
    ms.native_bare = nat.ms_bare;
    if (nat.by_kernel?.scalar) [ms.native_scalar, ms.native_scalar_bare] = nat.by_kernel.scalar;
  }
  return { ...cfg, query, ms };
}

// ---- run and report ---------------------------------------------------------------------------

console.log(`tfjs ${tfjsInfo.version}, backend ${tfjsInfo.backend}, SIMD ${tfjsInfo.simd}, threads ${tfjsInfo.threads}, binary ${tfjsInfo.binary}`);
const kernels = Object.fromEntries(Object.entries(builds).filter(([, b]) => b).map(([k, b]) => [k, b.kernelName()]));
console.log(`gradfall kernels: ${Object.entries(kernels).map(([k, v]) => `${k} = ${v}`).join(', ')}${native ? `, native = ${native.kernel}` : ''}`);
console.log(`median of ${SAMPLES} interleaved samples of ~${SAMPLE_MS} ms after ${WARMUP_MS} ms warm-up, ${opts.clock === 'wall' ? 'wall' : 'process CPU'} time\n`);

// Let the engines tier every contender up to their optimising compilers before anything is
// timed, on exactly the calls `measure` times: persistent operands, one product per call, the
// output disposed. (Warming up on other calls — fresh tfjs tensors in a tidy — left tfjs's
// measured path cold, and its first case ran at a quarter of its speed; returning the product
// from the tidy also leaked every one of them.)
{
  const warmers = ['AB', 'ABt', 'AtB'].map((shape) => {
    const ours = Object.values(builds).filter(Boolean).map((build) => new build.GemmBench(shape, 64, 64, 64));
    const [ta, tb] = SHAPE_FLAGS[shape];
    const a = tf.randomUniform([64, 64], -1, 1);
    const b = tf.randomUniform([64, 64], -1, 1);
    const ops = [...ours.map((g) => () => { g.run(); g.runScalar(); }), () => tf.matMul(a, b, ta, tb).dispose()];
    return { ops, free: () => { for (const g of ours) g.free(); a.dispose(); b.dispose(); } };
  });
  // Tier-up is driven by call counts: tfjs's 64³ product alone ran ~2 500 calls at a quarter of
  // its speed. So every op gets at least CALLS calls, and the whole loop at least the time.
  const CALLS = opts.quick ? 5000 : 10000;
  const until = Date.now() + (opts.quick ? 300 : 1500);
  for (let call = 0; call < CALLS || Date.now() < until; call++) {
    for (const w of warmers) for (const op of w.ops) op();
  }
  for (const w of warmers) w.free();
}
const tensorsAtStart = tf.memory().numTensors;

const fmt = (x, w = 8, d = 1) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d)).padStart(w);
const gemm = [];
console.log('wasm: simd = the page\'s SIMD128 build; madd = relaxed_madd, not shipped (breaks bit-identity); scalar = no SIMD');
console.log('native: the scalar, AVX2 and AVX-512 kernels (same bits); openblas = numpy, one thread');
console.log('GEMM, GFLOP/s            simd     madd   scalar     tfjs | scalar     avx2   avx512 openblas | simd/scalar simd/tfjs simd/madd | best/scalar best/openblas');
for (const [shape, m, k, n] of GEMM_CASES) {
  const r = gemmCase(shape, m, k, n);
  gemm.push(r);
  const g = r.gflops;
  // The native default: the best kernel this CPU has (gradfall bench's `gflops`).
  r.ratios = {
    simd_over_scalar: g.simd / g.scalar,
    simd_over_tfjs: g.simd / g.tfjs,
    simd_over_relaxed_madd: g.relaxed ? g.simd / g.relaxed : undefined,
    native_best_over_scalar: g.native && g.native_scalar ? g.native / g.native_scalar : undefined,
    native_best_over_openblas: g.native && g.openblas ? g.native / g.openblas : undefined,
  };
  const q = r.ratios;
  console.log(`${`${shape} ${m}×${k}×${n}`.padEnd(20)} ${fmt(g.simd)} ${fmt(g.relaxed)} ${fmt(g.scalar)} ${fmt(g.tfjs)} | ${fmt(g.native_scalar, 6)} ${fmt(g.native_avx2)} ${fmt(g.native_avx512)} ${fmt(g.openblas)} | ${fmt(q.simd_over_scalar, 10, 2)}× ${fmt(q.simd_over_tfjs, 8, 2)}× ${fmt(q.simd_over_relaxed_madd, 8, 2)}× | ${fmt(q.native_best_over_scalar, 10, 2)}× ${fmt(q.native_best_over_openblas, 11, 2)}×`);
}
const consistency = checkRepeats(gemm);
consistency.leakedTensors = tf.memory().numTensors - tensorsAtStart;
if (consistency.leakedTensors !== 0) console.log(`SELF-CHECK FAILED: ${consistency.leakedTensors} tfjs tensors leaked during the GEMM cases (a leak skews later figures)`);

const steps = [];
console.log('\ntraining step, ms: forward, backward, SGD update of a ReLU MLP, He init, on the spiral data');
console.log('"+stats" = the trainer\'s whole step (also loads the batch and measures every per-layer statistic);');
console.log('"bare" = the same forward/loss/backward/update on a fixed batch, the work tfjs does.');
console.log('"madd" = the relaxed build forced to its relaxed_madd kernel (not shipped); native = the best kernel this CPU has (the default), nat-scalar = the scalar kernel (before).');
console.log('                              simd+stats simd-bare madd+stats madd-bare scalar+stats   tfjs native+stats native-bare nat-scalar+stats | tfjs/simd-bare simd/madd-speed native: scalar/best (+stats, bare)');
for (const cfg of STEP_CASES) {
  let r;
  try {
    r = stepCase(cfg);
  } catch (e) {
    console.log(`depth ${cfg.depth} × width ${cfg.width} × batch ${cfg.batch}: failed: ${e.message ?? e}`);
    continue;
  }
  steps.push(r);
  const t = r.ms;
  r.speedup = {
    tfjs_over_simd_bare: t.tfjs / t.simd_bare,
    tfjs_over_simd_with_stats: t.tfjs / t.simd,
    // Speed (not time) ratio, as in the GEMM table: below 1 is what determinism costs.
    simd_speed_over_relaxed_madd_bare: t.relaxed_bare ? t.relaxed_bare / t.simd_bare : undefined,
    native_scalar_over_default: t.native_scalar ? t.native_scalar / t.native : undefined,
    native_scalar_over_default_bare: t.native_scalar_bare ? t.native_scalar_bare / t.native_bare : undefined,
  };
  const u = r.speedup;
  console.log(`depth ${String(cfg.depth).padStart(2)} × width ${String(cfg.width).padStart(3)} × batch ${String(cfg.batch).padStart(3)} ${fmt(t.simd, 11, 2)} ${fmt(t.simd_bare, 9, 2)} ${fmt(t.relaxed, 10, 2)} ${fmt(t.relaxed_bare, 9, 2)} ${fmt(t.scalar, 12, 2)} ${fmt(t.tfjs, 6, 2)} ${fmt(t.native, 12, 2)} ${fmt(t.native_bare, 11, 2)} ${fmt(t.native_scalar, 16, 2)} | ${fmt(u.tfjs_over_simd_bare, 13, 2)}× ${fmt(u.simd_speed_over_relaxed_madd_bare, 12, 2)}× ${fmt(u.native_scalar_over_default, 12, 2)}× ${fmt(u.native_scalar_over_default_bare, 6, 2)}×`);
}

// Playing speed (measured by `gradfall bench`): statistics only at the recorded steps.
const playing = native?.playing;
if (playing) {
  console.log(`\nPlaying speed, default configuration (native): ${playing.steps_per_s_stats_every_20.toFixed(0)} steps/s with statistics every 20 steps, ${playing.steps_per_s_stats_every_step.toFixed(0)} every step: ${playing.ratio.toFixed(2)}× (target ≥ 1.8×)`);
}

// Sweep throughput (measured by `gradfall bench`, wall time): --threads 2 against --threads 1.
const sweep = native?.sweep;
if (sweep) {
  const load = sweep.load_average === null ? '' : `, load average ${sweep.load_average.toFixed(2)}`;
  console.log(`Sweep throughput (native, ${sweep.runs} runs of ${sweep.steps} steps, wall time${load}): ${sweep.runs_per_s_threads_2.toFixed(2)} runs/s with --threads 2, ${sweep.runs_per_s_threads_1.toFixed(2)} with --threads 1: ${sweep.ratio.toFixed(2)}×`);
}

if (opts.out) {
  const report = { date: new Date().toISOString(), node: process.version, clock: opts.clock === 'wall' ? 'wall' : 'process CPU time', tfjs: tfjsInfo, kernels, native_kernel: native?.kernel, native_kernels: native?.kernels, openblas: openblas && { ...openblas, gemm: undefined }, samples: SAMPLES, consistency, gemm, steps, playing, sweep };
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, JSON.stringify(report, null, 2));
  console.log(`\nwrote ${opts.out}`);
}
