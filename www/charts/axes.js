// Shared chart machinery: a high-DPI canvas that redraws only when dirty, linear and
// log10 (decade) ticks, axes, a colour-blind-safe palette, and a hover readout.
// Every chart draws on a <canvas>; values reach the DOM only through textContent.

/** Space around the plot area, in CSS pixels. */
export const MARGIN = { left: 62, right: 14, top: 10, bottom: 34 };

export const INK = '#1d2433';
export const MUTED = '#5b6475';
export const GRID = '#e3e7ee';
export const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Base class: owns the canvas, its device-pixel sizing, the pointer and the readout.
 * Subclasses implement `draw(ctx, width, height)` and may return from it a readout
 * `{x, y, text}` for the current `this.pointer` (CSS pixels), or null.
 */
export class Chart {
  /** @param {HTMLElement} host element to fill; its aria-label describes the chart */
  constructor(host) {
    this.host = host;
    this.canvas = document.createElement('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', host.dataset.label || 'chart');
    this.readout = document.createElement('div');
    this.readout.className = 'readout';
    this.readout.hidden = true;
    host.append(this.canvas, this.readout);
    this.pointer = null;
    this.dirty = true;
    this.size = { width: 0, height: 0, dpr: 1 };
    new ResizeObserver(() => this.invalidate()).observe(host);
    // Charts scrolled out of view keep their changes pending and draw when they return.
    this.visible = true;
    new IntersectionObserver((entries) => {
      this.visible = entries[entries.length - 1].isIntersecting;
    }).observe(host);
    this.canvas.addEventListener('pointermove', (e) => this.point(e.offsetX, e.offsetY));
    this.canvas.addEventListener('pointerleave', () => this.point(null));
    this.canvas.addEventListener('blur', () => this.point(null));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
  }

  invalidate() {
    this.dirty = true;
  }

  point(x, y) {
    this.pointer = x === null ? null : { x, y };
    this.dirty = true;
  }

  /** Arrow keys move the readout cursor, so the exact values are reachable by keyboard. */
  key(e) {
    const { width, height } = this.size;
    const p = this.pointer || { x: MARGIN.left, y: height / 2 };
    const dx = width / 40;
    const dy = height / 20;
    const moves = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, -dy], ArrowDown: [0, dy] };
    if (e.key === 'Escape') return this.point(null);
    if (!moves[e.key]) return;
    e.preventDefault();
    const [mx, my] = moves[e.key];
    this.point(clamp(p.x + mx, 0, width), clamp(p.y + my, 0, height));
  }

  /** Redraw if anything changed since the last frame. Returns whether it drew. */
  render() {
    if (!this.visible) return false;
    const resized = this.fit();
    if (!this.dirty && !resized) return false;
    this.dirty = false;
    const { width, height, dpr } = this.size;
    if (width < 2 || height < 2) return false;
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = FONT;
    const readout = this.draw(ctx, width, height);
    this.showReadout(readout);
    return true;
  }

  /** Match the canvas's backing store to its CSS size × devicePixelRatio. */
  fit() {
    const dpr = window.devicePixelRatio || 1;
    const width = this.host.clientWidth;
    const height = this.host.clientHeight;
    if (width === this.size.width && height === this.size.height && dpr === this.size.dpr) return false;
    this.size = { width, height, dpr };
    this.canvas.width = Math.max(1, Math.round(width * dpr));
    this.canvas.height = Math.max(1, Math.round(height * dpr));
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    return true;
  }

  showReadout(readout) {
    if (!readout || !this.pointer) {
      this.readout.hidden = true;
      return;
    }
    this.readout.hidden = false;
    this.readout.textContent = readout.text;
    const { width } = this.size;
    const left = readout.x > width * 0.6 ? readout.x - this.readout.offsetWidth - 10 : readout.x + 10;
    this.readout.style.left = `${Math.max(0, left)}px`;
    this.readout.style.top = `${Math.max(0, readout.y - 28)}px`;
  }

  /** Subclasses draw here. */
  draw() {
    return null;
  }
}

/** The plot area inside the margins. */
export function plotBox(width, height, margin = MARGIN) {
  return {
    left: margin.left,
    top: margin.top,
    right: width - margin.right,
    bottom: height - margin.bottom,
    get w() {
      return this.right - this.left;
    },
    get h() {
      return this.bottom - this.top;
    },
  };
}

