// Oracle: the message form the brief fixes, `<call>: expected <what>, got <what it got>`.
import { describe, expect, it } from 'vitest';
import { checkName, checkNumber, checkSeed, kindOf } from '../src/check.ts';

describe('kindOf()', () => {
  it('kindOf() names a value by its type and, for scalars, its value', () => {
    expect([null, undefined, '3', 3n, 3, [1, 2], new Map(), {}, () => 1].map(kindOf)).toEqual([
      'null',
      'undefined',
      'string "3"',
      'bigint 3n',
      'number 3',
      'array of length 2',
      'object Map',
      'object Object',
      'function',
    ]);
  });
});

describe('checkNumber()', () => {
  const positive = (x: unknown) => checkNumber('f', 'n', x, (n) => n > 0, 'a number > 0');

  it('checkNumber() throws a TypeError for a wrong type and a RangeError out of range', () => {
    expect(() => positive('1')).toThrow(
      new TypeError('f: expected n to be a number > 0, got string "1"'),
    );
    expect(() => positive(-1)).toThrow(
      new RangeError('f: expected n to be a number > 0, got number -1'),
    );
    expect(() => positive(1)).not.toThrow();
  });
});

describe('checkName()', () => {
  it('checkName() lists the choices; a string outside them is a RangeError, a non-string a TypeError', () => {
    expect(() => checkName('g', 'loss', 'svm', ['hinge', 'mse'])).toThrow(
      new RangeError('g: expected loss to be one of hinge, mse, got string "svm"'),
    );
    expect(() => checkName('g', 'loss', 3, ['hinge'])).toThrow(TypeError);
  });
});

describe('checkSeed()', () => {
  it('checkSeed() accepts the integers 0 … 2^32 − 1, as NumPy does, and nothing else', () => {
    for (const ok of [0, 1337, 2 ** 32 - 1]) expect(() => checkSeed('h', ok)).not.toThrow();
    for (const bad of [-1, 2 ** 32, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkSeed('h', bad)).toThrow(
        new RangeError(`h: expected seed to be an integer in [0, 2^32 - 1], got number ${bad}`),
      );
    }
    expect(() => checkSeed('h', '7')).toThrow(TypeError);
  });
});
