// The training loop of micrograd's demo, shared by the CLI, the notebooks and the app:
// forward, backward, update, one step at a time, with every choice given by name.

import { compile } from './compile.ts';
import type { Dataset } from './datasets.ts';
import { kindOf, type Value } from './engine.ts';
import { type Loss, type LossName, l2, losses } from './losses.ts';
import { DEFAULT_SEED, MLP } from './nn.ts';
import {
  type Optimizer,
  type OptimizerName,
  type OptimizerOptions,
  optimizers,
  type ScheduleName,
  schedules,
} from './optim.ts';
import { NumpyRandom } from './random.ts';

/** How to train. Every setting has a default; together they are micrograd's demo. */
export interface TrainOptions {
  /** A name from `losses`. @default 'hinge' */
  loss?: LossName;
  /** The L2 regularisation strength: the loss gets + alpha · Σ p². @default 1e-4 */
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
   * How gradients are computed. `'object'` builds a graph of Values every step. `'tape'` records
   * that graph once with `compile()` and replays it over typed arrays, with the same numbers, bit
   * for bit, many times faster; it needs a graph that stays the same from step to step, so full
   * batches (a minibatch changes the labels baked into the graph) and a loss `compile()` accepts
   * (`cross-entropy` shifts its logits by a data-dependent maximum, which it refuses). `'auto'` takes
   * the tape where it can and the object engine elsewhere.
   * @default 'auto'
   */
  engine?: (typeof engines)[number];
}

/** The names `TrainOptions.engine` accepts. */
export const engines = ['auto', 'tape', 'object'] as const;

/** The defaults of `TrainOptions`: micrograd's demo. */
export const trainDefaults = {
  loss: 'hinge',
  alpha: 1e-4,
  optimizer: 'sgd',
  learningRate: 1.0,
  schedule: 'linear',
  steps: 100,
  testFraction: 0,
  seed: DEFAULT_SEED,
  engine: 'auto',
} as const satisfies TrainOptions;

/** A model's loss and accuracy on some samples: what `evaluate()` returns. */
export interface Evaluation {
  /** The loss: data loss + L2. */
  loss: number;
  /** The loss without the L2 term. */
  dataLoss: number;
  /** The fraction of the samples classified right. */
  accuracy: number;
}

/** What one step measured on its batch, before its update. */
export interface StepReport extends Evaluation {
  /** The step's number, 0 first (micrograd's k). */
  step: number;
  /** The learning rate this step's update used. */
  learningRate: number;
  /** The same measurements on the test set, with the same parameters (when there is a test set). */
  test?: Evaluation;
}

/**
 * Trains a model one step at a time: what the app calls on each animation frame, and what
 * `train()` calls in a loop.
 *
 * @example
 * const trainer = new Trainer(model, makeMoons({ seed: 1337 }), { learningRate: 0.5 });
 * const report = trainer.step(); // { step: 0, loss: …, accuracy: …, learningRate: 0.5 }
 */
export class Trainer {
  readonly model: MLP;
  /** The options with every default filled in. */
  readonly options: Readonly<Required<TrainOptions>>;
  /** The samples trained on. */
  readonly trainSet: Dataset;
  /** The held-out samples; empty when `testFraction` is 0. */
  readonly testSet: Dataset;
  readonly optimizer: Optimizer;
  private readonly loss: Loss;
  private readonly random: NumpyRandom;
  private k = 0;
  // made at the first step that needs them
  private measureTrain?: Measure;
  private measureTest?: Measure;

  /**
   * @param data points `X` and class labels `y`: 0/1 for the binary losses (−1/+1 also works, as
   *   micrograd's demo uses), 0 … k − 1 for `'cross-entropy'` with a k-output model.
   */
  constructor(model: MLP, data: Dataset, options: TrainOptions = {}) {
    if (!(model instanceof MLP))
      throw new TypeError(`Trainer: expected an MLP, got ${kindOf(model)}`);
    this.model = model;
    this.options = resolveOptions(options);
    const { loss, optimizer, optimizerOptions, seed, testFraction } = this.options;
    this.loss = losses[loss];
    checkData(data, model, this.loss, loss);
    this.random = new NumpyRandom(seed);
    [this.trainSet, this.testSet] = split(data, testFraction, this.random);
    const { engine, batchSize } = this.options;
    if (engine === 'tape' && batchSize < this.trainSet.y.length) {
      throw new RangeError(
        `Trainer: engine 'tape' replays one graph, so it needs full batches; batchSize ${batchSize} ` +
          `is less than the ${this.trainSet.y.length} training samples (use engine 'auto' or 'object')`,
      );
    }
    this.optimizer = optimizers[optimizer](model.parameters(), optimizerOptions);
  }

