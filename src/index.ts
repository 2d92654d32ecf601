export { detectAnomaly, Value } from './engine.ts';
export type { GradCheckResult } from './grad-check.ts';
export { gradCheck } from './grad-check.ts';
export { MersenneTwister, NumpyRandom, PythonRandom } from './random.ts';
