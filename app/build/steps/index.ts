// The lesson's steps, in the lecture's order.
import { valueStep } from './1-value.ts';
import { byHandStep } from './2-by-hand.ts';
import { backwardStep } from './3-backward.ts';
import { accumulateStep } from './4-accumulate.ts';
import { opsStep } from './5-ops.ts';
import { mlpStep } from './6-mlp.ts';
import { trainStep } from './7-train.ts';
import { moonsStep } from './8-moons.ts';
import type { Step } from './step.ts';

export type { Step, StepId } from './step.ts';

export const steps: readonly Step[] = [
  valueStep,
  byHandStep,
  backwardStep,
  accumulateStep,
  opsStep,
  mlpStep,
  trainStep,
  moonsStep,
];
