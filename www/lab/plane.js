// The phase diagram's data as the chart draws it: the engine's grid of ξ_c filled in a row
// at a time, the critical line, the trainable-depth boundary 6 ξ_c = depth found on the
// grid, and the cells of "Fill with real runs". Pure data: no canvas here. The axes are the
// lab module's (`phaseAxes`): a plane has none until `load` is given it.

/** Rows × columns of the theory grid; the real-run grid uses the same points. */
export const RESOLUTION = 16;

/** Schoenholz et al.'s trainable depth in units of ξ_c (the engine's TRAINABLE_DEPTH_PER_XI_C). */
export const DEPTH_PER_XI_C = 6;

export class Plane {
  constructor() {
    this.extent = null; // [σ_w² max, σ_b² max] once loaded, with the axes sigmaW2, sigmaB2
    this.clear();
    this.runs = null;
  }

  /** Take the grid's axes from the lab module's exports (www/wasm.js loadLabModule), once. */
  load(lab) {
    if (this.extent) return;
    const { sigmaW2, sigmaB2, extent } = lab.phaseAxes(RESOLUTION);
    Object.assign(this, { sigmaW2, sigmaB2, extent: [extent[0], extent[1]] });
  }

  /** Forget the theory (a new activation). */
  clear() {
    this.xiC = new Float64Array(RESOLUTION * RESOLUTION).fill(NaN);
    this.critical = new Float64Array(RESOLUTION).fill(NaN);
    this.arrived = new Array(RESOLUTION).fill(false);
    this.rows = 0; // rows complete from the bottom up
    this.version = (this.version || 0) + 1;
  }

  /** One row from a worker ({row, xiC, critical}), in any order. */
  addRow({ row, xiC, critical }) {
    this.xiC.set(xiC, row * RESOLUTION);
    this.critical[row] = critical;
    this.arrived[row] = true;
    while (this.rows < RESOLUTION && this.arrived[this.rows]) this.rows += 1;
    this.version += 1;
  }

  /** Nearest grid point to (σ_w², σ_b²): {row, col}. */
  nearest(sigmaW2, sigmaB2) {
    const pick = (axis, v) => axis.reduce((best, a, i) => (Math.abs(a - v) < Math.abs(axis[best] - v) ? i : best), 0);
    return { row: pick(this.sigmaB2, sigmaB2), col: pick(this.sigmaW2, sigmaW2) };
  }

  /**
   * The two branches of 6 ξ_c = depth over the computed rows: `left` (the ordered side,
   * where ξ_c rises through depth/6) and `right` (the chaotic side, where it falls back),
   * each [{sigmaW2, sigmaB2}], found by linear interpolation in ln ξ_c between grid columns.
   */
  trainableBoundary(depth) {
    const target = Math.log(depth / DEPTH_PER_XI_C);
    const left = [];
    const right = [];
    const at = (row, col) => {
      const v = this.xiC[row * RESOLUTION + col];
      return Number.isFinite(v) ? Math.log(Math.max(v, 1e-300)) : Infinity;
    };
    for (let row = 0; row < this.rows; row++) {
      for (let col = 0; col + 1 < RESOLUTION; col++) {
        const a = at(row, col);
        const b = at(row, col + 1);
        if (a < target === b < target) continue;
        const f = Number.isFinite(a) && Number.isFinite(b) ? (target - a) / (b - a) : a < target ? 1 : 0;
        const w = this.sigmaW2[col] + f * (this.sigmaW2[col + 1] - this.sigmaW2[col]);
        (a < target ? left : right).push({ sigmaW2: w, sigmaB2: this.sigmaB2[row] });
      }
    }
    return { left, right };
  }
}
