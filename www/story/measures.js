// The numbers the story's chapters show, computed from a run's statistics (the shape
// `gradfall train` prints and the worker posts). The same definitions are checked on the
// engine by crates/gradfall-core/tests/claims.rs: keep the two in step.

/** Configuration labels of a compare query, in order. */
export const LABELS = ['A', 'B', 'C', 'D'];

const number = (value) => (typeof value === 'number' ? value : NaN);
const hiddenLayers = (stats) => stats.layers.length - 1;
const field = (stats, index, name) => number(stats.layers[index][name]);

/** The sum of `name` over hidden layers `from` (0-based) to the last. */
function hiddenSum(stats, name, from) {
  let sum = 0;
  for (let i = from; i < hiddenLayers(stats); i += 1) sum += field(stats, i, name);
  return sum;
}

function hiddenMean(stats, name) {
  const n = hiddenLayers(stats);
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += field(stats, i, name);
  return sum / n;
}

/** log10 of `name` at layer 1 over the last hidden layer. */
function ratioLog10(stats, name) {
  return Math.log10(field(stats, 0, name) / field(stats, hiddenLayers(stats) - 1, name));
}

const MEASURES = {
  grad_ratio_log10: (s) => ratioLog10(s, 'grad_a'),
  layer_factor: (s) => 10 ** (ratioLog10(s, 'grad_a') / (hiddenLayers(s) - 1)),
  theory_gap_log10: (s) => ratioLog10(s, 'grad_a') - ratioLog10(s, 'theory_grad_a'),
  sqrt_chi: (s) => field(s, 0, 'theory'),
  zero_frac: (s) => hiddenMean(s, 'zero_frac'),
  dead_frac: (s) => hiddenMean(s, 'dead_frac'),
  sat_frac: (s) => hiddenMean(s, 'sat_frac'),
  dead_data_frac: (s) => hiddenMean(s, 'dead_data_frac'),
  dead_first: (s) => field(s, 0, 'dead_data_frac'),
  revived_first: (s) => field(s, 0, 'revived_total'),
  revived_deeper: (s) => hiddenSum(s, 'revived_total', 1),
  test_accuracy: (s) => number(s.test_accuracy),
  train_test_gap: (s) => number(s.accuracy) - number(s.test_accuracy),
  diverged: (s) => (s.diverged === null || s.diverged === undefined ? 0 : 1),
};

/** How each measure reads: see format.js. */
export const KINDS = {
  grad_ratio_log10: 'power',
  layer_factor: 'factor',
  theory_gap_log10: 'power',
  sqrt_chi: 'factor',
  zero_frac: 'percent',
  dead_frac: 'percent',
  sat_frac: 'percent',
  dead_data_frac: 'percent',
  dead_first: 'percent',
  revived_first: 'count',
  revived_deeper: 'count',
  test_accuracy: 'percent',
  train_test_gap: 'points',
  diverged: 'count',
};

/** The value of measure `name` on `stats`. */
export function measure(name, stats) {
  const fn = MEASURES[name];
  if (!fn) throw new Error(`unknown measure ${name}`);
  return fn(stats);
}

/** median, min, max, mean or sum of `values`. */
export function reduce(stat, values) {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  switch (stat) {
    case 'median':
      return n % 2 === 1 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    case 'min':
      return v[0];
    case 'max':
      return v[n - 1];
    case 'mean':
      return v.reduce((a, b) => a + b, 0) / n;
    case 'sum':
      return v.reduce((a, b) => a + b, 0);
    default:
      throw new Error(`unknown statistic ${stat}`);
  }
}

/** Whether `value` lies in `range` ([lo, hi], null = unbounded, inclusive). */
export function within(value, [lo, hi]) {
  return Number.isFinite(value) && (lo === null || value >= lo) && (hi === null || value <= hi);
}

/**
 * A single-seed claim's value. `runs[i]` holds configuration i's `{start, end}` statistics.
 */
export function claimValue(claim, runs) {
  const run = runs[LABELS.indexOf(claim.config)];
  return measure(claim.measure, claim.at === 'start' ? run.start : run.end);
}

/**
 * An over-seeds claim's value. `bySeed[i]` holds configuration i's `{start, end}` per seed.
 */
export function seedsClaimValue(claim, bySeed) {
  const stat = (label) =>
    reduce(
      claim.stat || 'median',
      bySeed[LABELS.indexOf(label)].map((run) => measure(claim.measure, claim.at === 'start' ? run.start : run.end)),
    );
  const value = stat(claim.config);
  return claim.minus ? value - stat(claim.minus) : value;
}

/** How a claim's number reads: a difference of fractions reads in points. */
export function claimKind(claim) {
  const kind = KINDS[claim.measure];
  return claim.minus && kind === 'percent' ? 'points' : kind;
}
