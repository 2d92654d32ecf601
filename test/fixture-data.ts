// The reference data in test/fixtures/ (where each file comes from: its README), read once and
// typed: shared by the tests and the bench.
import { readFileSync } from 'node:fs';

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

/** micrograd's demo notebook run by micrograd itself: data, weights, step-0 grads, 100 steps. */
export interface MicrogradDemo {
  /** 100 moons points (scikit-learn, seed 1337, noise 0.1). */
  X: number[][];
  /** Their labels, ±1. */
  y: number[];
  /** MLP 2-16-16-1's parameters after random.seed(1337), in micrograd's order. */
  initial_parameters: number[];
  /** d(loss)/d(parameter) at step 0 (hinge + 1e-4·L2). */
  grads_step0: number[];
  trajectory: { step: number; loss: number; accuracy: number }[];
}

export const microgradDemo = read('micrograd-demo.json') as MicrogradDemo;

export type Seed = '1337' | '0' | '42';
export interface NumpyStreams {
  random_sample_10: number[];
  normal_10: number[];
  'normal_scale_0.1_7': number[];
  shuffle_arange_100: number[];
  randint_32bit_raw_5: number[];
}
export interface PythonStreams {
  random_10: number[];
  'uniform_-1_1_10': number[];
}

/** Draws from NumPy's legacy RandomState and CPython's random, per seed. */
export const rngStreams = read('rng-streams.json') as {
  numpy: Record<Seed, NumpyStreams>;
  python: Record<Seed, PythonStreams>;
};
