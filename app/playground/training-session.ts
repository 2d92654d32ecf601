// One training run of the playground: the library's MLP, its optimizers and its tape (compile),
// plus what the pictures need. No DOM and no messaging here; worker.ts drives it.
//
// Why not the library's Trainer: the playground changes the learning rate, the penalties and the
// batch size between two steps without starting over, adds an L1 penalty, and trains regression
// targets; Trainer takes its options once and class labels only. The step below is Trainer's loop
// (forward, zero grads, backward, update) on a tape (compile) of a chunk of rows, each row one
// sample's loss term with its features and label as inputs, replayed chunk after chunk across the
// batch with each chunk's gradient added to the grads. One recording serves every batch; a small
// batch is one chunk, and a 6×32 network's chunks stay small enough to record in a moment (its
// whole batch as one graph would take seconds). The penalties are a second small tape, once a batch.
// This is the shape of the library's batch lanes (one sample's graph across the batch): when they
// land, `evaluate` is the one place to use them.
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
 * The most nodes a chunk's graph may have (about 8 MB of tape, a fraction of a second to record):
 * 2-16-16-1 takes a whole batch of 140 points in one chunk, 6×32 about 18 points a chunk.
 */
const MAX_CHUNK_NODES = 200_000;

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
  private readonly penaltyTape: Tape;
  /** Tapes of k rows' terms, by k: for the training batch and for the test set. */
  private readonly chunkTapes = new Map<number, Tape>();
  /** The nodes of one row's term: what a chunk costs per row. */
  private readonly rowNodes: number;
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
    // one row, traced twice: compile refuses a term whose graph would depend on the data
    const one = this.recordChunk(1);
    this.rowNodes = one.size;
    this.chunkTapes.set(1, one);
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
    for (const p of this.model.parameters()) p.grad = 0;
    for (const p of this.probes.flat()) p.grad = 0;
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
   * `backward`, its gradient added to every grad. The rows go through a tape of K rows' terms,
   * chunk after chunk (a small batch is one chunk), each chunk's gradient added to the grads; the
   * penalties go through their own tape, once.
   */
  private evaluate(rows: Rows, backward: boolean): { loss: number; right: number } {
    const n = rows.labels.length;
    const k = Math.max(1, Math.min(n, Math.floor(MAX_CHUNK_NODES / this.rowNodes)));
    const tape = this.chunkTape(k);
    const nin = this.model.nin;
    const width = nin + 2;
    const input = new Float64Array(k * width);
    let loss = 0;
    let right = 0;
    for (let start = 0; start < n; start += k) {
      const count = Math.min(k, n - start);
      input.fill(0); // rows past the end weigh 0
      for (let i = 0; i < count; i++) {
        input.set(rows.inputs[start + i] as number[], i * width);
        input[i * width + nin] = rows.labels[start + i] as number;
        input[i * width + nin + 1] = 1 / n;
      }
      loss += tape.forward(input);
      if (backward) tape.backward();
      const labels = rows.labels.slice(start, start + count);
      right += this.countRight(labels, (i, j) => tape.output(1 + i * this.nout + j));
    }
    loss += this.penaltyTape.forward([this.settings.l2, this.settings.l1]);
    if (backward) this.penaltyTape.backward();
    return { loss, right };
  }

  /** The tape of `k` rows' weighted terms, recorded once per k in use (train batch, test set). */
  private chunkTape(k: number): Tape {
    let tape = this.chunkTapes.get(k);
    if (tape === undefined) {
      tape = this.recordChunk(k);
      const keep = [
        this.chunkFor(this.batchSize(this.settings)),
        this.chunkFor(this.testRows.labels.length),
      ];
      for (const size of this.chunkTapes.keys())
        if (!keep.includes(size)) this.chunkTapes.delete(size);
      this.chunkTapes.set(k, tape);
    }
    return tape;
  }

  private chunkFor(n: number): number {
    return Math.max(1, Math.min(n, Math.floor(MAX_CHUNK_NODES / this.rowNodes)));
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
   * The terms of `k` rows, each times its weight: inputs [features…, label, weight] per row,
   * outputs [Σ weight · term, every row's scores]. With weight 1/n for the rows of an n-row batch
   * (0 for padding), chunks of it add up to the batch mean; the graph is one sample's, k times.
   */
  private recordChunk(k: number): Tape {
    const nin = this.model.nin;
    const width = nin + 2;
    const first = Array.from({ length: k }, (_, i) => {
      const row = i % this.trainRows.labels.length;
      return [
        ...(this.trainRows.inputs[row] as number[]),
        this.trainRows.labels[row] as number,
        1 / k,
      ];
    }).flat();
    return compile(
      (xs) => {
        const terms: Value[] = [];
        const scores: Value[] = [];
        for (let i = 0; i < k; i++) {
          const outputs = this.forward(xs.slice(i * width, i * width + nin));
          const term = lossTerm(this.kind, outputs, xs[i * width + nin] as Value);
          terms.push(term.mul(xs[i * width + nin + 1] as Value));
          scores.push(...outputs);
        }
        return [sum(terms), ...scores];
      },
      first,
      [...this.model.parameters(), ...this.probes.flat()],
      // one trace is enough past the first row: every row is built by the same code
      { check: k === 1 },
    );
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
