// The lecture's tiny data set and its MLP(3, [4, 4, 1]) as a formula over plain numbers: the
// oracle for the outputs of the learner's MLP, given the fixture's initial parameters.
import { lectureMlp } from '../../../fixtures/index.ts';

/** The lecture's four examples and their targets (they are written in its code, not the fixture). */
export const xs = [
  [2.0, 3.0, -1.0],
  [3.0, -1.0, 0.5],
  [0.5, 1.0, 1.0],
  [1.0, 1.0, -1.0],
];
export const ys = [1.0, -1.0, -1.0, 1.0];
export const sizes = [3, 4, 4, 1];

/** tanh(b + Σ wᵢxᵢ) layer by layer, the parameters read in the lecture's order: weights, then bias. */
export function lectureOutput(
  x: readonly number[],
  params = lectureMlp.initial_parameters,
): number {
  let next = 0;
  let act = [...x];
  for (let l = 1; l < sizes.length; l++) {
    act = Array.from({ length: sizes[l] as number }, () => {
      const w = act.map(() => params[next++] as number);
      const b = params[next++] as number;
      return Math.tanh(w.reduce((sum, wi, i) => sum + wi * (act[i] as number), b));
    });
  }
  return act[0] as number;
}

export { lectureMlp };