  /** How many steps have been taken. */
  get stepCount(): number {
    return this.k;
  }

  /** True once `options.steps` steps have been taken. */
  get done(): boolean {
    return this.k >= this.options.steps;
  }

  /** One step of gradient descent on one batch: forward, backward, update. */
  step(): StepReport {
    const { steps, schedule, learningRate: baseRate, alpha } = this.options;
    if (this.done) {
      throw new RangeError(
        `Trainer.step: all ${steps} steps are taken; raise options.steps for more`,
      );
    }
    const k = this.k;
    // forward and backward: the loss, and its gradient in every parameter's grad
    const batch = this.nextBatch();
    let measured: Evaluation;
    if (batch === this.trainSet) {
      this.measureTrain ??= this.measurer(this.trainSet);
      measured = this.measureTrain(true);
    } else {
      measured = measure(this.model, batch, this.loss, alpha, { backward: true });
    }
    const learningRate = schedules[schedule](baseRate, k, steps);
    const report: StepReport = { step: k, ...measured, learningRate };
    if (this.testSet.y.length > 0) {
      // with the parameters the step started from, like the training loss
      this.measureTest ??= this.measurer(this.testSet);
      report.test = this.measureTest(false);
    }
    // update
    this.optimizer.step(learningRate);
    this.k += 1;
    return report;
  }

