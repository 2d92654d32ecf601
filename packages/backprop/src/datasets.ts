// Toy 2-D datasets for binary classification, all with one signature (tensorflow/playground's
// DataGenerator), so the CLI and the app can pick one by name.
//
// How close to scikit-learn: the labels, their order (the shuffle) and every random draw are NumPy's
// exactly; the coordinates agree to within 1e-15, not always to the last bit, because NumPy's
// vectorised sin, cos and log may round differently from JavaScript's Math in the last place.
import { checkNumber, checkSeed, expected } from './check.ts';
import { parseDecimal } from './decimal.ts';
import { DEFAULT_SEED, NumpyRandom } from './random.ts';

/** Points and their labels: `X[i] = [x1, x2]` has label `y[i]`, 0 or 1. */
export interface Dataset {
  X: number[][];
  y: number[];
}

/** Options shared by every generator. */
export interface DatasetOptions {
  /**
   * How many points; class 0 gets ⌊n/2⌋ of them and class 1 the rest, as in scikit-learn.
   * @default 100
   */
  nSamples?: number;
  /**
   * Standard deviation of the Gaussian noise added to every coordinate.
   * @default 0.1
   */
  noise?: number;
  /**
   * Seed of the NumPy-compatible generator, an integer in [0, 2^32 − 1].
   * @default 1337 (`DEFAULT_SEED`, as everywhere in the library)
   */
  seed?: number;
}

/** A dataset generator: `makeMoons`, `makeCircles`, `makeBlobs`, `makeSpiral` or `makeXor`. */
export type DatasetGenerator = (options?: DatasetOptions) => Dataset;

/**
 * Two interleaving half circles: scikit-learn's `make_moons(nSamples, noise=noise)` after
 * `np.random.seed(seed)` (port of sklearn/datasets/_samples_generator.py), with the same labels in
 * the same order and coordinates within 1e-15 of NumPy's.
 * Class 0 is the upper moon (cos t, sin t), class 1 the lower one (1 − cos t, 1 − sin t − 0.5),
 * for t evenly spaced in [0, π].
 *
 * @example
 * const { X, y } = makeMoons({ nSamples: 100, noise: 0.1, seed: 1337 }); // micrograd's demo data
 */
export function makeMoons(options: DatasetOptions = {}): Dataset {
  const { nSamples, noise, rng } = resolve('makeMoons', options);
  const nOut = Math.floor(nSamples / 2);
  const outer = linspace(0, Math.PI, nOut).map((t) => [Math.cos(t), Math.sin(t)]);
  const inner = linspace(0, Math.PI, nSamples - nOut).map((t) => [
    1 - Math.cos(t),
    1 - Math.sin(t) - 0.5,
  ]);
  return shuffleAndJitter(outer, inner, rng, noise);
}

/**
 * A small circle inside a large one: scikit-learn's `make_circles(nSamples, noise=noise)`
 * (factor 0.8) after `np.random.seed(seed)`, labels and order exact, coordinates within 1e-15: class 0 on the unit circle, class 1 on the circle of
 * radius 0.8, each at evenly spaced angles starting at 0.
 */
export function makeCircles(options: DatasetOptions = {}): Dataset {
  const { nSamples, noise, rng } = resolve('makeCircles', options);
  const nOut = Math.floor(nSamples / 2);
  const circle = (n: number, r: number) =>
    linspace(0, 2 * Math.PI, n, false).map((t) => [Math.cos(t) * r, Math.sin(t) * r]);
  return shuffleAndJitter(circle(nOut, 1), circle(nSamples - nOut, 0.8), rng, noise);
}

/**
 * Two round Gaussian clouds of standard deviation 0.5: class 0 around (−1, −1), class 1 around
 * (1, 1). The easy, almost linearly separable case.
 */
export function makeBlobs(options: DatasetOptions = {}): Dataset {
  const { nSamples, noise, rng } = resolve('makeBlobs', options);
  const nOut = Math.floor(nSamples / 2);
  const blob = (n: number, c: number) =>
    Array.from({ length: n }, () => [rng.normal(c, 0.5), rng.normal(c, 0.5)]);
  return shuffleAndJitter(blob(nOut, -1), blob(nSamples - nOut, 1), rng, noise);
}

/**
 * Two interleaved spirals (after tensorflow/playground's spiral): point i = 1..n of a class sits
 * at radius r = i/n and angle 3π·r, one and a half turns out from the centre; class 1 is class 0
 * turned by π. Arms of different classes are 1/3 apart along a ray.
 */
export function makeSpiral(options: DatasetOptions = {}): Dataset {
  const { nSamples, noise, rng } = resolve('makeSpiral', options);
  const nOut = Math.floor(nSamples / 2);
  const arm = (n: number, turn: number) =>
    Array.from({ length: n }, (_, i) => {
      const r = (i + 1) / n;
      const t = 3 * Math.PI * r + turn;
      return [r * Math.cos(t), r * Math.sin(t)];
    });
  return shuffleAndJitter(arm(nOut, 0), arm(nSamples - nOut, Math.PI), rng, noise);
}

/**
 * Exclusive or: points uniform in the square [−1, 1)², class 0 in the quadrants where x1 and x2
 * have the same sign, class 1 where they differ. No single line separates the classes.
 */
