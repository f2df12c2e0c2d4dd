// A trainer in a Web Worker: owns one wasm `Trainer`, steps it, posts statistics.
// The message protocol is documented in protocol.js.

import init, { Trainer, histogramLayout, keys, names, digitsLoaded, provideDigits } from './pkg/gradfall_wasm.js';
import { ensureDigits } from './digits.js';
import { MSG, MAX_IN_FLIGHT, DEFAULT_SPEED } from './protocol.js';

/** Points of f'(a) sent for the histogram underlay. */
const CURVE_POINTS = 201;
/** Training points sent for the decision-boundary chart. */
const MAX_POINTS = 600;
/** How often the decision boundary is recomputed while playing. */
const BOUNDARY_EVERY_MS = 400;
/** The speed control counts steps per frame of this rate (a 60 Hz display's). */
const FRAME_HZ = 60;
/** Statistics are posted at most this often while playing. */
const POST_EVERY_MS = 1000 / FRAME_HZ;
/** Multiply-adds one boundary evaluation may cost (keeps big nets responsive). */
const BOUNDARY_BUDGET = 4e7;

let ready = null; // Promise of the initialised wasm module
let trainer = null;
let query = '';
let data = null; // the CSV file's bytes when the query says data=csv (protocol.js 'init')
let gen = 0; // which trainer the page thinks it is talking to (protocol.js)
let config = { depth: 0, width: 0 }; // the network's shape, for the boundary's cost
let playing = false;
let stepsPerFrame = DEFAULT_SPEED;
let inFlight = 0;
let tickScheduled = false;
let credit = 0; // steps owed (see tick)
let lastTickAt = 0;
let lastPostAt = -Infinity;
let lastBoundaryAt = -Infinity;
let rate = { steps: 0, since: 0, perSecond: 0 };
let done = 0; // steps the current trainer has taken
let limit = Infinity; // train no further than this step while playing (compare lockstep)
let postedStep = -1; // `done` when statistics were last posted
let deadEvery = 50; // the engine's DEAD_EVERY, read from names() once the module is ready
let deadPending = []; // whole-data dead-unit measurements not yet posted (protocol.js 'stats')

// Messages are handled strictly in order, even while the first 'init' awaits the module.
let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(() => guard(() => handle(event.data)));
};

function handle(msg) {
  switch (msg.type) {
    case MSG.INIT:
      gen = msg.gen;
      data = msg.data || null;
      ready = ready || init({ module_or_path: msg.module }).then(() => (deadEvery = names().deadEvery));
      return ready.then(() => build(msg.query));
    case MSG.RESET:
      gen = msg.gen;
      return build(query);
    case MSG.PLAY:
      if (!trainer || trainer.diverged() !== undefined || playing) return;
      playing = true;
      rate = { steps: 0, since: performance.now(), perSecond: rate.perSecond };
      credit = stepsPerFrame;
      lastTickAt = performance.now();
      schedule(0);
      return;
    case MSG.PAUSE:
      // The page shows where training stopped, not the last step it happened to be sent.
      if (playing && trainer) post(false);
      playing = false;
      return;
    case MSG.STEP:
      if (!trainer || playing) return;
      train(Math.max(1, Math.min(10000, msg.n | 0)));
      post(true);
      return;
    case MSG.SPEED:
      stepsPerFrame = Math.max(1, Math.min(10000, msg.stepsPerFrame | 0));
      return;
    case MSG.LIMIT:
      limit = Number.isFinite(msg.step) ? msg.step : Infinity;
      return;
    case MSG.FRAME:
      inFlight = Math.max(0, inFlight - 1);
      return;
    default:
      throw new Error(`unknown message type ${String(msg.type)}`);
  }
}

/** Build a fresh trainer (paused) and announce it. */
async function build(q) {
  await ensureDigits(q, { digitsLoaded, provideDigits });
  playing = false;
  inFlight = 0;
  done = 0;
  if (trainer) {
    trainer.free();
    trainer = null;
  }
  trainer = data ? Trainer.fromCsv(q, data) : new Trainer(q);
  query = trainer.config();
  deadPending = [];
  noteDeadUnits();
  // The canonical query omits keys at their default: those come from the engine's key table.
  const params = new URLSearchParams(query);
  const value = (name) => Number(params.get(name) ?? keys().find((k) => k.name === name).default);
  config = { depth: value('depth'), width: value('width') };
  self.postMessage({
    type: MSG.READY,
    gen,
    query,
    warnings: trainer.warnings(),
    points: trainer.points(MAX_POINTS),
    curve: trainer.derivativeCurve(CURVE_POINTS),
    layout: histogramLayout(),
  });
  post(true);
}

