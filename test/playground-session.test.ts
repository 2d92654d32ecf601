// The playground's training session (app/playground/training-session.ts) runs each batch on lanes.
// Oracle: the object engine's full-batch graph, every sample's loss term built as Values through
// the same network and probes, plus the penalties built from Values (|p| = relu(p) + relu(−p)),
// then backward(). The loss, every parameter's grad and every probe's grad must agree to 1e-12.
import { type Activation, MLP, Value } from 'backprop';
import { describe, expect, it } from 'vitest';
import { datasetOf } from '../app/playground/data.ts';
import { GridLanes, gridPoints } from '../app/playground/grid.ts';
import { lossTerm } from '../app/playground/loss-terms.ts';
import { defaults, type PlaygroundState } from '../app/playground/state.ts';
import { TrainingSession } from '../app/playground/training-session.ts';

function onObjects(session: TrainingSession, state: PlaygroundState) {
  const params = session.model.parameters();
  const probes = session.probes.flat();
  const { X, y } = session.train;
  const n = y.length;
  const terms = X.map(([x1 = 0, x2 = 0], i) =>
    lossTerm(session.kind, session.forward(session.featuresOf(x1, x2)), new Value(y[i] as number)),
  );
  let loss = terms.reduce((a, b) => a.add(b)).mul(1 / n);
  const squares = params.map((p) => p.mul(p)).reduce((a, b) => a.add(b));
  const absolutes = params.map((p) => p.relu().add(p.neg().relu())).reduce((a, b) => a.add(b));
  loss = loss.add(squares.mul(state.l2)).add(absolutes.mul(state.l1));
  for (const p of [...params, ...probes]) p.grad = 0;
  loss.backward();
  return { loss: loss.data, grads: [...params, ...probes].map((p) => p.grad) };
}

function worst(got: readonly number[], want: readonly number[]): number {
  const scale = Math.max(...want.map(Math.abs)) * 1e-3;
  return Math.max(
    ...want.map((w, i) => Math.abs((got[i] as number) - w) / Math.max(Math.abs(w), scale)),
  );
}

describe('TrainingSession on lanes', () => {
  const cases: [string, Partial<PlaygroundState>][] = [
    ['moons, hinge, L2', {}],
    [
      'spiral, bce, L1 and L2, relu',
      { dataset: 'spiral', loss: 'bce', l1: 0.01, activation: 'relu' },
    ],
    [
      'circles, cross-entropy, features',
      { dataset: 'circles', loss: 'cross-entropy', features: ['x1', 'x2', 'x1x2', 'x1_sq'] },
    ],
    ['gaussians regression, mse on targets', { dataset: 'gaussians', l1: 0.001 }],
  ];
  it.each(cases)('agrees with the object engine: %s', (_, change) => {
    const state = { ...defaults, layers: [6, 5], ...change } as PlaygroundState;
    const session = new TrainingSession(state, datasetOf(state));
    // a few steps first, so the weights are not the initial ones
    for (let k = 0; k < 3; k++) session.step();
    const got = session.gradients();
    const grads = [...session.model.parameters(), ...session.probes.flat()].map((p) => p.grad);
    const want = onObjects(session, state);
    expect(Math.abs(got.trainLoss - want.loss) / Math.abs(want.loss)).toBeLessThanOrEqual(1e-12);
    expect(worst(grads, want.grads)).toBeLessThanOrEqual(1e-12);
    expect(Math.max(...want.grads.map(Math.abs))).toBeGreaterThan(0);
  });
});

describe('GridLanes', () => {
  it.each(['tanh', 'relu', 'sigmoid', 'linear'] as Activation[])(
    'gives every neuron on every grid point as the object engine: %s',
    (activation) => {
      const model = new MLP(3, [5, 4, 1], { seed: 11, activation });
      const points = gridPoints({ xMin: -2, xMax: 2, yMin: -1, yMax: 3 }, 20); // 400 lanes
      const inputs = points.map(([x1, x2]) => [x1, x2, x1 * x2]);
      const grid = new GridLanes(model, inputs);
      grid.evaluate();
      // the weights change between two pictures: evaluate() reads them afresh
      for (const p of model.parameters()) p.data *= 1.5;
      const maps = grid.evaluate();
      let worstError = 0;
      inputs.forEach((x, i) => {
        let out = x.map((xi) => new Value(xi));
        model.layers.forEach((layer, l) => {
          out = layer.forward(out);
          out.forEach((a, k) => {
            const got = maps[l]?.[k]?.[i] as number;
            // stored as float32: relative 2^-24
            worstError = Math.max(
              worstError,
              Math.abs(got - a.data) / Math.max(Math.abs(a.data), 1),
            );
          });
        });
      });
      expect(maps.map((m) => m.length)).toEqual([5, 4, 1]);
      expect(worstError).toBeLessThanOrEqual(2 ** -23);
    },
  );
});
