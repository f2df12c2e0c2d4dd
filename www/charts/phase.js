// The phase diagram of the current activation (view=phase): the (σ_w², σ_b²) plane coloured
// by the correlation depth scale ξ_c (viridis on a log scale, with its legend), the critical
// line χ₁ = 1, the trainable-depth boundary 6 ξ_c = depth, the current configuration as a
// marker, and the cells of "Fill with real runs" coloured by test accuracy on top. A click
// picks a point: `onPick({gain, bstd})`. The numbers come from the engine in a worker
// (lab/worker.js, the lab module, once the chart is on screen); see lab/plane.js for the data.

import { keys } from '../pkg/gradfall_wasm.js';
import { Chart } from './chart.js';
import { drawAxes, polyline, emptyMessage } from './draw.js';
import { plotBox, scale } from './scale.js';
import { linearTicks } from './ticks.js';
import { MARGIN, INK, PAPER, MUTED } from './theme.js';
import { colourMapRgba } from '../lab/colour-map.js';
import { Plane, RESOLUTION, DEPTH_PER_XI_C } from '../lab/plane.js';
import { LabJob, gridQuery, jobWorkers } from '../lab/sources.js';
import { accuracyColour, accuracyRange, drawLegends, LEGEND_WIDTH } from '../lab/legend.js';
import { translate as t } from '../text.js';

/** The colour scale of ξ_c, in layers (log): below `lo` the darkest, ∞ the brightest. */
export const XI_RANGE = [0.5, 200];
/** Most pixels a side of the colour-map image has (the canvas scales it smoothly). */
const IMAGE_SIDE = 256;

/** Round ticks from 0 to `max`, labelled. */
const ticks = (max) => linearTicks(0, max, 5).map((value) => ({ value, label: String(value) }));

/** `query` without `keys`. */
function withoutKeys(query, keys) {
  const params = new URLSearchParams(query);
  for (const key of keys) params.delete(key);
  return params.toString();
}

const fmt = (v, digits = 3) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : '∞');

