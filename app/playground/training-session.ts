// One training run of the playground: the library's MLP, its optimizers and its lane tape
// (compileLanes), plus what the pictures need. No DOM and no messaging here; worker.ts drives it.
//
// Why not the library's Trainer: the playground changes the learning rate, the penalties and the
// batch size between two steps without starting over, adds an L1 penalty, and trains regression
// targets; Trainer takes its options once and class labels only. The step below is Trainer's loop
// (forward, zero grads, backward, update) on lanes: one sample's loss term, with its features and
// label as inputs, is recorded once with compileLanes and replayed across the whole batch at once
// (every row of its graph on every sample, a sample a lane). The penalties (L2 and L1) are added
// once a batch, outside the lanes, in plain numbers. Each neuron's output gradient (its probe's
// grad, for the diagram) comes from the biases' grads, without a row in the tape: summed over the
// batch, ∂loss/∂h_j = Σ_k w_kj · ∂loss/∂b_k over the next layer's neurons k (their sums are linear
// in h_j, with the same weights for every sample), and an output neuron (linear) has ∂loss/∂b.
import {
  compileLanes,
  type Dataset,
  type LaneTape,
  MLP,
  NumpyRandom,
  type Optimizer,
  optimizers,
  Value,
} from 'backprop';
import { type FeatureName, featuresOf } from './features.ts';
import { lossTerm, outputsFor, type TermKind } from './loss-terms.ts';
import type { Measurement } from './protocol.ts';
import { isRegression, type PlaygroundState } from './state.ts';

/** The settings that take effect at the next step, without a reset. */
export type LiveSettings = Pick<
  PlaygroundState,
  'learningRate' | 'l2' | 'l1' | 'batchSize' | 'optimizer'
>;

/**
 * A dataset as the network sees it: one row of features and one label per point, and the lanes'
 * data, [features…, label] per point.
 */
interface Rows {
  inputs: number[][];
  labels: number[];
  samples: number[][];
}

export class TrainingSession {
  readonly model: MLP;
  readonly kind: TermKind;
  readonly train: Dataset;
  readonly test: Dataset;
  /**
   * One zero per neuron, added to its output in `forward`: its grad is ∂loss/∂(that output), set by
   * every backward pass (from the biases' grads, see the header).
   */
  readonly probes: Value[][];
  private settings: LiveSettings;
  private optimizer: Optimizer;
  private readonly trainRows: Rows;
  private readonly testRows: Rows;
  private readonly random: NumpyRandom;
  /** One sample's term on lanes, for the training batches; the test set has its own. */
  private readonly trainTape: LaneTape;
  private readonly testTape: LaneTape;
  /** The batch the training tape's lanes hold, so that a full batch is copied in once. */
  private trainBatch: Rows | undefined;
  private testLoaded = false;
  private readonly params: Value[];
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
    this.params = this.model.parameters();
    this.optimizer = optimizers[state.optimizer](this.params);
    this.nout = outputsFor(this.kind);
    // traced twice: compileLanes refuses a term whose graph would depend on the data
    this.trainTape = this.recordTerm();
    this.testTape = this.recordTerm();
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
      this.optimizer = optimizers[settings.optimizer](this.params);
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
    for (const p of this.params) p.grad = 0;
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
   * `backward`, its gradient added to every grad. The rows run as the lanes of one tape; the
   * penalties are added once.
   */
  private evaluate(rows: Rows, backward: boolean): { loss: number; right: number } {
    const n = rows.labels.length;
    const tape = rows === this.testRows ? this.testTape : this.trainTape;
    // the same rows as the tape's lanes hold (a full batch, the test set): no copy
    let batch: number[][] | undefined = rows.samples;
    if (rows === this.testRows) {
      if (this.testLoaded) batch = undefined;
      this.testLoaded = true;
    } else {
      if (rows === this.trainBatch) batch = undefined;
      this.trainBatch = rows;
    }
    const sum = tape.forward(batch);
    if (backward) {
      tape.backward(1 / n);
      this.outputGradients();
    }
    const outputs = Array.from({ length: this.nout }, (_, j) => tape.outputLanes(1 + j));
    const right = this.countRight(rows.labels, (i, j) => (outputs[j] as Float64Array)[i] as number);
    return { loss: sum * (1 / n) + this.penalty(backward), right };
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
   * Every probe's grad from the biases' grads of the batch's loss (before the penalties): an output
   * neuron's is its bias's grad (the output layer is linear); hidden neuron j's, Σ_k w_kj · b_k.grad
   * over the next layer's neurons k.
   */
  private outputGradients(): void {
    const { layers } = this.model;
    for (let l = layers.length - 1; l >= 0; l--) {
      const probes = this.probes[l] as Value[];
      const own = layers[l]?.neurons ?? [];
      const next = layers[l + 1]?.neurons;
      for (let j = 0; j < probes.length; j++) {
        let g = 0;
        if (next === undefined) g = own[j]?.b.grad ?? 0;
        else for (const neuron of next) g += (neuron.w[j] as Value).data * neuron.b.grad;
        (probes[j] as Value).grad = g;
      }
    }
  }

  /**
   * l2 · Σ p² + l1 · Σ |p| with the current settings; with `backward`, its gradient added to every
   * parameter's grad: 2 · l2 · p + l1 · sign(p) (0 at p = 0, as relu(p) + relu(−p) would give).
   */
  private penalty(backward: boolean): number {
    const { l2, l1 } = this.settings;
    if (l2 === 0 && l1 === 0) return 0;
    let squares = 0;
    let absolutes = 0;
    for (const p of this.params) {
      const x = p.data;
      squares += x * x;
      absolutes += Math.abs(x);
      if (backward) p.grad += 2 * l2 * x + l1 * Math.sign(x);
    }
    return l2 * squares + l1 * absolutes;
  }

  /**
   * One sample's term on lanes: inputs [features…, label], outputs [term, the network's scores].
   * The parameters are the model's.
   */
  private recordTerm(): LaneTape {
    const nin = this.model.nin;
    const first = this.trainRows.samples[0] ?? new Array<number>(nin + 1).fill(0);
    return compileLanes(
      (xs) => {
        const outputs = this.model.forward(xs.slice(0, nin));
        return [lossTerm(this.kind, outputs, xs[nin] as Value), ...outputs];
      },
      first,
      this.params,
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
      samples: order.map((i) => this.trainRows.samples[i] as number[]),
    };
  }

  private rows(data: Dataset): Rows {
    const inputs = data.X.map(([x1 = 0, x2 = 0]) => this.featuresOf(x1, x2));
    const labels = [...data.y];
    return { inputs, labels, samples: inputs.map((x, i) => [...x, labels[i] as number]) };
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
