// The training options, their defaults, and the checks of options and data that run before the
// first step: every bad option or sample is named, with what was expected (see check.ts).

import { checkName, checkNumber, checkSeed, expected, kindOf } from './check.ts';
import type { Dataset } from './datasets.ts';
import { type Loss, type LossName, losses } from './losses.ts';
import type { MLP } from './nn.ts';
import {
  type OptimizerName,
  type OptimizerOptions,
  optimizers,
  type ScheduleName,
  schedules,
} from './optim.ts';
import { DEFAULT_SEED } from './random.ts';

/** How to train. Every setting has a default; together they are micrograd's demo. */
export interface TrainOptions {
  /** A name from `losses`. @default 'hinge' */
  loss?: LossName;
  /** The L2 regularisation strength: the loss gets + l2 · Σ p². @default 1e-4 */
  l2?: number;
  /** @deprecated The old name of `l2`, read for one more version. */
  alpha?: number;
  /** A name from `optimizers`. @default 'sgd' */
  optimizer?: OptimizerName;
  /** Momentum's μ, Adam's β1, β2 and ε; PyTorch's defaults otherwise. */
  optimizerOptions?: OptimizerOptions;
  /** The base learning rate, which the schedule scales. @default 1.0 */
  learningRate?: number;
  /** A name from `schedules`. @default 'linear' (micrograd's 1.0 − 0.9·k/steps) */
  schedule?: ScheduleName;
  /** How many steps to take; `Infinity` is allowed with the constant schedule. @default 100 */
  steps?: number;
  /**
   * Samples per step, drawn afresh each step as micrograd's `loss(batch_size)` does
   * (the first `batchSize` of a seeded permutation). A size ≥ the training set means full batch.
   * @default Infinity (full batch)
   */
  batchSize?: number;
  /**
   * The fraction of samples held out as a test set, chosen by a seeded permutation (the first
   * ⌈fraction · n⌉ of it, as scikit-learn's train_test_split). @default 0 (no test set)
   */
  testFraction?: number;
  /** Seeds the NumPy-compatible generator behind the split and the minibatches. @default 1337 */
  seed?: number;
  /**
   * How gradients are computed. `'object'` builds a graph of Values every step. `'auto'` records
   * one sample's graph per label with `compileLanes()` and runs it across the batch as lanes: full
   * batches and minibatches, every loss; the loss is the object engine's bit for bit, the gradients
   * agree with it to about 1e-15 relative (sums over the batch add in another order); a graph the
   * lanes cannot record falls back to the object engine. `'tape'` records the whole batch's graph
   * once with `compile()` and replays it, the object engine's numbers bit for bit; it needs full
   * batches (a minibatch changes the labels baked into the graph) and a loss `compile()` accepts
   * (`cross-entropy` shifts its logits by a data-dependent maximum, which it refuses).
   * @default 'auto'
   */
  engine?: EngineName;
}

/** The names `TrainOptions.engine` accepts, each with one line for menus and `--help`. */
export const engines = {
  auto: "one sample's graph run across the batch as lanes, full batches and minibatches",
  tape: "record the whole batch's graph once and replay it (full batches only)",
  object: 'build a graph of Values every step',
} as const satisfies Readonly<Record<string, string>>;

/** An engine's name: `'auto' | 'tape' | 'object'`. */
export type EngineName = keyof typeof engines;

/** The defaults of `TrainOptions`: micrograd's demo. */
export const trainDefaults = {
  loss: 'hinge',
  l2: 1e-4,
  optimizer: 'sgd',
  learningRate: 1.0,
  schedule: 'linear',
  steps: 100,
  testFraction: 0,
  seed: DEFAULT_SEED,
  engine: 'auto',
} as const satisfies TrainOptions;

/** The options with every default filled in (and `alpha` read into `l2`). */
export type ResolvedTrainOptions = Readonly<Required<Omit<TrainOptions, 'alpha'>>>;

