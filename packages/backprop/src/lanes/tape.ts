// Lanes, stage 4, the tape: one sample's graph laid out for a batch of B, with the calls that run
// it (forward, backward) and read it (outputs, input gradients).

import { kindOf } from '../check.ts';
import { codes } from '../compile/record.ts';
import type { Value } from '../engine.ts';
import { type LaneRecording, STRIDE } from './record.ts';
import { backwardRow, forwardRow, type LaneArrays } from './rows.ts';

/**
 * How many lanes the loops run each row on before moving to the next row: a block's rows (a
 * neuron reads up to 64 of them, 8 bytes per lane each, and writes their gradients) then fit in
 * the CPU's first-level cache. Larger batches run block after block.
 */
const LANES_PER_BLOCK = 128;

/**
 * One sample's graph, replayed across a batch: made by {@link compileLanes}.
 *
 * Storage: one Float64Array `value` (and `grad` beside it) holds the one-number rows first, then
 * each lane row's B lanes contiguously, so row r's lane l is `value[offset[r] + l]` for a lane row
 * and `value[offset[r]]` for the others. 16 bytes per row and lane for the values and gradients,
 * plus 16 per row and 4 per neuron term and offset for the code.
 */
export class LaneTape {
  /** The number of nodes in the graph of one sample. */
  readonly size: number;
  /** The parameter Values: forward() reads their `data`, backward() adds to their `grad`. */
  readonly params: readonly Value[];
  // the arrays the loops in rows.ts read and write
  private readonly s: LaneArrays;
  private readonly constants: Float64Array;
  private readonly inputRows: Int32Array;
  private readonly paramRows: Int32Array;
  private readonly outputRows: Int32Array;
  private readonly lossEnd: number;
  /** The rows that compute something (not leaves), in order. */
  private readonly work: Int32Array;
  // the work split: one-number rows (run once) and lane rows (run on every block of lanes)
  private readonly scalarWork: Int32Array;
  private readonly laneWork: Int32Array;
  /** How many numbers of `value` and `grad` the current batch size uses. */
  private used = 0;

  /** @internal Use {@link compileLanes}. */
  constructor(rec: LaneRecording, params: readonly Value[]) {
    this.size = rec.nodes;
    this.params = params;
    this.s = {
      code: rec.code,
      terms: Int32Array.from(rec.terms),
      exponents: Float64Array.from(rec.exponents),
      isLane: rec.lane,
      B: 0,
      offset: new Int32Array(0),
      termOffset: new Int32Array(0),
      value: new Float64Array(0),
      grad: new Float64Array(0),
      live: new Int32Array(0),
    };
    this.constants = rec.value;
    this.inputRows = rec.inputRows;
    this.paramRows = rec.paramRows;
    this.outputRows = rec.outputRows;
    this.lossEnd = rec.lossEnd;
    const work: number[] = [];
    for (let r = 0; r < this.rows; r++) if (rec.code[STRIDE * r] !== codes.LEAF) work.push(r);
    this.work = Int32Array.from(work);
    this.scalarWork = this.work.filter((r) => !rec.lane[r]);
    this.laneWork = this.work.filter((r) => rec.lane[r]);
  }

  /** The number of rows: the graph's nodes less those folded into neuron rows. */
  get rows(): number {
    return this.s.isLane.length;
  }

  /** How many rows hold B lanes (the others hold one number). */
  get laneRows(): number {
    return this.s.isLane.reduce((sum, x) => sum + x, 0);
  }

  /** The number of numbers in one sample (f's inputs). */
  get nInputs(): number {
    return this.inputRows.length;
  }

  /** The number of outputs f returned; output 0 is the term backward() differentiates. */
  get nOutputs(): number {
    return this.outputRows.length;
  }

  /** The batch size of the last forward(): how many lanes each lane row holds. */
  get lanes(): number {
    return this.s.B;
  }

  /** Memory held by the tape's arrays at the current batch size, in bytes. */
  get byteLength(): number {
    const arrays = [this.s.code, this.s.terms, this.s.exponents, this.s.isLane, this.constants];
    const slots = [this.inputRows, this.paramRows, this.outputRows, this.work, this.s.live];
    const layout = [this.s.offset, this.s.termOffset, this.s.value, this.s.grad];
    return [...arrays, ...slots, ...layout].reduce((sum, x) => sum + x.byteLength, 0);
  }

