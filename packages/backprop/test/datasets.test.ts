import { describe, expect, it } from 'vitest';
import { microgradDemo as demo } from '../../../fixtures/index.ts';
import {
  type Dataset,
  type DatasetName,
  DEFAULT_SEED,
  datasets,
  makeBlobs,
  makeCircles,
  makeMoons,
  makeSpiral,
  makeXor,
  parseCsv,
} from '../src/index.ts';

// Oracle: micrograd's demo data, made by scikit-learn 1.2 (fixtures/README.md).

// the README's promise: coordinates within 1e-15 of scikit-learn's (NumPy's sin, cos and log may
// round differently from Math in the last bit), labels and order exactly
function expectClose(got: number[][], want: number[][], tol = 1e-15): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, i) => {
    row.forEach((x, j) => {
      expect(Math.abs(x - (want[i]?.[j] as number)), `X[${i}][${j}]`).toBeLessThanOrEqual(tol);
    });
  });
}

/** The points of one class. */
function ofClass({ X, y }: Dataset, label: number): number[][] {
  return X.filter((_, i) => y[i] === label);
}

describe('makeMoons()', () => {
  it('makeMoons({ nSamples: 100, noise: 0.1, seed: 1337 }) equals micrograd demo data', () => {
    const { X, y } = makeMoons({ nSamples: 100, noise: 0.1, seed: 1337 });
    expectClose(X, demo.X);
    expect(y).toEqual(demo.y.map((label) => (label + 1) / 2)); // the fixture holds 2y − 1
  });

  // Oracles below: np.random.seed(seed); make_moons(n, noise=noise) / make_circles(...) with
  // scikit-learn 1.2.1 and NumPy 1.24.2 (Debian bookworm).
  it('makeMoons({ nSamples: 7, noise: 0.2, seed: 42 }) equals make_moons(7, noise=0.2)', () => {
    const { X, y } = makeMoons({ nSamples: 7, noise: 0.2, seed: 42 });
    expectClose(X, [
      [0.7776239763906159, 0.06378043693787668],
      [0.055808258440027604, 1.2021030569613054],
      [1.3838243731952968, -0.47105936522006825],
      [-1.1142760331508283, -0.18481656754942088],
      [-0.02250980253872037, -0.17595146730505784],
      [0.16328901619026548, 0.19522480047682778],
      [1.9143907871647532, 0.3515186325761654],
    ]);
    expect(y).toEqual([0, 0, 1, 0, 1, 1, 1]);
  });

  it('makeMoons({ nSamples: 3, noise: 0.3, seed: 5 }) equals make_moons(3, noise=0.3)', () => {
    const { X, y } = makeMoons({ nSamples: 3, noise: 0.3, seed: 5 });
    expectClose(X, [
      [0.8682351040862927, 0.3203903091413376],
      [-0.49670805454974787, 0.14835409481201628],
      [2.080821720346845, 0.49779972691993346],
    ]);
    expect(y).toEqual([0, 1, 1]);
  });

  it('makeMoons() without noise puts class 0 on the upper unit half circle and class 1 on the lower one', () => {
    const data = makeMoons({ nSamples: 51, noise: 0, seed: 3 });
    for (const [x1, x2] of ofClass(data, 0) as [number, number][]) {
      expect(Math.hypot(x1, x2)).toBeCloseTo(1, 12);
      expect(x2).toBeGreaterThanOrEqual(0);
    }
    for (const [x1, x2] of ofClass(data, 1) as [number, number][]) {
      expect(Math.hypot(x1 - 1, x2 - 0.5)).toBeCloseTo(1, 12);
      expect(x2).toBeLessThanOrEqual(0.5);
    }
  });
});

describe('one sample', () => {
  // scikit-learn 1.2: n_samples_out = 1 // 2 = 0, so the one point is class 1's first, at t = 0:
  // make_moons(1, noise=0) gives [[0, 0.5]] (1 − cos 0, 1 − sin 0 − 0.5), make_circles(1) [[0.8, 0]]
  it('makeMoons({ nSamples: 1 }) and makeCircles({ nSamples: 1 }) give class 1’s first point', () => {
    expect(makeMoons({ nSamples: 1, noise: 0 })).toEqual({ X: [[0, 0.5]], y: [1] });
    expect(makeCircles({ nSamples: 1, noise: 0 })).toEqual({ X: [[0.8, 0]], y: [1] });
  });
});

