// Decision boundary of 2-D data: each grid cell coloured by its predicted class, lighter
// where the network is unsure, with the training points on top.

import { Chart } from './chart.js';
import { emptyMessage } from './draw.js';
import { formatValue } from './format.js';
import { CATEGORICAL } from './palette.js';
import { INK, PAPER, TINT } from './theme.js';
import { say } from '../text.js';

/** A `#rrggbb` colour as [r, g, b]. */
const rgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
const RGB = CATEGORICAL.map(rgb);

export class Boundary extends Chart {
  /** @param run the Run whose boundary and points are drawn */
  set(run) {
    // Redraw only when there is something new to show: the boundary arrives a few times
    // a second, not with every statistics message.
    const key = run && [run.boundary, run.points, Boolean(run.latest)];
    if (this.run === run && this.key && key.every((v, i) => v === this.key[i])) return;
    this.run = run;
    this.key = key;
    this.invalidate();
  }

  /** The grid as a res×res bitmap: class colour mixed with the paper (white, or dark in the
   * dark theme), stronger when sure. Cached per boundary object and paper; drawn scaled, so
   * cells blend without seams. */
  image(b) {
    if (this.cached && this.cached.boundary === b && this.cached.paper === PAPER) return this.cached.canvas;
    const paper = rgb(PAPER);
    const res = b.resolution;
    const canvas = document.createElement('canvas');
    canvas.width = res;
    canvas.height = res;
    const g = canvas.getContext('2d');
    const img = g.createImageData(res, res);
    for (let i = 0; i < res * res; i++) {
      const colour = RGB[b.class[i] % RGB.length];
      // Confidence from chance (1/classes, ≈ 0.5 or less) to 1 maps to a faint … strong tint.
      const strength = TINT * (0.15 + 0.5 * Math.max(0, Math.min(1, (b.confidence[i] - 0.5) * 2)));
      for (let c = 0; c < 3; c++) img.data[4 * i + c] = Math.round(paper[c] + (colour[c] - paper[c]) * strength);
      img.data[4 * i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    this.cached = { boundary: b, paper: PAPER, canvas };
    return canvas;
  }

  draw(ctx, width, height) {
    const run = this.run;
    if (!run || !run.latest) return emptyMessage(ctx, width, height, say('chart.empty.no_steps'));
    const b = run.boundary;
    if (!b)
      return emptyMessage(
        ctx,
        width,
        height,
        say(run.points === null ? 'chart.empty.not_2d' : 'chart.empty.computing'),
      );
    const side = Math.min(width, height) - 8;
    const left = (width - side) / 2;
    const top = (height - side) / 2;
    const [x0, x1, y0, y1] = b.extent;
    const res = b.resolution;
    const cell = side / res;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.image(b), left, top, side, side);
    const px = (x) => left + ((x - x0) / (x1 - x0)) * side;
    const py = (y) => top + ((y1 - y) / (y1 - y0)) * side;
    const pts = run.points;
    if (pts) {
      ctx.lineWidth = 1;
      ctx.strokeStyle = PAPER;
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
    return {
      x: p.x,
      y: p.y,
      text: say('chart.readout.class', {
        x: formatValue(x),
        y: formatValue(y),
        class: b.class[i],
        p: formatValue(b.confidence[i]),
      }),
    };
  }
}
