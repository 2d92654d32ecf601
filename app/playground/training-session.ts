// One training run of the playground: the library's MLP, its optimizers and its tape (compile),
// plus what the pictures need. No DOM and no messaging here; worker.ts drives it.
//
// Why not the library's Trainer: the playground changes the learning rate, the penalties and the
// batch size between two steps without starting over, adds an L1 penalty, and trains regression
// targets; Trainer takes its options once and class labels only. The step below is Trainer's loop
// (forward, zero grads, backward, update) on a tape (compile) of ONE sample's loss term, replayed
// row by row across the batch, each row's gradient added to the grads: a recording of about a
// thousand nodes serves every batch size, where a whole-batch graph of a 6×32 network would take
// seconds to record. The penalties are a second small tape, added once per batch.
import {
  compile,
  type Dataset,
  MLP,
  NumpyRandom,
  type Optimizer,
  optimizers,
  type Tape,
  Value,
} from 'backprop';
import { type FeatureName, featuresOf } from './features.ts';
import { lossTerm, outputsFor, type TermKind } from './loss-terms.ts';
import type { Measurement } from './protocol.ts';
import { isRegression, type PlaygroundState } from './state.ts';

/**
 * The most nodes a batch's whole graph may have to be recorded as one tape (about 30 MB of tape,
 * a fraction of a second to record); larger batches replay one sample's tape row by row.
 */
const MAX_BATCH_NODES = 400_000;

/** The settings that take effect at the next step, without a reset. */
export type LiveSettings = Pick<
  PlaygroundState,
  'learningRate' | 'l2' | 'l1' | 'batchSize' | 'optimizer'
>;

/** A dataset as the network sees it: one row of features and one label per point. */
interface Rows {
  inputs: number[][];
  labels: number[];
}

export class TrainingSession {
  readonly model: MLP;
  readonly kind: TermKind;
  readonly train: Dataset;
  readonly test: Dataset;
  /** One zero per neuron, added to its output: its gradient is ∂loss/∂(that output). */
  readonly probes: Value[][];
  private settings: LiveSettings;
  private optimizer: Optimizer;
  private readonly trainRows: Rows;
  private readonly testRows: Rows;
  private readonly random: NumpyRandom;
  private readonly sampleTape: Tape;
  private readonly penaltyTape: Tape;
  /** Tapes of whole batches, by size: the training batch and the test set. */
  private readonly batchTapes = new Map<number, Tape>();
  private readonly nout: number;
  private k = 0;
  private seen = 0;

  constructor(
    private readonly state: PlaygroundState,
    data: Dataset,
  ) {
    this.kind = isRegression(state) ? 'regression' : state.loss;
    const nin = state.features.length;
    this.model = new MLP(nin, [...state.layers, outputsFor(this.kind)], {
      seed: state.seed,
      activation: state.activation,
    });
    this.probes = this.model.layers.map((layer) => layer.neurons.map(() => new Value(0)));
    this.random = new NumpyRandom(state.dataSeed);
    [this.train, this.test] = split(data, state.testFraction, this.random);
    this.trainRows = this.rows(this.train);
    this.testRows = this.rows(this.test);
    this.settings = { ...state };
    this.optimizer = optimizers[state.optimizer](this.model.parameters());
    this.nout = outputsFor(this.kind);
    this.sampleTape = this.recordSample();
    this.penaltyTape = this.recordPenalty();
  }

  /** How many steps have been taken. */
  get stepCount(): number {
    return this.k;
  }

  /** How many passes over the training set the steps add up to. */
  get epoch(): number {
    return Math.floor(this.seen / this.train.y.length);
  }

  /** New learning rate, penalties, batch size or optimizer, from the next step on. */
  update(settings: LiveSettings): void {
    if (settings.optimizer !== this.settings.optimizer) {
      this.optimizer = optimizers[settings.optimizer](this.model.parameters());
    }
    this.settings = { ...settings };
  }

  /** One step of gradient descent: forward, backward, update. */
  step(): Measurement {
    const measured = this.gradients();
    this.optimizer.step(this.settings.learningRate);
    this.k += 1;
    this.seen += this.batchSize(this.settings);
    // measured with the weights the step started from, as Trainer's reports
    return { step: this.k - 1, ...measured, testLoss: Number.NaN, testAccuracy: Number.NaN };
  }

