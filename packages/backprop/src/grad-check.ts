import { kindOf } from './check.ts';
import { Value } from './engine.ts';

/** What gradCheck found for each input, in the order the inputs were given. */
export interface GradCheckResult {
  /** f at the given point. */
  value: number;
  /** The gradients backward() computed. */
  analytic: number[];
  /** The gradients estimated by central differences. */
  numeric: number[];
  /** |analytic − numeric| / max(1, |analytic|, |numeric|) for each input: relative for large gradients, absolute near 0. */
  errors: number[];
  /** The largest of `errors`, and the input it belongs to. */
  worst: { index: number; error: number };
}

/**
 * Checks backward() on any function of Values against central differences,
 * (f(x + h) − f(x − h)) / 2h, one input at a time.
 *
 * @example
 * const r = gradCheck(([a, b]) => a.mul(b).tanh(), [0.5, -1.5]);
 * r.worst.error < 1e-6; // true
 */
export function gradCheck(
  f: (inputs: Value[]) => Value,
  point: readonly number[],
  options: { h?: number } = {},
): GradCheckResult {
  const h = options.h ?? 1e-6;
  if (!(h > 0)) throw new RangeError(`gradCheck: expected a positive step h, got ${h}`);
  point.forEach((x, i) => {
    if (typeof x !== 'number') {
      throw new TypeError(`gradCheck: expected input ${i} to be a number, got ${kindOf(x)}`);
    }
  });
  const evaluate = (xs: Value[]) => {
    const out = f(xs);
    if (!(out instanceof Value)) throw new TypeError('gradCheck: expected f to return a Value');
    return out;
  };
  const at = (xs: readonly number[]) => evaluate(xs.map((x) => new Value(x)));

  const inputs = point.map((x, i) => new Value(x, `x${i}`));
  const out = evaluate(inputs);
  out.backward();
  const analytic = inputs.map((x) => x.grad);

  const numeric = point.map((_, i) => {
    const plus = point.map((x, j) => (j === i ? x + h : x));
    const minus = point.map((x, j) => (j === i ? x - h : x));
    return (at(plus).data - at(minus).data) / (2 * h);
  });

  const errors = analytic.map((a, i) => {
    const n = numeric[i] as number;
    return Math.abs(a - n) / Math.max(1, Math.abs(a), Math.abs(n));
  });
  let worst = { index: -1, error: 0 };
  errors.forEach((error, index) => {
    if (index === 0 || error > worst.error || Number.isNaN(error)) worst = { index, error };
  });
  return { value: out.data, analytic, numeric, errors, worst };
}
