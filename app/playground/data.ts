// The points a state describes: a classification generator from the library, one of the two
// regression problems below, or the learner's own points.
import { type Dataset, datasets, NumpyRandom } from 'backprop';
import { isRegression, type PlaygroundState, type Point, type RegressionName } from './state.ts';

/** The points a state describes: drawn from its generator, or its own custom points. */
export function datasetOf(state: PlaygroundState): Dataset {
  if (state.dataset === 'custom') {
    return { X: state.points.map((p) => [p.x, p.y]), y: state.points.map((p) => p.label) };
  }
  const options = { nSamples: state.nSamples, noise: state.noise, seed: state.dataSeed };
  if (isRegression(state)) return regressions[state.dataset as RegressionName](options);
  return datasets[state.dataset as keyof typeof datasets](options);
}

/** A dataset as points to draw (classification labels become 0/1; regression targets stay). */
export function pointsOf({ X, y }: Dataset, regression = false): Point[] {
  return X.map(([x = 0, yy = 0], i) => {
    const label = y[i] as number;
    return { x, y: yy, label: regression ? label : label > 0 ? 1 : 0 };
  });
}

type Generator = (options: { nSamples: number; noise: number; seed: number }) => Dataset;

/** Points uniform in [−1, 1)², each with a target from `f` plus noise · a standard normal. */
function sampled(f: (x1: number, x2: number) => number): Generator {
  return ({ nSamples, noise, seed }) => {
    const rng = new NumpyRandom(seed);
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < nSamples; i++) {
      const x1 = 2 * rng.randomSample() - 1;
      const x2 = 2 * rng.randomSample() - 1;
      X.push([x1, x2]);
      y.push(f(x1, x2) + noise * rng.normal());
    }
    return { X, y };
  };
}

/** A bump of height `h` and width 0.35 centred on (cx, cy). */
const bump = (h: number, cx: number, cy: number) => (x1: number, x2: number) =>
  h * Math.exp(-((x1 - cx) ** 2 + (x2 - cy) ** 2) / (2 * 0.35 ** 2));

// up in two opposite quadrants, down in the other two: a smooth XOR
const bumps = [bump(1, -0.5, -0.5), bump(1, 0.5, 0.5), bump(-1, 0.5, -0.5), bump(-1, -0.5, 0.5)];

/** TensorFlow Playground's two regression problems, with targets in about [−1, 1]. */
export const regressions: Record<RegressionName, Generator> = {
  /** A tilted plane: target (x1 + x2) / 2. */
  plane: sampled((x1, x2) => (x1 + x2) / 2),
  /** Four Gaussian bumps, one per quadrant: up in two opposite quadrants, down in the others. */
  gaussians: sampled((x1, x2) => bumps.reduce((sum, f) => sum + f(x1, x2), 0)),
};