/** Fills in the defaults and checks every option; `call` names the caller in messages. */
export function resolveOptions(call: string, options: TrainOptions): ResolvedTrainOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(expected(call, 'an options object', options));
  }
  const { alpha, ...given } = definedOnly(options);
  if (alpha !== undefined && given.l2 !== undefined) {
    throw new TypeError(
      `${call}: expected l2 or its deprecated alias alpha, not both, got l2 ${given.l2} and alpha ${alpha}`,
    );
  }
  const o = {
    ...trainDefaults,
    optimizerOptions: {},
    batchSize: Number.POSITIVE_INFINITY,
    ...(alpha === undefined ? {} : { l2: alpha }),
    ...given,
  };
  checkName(call, 'loss', o.loss, Object.keys(losses));
  checkName(call, 'optimizer', o.optimizer, Object.keys(optimizers));
  checkName(call, 'schedule', o.schedule, Object.keys(schedules));
  checkName(call, 'engine', o.engine, Object.keys(engines));
  checkNumber(call, 'l2', o.l2, (x) => x >= 0, 'a number >= 0');
  checkNumber(call, 'learningRate', o.learningRate, (x) => x > 0, 'a number > 0');
  checkNumber(
    call,
    'steps',
    o.steps,
    (n) =>
      (Number.isInteger(n) && n > 0) ||
      (n === Number.POSITIVE_INFINITY && o.schedule === 'constant'),
    'a positive integer (Infinity only with schedule constant)',
  );
  checkNumber(
    call,
    'batchSize',
    o.batchSize,
    (n) => (Number.isInteger(n) || n === Number.POSITIVE_INFINITY) && n > 0,
    'a positive integer',
  );
  checkNumber(call, 'testFraction', o.testFraction, (x) => x >= 0 && x < 1, 'in [0, 1)');
  checkSeed(call, o.seed);
  return o;
}

/** The options without keys set to `undefined`, so that those keep their defaults. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/** Checks that `data` fits the model and the loss: sizes, finite coordinates, valid labels. */
export function checkData(call: string, data: Dataset, model: MLP, lossName: LossName): void {
  const loss: Loss = losses[lossName];
  if (
    typeof data !== 'object' ||
    data === null ||
    !Array.isArray(data.X) ||
    !Array.isArray(data.y)
  ) {
    throw new TypeError(expected(call, 'data { X: number[][], y: number[] }', data));
  }
  const { X, y } = data;
  if (X.length !== y.length) {
    throw new RangeError(
      `${call}: expected one label per point, got ${X.length} points and ${y.length} labels`,
    );
  }
  if (y.length === 0) throw new RangeError(`${call}: expected at least one sample, got 0`);
  const nout = model.nouts[model.nouts.length - 1] as number;
  if (loss.kind === 'binary' && nout !== 1) {
    throw new RangeError(
      `${call}: expected a model with 1 output for loss ${lossName}, got ${model.architecture}`,
    );
  }
  if (loss.kind === 'multiclass' && nout < 2) {
    throw new RangeError(
      `${call}: expected a model with one output per class (at least 2) for loss ${lossName}, got ${model.architecture}`,
    );
  }
  X.forEach((x, i) => {
    const what = `point ${i} to be an array of ${model.nin} coordinates for ${model.architecture}`;
    if (!Array.isArray(x)) throw new TypeError(expected(call, what, x));
    if (x.length !== model.nin) throw new RangeError(expected(call, what, x));
    x.forEach((xi, j) => {
      checkNumber(call, `coordinate ${j} of point ${i}`, xi, Number.isFinite, 'a finite number');
    });
  });
  y.forEach((label, i) => {
    const ok = (l: number) =>
      loss.kind === 'binary'
        ? l === 0 || l === 1 || l === -1
        : Number.isInteger(l) && l >= 0 && l < nout;
    const what = loss.kind === 'binary' ? '0 or 1 (or -1)' : `a class in 0 … ${nout - 1}`;
    checkNumber(call, `label ${i}`, label, ok, `${what} for loss ${lossName}`);
  });
}

/** Rejects a test fraction that would leave no sample to train on. */
export function checkSplit(call: string, n: number, testFraction: number, nTest: number): void {
  if (nTest >= n) {
    throw new RangeError(
      `${call}: expected testFraction to leave at least one of the ${n} samples for training, got ${kindOf(testFraction)}`,
    );
  }
}