export class PhaseChart extends Chart {
  constructor(host) {
    super(host);
    this.plane = new Plane();
    this.current = null; // {summary, scale} of the current configuration
    this.error = null;
    this.onPick = null;
    this.depthDefault = Number(keys().find((k) => k.name === 'depth').default);
    this.grid = new LabJob(
      (data) => this.gridMessage(data),
      host,
      (lab) => this.plane.load(lab),
    );
    this.pointJob = new LabJob(
      (data) => this.pointMessage(data),
      host,
      (lab) => this.plane.load(lab),
    );
    this.canvas.addEventListener('click', (e) => this.pick(e.offsetX, e.offsetY));
    // Keyboard: the arrow keys move the readout cursor (chart.js), Enter picks its point.
    this.canvas.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && this.pointer) this.pick(this.pointer.x, this.pointer.y);
    });
    this.captionText = document.createElement('p');
    this.captionText.className = 'explain lab-caption';
    this.captionText.setAttribute('aria-live', 'polite');
    host.after(this.captionText);
  }

  /** @param run the Run whose configuration is shown (its query). */
  set(run) {
    if (!run || !run.query) return;
    this.query = run.query;
    const depth = new URLSearchParams(run.query).get('depth');
    this.depth = depth === null ? this.depthDefault : Number(depth);
    const grid = gridQuery(run.query);
    // The rows dealt round-robin to the workers, so each fills in from the bottom.
    const workers = jobWorkers();
    const jobs = Array.from({ length: workers }, (_, k) => ({
      job: 'grid',
      query: grid,
      resolution: RESOLUTION,
      rows: Array.from({ length: RESOLUTION }, (_, row) => row).filter((row) => row % workers === k),
    }));
    if (this.grid.ask(grid, jobs)) {
      this.plane.clear();
      this.error = null;
    }
    // Real runs belong to this configuration whatever its gain and bstd (the fill sets both).
    const runsKey = withoutKeys(run.query, ['gain', 'bstd']);
    if (runsKey !== this.runsKey) this.plane.runs = null;
    this.runsKey = runsKey;
    this.pointJob.ask(run.query, { job: 'point', query: run.query });
    this.captionText.textContent = this.caption() || '';
    this.invalidate();
  }

  gridMessage(data) {
    if (data.error) this.error = data.error;
    else if (data.row !== undefined) this.plane.addRow(data);
    this.invalidate();
  }

  pointMessage(data) {
    if (data.error) this.error = data.error;
    else this.current = data;
    this.captionText.textContent = this.caption() || '';
    this.invalidate();
  }

  /** The real runs' cells ([{accuracy, diverged}|null] × RESOLUTION², row-major), or null. */
  setRuns(cells) {
    this.plane.runs = cells;
    this.invalidate();
  }

  box(width, height) {
    return plotBox(width, height, { ...MARGIN, right: MARGIN.right + LEGEND_WIDTH });
  }

  scales(box) {
    const [w, b] = this.plane.extent;
    return { x: scale([0, w], [box.left, box.right]), y: scale([0, b], [box.bottom, box.top]) };
  }

  /** Click: the point's σ_w² and σ_b² as `gain` and `bstd` of the configuration. */
  pick(px, py) {
    const box = this.box(this.size.width, this.size.height);
    if (!this.onPick || !this.current || px < box.left || px > box.right || py < box.top || py > box.bottom) return;
    const { x, y } = this.scales(box);
    const sigmaW2 = Math.max(0, x.invert(px));
    const sigmaB2 = Math.max(0, y.invert(py));
    const round = (v) => Number(v.toPrecision(3));
    this.onPick({ gain: round(Math.sqrt(sigmaW2 / this.current.scale)), bstd: round(Math.sqrt(sigmaB2)) });
  }

  draw(ctx, width, height) {
    const note = this.current && this.current.summary.note;
    if (note) return emptyMessage(ctx, width, height, t('lab.phase.no_theory'));
    if (this.error) return emptyMessage(ctx, width, height, this.error);
    // Before the lab module has come (the chart was never on screen), no axes yet.
    if (!this.plane.extent)
      return emptyMessage(ctx, width, height, t('lab.phase.computing', { done: 0, total: RESOLUTION }));
    const box = this.box(width, height);
    const { x, y } = this.scales(box);
    drawAxes(ctx, box, x, y, {
      xTicks: ticks(this.plane.extent[0]),
      yTicks: ticks(this.plane.extent[1]),
      xLabel: t('lab.phase.x_axis'),
      yLabel: t('lab.phase.y_axis'),
    });
    this.drawImage(ctx, box, x, y);
    this.drawRuns(ctx, x, y);
    this.drawLines(ctx, box, x, y);
    this.drawMarker(ctx, box, x, y);
    drawLegends(ctx, box, { accuracy: accuracyRange(this.plane.runs), xiRange: XI_RANGE });
    if (this.plane.rows < RESOLUTION) {
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.fillText(t('lab.phase.computing', { done: this.plane.rows, total: RESOLUTION }), box.left + 6, box.top + 14);
    }
    return this.hover(box, x, y);
  }

  /** The computed rows as one smoothly scaled image, each grid point at its cell's centre. */
  drawImage(ctx, box, x, y) {
    const rows = this.plane.rows;
    if (!rows) return;
    if (!this.cached || this.cached.version !== this.plane.version) {
      const canvas = document.createElement('canvas');
      canvas.width = IMAGE_SIDE;
      canvas.height = Math.max(1, Math.round((IMAGE_SIDE * rows) / RESOLUTION));
      const values = this.plane.xiC.subarray(0, rows * RESOLUTION);
      const rgba = colourMapRgba(values, RESOLUTION, rows, [canvas.width, canvas.height], XI_RANGE);
      canvas.getContext('2d').putImageData(new ImageData(rgba, canvas.width, canvas.height), 0, 0);
      this.cached = { version: this.plane.version, canvas };
    }
    const { sigmaW2: w, sigmaB2: b } = this.plane;
    const dw = w[1] - w[0];
    const db = b[1] - b[0];
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.w, box.h);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    const left = x(w[0] - dw / 2);
    const top = y(b[rows - 1] + db / 2);
    const height = y(b[0] - db / 2) - top;
    const image = this.cached.canvas;
    ctx.drawImage(image, left, top, x(w[RESOLUTION - 1] + dw / 2) - left, height);
    // Left of the first column (σ_w² → 0, where ξ_c is below the scale anyway): its colour.
    ctx.drawImage(image, 0, 0, 1, image.height, x(0), top, left - x(0), height);
    ctx.restore();
  }

  /** Real runs: an inset square per finished cell, coloured by final test accuracy. */
  drawRuns(ctx, x, y) {
    const cells = this.plane.runs;
    if (!cells) return;
    const { sigmaW2: w, sigmaB2: b } = this.plane;
    const side = Math.min(Math.abs(x(w[1]) - x(w[0])), Math.abs(y(b[1]) - y(b[0]))) * 0.6;
    const range = accuracyRange(cells);
    cells.forEach((cell, i) => {
      if (!cell) return;
      const cx = x(w[i % RESOLUTION]);
      const cy = y(b[Math.floor(i / RESOLUTION)]);
      ctx.fillStyle = cell.diverged ? PAPER : accuracyColour(cell.accuracy, range);
      ctx.fillRect(cx - side / 2, cy - side / 2, side, side);
      ctx.strokeStyle = PAPER;
      ctx.lineWidth = 1;
      ctx.strokeRect(cx - side / 2, cy - side / 2, side, side);
      if (cell.diverged) {
        ctx.strokeStyle = INK;
        polyline(ctx, [cx - side / 3, cx + side / 3], [cy - side / 3, cy + side / 3]);
        polyline(ctx, [cx - side / 3, cx + side / 3], [cy + side / 3, cy - side / 3]);
      }
    });
  }

  /** The critical line (solid) and the trainable-depth boundary (dashed), on paper halos. */
  drawLines(ctx, box, x, y) {
    const { critical, sigmaB2 } = this.plane;
    const line = [];
    for (let i = 0; i < this.plane.rows; i++) if (Number.isFinite(critical[i])) line.push([critical[i], sigmaB2[i]]);
    const { left, right } = this.plane.trainableBoundary(this.depth);
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.w, box.h);
    ctx.clip();
    const stroke = (points, dash, colour) => {
      if (points.length < 2) return;
      const xs = points.map((p) => x(p[0]));
      const ys = points.map((p) => y(p[1]));
      ctx.setLineDash(dash);
      ctx.lineWidth = 5;
      ctx.strokeStyle = PAPER;
      polyline(ctx, xs, ys);
      ctx.lineWidth = 2;
      ctx.strokeStyle = colour;
      polyline(ctx, xs, ys);
    };
    stroke(line, [], INK);
    for (const branch of [left, right])
      stroke(
        branch.map((p) => [p.sigmaW2, p.sigmaB2]),
        [6, 4],
        MUTED,
      );
    ctx.restore();
  }

  /** The current configuration: a ring at (σ_w², σ_b²), kept inside the plot. */
  drawMarker(ctx, box, x, y) {
    if (!this.current) return;
    const { sigma_w2: w, sigma_b2: b } = this.current.summary;
    const px = Math.min(box.right, Math.max(box.left, x(w)));
    const py = Math.min(box.bottom, Math.max(box.top, y(b)));
    ctx.lineWidth = 3;
    ctx.strokeStyle = PAPER;
    ctx.beginPath();
    ctx.arc(px, py, 7, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.lineWidth = 2;
    ctx.strokeStyle = INK;
    ctx.stroke();
  }

  /** Hover: the nearest grid point's ξ_c (and real run), or the current configuration. */
  hover(box, x, y) {
    const p = this.pointer;
    if (!p || p.x < box.left || p.x > box.right || p.y < box.top || p.y > box.bottom) return null;
    const w = x.invert(p.x);
    const b = y.invert(p.y);
    const { row, col } = this.plane.nearest(w, b);
    const xi = row < this.plane.rows ? this.plane.xiC[row * RESOLUTION + col] : NaN;
    let text = t('lab.phase.readout', {
      sigma_w2: fmt(this.plane.sigmaW2[col]),
      sigma_b2: fmt(this.plane.sigmaB2[row]),
      xi_c: Number.isNaN(xi) ? '…' : fmt(xi),
      depth: Number.isNaN(xi) ? '…' : fmt(DEPTH_PER_XI_C * xi),
    });
    const cell = this.plane.runs && this.plane.runs[row * RESOLUTION + col];
    if (cell)
      text += ` · ${cell.diverged ? t('lab.fill.diverged') : t('lab.fill.accuracy', { accuracy: fmt(cell.accuracy, 2) })}`;
    return { x: p.x, y: p.y, text };
  }

  /** What the caption says about the current configuration (null until known). */
  caption() {
    if (!this.current || this.current.summary.note) return null;
    const s = this.current.summary;
    return t('lab.phase.caption', {
      sigma_w2: fmt(s.sigma_w2, 4),
      sigma_b2: fmt(s.sigma_b2, 4),
      q_star: s.q_star === null ? '—' : fmt(s.q_star, 4),
      chi1: fmt(s.chi1, 4),
      xi_c: s.xi_c === null ? '∞' : fmt(s.xi_c, 4),
      trainable: s.trainable_depth === null ? '∞' : fmt(s.trainable_depth, 3),
      depth: this.depth,
    });
  }
}
