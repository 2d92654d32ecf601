// Input checks shared by the whole library. Every message has one form,
// `<call>: expected <what>, got <what it got>`; a wrong type is a TypeError, a value of the right
// type outside its range a RangeError.

/** Names a bad input in an error message: `string "3"`, `undefined`, `bigint 3n`. */
export function kindOf(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'string') return `string ${JSON.stringify(x)}`;
  if (typeof x === 'bigint') return `bigint ${x}n`;
  if (typeof x === 'number') return `number ${x}`;
  if (Array.isArray(x)) return `array of length ${x.length}`;
  if (typeof x === 'object') return `object ${x.constructor?.name ?? 'Object'}`;
  return typeof x;
}

/** `call: expected what, got <kindOf(x)>`, the one message form. */
export function expected(call: string, what: string, x: unknown): string {
  return `${call}: expected ${what}, got ${kindOf(x)}`;
}

/**
 * Checks that `x` is a number (TypeError otherwise) for which `ok` holds (RangeError otherwise).
 * @example checkNumber('train', 'steps', 0, (n) => n > 0, 'a positive integer');
 */
export function checkNumber(
  call: string,
  name: string,
  x: unknown,
  ok: (x: number) => boolean,
  what: string,
): asserts x is number {
  if (typeof x !== 'number') throw new TypeError(expected(call, `${name} to be ${what}`, x));
  if (!ok(x)) throw new RangeError(expected(call, `${name} to be ${what}`, x));
}

/** Checks that `x` is a string (TypeError) and one of `choices` (RangeError). */
export function checkName(
  call: string,
  name: string,
  x: unknown,
  choices: readonly string[],
): asserts x is string {
  const what = `${name} to be one of ${choices.join(', ')}`;
  if (typeof x !== 'string') throw new TypeError(expected(call, what, x));
  if (!choices.includes(x)) throw new RangeError(expected(call, what, x));
}

/** What a seed may be: NumPy's `RandomState(seed)` takes an unsigned 32-bit integer. */
export const SEED_RANGE = 'an integer in [0, 2^32 - 1]';

/** True for a seed NumPy accepts: an integer in [0, 2^32 − 1]. */
export function isSeed(x: unknown): x is number {
  return Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 0xffffffff;
}

/** The one seed check of the datasets, the training split and `NumpyRandom`. */
export function checkSeed(call: string, seed: unknown): asserts seed is number {
  checkNumber(call, 'seed', seed, isSeed, SEED_RANGE);
}
