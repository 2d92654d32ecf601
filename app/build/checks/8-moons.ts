// Step 8 (bonus): the learner's engine trained on two moons. Oracle: scikit-learn's labels for
// the 100 points (fixtures/micrograd-demo.json); the check classifies them with the learner's model.
import { microgradDemo } from '../../../fixtures/index.ts';
import { domainOf, gridPoints } from '../../playground/grid.ts';
import type { Check } from './check.ts';
import { fail, text } from './failure.ts';

/** The share of points the bonus must classify correctly. */
export const PASS_ACCURACY = 0.95;
const RESOLUTION = 32;

export const moonsPoints = microgradDemo.X.map(([x, y], i) => ({
  x: x as number,
  y: y as number,
  label: (microgradDemo.y[i] as number) > 0 ? 1 : 0,
}));

type Model = { forward?: unknown };

export const checkMoons: Check = (defined, { passed, alive }) => {
  const model = defined.model as Model | undefined;
  if (typeof model?.forward !== 'function')
    fail('model', text('an MLP'), model, 'Keep the name: const model = new MLP(2, [8, 8, 1]).');
  const score = (x: number[]) => {
    const out = (model.forward as (x: number[]) => unknown).call(model, x) as { data?: unknown };
    return Number(out?.data);
  };
  const right = microgradDemo.X.filter(
    (x, i) => score(x) * (microgradDemo.y[i] as number) > 0,
  ).length;
  const accuracy = right / microgradDemo.X.length;
  const scores: number[] = [];
  for (const [k, p] of gridPoints(domainOf(moonsPoints), RESOLUTION).entries()) {
    scores.push(score(p));
    if (k % RESOLUTION === 0) alive();
  }
  const boundary = { scores, resolution: RESOLUTION };
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
