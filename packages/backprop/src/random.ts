// Seeded randomness that reproduces NumPy's and Python's streams bit for bit, so a learner gets
// micrograd's demo data and weights without Python. Generators are passed explicitly, never global.

import { checkNumber, checkSeed } from './check.ts';

/**
 * The seed used everywhere none is given (weights, datasets, the training split): micrograd's demo
 * calls `random.seed(1337)` before building its MLP, so the defaults give the demo's model.
 */
export const DEFAULT_SEED = 1337;

const N = 624; // words of state
const M = 397; // the twist's middle offset
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/**
 * The MT19937 Mersenne Twister core shared by {@link NumpyRandom} and {@link PythonRandom}.
 * Not part of the public surface: use one of those two, which seed it as NumPy and Python do.
 * Port of Matsumoto and Nishimura's mt19937ar.c (2002): `init_genrand`, `init_by_array`,
 * `genrand_int32` and `genrand_res53`. 32-bit arithmetic via Math.imul and the Uint32Array,
 * which stores every value modulo 2^32.
 */
export class MersenneTwister {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /** init_genrand: fills the state from one 32-bit seed (NumPy's legacy seeding). */
  initGenrand(seed: number): void {
    this.mt[0] = seed;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] as number;
      this.mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.index = N;
  }

  /** init_by_array: mixes a key of 32-bit words into the state (Python's `random.seed`). */
  initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] =
        ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] as number) + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] as number;
      mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1] as number;
        i = 1;
      }
    }
    mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial state
    this.index = N;
  }

  /** genrand_int32: the next raw 32-bit word, an integer in [0, 2^32). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++] as number;
    // tempering
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** genrand_res53: a double in [0, 1) from two words, (a >> 5, b >> 6) → (a·2^26 + b) / 2^53. */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** Regenerates all N words of state at once. */
  private twist(): void {
    const mt = this.mt;
    for (let k = 0; k < N; k++) {
      const y = ((mt[k] as number) & 0x80000000) | ((mt[(k + 1) % N] as number) & 0x7fffffff);
      mt[k] = (mt[(k + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}

/**
 * NumPy's legacy `np.random.RandomState(seed)`, the generator behind `np.random.seed(seed)`
 * and hence scikit-learn's datasets.
 *
 * @example
 * const rng = new NumpyRandom(0);
 * rng.randomSample(); // 0.5488135039273248, as np.random.RandomState(0).random_sample()
 */
export class NumpyRandom {
  private readonly mt = new MersenneTwister();
  // the polar method makes normals in pairs; the second waits here for the next call
  private gauss: number | null = null;

  /** @param seed an integer in [0, 2^32 − 1], as NumPy requires. */
  constructor(seed: number) {
    checkSeed('new NumpyRandom', seed);
    this.mt.initGenrand(seed);
  }

  /** The next raw 32-bit word (what `randint(2**32, dtype=np.uint32)` returns on a fresh state). */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** `random_sample()`: a double in [0, 1) with 53 random bits. */
  randomSample(): number {
    return this.mt.nextDouble();
  }

  /**
   * `normal(loc, scale)`: loc + scale · a standard normal draw.
   * Port of NumPy's legacy_gauss (Marsaglia's polar method), which caches the pair's second value.
   */
  normal(loc = 0, scale = 1): number {
    checkNumber('normal', 'scale', scale, (s) => s >= 0, 'a number >= 0');
    return loc + scale * this.gauss01();
  }

  /**
   * `shuffle(array)`: shuffles in place like NumPy's legacy shuffle, a Fisher–Yates pass from
   * the end that swaps element i with a uniform j in [0, i].
   */
  shuffle<T>(array: T[]): void {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.interval(i);
      [array[i], array[j]] = [array[j] as T, array[i] as T];
    }
  }

  /** `permutation(n)`: 0 … n − 1 in the order NumPy's legacy `permutation(n)` gives them. */
  permutation(n: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    this.shuffle(order);
    return order;
  }

  private gauss01(): number {
    if (this.gauss !== null) {
      const cached = this.gauss;
      this.gauss = null;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0); // a point strictly inside the unit circle, not the centre
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    return f * x2;
  }

  /**
   * A uniform integer in [0, max] for max < 2^32. Port of NumPy's random_interval:
   * mask the word down to max's bit length and reject values above max.
   */
  private interval(max: number): number {
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do {
      value = (this.mt.nextUint32() & mask) >>> 0;
    } while (value > max);
    return value;
  }
}

/**
 * Python's `random` module after `random.seed(seed)`, the generator micrograd uses for its
 * initial weights.
 *
 * @example
 * const rng = new PythonRandom(1337);
 * rng.uniform(-1, 1); // as random.seed(1337); random.uniform(-1, 1)
 */
export class PythonRandom {
  private readonly mt = new MersenneTwister();

  /** @param seed any safe integer; like Python, its absolute value seeds the generator. */
  constructor(seed: number) {
    // Python's own range, wider than NumPy's: any integer (a safe one here)
    checkNumber('new PythonRandom', 'seed', seed, Number.isSafeInteger, 'a safe integer');
    // Python's random_seed: init_by_array of |seed|'s 32-bit words, least significant first
    const key: number[] = [];
    let rest = Math.abs(seed);
    do {
      key.push(rest % 2 ** 32);
      rest = Math.floor(rest / 2 ** 32);
    } while (rest > 0);
    this.mt.initByArray(key);
  }

  /** `random()`: a double in [0, 1) with 53 random bits. */
  random(): number {
    return this.mt.nextDouble();
  }

  /** `uniform(a, b)`: a + (b − a) · random(), a double between a and b. */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }
}
