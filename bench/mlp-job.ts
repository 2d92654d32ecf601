// The benchmark's job, set up four ways: an MLP scored with micrograd's demo loss (hinge + L2) on
// a batch of points, forward and backward, by the object engine, by the tape, by the lanes (as
// train() runs them) and by the yardstick.

import {
  compile,
  hingeLoss,
  LossLanes,
  l2,
  losses,
  MLP,
  makeMoons,
  type Tape,
  Value,
} from 'backprop';
import { Yardstick } from './yardstick.ts';

/** One batch: points X, labels y of ±1. */
export interface Batch {
  X: number[][];
  y: number[];
}

/** `n` moons points (seed 1337), labels ±1. */
export function moons(n: number): Batch {
  const { X, y } = makeMoons({ nSamples: Math.max(n, 2), noise: 0.1, seed: 1337 });
  return { X: X.slice(0, n), y: y.slice(0, n).map((label) => (label > 0 ? 1 : -1)) };
}

/** The loss of `model` on points given as Values (x0, y0, x1, y1, … flattened): what gets traced. */
function lossOf(model: MLP, y: readonly number[], flat: readonly Value[]): Value {
  const nin = model.nin;
  const scores = y.map((_, i) => model.forward(flat.slice(i * nin, (i + 1) * nin))[0] as Value);
  return hingeLoss(scores, y).add(l2(model.parameters(), 1e-4));
}

/** The job's four implementations, sharing one model's parameters. */
export class MlpJob {
  readonly model: MLP;
  readonly tape: Tape;
  readonly lanes: LossLanes;
  readonly yardstick: Yardstick;
  /** How long compile() took, in ms. */
  readonly compileMs: number;
  // model.parameters() builds its list afresh on every call (~50 µs): keep one
  private readonly params: Value[];

  constructor(
    sizes: readonly number[],
    readonly batch: Batch,
    options: { check?: boolean; tape?: boolean } = {},
  ) {
    const { check = true, tape = true } = options;
    const [nin, ...nouts] = sizes as [number, ...number[]];
    // seed 1337: for 2-16-16-1, micrograd's demo weights, bit for bit
    this.model = new MLP(nin, nouts, { seed: 1337 });
    const params = this.model.parameters();
    this.params = params;
    const flat = batch.X.flat();
    const t0 = performance.now();
    // without the tape, a one-node stand-in (compile() on 10^7 nodes takes a while)
    this.tape = tape
      ? compile((xs) => lossOf(this.model, batch.y, xs), flat, params, { check })
      : compile(() => new Value(0).add(0), [], []);
    this.compileMs = performance.now() - t0;
    // the loss train() measures: losses.hinge (labels ±1) + 1e-4 · Σ p², on lane tapes
    this.lanes = new LossLanes(this.model, losses.hinge, 1e-4);
    this.yardstick = new Yardstick(
      sizes,
      params.map((p) => p.data),
      Float64Array.from(flat),
      Float64Array.from(batch.y),
      1e-4,
    );
  }

  /** The object engine: build the graph from Values, then backward(). Returns the loss. */
  objectStep(): number {
    const loss = lossOf(
      this.model,
      this.batch.y,
      this.batch.X.flat().map((x) => new Value(x)),
    );
    this.zeroGrad();
    loss.backward();
    return loss.data;
  }

  /** The lanes: one sample's graph per label across the batch, as train() runs it. Returns the loss. */
  lanesStep(): number {
    return this.lanes.measure(this.batch, true).loss;
  }

  /** The tape: forward() and backward() over its arrays. Returns the loss. */
  tapeStep(): number {
    const loss = this.tape.forward();
    this.zeroGrad();
    this.tape.backward();
    return loss;
  }

  private zeroGrad(): void {
    for (const p of this.params) p.grad = 0;
  }

  /** The hand-written loops. Returns the loss. */
  yardstickStep(): number {
    return this.yardstick.step();
  }

  /**
   * Runs each way once and checks they agree: the tape bit for bit, the yardstick and the lanes to
   * 1e-12 (the lanes' loss bit for bit too).
   */
  check(): number {
    const object = this.objectStep();
    const objectGrads = this.params.map((p) => p.grad);
    const lanes = this.lanesStep();
    const laneError = worstError(
      this.params.map((p) => p.grad),
      objectGrads,
    );
    if (!Object.is(lanes, object) || laneError > 1e-12) {
      throw new Error(
        `bench: the lanes disagree with the object engine (loss ${lanes} vs ${object}, grads by ${laneError})`,
      );
    }
    const tape = this.tapeStep();
    const tapeGrads = this.params.map((p) => p.grad);
    const hand = this.yardstickStep();
    const handGrads = this.yardstick.grads;
    const same = objectGrads.every((g, i) => Object.is(g, tapeGrads[i]));
    if (!Object.is(object, tape) || !same) {
      throw new Error(
        `bench: the tape disagrees with the object engine (loss ${tape} vs ${object})`,
      );
    }
    const worst = worstError([hand, ...handGrads], [object, ...objectGrads]);
    if (worst > 1e-12) {
      throw new Error(`bench: the yardstick disagrees with the object engine by ${worst}`);
    }
    return object;
  }
}

/** The largest |got − want| / max(1, |want|) over two lists of the same length. */
export function worstError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) {
    throw new Error(`worstError: ${got.length} numbers against ${want.length}`);
  }
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as number;
    worst = Math.max(worst, Math.abs((got[i] as number) - w) / Math.max(1, Math.abs(w)));
  }
  return worst;
}
