/**
 * Numbers for the lessons' drawings and tables: `significant` digits without trailing zeros, and an
 * exponent outside 0.001 ≤ |x| < 100000, so that tiny and huge numbers keep what matters
 * (0.000001 → `1e-6`, 970330390.8196 → `9.703e+8`, 0.70710678 → `0.7071`, 2 → `2`). −0 reads as 0.
 * The same rule as toDot's `significant` option, so the tables say what the graph says.
 */
export function formatNumber(x: number, significant = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const exponent = Math.abs(x) < 1e-3 || Math.abs(Number(x.toPrecision(significant))) >= 1e5;
  const decimals = Math.max(0, significant - 1 - Math.floor(Math.log10(Math.abs(x))));
  const text = exponent ? x.toExponential(significant - 1) : x.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+(?=e|$)/, '') : text;
}

/** The digits toDot is asked for in lesson 1, matching {@link formatNumber}'s default. */
export const SIGNIFICANT_DIGITS = 4;
