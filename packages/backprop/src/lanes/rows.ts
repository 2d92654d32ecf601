// Lanes, stage 3, the loops: one row of the tape across lanes lo … hi − 1, forward and backward
// (a one-number row runs on lanes 0 … 0). An op's row calls its description in engine.ts: its
// `forward`, and its `dx`/`dy` with g = 1 for the local derivatives (measured as fast as the
// formulas written out). The neuron and maxOf() rows are the lanes' own.

import { codes } from '../compile/record.ts';
import { ops } from '../engine.ts';
import { MAX, NEURON, RELU_ACT, STRIDE } from './record.ts';

// The ops and their codes (the tape's, from compile/record.ts) as constants of this module: V8
// reads an imported binding afresh at every use, a module's own constant once (see compile/tape.ts).
const { add, sub, mul, div, neg, pow, exp, log, tanh, relu, sigmoid } = ops;
const { ADD, SUB, MUL, DIV, NEG, POW, EXP, LOG, TANH, RELU, SIGMOID } = codes;

/** What the loops read and write: the tape's arrays for the current batch size. */
export interface LaneArrays {
  /** STRIDE integers per row: op code, then three operands. */
  readonly code: Int32Array;
  /** Neuron rows' terms [count, w1, y1, …] and MAX rows' operands [count, r1, …]. */
  readonly terms: Int32Array;
  readonly exponents: Float64Array;
  /** Per row: 1 for a lane row (B numbers), 0 for a one-number row. */
  readonly isLane: Uint8Array;
  /** The batch size: how many lanes a lane row holds. */
  B: number;
  /** Per row: where its numbers start in `value` and `grad`. */
  offset: Int32Array;
  /** Per entry of `terms`: the offset of the row it names. */
  termOffset: Int32Array;
  value: Float64Array;
  grad: Float64Array;
  /** Scratch for one neuron row: the lanes that pass gradient back. */
  live: Int32Array;
}

export function forwardRow(s: LaneArrays, r: number, lo: number, hi: number): void {
  const { code, value: v, offset, exponents } = s;
  const op = code[STRIDE * r] as number;
  const o = offset[r] as number;
  if (op === NEURON) {
    forwardNeuron(s, r, lo, hi);
    return;
  }
  if (op === MAX) {
    forwardMax(s, r, lo, hi);
    return;
  }
  const a = code[STRIDE * r + 1] as number;
  const b = code[STRIDE * r + 2] as number;
  // an operand's lane l is at oa + sa·l: sa is 1 for a lane row, 0 for a one-number row
  const oa = offset[a] as number;
  const sa = s.isLane[a] as number;
  if (op === POW) {
    const k = exponents[b] as number;
    for (let l = lo; l < hi; l++) v[o + l] = pow.forward(v[oa + sa * l] as number, k);
    return;
  }
  const ob = offset[b] as number;
  const sb = s.isLane[b] as number;
  switch (op) {
    case ADD:
      for (let l = lo; l < hi; l++)
        v[o + l] = add.forward(v[oa + sa * l] as number, v[ob + sb * l] as number);
      break;
    case SUB:
      for (let l = lo; l < hi; l++)
        v[o + l] = sub.forward(v[oa + sa * l] as number, v[ob + sb * l] as number);
      break;
    case MUL:
      for (let l = lo; l < hi; l++)
        v[o + l] = mul.forward(v[oa + sa * l] as number, v[ob + sb * l] as number);
      break;
    case DIV:
      for (let l = lo; l < hi; l++)
        v[o + l] = div.forward(v[oa + sa * l] as number, v[ob + sb * l] as number);
      break;
    case NEG:
      for (let l = lo; l < hi; l++) v[o + l] = neg.forward(v[oa + sa * l] as number, 0);
      break;
    case EXP:
      for (let l = lo; l < hi; l++) v[o + l] = exp.forward(v[oa + sa * l] as number, 0);
      break;
    case LOG:
      for (let l = lo; l < hi; l++) v[o + l] = log.forward(v[oa + sa * l] as number, 0);
      break;
    case TANH:
      for (let l = lo; l < hi; l++) v[o + l] = tanh.forward(v[oa + sa * l] as number, 0);
      break;
    case RELU:
      for (let l = lo; l < hi; l++) v[o + l] = relu.forward(v[oa + sa * l] as number, 0);
      break;
    case SIGMOID:
      for (let l = lo; l < hi; l++) v[o + l] = sigmoid.forward(v[oa + sa * l] as number, 0);
      break;
  }
}

// act(acc + w1·y1 + w2·y2 + …): one pass over the lanes per term, the terms left to right as
// the `+` nodes added them, then the relu
function forwardNeuron(s: LaneArrays, r: number, lo: number, hi: number): void {
  const { code, value: v, offset, terms, termOffset } = s;
  const o = offset[r] as number;
  const acc = code[STRIDE * r + 1] as number;
  const oa = offset[acc] as number;
  const sa = s.isLane[acc] as number;
  const t0 = code[STRIDE * r + 3] as number;
  const end = t0 + 1 + 2 * (terms[t0] as number);
  for (let l = lo; l < hi; l++) v[o + l] = v[oa + sa * l] as number;
  for (let t = t0 + 1; t < end; t += 2) {
    const w = v[termOffset[t] as number] as number;
    const oy = termOffset[t + 1] as number;
    for (let l = lo; l < hi; l++) v[o + l] = (v[o + l] as number) + w * (v[oy + l] as number);
  }
  if (code[STRIDE * r + 2] === RELU_ACT) {
    for (let l = lo; l < hi; l++) v[o + l] = Math.max(v[o + l] as number, 0);
  }
}