describe('the default seed', () => {
  it('a dataset without a seed uses DEFAULT_SEED, 1337, as the weights and the split do', () => {
    expect(DEFAULT_SEED).toBe(1337);
    // micrograd's demo data is make_moons(100, noise=0.1) after np.random.seed(1337)
    const { X, y } = makeMoons();
    expectClose(X, demo.X);
    expect(y).toEqual(demo.y.map((label) => (label + 1) / 2));
  });
});

describe('makeCircles()', () => {
  it('makeCircles({ nSamples: 7, noise: 0.2, seed: 42 }) equals make_circles(7, noise=0.2)', () => {
    const { X, y } = makeCircles({ nSamples: 7, noise: 0.2, seed: 42 });
    expectClose(X, [
      [0.7776239763906159, 0.06378043693787668],
      [-0.4441917415599722, 1.068128460745744],
      [-0.916175626804703, -0.10503396143562946],
      [-0.6142760331508287, -1.0508419713338593],
      [-0.5225098025387203, 0.9900739364793807],
      [0.9632890161902655, -0.3047751995231722],
      [-0.08560921283524706, -0.9484813674238346],
    ]);
    expect(y).toEqual([0, 0, 1, 0, 1, 1, 1]);
  });

  it('makeCircles() without noise puts class 0 at radius 1 and class 1 at radius 0.8', () => {
    const data = makeCircles({ nSamples: 40, noise: 0, seed: 3 });
    for (const [x1, x2] of ofClass(data, 0) as [number, number][]) {
      expect(Math.hypot(x1, x2)).toBeCloseTo(1, 12);
    }
    for (const [x1, x2] of ofClass(data, 1) as [number, number][]) {
      expect(Math.hypot(x1, x2)).toBeCloseTo(0.8, 12);
    }
  });
});

describe('makeBlobs()', () => {
  it('makeBlobs() centres class 0 at (-1, -1) and class 1 at (1, 1) with spread 0.5', () => {
    const data = makeBlobs({ nSamples: 2000, noise: 0, seed: 7 });
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const std = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    for (const [label, centre] of [
      [0, -1],
      [1, 1],
    ] as const) {
      for (const j of [0, 1]) {
        const xs = ofClass(data, label).map((p) => p[j] as number);
        // 1000 draws: the mean's standard error is 0.5/√1000 ≈ 0.016, so 0.06 is about 4 of them
        expect(Math.abs(mean(xs) - centre)).toBeLessThan(0.06);
        expect(Math.abs(std(xs) - 0.5)).toBeLessThan(0.05);
      }
    }
  });
});

describe('makeSpiral()', () => {
  it('makeSpiral() without noise puts each point at angle 3π·r, plus π for class 1', () => {
    const data = makeSpiral({ nSamples: 60, noise: 0, seed: 3 });
    data.X.forEach(([x1, x2], i) => {
      const r = Math.hypot(x1 as number, x2 as number);
      const t = 3 * Math.PI * r + (data.y[i] as number) * Math.PI;
      expect(r).toBeGreaterThan(0);
      expect(r).toBeLessThanOrEqual(1 + 1e-12);
      expect(x1).toBeCloseTo(r * Math.cos(t), 12);
      expect(x2).toBeCloseTo(r * Math.sin(t), 12);
    });
  });
});

describe('makeXor()', () => {
  it('makeXor() without noise labels 1 exactly where x1 and x2 have opposite signs', () => {
    const data = makeXor({ nSamples: 200, noise: 0, seed: 3 });
    data.X.forEach(([x1, x2], i) => {
      expect(Math.max(Math.abs(x1 as number), Math.abs(x2 as number))).toBeLessThanOrEqual(1);
      expect(data.y[i]).toBe((x1 as number) * (x2 as number) < 0 ? 1 : 0);
    });
  });
});