  /**
   * Computes every row for a batch of samples and returns the sum of output 0 over the samples.
   *
   * @param batch one array of `nInputs` numbers per sample (the lanes), or left out to run the
   *   last batch again (with the parameters' current `data`).
   */
  forward(batch?: readonly ArrayLike<number>[]): number {
    if (batch !== undefined) this.setBatch(batch);
    if (this.s.B === 0) throw new Error('LaneTape.forward: no batch yet; pass one');
    const { value, offset } = this.s;
    const { paramRows } = this;
    for (let j = 0; j < paramRows.length; j++) {
      const r = paramRows[j] as number;
      if (r >= 0) value[offset[r] as number] = (this.params[j] as Value).data;
    }
    // the one-number rows first (they read no lane), then every lane row on a block of lanes at a
    // time, so that the rows a block reads stay in the CPU's fastest cache
    const { scalarWork, laneWork, s } = this;
    for (let k = 0; k < scalarWork.length; k++) forwardRow(s, scalarWork[k] as number, 0, 1);
    for (let lo = 0; lo < s.B; lo += LANES_PER_BLOCK) {
      const hi = Math.min(s.B, lo + LANES_PER_BLOCK);
      for (let k = 0; k < laneWork.length; k++) forwardRow(s, laneWork[k] as number, lo, hi);
    }
    return this.outputSum(0);
  }

  /** Output i summed over the lanes, after the last forward(), added in lane order. */
  outputSum(i: number): number {
    const r = this.outputRow(i, 'outputSum');
    const { value, B } = this.s;
    const o = this.s.offset[r] as number;
    if (!this.s.isLane[r]) return B * (value[o] as number);
    let sum = value[o] as number;
    for (let l = 1; l < B; l++) sum += value[o + l] as number;
    return sum;
  }

  /**
   * Output i's values, one per lane, after the last forward(): a view into the tape's memory, valid
   * until the next forward() (for a one-number output, B copies of it).
   */
  outputLanes(i: number): Float64Array {
    const r = this.outputRow(i, 'outputLanes');
    const o = this.s.offset[r] as number;
    if (this.s.isLane[r]) return this.s.value.subarray(o, o + this.s.B);
    return new Float64Array(this.s.B).fill(this.s.value[o] as number);
  }

  /** Output i's value in lane l (sample l of the batch) after the last forward(). */
  output(i: number, l: number): number {
    const r = this.outputRow(i, 'output');
    this.checkLane(l, 'output');
    return this.s.value[(this.s.offset[r] as number) + (this.s.isLane[r] ? l : 0)] as number;
  }

  /**
   * Adds d(seed · Σ_lanes output 0)/d(p) to every parameter's `grad` (leaf grads accumulate, as
   * in `loss.backward()`: zero them first). For a batch mean, seed = 1/B.
   */
  backward(seed = 1): void {
    if (this.s.B === 0) throw new Error('LaneTape.backward: run forward() first');
    const { grad, offset } = this.s;
    const { paramRows, scalarWork, laneWork, lossEnd, s } = this;
    const out = this.outputRows[0] as number;
    const n = this.s.isLane[out] ? this.s.B : 1;
    grad.fill(0, 0, this.used);
    // output 0 one-lane: every lane's term is that one number, so it has B times the gradient
    grad.fill(n === 1 ? seed * this.s.B : seed, offset[out], (offset[out] as number) + n);
    // lane rows block by block, then the one-number rows, whose grads are now summed over lanes
    for (let lo = 0; lo < s.B; lo += LANES_PER_BLOCK) {
      const hi = Math.min(s.B, lo + LANES_PER_BLOCK);
      for (let k = laneWork.length - 1; k >= 0; k--) {
        const r = laneWork[k] as number;
        if (r < lossEnd) backwardRow(s, r, lo, hi);
      }
    }
    for (let k = scalarWork.length - 1; k >= 0; k--) {
      const r = scalarWork[k] as number;
      if (r < lossEnd) backwardRow(s, r, 0, 1);
    }
    for (let j = 0; j < paramRows.length; j++) {
      const r = paramRows[j] as number;
      // += like backward() on a leaf
      if (r >= 0) (this.params[j] as Value).grad += grad[offset[r] as number] as number;
    }
  }