function schedule(delay) {
  if (!playing || tickScheduled) return;
  tickScheduled = true;
  setTimeout(() => {
    tickScheduled = false;
    guard(tick);
  }, delay);
}

/**
 * Train the steps owed since the last tick (the speed control's rate, whatever the page's
 * frame rate), then post statistics if the page has drawn enough of the earlier ones.
 */
function tick() {
  if (!playing || !trainer) return;
  const now = performance.now();
  // Owed steps accrue at stepsPerFrame × FRAME_HZ per second; at most two frames' worth,
  // so a stall (a slow step, a busy machine) is not followed by a burst.
  credit = Math.min(credit + ((now - lastTickAt) * stepsPerFrame * FRAME_HZ) / 1000, 2 * stepsPerFrame);
  lastTickAt = now;
  const allowed = Math.max(0, limit - done);
  const n = Math.min(stepsPerFrame, Math.floor(credit), allowed);
  if (n > 0) {
    credit -= n;
    countSteps(train(n));
  }
  const after = performance.now();
  const held = allowed === 0 && done === postedStep; // waiting for slower runs; nothing new
  if (!held && inFlight < MAX_IN_FLIGHT && after - lastPostAt >= POST_EVERY_MS - 1) {
    post(after - lastBoundaryAt >= BOUNDARY_EVERY_MS);
  }
  // Sleep until the next step is owed (or the next post is due); held at the limit, until
  // the page may have raised it.
  const owed = credit >= 1 ? 0 : ((1 - credit) * 1000) / (stepsPerFrame * FRAME_HZ);
  const wait = allowed === 0 ? POST_EVERY_MS / 2 : owed;
  schedule(Math.min(POST_EVERY_MS, wait));
}

/**
 * Apply `n` steps, stopping at every whole-data dead-unit measurement (every `deadEvery`
 * steps) to keep it for the page: between two posts several may be made. Stopping changes
 * no number (step(10) equals ten step(1)). Returns the steps applied.
 */
function train(n) {
  let taken = 0;
  while (taken < n) {
    const chunk = Math.min(n - taken, deadEvery - (done % deadEvery));
    const applied = trainer.step(chunk);
    done += applied;
    taken += applied;
    if (done % deadEvery === 0 && applied > 0) noteDeadUnits();
    if (applied < chunk) break;
  }
  return taken;
}

/** Keep the latest dead-unit measurement when it was made at the current step. */
function noteDeadUnits() {
  const dead = trainer.deadUnits();
  if (dead && dead.step === done) deadPending.push(dead);
}

function countSteps(n) {
  const now = performance.now();
  rate.steps += n;
  if (now - rate.since >= 500) {
    rate.perSecond = (rate.steps * 1000) / (now - rate.since);
    rate = { steps: 0, since: now, perSecond: rate.perSecond };
  }
}

/** Post the latest statistics (and the boundary when asked); stop if training diverged. */
function post(withBoundary) {
  const stats = trainer.stats();
  let boundary = null;
  if (withBoundary) {
    boundary = trainer.boundary(boundaryResolution());
    lastBoundaryAt = performance.now();
  }
  inFlight += 1;
  lastPostAt = performance.now();
  postedStep = done;
  const diverged = trainer.diverged();
  if (diverged !== undefined) playing = false;
  const dead = deadPending;
  deadPending = [];
  self.postMessage({ type: MSG.STATS, gen, stats, boundary, dead, stepsPerSecond: rate.perSecond, playing });
  if (diverged !== undefined) self.postMessage({ type: MSG.DIVERGED, gen, step: diverged });
}

/** The finest grid whose forward pass stays within BOUNDARY_BUDGET multiply-adds. */
function boundaryResolution() {
  const perPoint = config.depth * config.width * config.width + 4 * config.width;
  return Math.max(8, Math.min(64, Math.floor(Math.sqrt(BOUNDARY_BUDGET / perPoint))));
}

/** Run `fn` (sync or async); any failure becomes an 'error' message. Never rejects. */
async function guard(fn) {
  try {
    await fn();
  } catch (err) {
    fail(err);
  }
}

function fail(err) {
  playing = false;
  const message = err && err.message ? err.message : String(err);
  self.postMessage({ type: MSG.ERROR, gen, message });
}
