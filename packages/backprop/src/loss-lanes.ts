// A model's loss on a batch, on lanes: what train() runs with engine 'auto', full batches and
// minibatches alike (a minibatch is fewer lanes).
//
// One sample's term is recorded with compileLanes() once per label: the label enters a loss as
// its structure (cross-entropy picks the class's logit; binary cross-entropy keeps one softplus
// per 0/1 label), so each label value gets its own lane tape, built from the loss's own `compute`
// on a batch of one. The formulas stay in losses.ts, and every lane computes what the object engine
// computes for that sample. A batch is split by label; each tape runs its samples as lanes. The
// batch mean and the L2 term are added once, outside the lanes.

import type { Dataset } from './datasets.ts';
import type { Value } from './engine.ts';
import { compileLanes, type LaneTape } from './lanes.ts';
import type { Loss } from './losses.ts';
import type { MLP } from './nn.ts';

/** The samples of one label in a batch, as lane data. */
interface Group {
  label: number;
  samples: number[][];
}

/**
 * Measures `loss` (+ `l2` · Σ p²) of `model` on batches, forward and, if asked, backward, over
 * lane tapes recorded as needed. Values agree with the object engine's to about 1e-15 relative:
 * the sums over the batch (the loss, every parameter's gradient) add the same numbers in another
 * order (label by label), so they are not bit for bit the same.
 *
 * @example
 * const lanes = new LossLanes(model, losses.hinge, 1e-4);
 * const { loss, accuracy } = lanes.measure(data, true); // and every parameter's grad
 */
export class LossLanes {
  private readonly params: Value[];
  private readonly nout: number;
  private readonly tapes = new Map<number, LaneTape>();
  // the last dataset measured and its split by label: a full batch is split once
  private lastData?: Dataset;
  private groups: Group[] = [];
  // sample i of the batch is lane lane[i] of groups[group[i]]
  private group = new Int32Array(0);
  private lane = new Int32Array(0);

  constructor(
    readonly model: MLP,
    readonly loss: Loss,
    readonly l2: number,
  ) {
    this.params = model.parameters();
    this.nout = model.nouts[model.nouts.length - 1] as number;
    // record now, so that a function compileLanes() refuses is refused here
    this.tapeFor(loss.kind === 'binary' ? 1 : 0, new Array(model.nin).fill(0));
  }

  /** Loss, data loss and accuracy on `data`; with `backward`, d(loss)/d(p) in every p.grad. */
  measure(data: Dataset, backward: boolean): { loss: number; dataLoss: number; accuracy: number } {
    const same = data === this.lastData;
    if (!same) this.split(data);
    const n = data.y.length;
    // forward
    let right = 0;
    const terms: Float64Array[] = [];
    for (const { label, samples } of this.groups) {
      const tape = this.tapeFor(label, samples[0] as number[]);
      // the same batch as last time: its lanes hold it already
      tape.forward(same && tape.lanes === samples.length ? undefined : samples);
      terms.push(tape.outputLanes(0));
      const want = this.loss.kind === 'binary' ? (label > 0 ? 1 : 0) : label;
      const outputs = Array.from({ length: this.nout }, (_, j) => tape.outputLanes(1 + j));
      const scores = new Array<number>(this.nout);
      for (let l = 0; l < samples.length; l++) {
        for (let j = 0; j < this.nout; j++) scores[j] = (outputs[j] as Float64Array)[l] as number;
        if (this.loss.classify(scores) === want) right += 1;
      }
    }
    // micrograd's mean, the sum times 1/n, adding the terms in the batch's order as the object
    // engine does: the loss is its number bit for bit
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const term = (terms[this.group[i] as number] as Float64Array)[
        this.lane[i] as number
      ] as number;
      sum = i === 0 ? term : sum + term;
    }
    const dataLoss = sum * (1 / n);
    if (backward) {
      for (const p of this.params) p.grad = 0;
      // d(mean)/d(term) = 1/n for every sample
      for (const { label } of this.groups) this.tapeFor(label, []).backward(1 / n);
    }
    const strength = this.l2;
    if (strength === 0) return { loss: dataLoss, dataLoss, accuracy: right / n };
    // L2 as l2() builds it: (p0·p0 + p1·p1 + …)·strength; each p·p gives p its data twice
    let squares = 0;
    for (let i = 0; i < this.params.length; i++) {
      const p = this.params[i] as Value;
      squares = i === 0 ? p.data * p.data : squares + p.data * p.data;
      if (backward) {
        p.grad += p.data * strength;
        p.grad += p.data * strength;
      }
    }
    return { loss: dataLoss + squares * strength, dataLoss, accuracy: right / n };
  }

  /** The tape for one label value, recorded from a sample `x` the first time it is asked for. */
  private tapeFor(label: number, x: readonly number[]): LaneTape {
    let tape = this.tapes.get(label);
    if (tape === undefined) {
      const { model, loss } = this;
      tape = compileLanes(
        (xs) => {
          const out = model.forward(xs);
          return [loss.compute([out], [label]), ...out];
        },
        x,
        this.params,
      );
      this.tapes.set(label, tape);
    }
    return tape;
  }

  private split(data: Dataset): void {
    const n = data.y.length;
    const index = new Map<number, number>();
    this.groups = [];
    this.group = new Int32Array(n);
    this.lane = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const label = data.y[i] as number;
      let g = index.get(label);
      if (g === undefined) {
        g = this.groups.push({ label, samples: [] }) - 1;
        index.set(label, g);
      }
      const samples = (this.groups[g] as Group).samples;
      this.group[i] = g;
      this.lane[i] = samples.push(data.X[i] as number[]) - 1;
    }
    this.lastData = data;
  }
}