function forwardMax(s: LaneArrays, r: number, lo: number, hi: number): void {
  const { code, value: v, offset, terms, termOffset, isLane } = s;
  const o = offset[r] as number;
  const t0 = code[STRIDE * r + 3] as number;
  const count = terms[t0] as number;
  for (let l = lo; l < hi; l++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let t = t0 + 1; t <= t0 + count; t++) {
      // the largest, NaN skipped, as maxOf() takes it
      const x = v[(termOffset[t] as number) + (isLane[terms[t] as number] as number) * l] as number;
      if (x > m) m = x;
    }
    v[o + l] = m;
  }
}

// ---- backward: grad[operand] += local derivative · grad[row], lane by lane. A one-number
// operand's grad has stride 0, so it collects the sum over the lanes. Where a local derivative
// is exactly 0, nothing flows (0·∞ would make NaN), as PyTorch.

export function backwardRow(s: LaneArrays, r: number, lo: number, hi: number): void {
  const { code, value: v, grad: G, offset, exponents } = s;
  const op = code[STRIDE * r] as number;
  if (op === NEURON) {
    backwardNeuron(s, r, lo, hi);
    return;
  }
  if (op === MAX) return; // a constant: no gradient flows through it
  const o = offset[r] as number;
  const a = code[STRIDE * r + 1] as number;
  const b = code[STRIDE * r + 2] as number;
  const oa = offset[a] as number;
  const sa = s.isLane[a] as number;
  const ob = offset[b] as number;
  const sb = s.isLane[b] as number;
  for (let l = lo; l < hi; l++) {
    const g = G[o + l] as number;
    const ia = oa + sa * l;
    const ib = ob + sb * l;
    const x = v[ia] as number;
    // d/dx, and for the two-operand ops d/dy: each op's description's shares of g = 1, as
    // Value.localGrads reads them (one call site per op, which V8 inlines)
    let dx: number;
    let dy = 0;
    switch (op) {
      case ADD:
        dx = add.dx(1, x, 0, 0);
        dy = add.dy(1, x, 0, 0);
        break;
      case SUB:
        dx = sub.dx(1, x, 0, 0);
        dy = sub.dy(1, x, 0, 0);
        break;
      case MUL: {
        const y = v[ib] as number;
        dx = mul.dx(1, x, y, 0);
        dy = mul.dy(1, x, y, 0);
        break;
      }
      case DIV: {
        const y = v[ib] as number;
        const out = v[o + l] as number;
        dx = div.dx(1, x, y, out);
        dy = div.dy(1, x, y, out);
        break;
      }
      case NEG:
        dx = neg.dx(1, x, 0, 0);
        break;
      case POW:
        dx = pow.dx(1, x, exponents[b] as number, 0);
        break;
      case EXP:
        dx = exp.dx(1, x, 0, v[o + l] as number);
        break;
      case LOG:
        dx = log.dx(1, x, 0, 0);
        break;
      case TANH:
        dx = tanh.dx(1, x, 0, v[o + l] as number);
        break;
      case RELU:
        dx = relu.dx(1, x, 0, 0);
        break;
      case SIGMOID:
        dx = sigmoid.dx(1, x, 0, v[o + l] as number);
        break;
      default:
        dx = 0;
    }
    if (dx !== 0) (G[ia] as number) += dx * g;
    if (dy !== 0) (G[ib] as number) += dy * g;
  }
}

// First the lanes that pass gradient back (relu's derivative is 0 where its output is ≤ 0, and 1
// elsewhere, NaN included, as PyTorch; and a lane whose g is 0 adds only ±0 when every term is finite), then one pass over
// those lanes per term, last term first as backward() meets the folded nodes: y's gradient on
// its lane, w's summed over the lanes.
function backwardNeuron(s: LaneArrays, r: number, lo: number, hi: number): void {
  const { code, value: v, grad: G, offset, terms, termOffset, live } = s;
  const o = offset[r] as number;
  const acc = code[STRIDE * r + 1] as number;
  const oa = offset[acc] as number;
  const sa = s.isLane[acc] as number;
  const relu = code[STRIDE * r + 2] === RELU_ACT;
  const t0 = code[STRIDE * r + 3] as number;
  let n = 0;
  let finite = true;
  for (let l = lo; l < hi; l++) {
    const out = v[o + l] as number;
    if (relu && out <= 0) continue;
    const g = G[o + l] as number;
    // out is finite exactly when every product in its sum is
    if (g !== 0 && g - g === 0) live[n++] = l;
    else if (g !== 0 || out - out !== 0) {
      live[n++] = l;
      finite = false;
    }
  }
  for (let t = t0 - 1 + 2 * (terms[t0] as number); t > t0; t -= 2) {
    const ow = termOffset[t] as number;
    const w = v[ow] as number;
    const oy = termOffset[t + 1] as number;
    let gw = 0;
    if (finite) {
      for (let k = 0; k < n; k++) {
        const l = live[k] as number;
        const g = G[o + l] as number;
        G[oy + l] = (G[oy + l] as number) + w * g;
        gw += (v[oy + l] as number) * g;
      }
    } else {
      // some g is ±∞ or NaN: where a local derivative (w, or y's value) is 0, nothing flows
      for (let k = 0; k < n; k++) {
        const l = live[k] as number;
        const g = G[o + l] as number;
        const y = v[oy + l] as number;
        if (w !== 0) G[oy + l] = (G[oy + l] as number) + w * g;
        if (y !== 0) gw += y * g;
      }
    }
    G[ow] = (G[ow] as number) + gw;
  }
  for (let k = 0; k < n; k++) {
    const l = live[k] as number;
    (G[oa + sa * l] as number) += G[o + l] as number;
  }
}
