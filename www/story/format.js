// Numbers as the story's sentences show them, in the reader's language.

const MINUS = '\u2212';

/** `value` with a typographic minus sign. */
function signed(text) {
  return text.replace(/^-/, MINUS);
}

/**
 * `value` of `kind` as text:
 * - power: a log10 value; far from 0 it reads "10^−11.9", near 0 as the plain number;
 * - factor: two decimals; percent: a share; points: a difference of shares;
 * - count: an integer.
 * `t` supplies the units that differ between languages.
 */
export function formatNumber(value, kind, lang, t) {
  if (!Number.isFinite(value)) return t('number.none');
  const fixed = (digits) =>
    new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  switch (kind) {
    case 'power': {
      if (Math.abs(value) < 2) {
        const plain = 10 ** value;
        return signed(new Intl.NumberFormat(lang, { maximumSignificantDigits: 2 }).format(plain));
      }
      return `10^${signed(value.toFixed(1))}`;
    }
    case 'factor':
      return signed(fixed(2));
    case 'percent':
      return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'points': {
      const points = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(
        value * 100,
      );
      return t('number.points', { value: signed(points) });
    }
    case 'count':
      return String(Math.round(value));
    default:
      return signed(String(value));
  }
}