  /**
   * Forward and backward on the next batch, without the update: every parameter's grad and every
   * probe's grad hold this batch's gradients afterwards.
   */
  gradients(): { trainLoss: number; trainAccuracy: number } {
    const b = this.batchSize(this.settings);
    const rows = b === this.train.y.length ? this.trainRows : this.pick(b);
    for (const p of this.sampleTape.params) p.grad = 0;
    const { loss, right } = this.evaluate(rows, true);
    return { trainLoss: loss, trainAccuracy: right / b };
  }

  /** Loss and accuracy on the held-out points, with the current weights (NaN without any). */
  measureTest(): { testLoss: number; testAccuracy: number } {
    const n = this.testRows.labels.length;
    if (n === 0) return { testLoss: Number.NaN, testAccuracy: Number.NaN };
    const { loss, right } = this.evaluate(this.testRows, false);
    return { testLoss: loss, testAccuracy: right / n };
  }

  /**
   * The loss of some rows (mean of the terms + penalties) and how many are classified right; with
   * `backward`, its gradient added to every grad. A batch whose whole graph is small enough runs on
   * a tape of that graph; a larger one replays one sample's tape row by row.
   */
  private evaluate(rows: Rows, backward: boolean): { loss: number; right: number } {
    const n = rows.labels.length;
    const { l2, l1 } = this.settings;
    let tape = this.batchTapes.get(n);
    if (tape === undefined && n * this.sampleTape.size <= MAX_BATCH_NODES) {
      tape = this.recordBatch(n);
      // keep the tapes of the batch size in use and of the test set, not of every size tried
      const keep = [this.batchSize(this.settings), this.testRows.labels.length];
      for (const size of this.batchTapes.keys())
        if (!keep.includes(size)) this.batchTapes.delete(size);
      this.batchTapes.set(n, tape);
    }
    if (tape !== undefined) {
      const loss = tape.forward(this.batchInputs(rows));
      if (backward) tape.backward();
      return {
        loss,
        right: this.countRight(rows.labels, (i, k) => tape.output(1 + i * this.nout + k)),
      };
    }
    // each sample's term / n, its gradient added to every grad: the batch mean, sample by sample
    let loss = 0;
    let right = 0;
    const sample = this.sampleTape;
    const nin = this.model.nin;
    const input = new Float64Array(nin + 2);
    input[nin + 1] = 1 / n;
    for (let i = 0; i < n; i++) {
      input.set(rows.inputs[i] as number[]);
      input[nin] = rows.labels[i] as number;
      loss += sample.forward(input);
      if (backward) sample.backward();
      right += this.countRight([rows.labels[i] as number], (_, k) => sample.output(1 + k));
    }
    // the penalties, once per batch
    loss += this.penaltyTape.forward([l2, l1]);
    if (backward) this.penaltyTape.backward();
    return { loss, right };
  }

  /** How many rows' scores (`score(i, k)`: row i's output k) give their label's class. */
  private countRight(labels: readonly number[], score: (i: number, k: number) => number): number {
    if (this.kind === 'regression') return Number.NaN;
    let right = 0;
    labels.forEach((label, i) => {
      const s = this.nout === 2 ? score(i, 1) - score(i, 0) : score(i, 0);
      if (s > 0 === label > 0) right += 1;
    });
    return right;
  }

  /** The names of the network's inputs. */
  get featureNames(): readonly FeatureName[] {
    return this.state.features;
  }

  /** Every layer's outputs for one row on the object engine (no probes): for one point's graph. */
  forwardLayers(x: readonly number[]): Value[][] {
    let out = x.map((xi) => new Value(xi));
    return this.model.layers.map((layer) => {
      out = layer.forward(out);
      return out;
    });
  }

  /** One sample's loss term from its outputs, as training computes it. */
  term(outputs: readonly Value[], label: number): Value {
    return lossTerm(this.kind, outputs, new Value(label));
  }

  /** The network's inputs for a point (x1, x2). */
  featuresOf(x1: number, x2: number): number[] {
    return featuresOf(this.state.features, x1, x2);
  }

  /**
   * One sample's term times a scale, recorded once: inputs [features…, label, scale], outputs
   * [scale · term, every score]. Replayed row by row, it computes a batch of any size.
   */
  private recordSample(): Tape {
    const nin = this.model.nin;
    const params = [...this.model.parameters(), ...this.probes.flat()];
    const first = [
      ...(this.trainRows.inputs[0] as number[]),
      this.trainRows.labels[0] as number,
      1,
    ];
    return compile(
      (xs) => {
        const outputs = this.forward(xs.slice(0, nin));
        const term = lossTerm(this.kind, outputs, xs[nin] as Value);
        return [term.mul(xs[nin + 1] as Value), ...outputs];
      },
      first,
      params,
    );
  }

