export { BackwardStepper } from './backward-stepper.ts';
// isSeed, SEED_RANGE: the one seed check, for callers that read a seed from text (the CLI)
export { isSeed, SEED_RANGE } from './check.ts';
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
export { parseDecimal } from './decimal.ts';
export { detectAnomaly, Value } from './engine.ts';
export type { ParsedExpression } from './expression.ts';
export { ParseError, parseExpression } from './expression.ts';
export type { GradCheckResult } from './grad-check.ts';
export { gradCheck } from './grad-check.ts';
export type { DotOptions } from './graph.ts';
export { DOT_LAYOUT_BUDGET, dotLayoutCost, MAX_DOT_NODES, toDot } from './graph.ts';
export { compileLanes, LaneTape, maxOf } from './lanes.ts';
export { LossLanes } from './loss-lanes.ts';
export type { Loss, LossName } from './losses.ts';
export {
  binaryCrossEntropy,
  hingeLoss,
  l2,
  losses,
  meanSquaredError,
  softmaxCrossEntropy,
} from './losses.ts';
// MODEL_FORMAT, MODEL_VERSION: what a model file's "format" and "version" hold, for tools that
// write or check model files without this library's reader
export { MODEL_FORMAT, MODEL_VERSION, modelFromJSON, modelToJSON } from './model-file.ts';
export type { Activation, MLPOptions, WeightSource } from './nn.ts';
// Module: the base class of Neuron, Layer and MLP, for a learner's own layer (parameters, zeroGrad)
export { activations, Layer, MLP, Module, Neuron } from './nn.ts';
export type {
  Optimizer,
  OptimizerName,
  OptimizerOptions,
  Parameter,
  Schedule,
  ScheduleName,
} from './optim.ts';
export { Adam, Momentum, optimizers, SGD, schedules } from './optim.ts';
// DEFAULT_SEED: the seed every default uses (1337, micrograd's), for a caller's own generator
export { DEFAULT_SEED, NumpyRandom, PythonRandom } from './random.ts';
export type { Edge, ValueLike } from './trace.ts';
export { trace } from './trace.ts';
export type { Evaluation, StepReport, TrainResult } from './train.ts';
export { evaluate, Trainer, train } from './train.ts';
export type { EngineName, TrainOptions } from './train-options.ts';
export { engines, trainDefaults } from './train-options.ts';