/** A linear map from `domain` to `range`, with `invert`. */
export function scale([d0, d1], [r0, r1]) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const f = (v) => r0 + (v - d0) * k;
  f.invert = (r) => (k === 0 ? d0 : d0 + (r - r0) / k);
  f.domain = [d0, d1];
  return f;
}

/** Round ticks (1, 2, 5 × 10^k) covering [min, max], about `count` of them. */
export function linearTicks(min, max, count = 5) {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => raw <= s) || 10 * mag;
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) {
    ticks.push(Number((i * step).toFixed(digits)));
  }
  return ticks;
}

/** Whole layer numbers to label, always including layer 1 and the output layer (whose
 * label is wider, so the tick before it is dropped when it would crowd it). */
export function layerTicks(layers, widthPx) {
  const ticks = linearTicks(1, layers, Math.min(layers - 1, Math.max(2, Math.floor(widthPx / 40)))).filter(
    (v) => Number.isInteger(v) && v < layers,
  );
  const spacing = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  if (spacing === 2) {
    // Odd layers: 1, 3, 5, … reads better than 1, 4, 6, …
    ticks.splice(0, ticks.length, ...Array.from({ length: Math.floor((layers - 1) / 2) + 1 }, (_, i) => 1 + 2 * i));
  }
  while (ticks.length && layers - ticks[ticks.length - 1] < spacing * 0.9) ticks.pop();
  while (ticks.length && ticks[0] - 1 < spacing * 0.6) ticks.shift();
  return [1, ...ticks, layers].filter((v, i, all) => i === 0 || v > all[i - 1]);
}

/**
 * Ticks for an axis whose values are already log10: every decade (every 2nd, 5th… when
 * there are many); when the range holds fewer than two decades, also 2× and 5×.
 * Returns [{value, label, major}].
 */
export function decadeTicks(min, max) {
  const lo = Math.floor(min);
  const hi = Math.ceil(max);
  const span = hi - lo;
  const every = span > 24 ? 5 : span > 12 ? 2 : 1;
  const plain = lo >= -2 && hi <= 2;
  const ticks = [];
  for (let k = lo; k <= hi; k++) {
    if (k >= min - 1e-9 && k <= max + 1e-9 && k % every === 0) ticks.push({ value: k, label: tickLabel(1, k, plain), major: true });
    if (max - min < 2) {
      for (const m of [2, 5]) {
        const v = k + Math.log10(m);
        if (v >= min && v <= max) ticks.push({ value: v, label: tickLabel(m, k, plain), major: false });
      }
    }
  }
  return ticks.sort((a, b) => a.value - b.value);
}

/** m·10^k as a plain number (for axes that stay within 0.01 … 100) or as "2·10⁻⁵". */
function tickLabel(m, k, plain) {
  if (plain) return String(Number((m * 10 ** k).toPrecision(3)));
  return m === 1 ? pow10(k) : `${m}·${pow10(k)}`;
}

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** "10⁻³" for k = −3; "1" for 0, "10" for 1. */
export function pow10(k) {
  if (k === 0) return '1';
  if (k === 1) return '10';
  return `10${String(k)
    .split('')
    .map((c) => SUPERSCRIPT[c])
    .join('')}`;
}

/** A value for the readout: 3 significant digits, exponent form when tiny or huge. */
export function formatValue(v) {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e4) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(2).split('e');
  return `${m}×${pow10(Number(e))}`;
}

/** log10 of a positive finite value; NaN otherwise (the point is skipped). */
export function log10(v) {
  return v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN;
}

/**
 * Padded [min, max] of the finite values, at least `minSpan` wide; `fallback` when empty.
 */
export function extent(values, { minSpan = 1, pad = 0.05, fallback = [0, 1] } = {}) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo > hi) return fallback;
  if (hi - lo < minSpan) {
    const mid = (hi + lo) / 2;
    lo = mid - minSpan / 2;
    hi = mid + minSpan / 2;
  }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

/**
 * Grid lines, tick labels and axis titles. `xTicks`/`yTicks`: [{value, label, major?}].
 */