describe.each(Object.keys(datasets) as DatasetName[])('datasets.%s', (name) => {
  const make = datasets[name];

  it(`${name}() defaults to 100 points`, () => {
    expect(make().X).toHaveLength(100);
  });

  it(`${name}({ nSamples: 9 }) gives 9 points in 2-D, 4 of class 0 and 5 of class 1`, () => {
    const { X, y } = make({ nSamples: 9, seed: 11 });
    expect(X).toHaveLength(9);
    expect(X.every((p) => p.length === 2 && p.every(Number.isFinite))).toBe(true);
    expect([...y].sort()).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1]);
  });

  it(`${name}() is the same for the same seed and differs for another`, () => {
    const options = { nSamples: 20, noise: 0.1, seed: 99 };
    expect(make(options)).toEqual(make(options));
    expect(make(options).X).not.toEqual(make({ ...options, seed: 100 }).X);
  });

  it(`${name}() rejects bad options, naming the option, the value and what was expected`, () => {
    expect(() => make({ nSamples: 0 })).toThrow(
      new RangeError(`${make.name}: expected nSamples to be an integer >= 1, got number 0`),
    );
    expect(() => make({ nSamples: 2.5 })).toThrow(
      /expected nSamples to be an integer >= 1, got number 2.5/,
    );
    expect(() => make({ nSamples: '9' as unknown as number })).toThrow(TypeError);
    expect(() => make({ noise: -0.1 })).toThrow(
      /expected noise to be a finite number >= 0, got number -0.1/,
    );
    expect(() => make({ noise: Number.NaN })).toThrow(
      /expected noise to be a finite number >= 0, got number NaN/,
    );
    // one seed check for the datasets, the training split and NumpyRandom: one message
    expect(() => make({ seed: -1 })).toThrow(
      new RangeError(
        `${make.name}: expected seed to be an integer in [0, 2^32 - 1], got number -1`,
      ),
    );
    expect(() => make({ seed: 0.5 })).toThrow(/expected seed to be an integer .*, got number 0.5/);
  });
});

describe('parseCsv()', () => {
  it('parseCsv() reads rows x1,x2,label after an optional header, skipping blank lines', () => {
    const text = 'x1,x2,label\r\n0.5, -1.25 ,1\n\n-2,3e-1,0\n  \n1e2,.5,1\n';
    expect(parseCsv(text)).toEqual({
      X: [
        [0.5, -1.25],
        [-2, 0.3],
        [100, 0.5],
      ],
      y: [1, 0, 1],
    });
  });

  it('parseCsv() maps labels -1/1 to 0/1', () => {
    expect(parseCsv('1,2,-1\n3,4,1').y).toEqual([0, 1]);
  });

  it('parseCsv() names the line of a row with the wrong number of fields', () => {
    expect(() => parseCsv('1,2,0\n3,4,1\n5,6')).toThrow(
      'line 3: expected 3 comma-separated fields x1,x2,label, got 2',
    );
    expect(() => parseCsv('1,2,0,\n')).toThrow(/^line 1: .* got 4$/);
  });

  it('parseCsv() names the line of a label other than 0, 1 or -1', () => {
    expect(() => parseCsv('x1,x2,label\n1,2,0\n\n3,4,1\n5,6,2')).toThrow(
      'line 5: expected label 0 or 1 (or -1 or 1), got "2"',
    );
    expect(() => parseCsv('1,2,')).toThrow('line 1: expected label 0 or 1 (or -1 or 1), got ""');
  });

  it('parseCsv() names the line and field of a coordinate that is not a finite number', () => {
    expect(() => parseCsv('1,2,0\nabc,4,1')).toThrow(
      'line 2: expected x1 to be a finite decimal number, got "abc"',
    );
    expect(() => parseCsv('1,1e999,0')).toThrow(
      'line 1: expected x2 to be a finite decimal number, got "1e999"',
    );
    expect(() => parseCsv('1,NaN,0')).toThrow(/line 1: expected x2 .* got "NaN"/);
    expect(() => parseCsv(',2,0')).toThrow(/line 1: expected x1 .* got ""/);
    expect(() => parseCsv('0x10,2,0')).toThrow(/line 1: expected x1 .* got "0x10"/);
  });

  it('parseCsv() rejects a file that mixes labels 0 and -1', () => {
    expect(() => parseCsv('1,2,-1\n3,4,1\n5,6,0')).toThrow(
      'line 3: labels mix 0 (line 3) and -1 (line 1); use 0/1 or -1/1',
    );
  });

  it('parseCsv() accepts the header only on the first non-blank line', () => {
    expect(parseCsv('\nx1,x2,label\n1,2,1').y).toEqual([1]);
    expect(() => parseCsv('1,2,1\nx1,x2,label')).toThrow(/line 2: expected x1 .* got "x1"/);
  });

  it('parseCsv() rejects input with no data rows', () => {
    for (const text of ['', '\n\n', 'x1,x2,label\n']) {
      expect(() => parseCsv(text)).toThrow(
        'parseCsv: expected lines of x1,x2,label, got no data rows',
      );
    }
  });
});
