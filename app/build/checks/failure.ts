// How a check fails: it throws a CheckFailure naming the case, the oracle's answer, the learner's
// answer and a hint; the runner turns it into the message the page shows.
import type { Failure, Outcome } from '../protocol.ts';

export class CheckFailure extends Error {
  /** `extra`: what the page should show even though the check failed (a boundary, an accuracy). */
  constructor(
    readonly failure: Failure,
    readonly extra: Partial<Outcome> = {},
  ) {
    super(`${failure.case}: expected ${failure.expected}, got ${failure.actual}`);
  }
}

export function fail(
  what: string,
  expected: unknown,
  actual: unknown,
  hint: string,
  extra: Partial<Outcome> = {},
): never {
  throw new CheckFailure(
    { case: what, expected: show(expected), actual: show(actual), hint },
    extra,
  );
}

/** The fixtures' tolerance: |got − want| ≤ 1e-9 · max(1, |want|). */
export function close(got: unknown, want: number, tolerance = 1e-9): boolean {
  return typeof got === 'number' && Math.abs(got - want) <= tolerance * Math.max(1, Math.abs(want));
}

/** A learner's value as a reader would want to see it: numbers to 12 significant digits. */
export function show(x: unknown): string {
  if (typeof x === 'number')
    return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
  if (typeof x === 'string') return x.startsWith('«') ? x.slice(1) : JSON.stringify(x);
  if (x === undefined || x === null) return String(x);
  if (Array.isArray(x)) return `[${x.map(show).join(', ')}]`;
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'object' && 'data' in x) return `a Value with data ${show(x.data)}`;
  return `an object (${Object.prototype.toString.call(x).slice(8, -1)})`;
}

/** Text shown as is by `show` (not quoted as a string would be). */
export const text = (s: string) => `«${s}`;