  /** d(seed · Σ output 0)/d(inputs[j]) in lane l after the last backward(). */
  inputGrad(j: number, l: number): number {
    const r = this.inputRows[j];
    if (r === undefined) {
      throw new RangeError(`LaneTape.inputGrad: no input ${j}; the tape has ${this.nInputs}`);
    }
    this.checkLane(l, 'inputGrad');
    return this.s.grad[(this.s.offset[r] as number) + l] as number;
  }

  // ---- layout: where every row's lanes go for a batch of B

  private setBatch(batch: readonly ArrayLike<number>[]): void {
    if (!Array.isArray(batch) || batch.length === 0) {
      throw new TypeError(
        `LaneTape.forward: expected a non-empty array of samples, got ${kindOf(batch)}`,
      );
    }
    const { inputRows } = this;
    const nIn = inputRows.length;
    batch.forEach((sample: unknown, l) => {
      if (sample === null || typeof sample !== 'object' || !('length' in sample)) {
        throw new TypeError(
          `LaneTape.forward: expected sample ${l} to be ${nIn} numbers, got ${kindOf(sample)}`,
        );
      }
      const xs = sample as ArrayLike<unknown>;
      if (xs.length !== nIn) {
        throw new RangeError(
          `LaneTape.forward: expected sample ${l} to be ${nIn} numbers, got ${kindOf(sample)}`,
        );
      }
      for (let j = 0; j < nIn; j++) {
        if (typeof xs[j] !== 'number') {
          throw new TypeError(
            `LaneTape.forward: expected sample ${l}[${j}] to be a number, got ${kindOf(xs[j])}`,
          );
        }
      }
    });
    // checked: now lay out and copy
    if (batch.length !== this.s.B) this.layout(batch.length);
    const { value, offset } = this.s;
    for (let j = 0; j < nIn; j++) {
      const o = offset[inputRows[j] as number] as number;
      for (let l = 0; l < batch.length; l++)
        value[o + l] = (batch[l] as ArrayLike<number>)[j] as number;
    }
  }

  private layout(B: number): void {
    const rows = this.rows;
    const offset = new Int32Array(rows);
    let at = 0;
    for (let r = 0; r < rows; r++) if (!this.s.isLane[r]) offset[r] = at++;
    for (let r = 0; r < rows; r++) {
      if (!this.s.isLane[r]) continue;
      offset[r] = at;
      at += B;
    }
    if (at > 2 ** 31 - 1) {
      throw new RangeError(`LaneTape.forward: ${B} lanes need ${at} numbers; too many`);
    }
    this.s.B = B;
    this.s.offset = offset;
    this.used = at;
    if (this.s.live.length < B) this.s.live = new Int32Array(B);
    // the terms array also holds counts: only the row slots are read through termOffset
    this.s.termOffset = this.s.terms.map((t) => offset[t] as number);
    // a smaller batch reuses the arrays (minibatches of varying size allocate nothing); the
    // one-number rows come first, so their slots, constants included, never move
    if (at > this.s.value.length) {
      this.s.value = new Float64Array(at);
      this.s.grad = new Float64Array(at);
      for (let r = 0; r < rows; r++) {
        if (!this.s.isLane[r]) this.s.value[offset[r] as number] = this.constants[r] as number;
      }
    }
  }

  private outputRow(i: number, call: string): number {
    const r = this.outputRows[i];
    if (r === undefined) {
      throw new RangeError(`LaneTape.${call}: no output ${i}; the tape has ${this.nOutputs}`);
    }
    if (this.s.B === 0) throw new Error(`LaneTape.${call}: run forward() first`);
    return r;
  }

  private checkLane(l: number, call: string): void {
    if (!(Number.isInteger(l) && l >= 0 && l < this.s.B)) {
      throw new RangeError(`LaneTape.${call}: expected a lane in [0, ${this.s.B - 1}], got ${l}`);
    }
  }
}
