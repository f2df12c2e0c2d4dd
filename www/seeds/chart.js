// The Seeds mode's result: final test accuracy per configuration, one row each, as a dot
// per run (seed) with the quartile box and the median mark of the core's cell statistics.

import { CATEGORICAL } from '../charts/palette.js';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 34;
const LEFT = 34;
/** Room right of the axis for half of the widest tick label, "100 %". */
const RIGHT = 40;
const TOP = 8;
const AXIS = 26;

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent.appendChild(node);
  return node;
}

/** The x axis: 0 to 100 % test accuracy, and the target as a dashed line. */
function drawAxis(svg, x, height, target) {
  for (let p = 0; p <= 100; p += 25) {
    el('line', { x1: x(p / 100), x2: x(p / 100), y1: TOP, y2: height - AXIS, class: 'seeds-grid' }, svg);
    el(
      'text',
      { x: x(p / 100), y: height - AXIS + 16, class: 'seeds-tick', 'text-anchor': 'middle' },
      svg,
    ).textContent = `${p} %`;
  }
  el('line', { x1: x(target), x2: x(target), y1: TOP, y2: height - AXIS, class: 'seeds-target' }, svg);
}

/** One configuration's row: quartile box, median mark, one dot per run. */
function drawRow(svg, x, y, cell, accuracies, colour) {
  const spread = cell.test_accuracy;
  if (spread.q1 !== null && spread.q3 !== null) {
    const width = Math.max(1, x(spread.q3) - x(spread.q1));
    el('rect', { x: x(spread.q1), y: y - 9, width, height: 18, fill: colour, class: 'seeds-box' }, svg);
  }
  if (spread.median !== null) {
    el('line', { x1: x(spread.median), x2: x(spread.median), y1: y - 12, y2: y + 12, class: 'seeds-median' }, svg);
  }
  accuracies.forEach((acc, i) => {
    if (acc === null) return;
    const jitter = ((i % 5) - 2) * 2.5;
    el('circle', { cx: x(acc), cy: y + jitter, r: 3.5, fill: colour, class: 'seeds-dot' }, svg);
  });
}

/**
 * Draw into `host`: `cells` (the core's cell statistics, one per configuration) and `runs`
 * (run summaries, in run order).
 */
export function drawSeeds(host, cells, runs, label) {
  host.replaceChildren();
  const width = Math.max(260, host.clientWidth || 520);
  const height = TOP + cells.length * ROW + AXIS;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': label }, host);
  const x = (v) => LEFT + v * (width - LEFT - RIGHT);
  drawAxis(svg, x, height, cells.length ? cells[0].target : 0.9);
  cells.forEach((cell, row) => {
    const y = TOP + row * ROW + ROW / 2;
    const letter = runs[cell.run_indices[0]].config;
    const colour = CATEGORICAL[row % CATEGORICAL.length];
    el('text', { x: 4, y: y + 4, class: 'seeds-label', fill: colour }, svg).textContent = letter;
    const accuracies = cell.run_indices.map((i) => runs[i].test_accuracy);
    drawRow(svg, x, y, cell, accuracies, colour);
  });
}

/**
 * The accuracy chart as the pages' other charts are seen by their text alternatives
 * (views/chart-text.js): `host`, the drawn `image` (the <svg>, null before a result), and
 * `cells` and `runs`, the numbers it draws. It draws when it is given them; `render` is
 * there for the pages' drawing loop, which has nothing to do for it.
 */
export class SeedsAccuracy {
  constructor(host, label) {
    Object.assign(this, { host, label, cells: [], runs: [] });
  }

  /** Draw `cells` (parsed cell statistics) and `runs` (parsed run summaries). */
  set(cells, runs) {
    Object.assign(this, { cells, runs });
    drawSeeds(this.host, cells, runs, this.label);
  }

  get image() {
    return this.host.querySelector('svg');
  }

  render() {
    return false;
  }
}
