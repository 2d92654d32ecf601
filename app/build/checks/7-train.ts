// Step 7: the lecture's training loop. Oracle: the lecture's own run under CPython
// (fixtures/lecture-mlp.json): 20 losses with grads reset before each backward, and the 20 it
// gives when they are not (the lecture's bug), to recognise that mistake.
import type { Check } from './check.ts';
import { close, fail } from './failure.ts';
import { lectureMlp } from './lecture.ts';

const STEPS = 20;

/** Does the learner's run follow `losses` for its first `n` steps (to 1e-6)? */
const follows = (got: number[], losses: number[], n: number) =>
  losses.slice(1, n).every((want, k) => close(got[k + 1], want, 1e-6));

export const checkTrain: Check = (_defined, { reported, passed }) => {
  const want = lectureMlp.zero_grad.losses;
  const got = reported.map((r) => r.loss);
  if (got.length === 0)
    fail(
      'report(k, loss.data)',
      '20 calls',
      'none',
      'Call report(k, loss.data) once per step, inside the loop.',
    );
  if (!close(got[0], want[0] as number)) {
    fail(
      'the loss at step 0',
      want[0],
      got[0],
      'The loss is the sum over the four examples of (yout − ygt)², starting from new Value(0); report it before the update changes the weights.',
    );
  }
  passed.push(`step 0: loss ${want[0]}`);
  for (let k = 1; k < Math.max(STEPS, got.length); k++) {
    if (close(got[k], want[k] as number)) {
      passed.push(`step ${k}: loss ${want[k]}`);
      continue;
    }
    let hint = 'Each step: forward, grads back to 0, backward(), then p.data += -0.1 * p.grad.';
    if (k >= STEPS) hint = `The lecture runs ${STEPS} steps: for (let k = 0; k < ${STEPS}; k++).`;
    else if (got[k] === undefined) hint = `Run ${STEPS} steps and report each one.`;
    else if (follows(got, lectureMlp.no_zero_grad.losses, 5)) {
      hint =
        "Your losses are the lecture's bug: the grads keep accumulating across steps. Set p.grad = 0 for every parameter before loss.backward().";
    } else if ((got[k] as number) > (got[k - 1] as number) && k === 1) {
      hint = 'The loss went up: step against the gradient, p.data += -0.1 * p.grad (minus).';
    }
    fail(`the loss at step ${k}`, k >= STEPS ? 'no more steps' : want[k], got[k], hint);
  }
  return {
    summary: `All ${STEPS} losses match the lecture's, down to ${want[STEPS - 1]}: you have built micrograd.`,
  };
};
