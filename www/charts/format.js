// Numbers as the charts print them: superscript powers of ten and three significant digits.

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