export function drawAxes(ctx, box, x, y, { xTicks, yTicks, xLabel, yLabel }) {
  ctx.save();
  ctx.lineWidth = 1;
  ctx.font = FONT;
  ctx.fillStyle = MUTED;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    const py = Math.round(y(t.value)) + 0.5;
    if (py < box.top - 1 || py > box.bottom + 1) continue;
    ctx.strokeStyle = GRID;
    ctx.globalAlpha = t.major === false ? 0.5 : 1;
    line(ctx, box.left, py, box.right, py);
    ctx.globalAlpha = 1;
    ctx.fillText(t.label, box.left - 6, py);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  let lastRight = -Infinity;
  for (const t of xTicks) {
    const px = Math.round(x(t.value)) + 0.5;
    if (px < box.left - 1 || px > box.right + 1) continue;
    ctx.strokeStyle = GRID;
    line(ctx, px, box.top, px, box.bottom);
    const w = ctx.measureText(t.label).width;
    if (px - w / 2 > lastRight + 4) {
      ctx.fillText(t.label, px, box.bottom + 5);
      lastRight = px + w / 2;
    }
  }
  ctx.strokeStyle = '#9aa3b2';
  line(ctx, box.left + 0.5, box.top, box.left + 0.5, box.bottom);
  line(ctx, box.left, box.bottom + 0.5, box.right, box.bottom + 0.5);
  ctx.fillStyle = INK;
  if (xLabel) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xLabel, (box.left + box.right) / 2, box.bottom + MARGIN.bottom - 1);
  }
  if (yLabel) {
    ctx.translate(10, (box.top + box.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(yLabel, 0, 0);
  }
  ctx.restore();
}

export function line(ctx, x0, y0, x1, y1) {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

/**
 * Stroke a polyline through (xs[i], ys[i]) in pixel space, breaking at non-finite points.
 */
export function polyline(ctx, xs, ys) {
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(xs[i], ys[i]);
    else ctx.moveTo(xs[i], ys[i]);
    pen = true;
  }
  ctx.stroke();
}

/**
 * A row of legend entries (a short line sample + text) from (left, 10), wrapping onto
 * further rows when they would pass `right`. Items: {text, colour, width?, dash?, alpha?}.
 * Returns the height used, so the plot can start below it.
 */
export function drawLegend(ctx, items, left, right) {
  const ROW = 17;
  ctx.save();
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  let px = left;
  let py = 10;
  for (const it of items) {
    const w = 26 + ctx.measureText(it.text).width;
    if (px > left && px + w > right) {
      px = left;
      py += ROW;
    }
    ctx.globalAlpha = it.alpha ?? 1;
    ctx.strokeStyle = it.colour;
    ctx.lineWidth = it.width ?? 2;
    ctx.setLineDash(it.dash ?? []);
    line(ctx, px, py, px + 20, py);
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;
    ctx.fillStyle = INK;
    ctx.fillText(it.text, px + 25, py);
    px += w + 14;
  }
  ctx.restore();
  return py + ROW - 4;
}

/** Clip drawing to the plot area (call inside save/restore). */
export function clip(ctx, box) {
  ctx.beginPath();
  ctx.rect(box.left, box.top - 2, box.w, box.h + 4);
  ctx.clip();
}

/** A short message in the middle of an empty chart. */
export function emptyMessage(ctx, width, height, text) {
  ctx.save();
  ctx.fillStyle = MUTED;
  ctx.font = FONT;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, width / 2, height / 2);
  ctx.restore();
}

// Viridis (perceptually uniform, colour-blind safe), sampled at 9 stops.
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** Viridis at t ∈ [0, 1] as a CSS colour. */
export function viridis(t) {
  const x = clamp(t, 0, 1) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const c = VIRIDIS[i].map((v, j) => Math.round(v + (VIRIDIS[i + 1][j] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Colour of layer `i` (0-based) of `n`: dark (input side) to yellow-green (output). The
 * top of viridis is cut off because pure yellow is hard to see on white. */
export function layerColour(i, n) {
  return viridis(n <= 1 ? 0 : (0.88 * i) / (n - 1));
}

/** Okabe–Ito: a categorical palette distinguishable with colour-vision deficiencies. */
export const CATEGORICAL = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/** Index of the element of sorted `xs` nearest to `x`. */
export function nearestIndex(xs, x) {
  let lo = 0;
  let hi = xs.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[lo] - x) <= Math.abs(xs[hi] - x) ? lo : hi;
}
