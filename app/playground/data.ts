import { type Dataset, datasets } from 'backprop';
import type { PlaygroundState, Point } from './state.ts';

/** The points a state describes: drawn from its generator, or its own custom points. */
export function datasetOf(state: PlaygroundState): Dataset {
  if (state.dataset === 'custom') {
    return { X: state.points.map((p) => [p.x, p.y]), y: state.points.map((p) => p.label) };
  }
  const generate = datasets[state.dataset];
  return generate({ nSamples: state.samples, noise: state.noise, seed: state.dataSeed });
}

/** A dataset as points to draw. */
export function pointsOf({ X, y }: Dataset): Point[] {
  return X.map(([x = 0, yy = 0], i) => ({ x, y: yy, label: (y[i] as number) > 0 ? 1 : 0 }));
}
