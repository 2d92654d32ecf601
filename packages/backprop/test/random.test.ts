// Oracle: draws made by NumPy's legacy RandomState and CPython's random (fixtures/README.md).
import { describe, expect, it } from 'vitest';
import { rngStreams, type Seed } from '../../../fixtures/index.ts';
import { NumpyRandom, PythonRandom } from '../src/index.ts';

const seeds: Seed[] = ['1337', '0', '42'];

function draws(n: number, draw: () => number): number[] {
  return Array.from({ length: n }, draw);
}

describe.each(seeds)('NumpyRandom(%s)', (seed) => {
  const want = rngStreams.numpy[seed];
  const fresh = () => new NumpyRandom(Number(seed));

  it('nextUint32() gives the raw MT19937 words', () => {
    const rng = fresh();
    expect(draws(5, () => rng.nextUint32())).toEqual(want.randint_32bit_raw_5);
  });

  it('randomSample() gives random_sample() exactly', () => {
    const rng = fresh();
    expect(draws(10, () => rng.randomSample())).toEqual(want.random_sample_10);
  });

  it('normal() gives the legacy polar-method normals exactly, cached second value included', () => {
    const rng = fresh();
    expect(draws(10, () => rng.normal())).toEqual(want.normal_10);
  });

  it('normal(0, 0.1) gives normal(scale=0.1) exactly', () => {
    const rng = fresh();
    expect(draws(7, () => rng.normal(0, 0.1))).toEqual(want['normal_scale_0.1_7']);
  });

  it('shuffle() permutes 0..99 as NumPy shuffle does', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    fresh().shuffle(xs);
    expect(xs).toEqual(want.shuffle_arange_100);
  });

  it('permutation(100) is NumPy’s permutation of 0..99', () => {
    expect(fresh().permutation(100)).toEqual(want.shuffle_arange_100);
  });
});

describe.each(seeds)('PythonRandom(%s)', (seed) => {
  const want = rngStreams.python[seed];

  it('random() gives random.random() exactly', () => {
    const rng = new PythonRandom(Number(seed));
    expect(draws(10, () => rng.random())).toEqual(want.random_10);
  });

  it('uniform(-1, 1) gives random.uniform(-1, 1) exactly', () => {
    const rng = new PythonRandom(Number(seed));
    expect(draws(10, () => rng.uniform(-1, 1))).toEqual(want['uniform_-1_1_10']);
  });
});

describe('seed validation', () => {
  it('new NumpyRandom() rejects seeds outside [0, 2^32 - 1] and non-integers', () => {
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) {
      expect(() => new NumpyRandom(bad)).toThrow(
        new RangeError(
          `new NumpyRandom: expected seed to be an integer in [0, 2^32 - 1], got number ${bad}`,
        ),
      );
    }
    expect(() => new NumpyRandom('1' as unknown as number)).toThrow(TypeError);
    expect(() => new NumpyRandom(2 ** 32 - 1)).not.toThrow();
  });

  it('new PythonRandom() rejects non-integer seeds', () => {
    expect(() => new PythonRandom(0.5)).toThrow(
      new RangeError('new PythonRandom: expected seed to be a safe integer, got number 0.5'),
    );
    expect(() => new PythonRandom(2 ** 60)).toThrow(/safe integer/);
  });

  it('new PythonRandom(-s) equals new PythonRandom(s), as Python seeds with abs()', () => {
    const a = new PythonRandom(-1337);
    expect(draws(10, () => a.random())).toEqual(rngStreams.python['1337'].random_10);
  });

  it('new PythonRandom(2^40 + 5) seeds with both 32-bit words, as CPython 3.11 does', () => {
    // random.seed(2**40 + 5); [random.random() for _ in range(3)] in CPython 3.11.7
    const rng = new PythonRandom(2 ** 40 + 5);
    expect(draws(3, () => rng.random())).toEqual([
      0.5043802970418443, 0.2686044399723282, 0.9257865475671585,
    ]);
  });

  it('normal() rejects a negative scale', () => {
    expect(() => new NumpyRandom(0).normal(0, -1)).toThrow(
      new RangeError('normal: expected scale to be a number >= 0, got number -1'),
    );
  });
});