  /** l2 · Σ p² + l1 · Σ |p|, with |p| = relu(p) + relu(−p): inputs [l2, l1]. */
  private recordPenalty(): Tape {
    return compile(
      ([l2, l1]) => [this.penalty(l2 as Value, l1 as Value)],
      [this.settings.l2, this.settings.l1],
      this.model.parameters(),
    );
  }

  private penalty(l2: Value, l1: Value): Value {
    const params = this.model.parameters();
    const squares = sum(params.map((p) => p.mul(p)));
    const absolutes = sum(params.map((p) => p.relu().add(p.neg().relu())));
    return squares.mul(l2).add(absolutes.mul(l1));
  }

  /**
   * The whole loss of a batch of `b` rows: inputs [features…, label] per row, then l2 and l1;
   * outputs [loss, every score]. The same graph as the sample tape's, b times, plus the penalty.
   */
  private recordBatch(b: number): Tape {
    const nin = this.model.nin;
    const rows = {
      inputs: this.trainRows.inputs.slice(0, b),
      labels: this.trainRows.labels.slice(0, b),
    };
    // a minibatch: any b rows do for the recording, the first ones repeated if need be
    while (rows.labels.length < b) {
      rows.labels.push(rows.labels[rows.labels.length % this.trainRows.labels.length] ?? 0);
      rows.inputs.push(new Array(nin).fill(0));
    }
    return compile(
      (xs) => {
        const terms: Value[] = [];
        const scores: Value[] = [];
        for (let i = 0; i < b; i++) {
          const outputs = this.forward(xs.slice(i * (nin + 1), i * (nin + 1) + nin));
          terms.push(lossTerm(this.kind, outputs, xs[i * (nin + 1) + nin] as Value).mul(1 / b));
          scores.push(...outputs);
        }
        const [l2, l1] = xs.slice(b * (nin + 1)) as [Value, Value];
        return [sum(terms).add(this.penalty(l2, l1)), ...scores];
      },
      this.batchInputs(rows),
      [...this.model.parameters(), ...this.probes.flat()],
      // the same code builds every batch's graph; the sample tape's recording already checked it
      { check: false },
    );
  }

  private batchInputs(rows: Rows): number[] {
    const xs: number[] = [];
    rows.inputs.forEach((x, i) => {
      xs.push(...x, rows.labels[i] as number);
    });
    xs.push(this.settings.l2, this.settings.l1);
    return xs;
  }

  /** The model's outputs for one row, with each neuron's probe added. */
  forward(x: readonly (Value | number)[]): Value[] {
    let out: Value[] = x.map((xi) => (xi instanceof Value ? xi : new Value(xi)));
    this.model.layers.forEach((layer, l) => {
      const probes = this.probes[l] as Value[];
      out = layer.forward(out).map((a, j) => a.add(probes[j] as Value));
    });
    return out;
  }

  private batchSize(settings: LiveSettings): number {
    const n = this.train.y.length;
    return settings.batchSize === 0 ? n : Math.min(n, settings.batchSize);
  }

  /** A fresh random batch: the first `b` of a seeded permutation, as micrograd's demo. */
  private pick(b: number): Rows {
    const order = this.random.permutation(this.train.y.length).slice(0, b);
    return {
      inputs: order.map((i) => this.trainRows.inputs[i] as number[]),
      labels: order.map((i) => this.trainRows.labels[i] as number),
    };
  }

  private rows(data: Dataset): Rows {
    return {
      inputs: data.X.map(([x1 = 0, x2 = 0]) => this.featuresOf(x1, x2)),
      labels: [...data.y],
    };
  }
}

/** Splits off the first ⌈fraction · n⌉ samples of a seeded permutation as the test set (as train()). */
function split(data: Dataset, fraction: number, random: NumpyRandom): [Dataset, Dataset] {
  const n = data.y.length;
  const nTest = Math.min(n - 1, Math.ceil(fraction * n));
  if (nTest <= 0) return [data, { X: [], y: [] }];
  const order = random.permutation(n);
  const pick = (indices: number[]) => ({
    X: indices.map((i) => data.X[i] as number[]),
    y: indices.map((i) => data.y[i] as number),
  });
  return [pick(order.slice(nTest)), pick(order.slice(0, nTest))];
}

function sum(values: readonly Value[]): Value {
  let total = values[0] ?? new Value(0);
  for (let i = 1; i < values.length; i++) total = total.add(values[i] as Value);
  return total;
}
