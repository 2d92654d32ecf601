// The one syntax for numbers written as text, outside expressions: the CSV reader's fields and the
// command line's `--set x=2` read numbers the same way.

/**
 * The number a decimal literal stands for: an optional sign, digits with an optional point, and an
 * optional exponent (`2`, `-0.5`, `.5`, `+3`, `1e-3`, `6.02E23`). Anything else is NaN, including
 * what JavaScript's Number() would also take: `''` and `' '` (0 there), `0x1f` (31), `0b1`,
 * `Infinity`, `1_000`. A literal too large for a double (`1e309`) gives ±Infinity, so callers that
 * want finite numbers test `Number.isFinite`.
 *
 * @example
 * parseDecimal('-1.5e3'); // -1500
 * parseDecimal('0x10');   // NaN
 */
export function parseDecimal(text: string): number {
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
}
