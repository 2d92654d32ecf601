import type { StepId } from '../steps/index.ts';
import { checkValue } from './1-value.ts';
import { checkByHand } from './2-by-hand.ts';
import { checkAccumulate, checkBackward } from './3-backward.ts';
import { checkOps } from './5-ops.ts';
import { checkMlp } from './6-mlp.ts';
import { checkTrain } from './7-train.ts';
import { checkMoons, watchMoons } from './8-moons.ts';
import type { Check, Watcher } from './check.ts';

export type { Check, CheckContext, Watcher } from './check.ts';
export { CheckFailure } from './failure.ts';

/** The check of each step. */
export const checks: Record<StepId, Check> = {
  value: checkValue,
  'by-hand': checkByHand,
  backward: checkBackward,
  accumulate: checkAccumulate,
  ops: checkOps,
  mlp: checkMlp,
  train: checkTrain,
  moons: checkMoons,
};

/** The steps whose run is watched while it goes (the bonus draws its boundary as it trains). */
export const watchers: Partial<Record<StepId, Watcher>> = { moons: watchMoons };
