// Oracle: the literals' values written out by hand; the rejected ones are those Number() takes
// but a data file should not (ECMAScript's StringToNumber grammar accepts hex, binary, octal,
// Infinity and blank text).
import { describe, expect, it } from 'vitest';
import { parseCsv, parseDecimal } from '../src/index.ts';

describe('parseDecimal()', () => {
  it.each([
    ['2', 2],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['+3', 3],
    ['1e-3', 0.001],
    ['6.02E23', 6.02e23],
    ['7.', 7],
  ])('parseDecimal(%j) is %d', (text, value) => {
    expect(parseDecimal(text)).toBe(value);
  });

  it.each([
    '',
    ' ',
    '0x10',
    '0b1',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '1_000',
    '1e',
    '.',
    '1 2',
  ])('parseDecimal(%j) is NaN, where Number() gives a number for some', (text) => {
    expect(parseDecimal(text)).toBeNaN();
  });

  it('parseDecimal() keeps −0 and overflows to Infinity', () => {
    expect(Object.is(parseDecimal('-0'), -0)).toBe(true);
    expect(parseDecimal('1e309')).toBe(Number.POSITIVE_INFINITY);
  });

  it('parseCsv() reads its fields with parseDecimal(): hex is refused', () => {
    expect(() => parseCsv('0x10,1,1\n')).toThrow(
      'expected x1 to be a finite decimal number, got "0x10"',
    );
  });
});
