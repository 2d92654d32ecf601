export { BackwardStepper } from './backward-stepper.ts';
export { compile, Tape } from './compile.ts';
export type { Dataset, DatasetGenerator, DatasetName, DatasetOptions } from './datasets.ts';
export {
  datasets,
  makeBlobs,
  makeCircles,
  makeMoons,
  makeSpiral,
  makeXor,
  parseCsv,
} from './datasets.ts';
export { detectAnomaly, Value } from './engine.ts';
export type { ParsedExpression } from './expression.ts';
export { ParseError, parseExpression } from './expression.ts';
export type { GradCheckResult } from './grad-check.ts';
export { gradCheck } from './grad-check.ts';
export type { DotOptions, Edge, ValueLike } from './graph.ts';
export { toDot, trace } from './graph.ts';
export type { Loss, LossName } from './losses.ts';
export {
  binaryCrossEntropy,
  hingeLoss,
  l2,
  losses,
  meanSquaredError,
  softmaxCrossEntropy,
} from './losses.ts';
export { MODEL_FORMAT, MODEL_VERSION, modelFromJSON, modelToJSON } from './model-file.ts';
export type { Activation, MLPOptions, WeightSource } from './nn.ts';
export { activations, DEFAULT_SEED, Layer, MLP, Module, Neuron } from './nn.ts';
export type {
  Optimizer,
  OptimizerName,
  OptimizerOptions,
  Parameter,
  Schedule,
  ScheduleName,
} from './optim.ts';
export { Adam, Momentum, optimizers, SGD, schedules } from './optim.ts';
export { MersenneTwister, NumpyRandom, PythonRandom } from './random.ts';
export type { Evaluation, StepReport, TrainOptions, TrainResult } from './train.ts';
export { engines, evaluate, Trainer, train, trainDefaults } from './train.ts';
