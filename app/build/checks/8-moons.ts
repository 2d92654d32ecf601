// Step 8 (bonus): the learner's engine trained on two moons. Oracle: scikit-learn's labels for
// the 100 points (fixtures/micrograd-demo.json); the check classifies them with the learner's model.
import { microgradDemo } from '../../../fixtures/index.ts';
import { domainOf, gridPoints } from '../../playground/grid.ts';
import type { Boundary } from '../protocol.ts';
import type { Check, Watcher } from './check.ts';
import { fail, text } from './failure.ts';

/** The share of points the bonus must classify correctly. */
export const PASS_ACCURACY = 0.95;
const RESOLUTION = 32;
/** While training: a coarser boundary every few steps. */
const LIVE_RESOLUTION = 20;
const LIVE_EVERY = 5;

export const moonsPoints = microgradDemo.X.map(([x, y], i) => ({
  x: x as number,
  y: y as number,
  label: (microgradDemo.y[i] as number) > 0 ? 1 : 0,
}));

type Model = { forward?: unknown };

/** The model's score for a point: the data of its output. */
function scoreOf(model: Model, x: number[]): number {
  const out = (model.forward as (x: number[]) => unknown).call(model, x) as { data?: unknown };
  return Number(out?.data);
}

function boundaryOf(model: Model, resolution: number, alive = () => {}): Boundary {
  const scores: number[] = [];
  for (const [k, p] of gridPoints(domainOf(moonsPoints), resolution).entries()) {
    scores.push(scoreOf(model, p));
    if (k % resolution === 0) alive();
  }
  return { scores, resolution };
}

/**
 * While the bonus trains: its MLP class, wrapped to remember each model made, so that every
 * LIVE_EVERY-th report(k, loss) also sends a coarse picture of the newest model's boundary.
 */
export const watchMoons: Watcher = (defined, post) => {
  const MLP = defined.MLP;
  if (typeof MLP !== 'function') return { scope: {}, onReport: () => {} };
  const made: Model[] = [];
  const Watched = class extends (MLP as new (...args: unknown[]) => object) {
    constructor(...args: unknown[]) {
      super(...args);
      made.push(this as Model);
    }
  };
  const onReport = (k: number) => {
    const model = made[made.length - 1];
    if (k % LIVE_EVERY !== 0 || typeof model?.forward !== 'function') return;
    try {
      post({ kind: 'boundary', boundary: boundaryOf(model, LIVE_RESOLUTION) });
    } catch {
      // a model that cannot score yet: the check after training says why
    }
  };
  return { scope: { MLP: Watched }, onReport };
};

export const checkMoons: Check = (defined, { passed, alive }) => {
  const model = defined.model as Model | undefined;
  if (typeof model?.forward !== 'function')
    fail('model', text('an MLP'), model, 'Keep the name: const model = new MLP(2, [8, 8, 1]).');
  const right = microgradDemo.X.filter(
    (x, i) => scoreOf(model, x) * (microgradDemo.y[i] as number) > 0,
  ).length;
  const accuracy = right / microgradDemo.X.length;
  const boundary = boundaryOf(model, RESOLUTION, alive);
  if (accuracy < PASS_ACCURACY) {
    fail(
      'accuracy on the 100 points',
      text(`at least ${PASS_ACCURACY * 100}%`),
      text(`${Math.round(accuracy * 100)}%`),
      'Train longer or check the loss: the mean of (score − label)², then backward and p.data += -0.5 * p.grad, grads reset each step.',
      { boundary, accuracy },
    );
  }
  passed.push(`${right} of 100 points classified correctly`);
  return {
    summary: `Your engine separates the moons: ${Math.round(accuracy * 100)}% correct.`,
    boundary,
    accuracy,
  };
};
