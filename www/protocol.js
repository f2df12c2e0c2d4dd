// The messages between the page and a trainer worker (worker.js). One worker trains one
// configuration; the page never trains. All numbers come from the wasm engine.
//
// Page → worker
//   {type: 'init', gen, module, query, data}
//                                   compile-once WebAssembly.Module + a query (+ the CSV
//                                   file's bytes, or null, for data=csv); (re)builds the
//                                   trainer, paused. Answered by 'ready' then 'stats'
//                                   (step 0), or by 'error'. `gen` numbers the trainer: every
//                                   answer carries the `gen` it belongs to, so the page can
//                                   drop messages from a trainer it has replaced.
//   {type: 'play'}                  train continuously at stepsPerFrame × 60 steps per second
//                                   (or as fast as the network allows), independent of how
//                                   fast the page draws.
//   {type: 'pause'}                 stop after the current tick; answered by 'stats' of the
//                                   step where training stopped.
//   {type: 'step', n}               apply n steps now (while paused); answered by 'stats'.
//   {type: 'reset', gen}            rebuild the trainer from the same query, paused.
//   {type: 'speed', stepsPerFrame}  training rate, in steps per 1/60 s.
//   {type: 'limit', step}           while playing, train no further than `step` (null: no
//                                   limit). Compare mode keeps its runs in lockstep with it:
//                                   a fast configuration waits for a slow one.
//   {type: 'frame'}                 the page has drawn a 'stats' message: flow control, so a
//                                   fast worker never floods a slow page (at most
//                                   MAX_IN_FLIGHT unanswered 'stats'; training goes on, only
//                                   posting waits).
//
// Worker → page (each also carries `gen`)
//   {type: 'ready', query, warnings, points, curve, layout}
//        canonical query, parse warnings, training points of 2-D data ({xy, class} or
//        null), f'(a) sampled over the histogram range, histogram layout {bins, a_range,
//        grad_range}.
//   {type: 'stats', stats, boundary, dead, stepsPerSecond, playing}
//        statistics of the latest step (the fields of gradfall_core::stats), the decision boundary when it
//        was recomputed (else null), the whole-data dead-unit measurements made since the
//        last 'stats' (`dead`: [{step, dead_data_frac, revived}], per hidden layer, every
//        deadEvery steps and at step 0), the measured training rate.
//   {type: 'diverged', step}        a non-finite value was met; training has stopped.
//   {type: 'error', message}        the worker failed; the page shows it. After an error the
//                                   page replaces the worker (Reset), because a trapped
//                                   wasm instance cannot be trusted.

export const MSG = Object.freeze({
  INIT: 'init',
  PLAY: 'play',
  PAUSE: 'pause',
  STEP: 'step',
  RESET: 'reset',
  SPEED: 'speed',
  LIMIT: 'limit',
  FRAME: 'frame',
  READY: 'ready',
  STATS: 'stats',
  DIVERGED: 'diverged',
  ERROR: 'error',
});

/** Unanswered 'stats' messages a playing worker may have outstanding. */
export const MAX_IN_FLIGHT = 2;

/** Steps per frame the speed control offers; DEFAULT_SPEED is preselected. */
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100];
export const DEFAULT_SPEED = 10;