export function makeXor(options: DatasetOptions = {}): Dataset {
  const { nSamples, noise, rng } = resolve('makeXor', options);
  const nOut = Math.floor(nSamples / 2);
  const quadrants = (n: number, sign: number) =>
    Array.from({ length: n }, () => {
      const x1 = 2 * rng.randomSample() - 1;
      const x2 = 2 * rng.randomSample() - 1;
      // flip x2 into the class's quadrants: sign(x1·x2) = sign
      return [x1, Math.sign(x1 * x2) === sign ? x2 : -x2];
    });
  return shuffleAndJitter(quadrants(nOut, 1), quadrants(nSamples - nOut, -1), rng, noise);
}

/** Every generator by name, for the CLI's `--dataset` and the app's picker. */
export const datasets = {
  moons: makeMoons,
  circles: makeCircles,
  blobs: makeBlobs,
  spiral: makeSpiral,
  xor: makeXor,
} satisfies Record<string, DatasetGenerator>;

/** A generator's name: `'moons' | 'circles' | 'blobs' | 'spiral' | 'xor'`. */
export type DatasetName = keyof typeof datasets;

/**
 * Reads a user's own 2-D data: one point per line, `x1,x2,label`. An optional first line
 * `x1,x2,label` is a header; blank lines and spaces around fields are ignored. Labels are 0/1,
 * or −1/1 (micrograd's convention), which is mapped to 0/1; a file must use one convention.
 * Throws on the first malformed line, naming its 1-based number, so nothing is half-loaded.
 *
 * @example
 * parseCsv('x1,x2,label\n0.5,1,1\n-2,0,0\n'); // { X: [[0.5, 1], [-2, 0]], y: [1, 0] }
 */
export function parseCsv(text: string): Dataset {
  if (typeof text !== 'string')
    throw new TypeError(expected('parseCsv', 'the text of a CSV', text));
  const X: number[][] = [];
  const y: number[] = [];
  let negativeLine = 0; // first line labelled −1, and first labelled 0: the two must not mix
  let zeroLine = 0;
  let first = true; // only the first non-blank line may be the header
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    const n = i + 1;
    if (line.trim() === '') return;
    const fields = line.split(',').map((f) => f.trim());
    const isHeader = first && fields.join(',').toLowerCase() === 'x1,x2,label';
    first = false;
    if (isHeader) return;
    if (fields.length !== 3) {
      throw new Error(
        `line ${n}: expected 3 comma-separated fields x1,x2,label, got ${fields.length}`,
      );
    }
    const [x1, x2, label] = fields as [string, string, string];
    const point = [parseNumber(x1, 'x1', n), parseNumber(x2, 'x2', n)];
    if (!['0', '1', '-1'].includes(label)) {
      throw new Error(`line ${n}: expected label 0 or 1 (or -1 or 1), got "${label}"`);
    }
    if (label === '-1') negativeLine ||= n;
    if (label === '0') zeroLine ||= n;
    if (negativeLine && zeroLine) {
      throw new Error(
        `line ${n}: labels mix 0 (line ${zeroLine}) and -1 (line ${negativeLine}); use 0/1 or -1/1`,
      );
    }
    X.push(point);
    y.push(label === '1' ? 1 : 0);
  });
  if (X.length === 0) throw new Error('parseCsv: expected lines of x1,x2,label, got no data rows');
  return { X, y };
}

function parseNumber(field: string, name: string, line: number): number {
  // Number('') is 0 and Number('0x1f') is 31: accept only decimal notation
  const x = parseDecimal(field);
  if (!Number.isFinite(x)) {
    throw new Error(`line ${line}: expected ${name} to be a finite decimal number, got "${field}"`);
  }
  return x;
}

/** Validates the options, fills in the defaults and seeds the generator. */
function resolve(caller: string, options: DatasetOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(expected(caller, 'an options object', options));
  }
  const { nSamples = 100, noise = 0.1, seed = DEFAULT_SEED } = options;
  // scikit-learn accepts one sample (it lands in class 1) but not zero
  checkNumber(
    caller,
    'nSamples',
    nSamples,
    (n) => Number.isInteger(n) && n >= 1,
    'an integer >= 1',
  );
  checkNumber(caller, 'noise', noise, (x) => Number.isFinite(x) && x >= 0, 'a finite number >= 0');
  checkSeed(caller, seed);
  return { nSamples, noise, rng: new NumpyRandom(seed) };
}

/**
 * scikit-learn's last two steps, shared by every generator: stack class 0 over class 1, shuffle
 * the rows (`sklearn.utils.shuffle` = NumPy shuffle of the indices), then add
 * `normal(scale=noise)` to each coordinate, row by row.
 */
function shuffleAndJitter(
  class0: number[][],
  class1: number[][],
  rng: NumpyRandom,
  noise: number,
): Dataset {
  const points = [...class0, ...class1];
  const order = rng.permutation(points.length);
  const X = order.map((i) => (points[i] as number[]).map((x) => x + rng.normal(0, noise)));
  const y = order.map((i) => (i < class0.length ? 0 : 1));
  return { X, y };
}

/**
 * numpy.linspace, bit for bit: start + i·step with step = (stop − start) / (num − 1), and the
 * last point set to stop exactly (without endpoint: step = (stop − start) / num, stop excluded).
 */
function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  // with one point and an endpoint, NumPy's step is undefined and it returns [start]
  const step = div > 0 ? (stop - start) / div : 0;
  const ys = Array.from({ length: num }, (_, i) => i * step + start);
  if (endpoint && num > 1) ys[num - 1] = stop;
  return ys;
}