  /** Measures on a fixed dataset with the engine the options ask for. */
  private measurer(data: Dataset): Measure {
    const { engine, alpha } = this.options;
    const onObjects: Measure = (backward) =>
      measure(this.model, data, this.loss, alpha, { backward });
    if (engine === 'object') return onObjects;
    try {
      return tapeMeasure(this.model, data, this.loss, alpha);
    } catch (error) {
      if (engine !== 'tape') return onObjects;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Trainer: engine 'tape' cannot record loss ${this.options.loss}: ${reason}`, {
        cause: error,
      });
    }
  }

  /** The whole training set, or a fresh random batch of `batchSize` samples from it. */
  private nextBatch(): Dataset {
    const n = this.trainSet.y.length;
    if (this.options.batchSize >= n) return this.trainSet;
    // micrograd: ri = np.random.permutation(X.shape[0])[:batch_size]
    return pick(this.trainSet, this.random.permutation(n).slice(0, this.options.batchSize));
  }
}

/** What `train()` returns. */
export interface TrainResult {
  /** One report per step taken. */
  history: StepReport[];
  /**
   * Why training ended: all steps taken, the callback returned false, the target loss was met, or
   * the loss stopped being a finite number (a learning rate too large, usually).
   */
  stoppedBy: 'steps' | 'callback' | 'targetLoss' | 'diverged';
}

/**
 * Trains `model` on `data` for `options.steps` steps (micrograd's demo unless told otherwise).
 *
 * @param options.onStep called after every step with its report; returning `false` stops training.
 * @param options.targetLoss stop after the first step whose loss is ≤ this.
 * Training also stops after a step whose loss is NaN or infinite (`stoppedBy: 'diverged'`).
 * @example
 * const model = new MLP(2, [16, 16, 1]);
 * const { history } = train(model, makeMoons({ nSamples: 100, noise: 0.1, seed: 1337 }));
 * history.at(-1); // { step: 99, loss: 0.0109…, accuracy: 1, … }
 */
export function train(
  model: MLP,
  data: Dataset,
  options: TrainOptions & {
    onStep?: (report: StepReport) => unknown;
    targetLoss?: number;
  } = {},
): TrainResult {
  const { onStep, targetLoss, ...trainOptions } = options;
  if (targetLoss !== undefined && typeof targetLoss !== 'number') {
    throw new TypeError(`train: expected targetLoss to be a number, got ${kindOf(targetLoss)}`);
  }
  const trainer = new Trainer(model, data, trainOptions);
  const history: StepReport[] = [];
  while (!trainer.done) {
    const report = trainer.step();
    history.push(report);
    if (onStep?.(report) === false) return { history, stoppedBy: 'callback' };
    if (!Number.isFinite(report.loss)) return { history, stoppedBy: 'diverged' };
    if (targetLoss !== undefined && report.loss <= targetLoss)
      return { history, stoppedBy: 'targetLoss' };
  }
  return { history, stoppedBy: 'steps' };
}

/**
 * The loss and accuracy of `model` on `data`, without training: for a loaded model or a test set.
 *
 * @param options.loss @default 'hinge'
 * @param options.alpha @default 1e-4
 */
export function evaluate(
  model: MLP,
  data: Dataset,
  options: { loss?: LossName; alpha?: number } = {},
): Evaluation {
  const resolved = resolveOptions(options);
  const loss = losses[resolved.loss];
  checkData(data, model, loss, resolved.loss);
  return measure(model, data, loss, resolved.alpha);
}

/**
 * micrograd's accuracy: the fraction of samples whose predicted class is their label. For ±1 or
 * 0/1 labels that is `(yi > 0) == (score > 0)`.
 */
function accuracy(loss: Loss, scores: readonly (readonly number[])[], labels: readonly number[]) {
  let right = 0;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as number;
    const want = loss.kind === 'binary' ? (label > 0 ? 1 : 0) : label;
    if (loss.classify(scores[i] as number[]) === want) right += 1;
  }
  return right / labels.length;
}

/**
 * The loss of a batch as a graph of Values: the model's outputs, the data loss and micrograd's L2
 * term on top. `measure` runs it on the object engine every step; `tapeMeasure` records it once.
 */
function lossGraph(
  model: MLP,
  X: readonly (readonly (Value | number)[])[],
  labels: readonly number[],
  loss: Loss,
  alpha: number,
) {
  const outputs = X.map((x) => model.forward(x));
  const dataLoss = loss.compute(outputs, labels);
  const total = alpha === 0 ? dataLoss : dataLoss.add(l2(model.parameters(), alpha));
  return { total, dataLoss, outputs };
}

/** The loss of a batch on the object engine; with `backward`, d(loss)/d(p) in every grad. */
function measure(
  model: MLP,
  batch: Dataset,
  loss: Loss,
  alpha: number,
  options: { backward?: boolean } = {},
): Evaluation {
  // forward
  const { total, dataLoss, outputs } = lossGraph(model, batch.X, batch.y, loss, alpha);
  if (options.backward) {
    // backward
    model.zeroGrad();
    total.backward();
  }
  const scores = outputs.map((o) => o.map((v) => v.data));
  return { loss: total.data, dataLoss: dataLoss.data, accuracy: accuracy(loss, scores, batch.y) };
}

/** Loss and accuracy on a fixed dataset; with `backward`, d(loss)/d(p) in every parameter's grad. */
type Measure = (backward: boolean) => Evaluation;

/**
 * `measure()` on the fast path: the same graph, recorded once by `compile()` with outputs
 * [loss, data loss, every score], then replayed with the parameters' current data at each call.
 */
function tapeMeasure(model: MLP, data: Dataset, loss: Loss, alpha: number): Measure {
  const params = model.parameters();
  const { nin } = model;
  const nout = model.nouts[model.nouts.length - 1] as number;
  const tape = compile(
    (xs) => {
      const X = data.y.map((_, i) => xs.slice(i * nin, (i + 1) * nin));
      const { total, dataLoss, outputs } = lossGraph(model, X, data.y, loss, alpha);
      return [total, dataLoss, ...outputs.flat()];
    },
    data.X.flat(),
    params,
  );
  return (backward) => {
    const total = tape.forward();
    if (backward) {
      for (const p of params) p.grad = 0;
      tape.backward();
    }
    const scores = data.y.map((_, i) =>
      Array.from({ length: nout }, (_, j) => tape.output(2 + i * nout + j)),
    );
    return { loss: total, dataLoss: tape.output(1), accuracy: accuracy(loss, scores, data.y) };
  };
}

/** Splits off the first ⌈fraction · n⌉ samples of a seeded permutation as the test set. */
function split(data: Dataset, fraction: number, random: NumpyRandom): [Dataset, Dataset] {
  if (fraction === 0) return [data, { X: [], y: [] }];
  const n = data.y.length;
  const nTest = Math.ceil(fraction * n);
  if (nTest >= n) {
    throw new RangeError(
      `train: testFraction ${fraction} of ${n} samples leaves no training samples`,
    );
  }
  const order = random.permutation(n);
  return [pick(data, order.slice(nTest)), pick(data, order.slice(0, nTest))];
}

/** The samples at the given indices, in that order. */
function pick(data: Dataset, indices: readonly number[]): Dataset {
  return {
    X: indices.map((i) => data.X[i] as number[]),
    y: indices.map((i) => data.y[i] as number),
  };
}

// ---- checks: every bad option or sample is named, with what was expected

type ResolvedOptions = Trainer['options'];

function resolveOptions(options: TrainOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`train: expected an options object, got ${kindOf(options)}`);
  }
  const o = {
    ...trainDefaults,
    optimizerOptions: {},
    batchSize: Number.POSITIVE_INFINITY,
    ...definedOnly(options),
  };
  checkName('loss', o.loss, Object.keys(losses));
  checkName('optimizer', o.optimizer, Object.keys(optimizers));
  checkName('schedule', o.schedule, Object.keys(schedules));
  checkName('engine', o.engine, engines);
  checkNumber('alpha', o.alpha, o.alpha >= 0, 'a number >= 0');
  checkNumber('learningRate', o.learningRate, o.learningRate > 0, 'a number > 0');
  const stepsOk =
    (Number.isInteger(o.steps) && o.steps > 0) ||
    (o.steps === Number.POSITIVE_INFINITY && o.schedule === 'constant');
  checkNumber(
    'steps',
    o.steps,
    stepsOk,
    'a positive integer (Infinity only with schedule constant)',
  );
  const batchOk = Number.isInteger(o.batchSize) || o.batchSize === Number.POSITIVE_INFINITY;
  checkNumber('batchSize', o.batchSize, batchOk && o.batchSize > 0, 'a positive integer');
  checkNumber(
    'testFraction',
    o.testFraction,
    o.testFraction >= 0 && o.testFraction < 1,
    'in [0, 1)',
  );
  checkNumber(
    'seed',
    o.seed,
    Number.isInteger(o.seed) && o.seed >= 0 && o.seed < 2 ** 32,
    'an integer in [0, 2^32 - 1]',
  );
  return o as ResolvedOptions;
}

/** The options without keys set to `undefined`, so that those keep their defaults. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

function checkName(option: string, name: unknown, choices: readonly string[]): void {
  if (typeof name !== 'string' || !choices.includes(name)) {
    throw new RangeError(
      `train: unknown ${option} ${kindOf(name)}; expected one of ${choices.join(', ')}`,
    );
  }
}

function checkNumber(option: string, x: unknown, ok: boolean, expected: string): void {
  if (typeof x !== 'number' || !ok) {
    throw new RangeError(`train: expected ${option} to be ${expected}, got ${kindOf(x)}`);
  }
}

function checkData(data: Dataset, model: MLP, loss: Loss, lossName: string): void {
  if (
    typeof data !== 'object' ||
    data === null ||
    !Array.isArray(data.X) ||
    !Array.isArray(data.y)
  ) {
    throw new TypeError(`train: expected data { X: number[][], y: number[] }, got ${kindOf(data)}`);
  }
  const { X, y } = data;
  if (X.length !== y.length) {
    throw new RangeError(
      `train: expected one label per point, got ${X.length} points and ${y.length} labels`,
    );
  }
  if (y.length === 0) throw new RangeError('train: expected at least one sample, got 0');
  const nout = model.nouts[model.nouts.length - 1] as number;
  if (loss.kind === 'binary' && nout !== 1) {
    throw new RangeError(
      `train: loss ${lossName} needs a model with 1 output, got ${model.architecture} with ${nout}`,
    );
  }
  if (loss.kind === 'multiclass' && nout < 2) {
    throw new RangeError(
      `train: loss ${lossName} needs one output per class (at least 2), got ${model.architecture}`,
    );
  }
  X.forEach((x, i) => {
    if (!Array.isArray(x) || x.length !== model.nin) {
      throw new RangeError(
        `train: expected point ${i} to have ${model.nin} coordinates for ${model.architecture}, got ${kindOf(x)}`,
      );
    }
    x.forEach((xi, j) => {
      if (typeof xi !== 'number' || !Number.isFinite(xi)) {
        throw new RangeError(
          `train: expected coordinate ${j} of point ${i} to be a finite number, got ${kindOf(xi)}`,
        );
      }
    });
  });
  y.forEach((label, i) => {
    const ok =
      loss.kind === 'binary'
        ? label === 0 || label === 1 || label === -1
        : Number.isInteger(label) && label >= 0 && label < nout;
    if (!ok) {
      const expected = loss.kind === 'binary' ? '0 or 1 (or -1)' : `a class in 0 … ${nout - 1}`;
      throw new RangeError(
        `train: expected label ${i} to be ${expected} for loss ${lossName}, got ${kindOf(label)}`,
      );
    }
  });
}
