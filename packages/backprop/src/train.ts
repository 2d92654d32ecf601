// The training loop of micrograd's demo, shared by the CLI, the notebooks and the app:
// forward, backward, update, one step at a time, with every choice given by name.

import { expected } from './check.ts';
import { compile } from './compile.ts';
import type { Dataset } from './datasets.ts';
import type { Value } from './engine.ts';
import { LossLanes } from './loss-lanes.ts';
import { type Loss, l2, losses } from './losses.ts';
import { MLP } from './nn.ts';
import { type Optimizer, optimizers, schedules } from './optim.ts';
import { NumpyRandom } from './random.ts';
import {
  checkData,
  checkSplit,
  type ResolvedTrainOptions,
  resolveOptions,
  type TrainOptions,
} from './train-options.ts';

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
  readonly options: ResolvedTrainOptions;
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
  // engine 'auto' on minibatches: one set of lane tapes, laid out afresh for each batch
  private batchLanes?: LossLanes | undefined;

  /**
   * @param data points `X` and class labels `y`: 0/1 for the binary losses (−1/+1 also works, as
   *   micrograd's demo uses), 0 … k − 1 for `'cross-entropy'` with a k-output model.
   */
  constructor(model: MLP, data: Dataset, options: TrainOptions = {}) {
    if (!(model instanceof MLP)) throw new TypeError(expected('Trainer', 'an MLP', model));
    this.model = model;
    this.options = resolveOptions('Trainer', options);
    const { loss, optimizer, optimizerOptions, seed, testFraction } = this.options;
    this.loss = losses[loss];
    checkData('Trainer', data, model, loss);
    this.random = new NumpyRandom(seed);
    [this.trainSet, this.testSet] = split(data, testFraction, this.random);
    const { engine, batchSize } = this.options;
    if (engine === 'tape' && batchSize < this.trainSet.y.length) {
      throw new RangeError(
        `Trainer: expected full batches for engine 'tape', which replays one graph, got batchSize ` +
          `${batchSize} of ${this.trainSet.y.length} training samples (use engine 'auto' or 'object')`,
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

  /** One step of gradient descent on one batch, as micrograd's demo loop: forward, zero grads, backward, update. */
  step(): StepReport {
    const { steps, schedule, learningRate: baseRate } = this.options;
    if (this.done) {
      throw new RangeError(
        `Trainer.step: all ${steps} steps are taken; raise options.steps for more`,
      );
    }
    const k = this.k;
    const learningRate = schedules[schedule](baseRate, k, steps);
    // forward, zero grads, backward: the batch's loss, and its gradient in every parameter's grad
    const report: StepReport = { step: k, ...this.lossAndGradient(this.nextBatch()), learningRate };
    // the test set's loss, with the parameters the step started from, like the training loss
    if (this.testSet.y.length > 0) {
      this.measureTest ??= this.measurer(this.testSet);
      report.test = this.measureTest(false);
    }
    // update
    this.optimizer.step(learningRate);
    this.k += 1;
    return report;
  }

  /** measure() with backward: on the engine the options ask for (a minibatch: fewer lanes). */
  private lossAndGradient(batch: Dataset): Evaluation {
    if (batch !== this.trainSet) {
      if (this.options.engine === 'auto') {
        this.batchLanes ??= this.lanesOrUndefined();
        if (this.batchLanes !== undefined) return this.batchLanes.measure(batch, true);
      }
      return measure(this.model, batch, this.loss, this.options.l2, { backward: true });
    }
    this.measureTrain ??= this.measurer(this.trainSet);
    return this.measureTrain(true);
  }

  /** Measures on a fixed dataset with the engine the options ask for. */
  private measurer(data: Dataset): Measure {
    const { engine, l2: l2Strength } = this.options;
    const onObjects: Measure = (backward) =>
      measure(this.model, data, this.loss, l2Strength, { backward });
    if (engine === 'object') return onObjects;
    if (engine === 'auto') {
      const lanes = this.lanesOrUndefined();
      return lanes === undefined ? onObjects : (backward) => lanes.measure(data, backward);
    }
    try {
      return tapeMeasure(this.model, data, this.loss, l2Strength);
    } catch (error) {
      if (engine !== 'tape') return onObjects;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Trainer: engine 'tape' cannot record loss ${this.options.loss}: ${reason}`, {
        cause: error,
      });
    }
  }

  /** Lane tapes for the model and its loss, or undefined where compileLanes() refuses them. */
  private lanesOrUndefined(): LossLanes | undefined {
    try {
      return new LossLanes(this.model, this.loss, this.options.l2);
    } catch {
      return undefined;
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
    throw new TypeError(expected('train', 'targetLoss to be a number', targetLoss));
  }
  // the same checks the Trainer makes, first, so that messages name the call made: train
  if (!(model instanceof MLP)) throw new TypeError(expected('train', 'an MLP', model));
  checkData('train', data, model, resolveOptions('train', trainOptions).loss);
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
 * @param options.l2 @default 1e-4 (`alpha`, its deprecated alias, is read too)
 */
export function evaluate(
  model: MLP,
  data: Dataset,
  options: Pick<TrainOptions, 'loss' | 'l2' | 'alpha'> = {},
): Evaluation {
  if (!(model instanceof MLP)) throw new TypeError(expected('evaluate', 'an MLP', model));
  const resolved = resolveOptions('evaluate', options);
  checkData('evaluate', data, model, resolved.loss);
  return measure(model, data, losses[resolved.loss], resolved.l2);
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
  l2Strength: number,
) {
  const outputs = X.map((x) => model.forward(x));
  const dataLoss = loss.compute(outputs, labels);
  const total = l2Strength === 0 ? dataLoss : dataLoss.add(l2(model.parameters(), l2Strength));
  return { total, dataLoss, outputs };
}

/** The loss of a batch on the object engine; with `backward`, d(loss)/d(p) in every grad. */
function measure(
  model: MLP,
  batch: Dataset,
  loss: Loss,
  l2Strength: number,
  options: { backward?: boolean } = {},
): Evaluation {
  // forward
  const { total, dataLoss, outputs } = lossGraph(model, batch.X, batch.y, loss, l2Strength);
  if (options.backward) {
    // zero grads: backward() adds to every grad
    model.zeroGrad();
    // backward
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
function tapeMeasure(model: MLP, data: Dataset, loss: Loss, l2Strength: number): Measure {
  const params = model.parameters();
  const { nin } = model;
  const nout = model.nouts[model.nouts.length - 1] as number;
  const tape = compile(
    (xs) => {
      const X = data.y.map((_, i) => xs.slice(i * nin, (i + 1) * nin));
      const { total, dataLoss, outputs } = lossGraph(model, X, data.y, loss, l2Strength);
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
  checkSplit('Trainer', n, fraction, nTest);
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
