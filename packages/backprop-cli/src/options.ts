// Flag values: each parser turns the text after a flag into a checked value, or throws commander's
// InvalidArgumentError, which becomes one line naming the flag, the value and what was expected
// (commander ends its own sentence first, so ours starts with a capital).
import { isSeed, SEED_RANGE } from 'backprop';
import { InvalidArgumentError } from 'commander';

/** A parser for whole numbers from `min` up, which says `expected …` otherwise. */
function integerFrom(min: number, expected: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`Expected ${expected}.`);
    }
    return n;
  };
}

export const positiveInteger = integerFrom(1, 'a positive integer');

/** A seed, checked by the library's one seed check. */
export function seed(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!isSeed(n)) throw new InvalidArgumentError(`Expected ${SEED_RANGE}.`);
  return n;
}

export function nonNegativeNumber(text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x < 0) {
    throw new InvalidArgumentError('Expected a number >= 0.');
  }
  return x;
}

export function positiveNumber(text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x <= 0) {
    throw new InvalidArgumentError('Expected a number > 0.');
  }
  return x;
}

export function fraction(text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !(x >= 0 && x < 1)) {
    throw new InvalidArgumentError('Expected a fraction from 0 up to (not including) 1.');
  }
  return x;
}

/** Hidden layer sizes: `16,16` for an MLP 2-16-16-1. */
export function layerSizes(text: string): number[] {
  const sizes = text.split(',').map((s) => Number(s.trim()));
  if (text.trim() === '' || sizes.some((n) => !Number.isSafeInteger(n) || n <= 0)) {
    throw new InvalidArgumentError('Expected comma-separated positive integers, e.g. 16,16.');
  }
  return sizes;
}
