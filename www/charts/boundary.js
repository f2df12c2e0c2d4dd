// Decision boundary of 2-D data: each grid cell coloured by its predicted class, lighter
// where the network is unsure, with the training points on top.

import { Chart, emptyMessage, CATEGORICAL, formatValue, INK } from './axes.js';

export class Boundary extends Chart {
  /** @param run the Run whose boundary and points are drawn */
  set(run) {
    this.run = run;
    this.invalidate();
  }

  draw(ctx, width, height) {
    const run = this.run;
    if (!run || !run.latest) return emptyMessage(ctx, width, height, 'no steps yet');
    const b = run.boundary;
    if (!b) return emptyMessage(ctx, width, height, run.points === null ? 'not a 2-D data set' : 'computing…');
    const side = Math.min(width, height) - 8;
    const left = (width - side) / 2;
    const top = (height - side) / 2;
    const [x0, x1, y0, y1] = b.extent;
    const res = b.resolution;
    const cell = side / res;
    for (let r = 0; r < res; r++) {
      for (let c = 0; c < res; c++) {
        const i = r * res + c;
        ctx.fillStyle = CATEGORICAL[b.class[i] % CATEGORICAL.length];
        // Confidence from 1/classes … 1 maps to a faint … strong tint.
        ctx.globalAlpha = 0.12 + 0.45 * Math.max(0, Math.min(1, (b.confidence[i] - 0.5) * 2));
        ctx.fillRect(left + c * cell, top + r * cell, cell + 0.6, cell + 0.6);
      }
    }
    ctx.globalAlpha = 1;
    const px = (x) => left + ((x - x0) / (x1 - x0)) * side;
    const py = (y) => top + ((y1 - y) / (y1 - y0)) * side;
    const pts = run.points;
    if (pts) {
      ctx.lineWidth = 1;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      for (let i = 0; i < pts.class.length; i++) {
        ctx.fillStyle = CATEGORICAL[pts.class[i] % CATEGORICAL.length];
        ctx.beginPath();
        ctx.arc(px(pts.xy[2 * i]), py(pts.xy[2 * i + 1]), 3, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
    ctx.strokeStyle = INK;
    ctx.strokeRect(left + 0.5, top + 0.5, side, side);
    const p = this.pointer;
    if (!p || p.x < left || p.x >= left + side || p.y < top || p.y >= top + side) return null;
    const c = Math.floor((p.x - left) / cell);
    const r = Math.floor((p.y - top) / cell);
    const i = r * res + c;
    const x = x0 + ((p.x - left) / side) * (x1 - x0);
    const y = y1 - ((p.y - top) / side) * (y1 - y0);
    return { x: p.x, y: p.y, text: `(${formatValue(x)}, ${formatValue(y)}): class ${b.class[i]}, p = ${formatValue(b.confidence[i])}` };
  }
}
