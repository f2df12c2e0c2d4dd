// The look every chart shares: margins, font, and the colours of text and grid.

/** Space around the plot area, in CSS pixels. */
export const MARGIN = { left: 62, right: 14, top: 10, bottom: 34 };

/** The font of every label, tick and legend. */
export const FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export const INK = '#1d2433';
export const MUTED = '#5b6475';
export const GRID = '#e3e7ee';
