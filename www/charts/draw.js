// Drawing helpers on a 2-D canvas context: axes with grid and titles, lines, legends,
// clipping and the message of an empty chart.

import { MARGIN, FONT, INK, MUTED, GRID, AXIS } from './theme.js';

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
  ctx.strokeStyle = AXIS;
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
