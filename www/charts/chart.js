// The base class of every chart: a high-DPI canvas that redraws only when dirty (and only
// while on screen), a pointer or keyboard cursor, and the hover readout it feeds.
// Values reach the DOM only through textContent.

import { clamp } from './scale.js';
import { MARGIN, FONT, PAPER, onThemeChange } from './theme.js';
import { say } from '../text.js';

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
    this.canvas.setAttribute('aria-label', host.dataset.label || say('chart.fallback_label'));
    this.readout = document.createElement('div');
    this.readout.className = 'readout';
    this.readout.hidden = true;
    host.append(this.canvas, this.readout);
    this.pointer = null;
    this.dirty = true;
    this.size = { width: 0, height: 0, dpr: 1 };
    new ResizeObserver(() => this.invalidate()).observe(host);
    onThemeChange(() => this.invalidate());
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
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, width, height);
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
