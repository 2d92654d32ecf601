// Stage 4, replay: the Tape class, whose forward() and backward() are each one loop with one
// switch over the op codes (engine.ts's descriptions, numbered by record.ts). forward() calls each
// op's `forward` (one call site per op, which V8 inlines); backward() writes each chain rule out
// as math, the description's formula in the same order (calling them there cost 8–11% per demo
// step). So the tape computes what the object engine does, bit for bit.

import { type Op, ops, type Value } from '../engine.ts';
import * as fused from './fuse.ts';
import { fuseMultiplyAdds } from './fuse.ts';
import { checkNumbers, codeOf, opList, type Recording } from './record.ts';

// The ops and their codes as constants of this module: V8 reads an imported binding afresh at
// every use (a demo step a third slower), a module's own constant once.
const { leaf, add, sub, mul, div, neg, pow, exp, log, tanh, relu, sigmoid } = ops;
const LEAF = codeOf(leaf);
const ADD = codeOf(add);
const SUB = codeOf(sub);
const MUL = codeOf(mul);
const DIV = codeOf(div);
const NEG = codeOf(neg);
const POW = codeOf(pow);
const EXP = codeOf(exp);
const LOG = codeOf(log);
const TANH = codeOf(tanh);
const RELU = codeOf(relu);
const SIGMOID = codeOf(sigmoid);
const { DOT, STRIDE } = fused;

// How many rows run() and runBackward() hand to each call of their loops (see run()).
const ROWS_PER_CALL = 512;

/**
 * A recorded graph, made by {@link compile}. Row i is four numbers in `code`: its op code
 * `code[4i]`, then the indices of its operands `code[4i + 1]`, `code[4i + 2]` and `code[4i + 3]`
 * (earlier rows; 0 where the op has fewer operands; for `**k`, the second is k's index in
 * `exponents`). Its value and gradient are `value[i]` and `grad[i]`. Rows are the graph's nodes in
 * the order `loss.topologicalOrder()` lists them, operands before results, except that a `*` whose
 * only use is the `+` right after it is folded into that row, a multiply-add (op code 12), and so
 * is a chain of them: `value[a] + value[x1]·value[y1] + value[x2]·value[y2] + …`, its third
 * operand the index in `terms` of its term count, followed by the pairs x1, y1, x2, y2, ….
 */
export class Tape {
  /** Per row: op code (0 leaf, 1 `+`, 2 `-`, 3 `*`, 4 `/`, 5 neg, 6 `**k`, 7 exp, 8 log, 9 tanh, 10 relu, 11 sigmoid, 12 multiply-add), then three operands. */
  readonly code: Int32Array;
  /** The multiply-add rows' terms: for each, its count, then that many pairs of row indices. */
  readonly terms: Int32Array;
  /** The constant exponents of the `**k` nodes. */
  readonly exponents: Float64Array;
  /** Each row's value after the last forward(). */
  readonly value: Float64Array;
  /** Each row's d(output 0)/d(row) after the last backward(). */
  readonly grad: Float64Array;
  /** The number of nodes in the recorded graph (the tape has fewer rows: see {@link Tape.rows}). */
  readonly size: number;
  /** The parameter Values: forward() reads their `data`, backward() adds to their `grad`. */
  readonly params: readonly Value[];
  // Row of inputs[j], of params[j] (-1 if the graph does not use it), and of outputs[j].
  private readonly inputSlots: Int32Array;
  private readonly paramSlots: Int32Array;
  private readonly outputSlots: Int32Array;
  // backward() walks rows 0 … lossEnd − 1: those output 0 depends on, as loss.backward() does.
  private readonly lossEnd: number;

  /** @internal Use {@link compile}. */
  constructor(recording: Recording, params: readonly Value[]) {
    this.size = recording.value.length;
    const rows = fuseMultiplyAdds(recording);
    this.code = rows.code;
    this.terms = rows.terms;
    this.exponents = Float64Array.from(recording.exponents);
    this.value = rows.value;
    this.grad = new Float64Array(rows.value.length);
    this.params = params;
    this.inputSlots = rows.inputSlots;
    this.paramSlots = rows.paramSlots;
    this.outputSlots = rows.outputSlots;
    this.lossEnd = rows.lossEnd;
  }

  /** The number of rows the loops walk: the graph's nodes less those folded into multiply-adds. */
  get rows(): number {
    return this.value.length;
  }

  /** The number of inputs forward() expects. */
  get nInputs(): number {
    return this.inputSlots.length;
  }

  /** The number of outputs f returned; output 0 is the one backward() differentiates. */
  get nOutputs(): number {
    return this.outputSlots.length;
  }

  /** Memory held by the tape's arrays, in bytes: the rows, their terms, the exponents and slots. */
  get byteLength(): number {
    const arrays = [this.code, this.terms, this.exponents, this.value, this.grad];
    const slots = [this.inputSlots, this.paramSlots, this.outputSlots];
    return [...arrays, ...slots].reduce((sum, x) => sum + x.byteLength, 0);
  }

  /**
   * Computes every node's value and returns output 0.
   *
   * @param inputs new input values (as many as at compile time); left out, the last ones stay.
   * @param params new parameter values, first stored into the parameter Values' `data`; left out,
   *   forward() reads the Values' current `data`, so an optimizer that updates them just works.
   */
  forward(inputs?: ArrayLike<number>, params?: ArrayLike<number>): number {
    if (inputs !== undefined) this.setInputs(inputs);
    if (params !== undefined) this.setParams(params);
    this.params.forEach((p, j) => {
      const slot = at(this.paramSlots, j);
      if (slot >= 0) this.value[slot] = p.data;
    });
    this.run();
    return this.output(0);
  }

  /** Output i's value after the last forward(). */
  output(i: number): number {
    const slot = this.outputSlots[i];
    if (slot === undefined) {
      throw new RangeError(`Tape.output: no output ${i}; the tape has ${this.nOutputs}`);
    }
    return at(this.value, slot);
  }

  /**
   * Fills `grad` with d(output 0)/d(node) and adds each parameter's gradient to its Value's `grad`,
   * as `loss.backward()` does on the object graph (leaf grads accumulate: zero them first).
   */
  backward(): void {
    const { grad } = this;
    grad.fill(0);
    grad[this.lossEnd - 1] = 1;
    this.runBackward();
    this.params.forEach((p, j) => {
      const slot = at(this.paramSlots, j);
      // += like backward() on a leaf
      if (slot >= 0) p.grad += at(grad, slot);
    });
  }

  /** d(output 0)/d(inputs[j]) after the last backward(). */
  inputGrad(j: number): number {
    const slot = this.inputSlots[j];
    if (slot === undefined) {
      throw new RangeError(`Tape.inputGrad: no input ${j}; the tape has ${this.nInputs}`);
    }
    return at(this.grad, slot);
  }

  // ---- the two loops: each case is the same arithmetic as the op in engine.ts

  // Both loops run a block of rows per call. One long first call would have V8 compile the loop
  // while it runs (on-stack replacement), and in about a third of processes that slower code then
  // stays in use (0.21 rather than 0.17 ms per demo step); short calls get the function compiled
  // whole, early.
  private run(): void {
    const n = this.value.length;
    for (let from = 0; from < n; from += ROWS_PER_CALL) {
      this.runRows(from, Math.min(n, from + ROWS_PER_CALL));
    }
  }

  private runRows(from: number, to: number): void {
    const { code, terms, value, exponents } = this;
    for (let i = from; i < to; i++) {
      const op = code[STRIDE * i] as number;
      const x = value[code[STRIDE * i + 1] as number] as number;
      const b = code[STRIDE * i + 2] as number;
      const y = value[b] as number;
      switch (op) {
        case LEAF: // an input, a parameter or a constant: set before the loop
          break;
        case ADD:
          value[i] = add.forward(x, y);
          break;
        case SUB:
          value[i] = sub.forward(x, y);
          break;
        case MUL:
          value[i] = mul.forward(x, y);
          break;
        case DIV:
          value[i] = div.forward(x, y);
          break;
        case NEG:
          value[i] = neg.forward(x, 0);
          break;
        case POW:
          value[i] = pow.forward(x, exponents[b] as number);
          break;
        case EXP:
          value[i] = exp.forward(x, 0);
          break;
        case LOG:
          value[i] = log.forward(x, 0);
          break;
        case TANH:
          value[i] = tanh.forward(x, 0);
          break;
        case RELU:
          value[i] = relu.forward(x, 0);
          break;
        case SIGMOID:
          value[i] = sigmoid.forward(x, 0);
          break;
        case DOT: {
          // left to right, each step rounding twice as the `*` and `+` it replaces (no fma in JS)
          const t0 = code[STRIDE * i + 3] as number;
          const end = t0 + 2 * (terms[t0] as number);
          let sum = x;
          for (let t = t0 + 1; t < end; t += 2) {
            sum +=
              (value[terms[t] as number] as number) * (value[terms[t + 1] as number] as number);
          }
          value[i] = sum;
          break;
        }
        default:
          this.forwardOther(i);
      }
    }
  }

  // From output 0 back to the leaves: grad[operand] += its share of grad[node], from its op's
  // chain rule. The operand values are read inside each case, only by the ops that need them.
  private runBackward(): void {
    for (let to = this.lossEnd; to > 0; to -= ROWS_PER_CALL) {
      this.runBackwardRows(Math.max(0, to - ROWS_PER_CALL), to);
    }
  }

  private runBackwardRows(from: number, to: number): void {
    const { code, terms, value, grad, exponents } = this;
    for (let i = to - 1; i >= from; i--) {
      const op = code[STRIDE * i] as number;
      const a = code[STRIDE * i + 1] as number;
      const b = code[STRIDE * i + 2] as number;
      const g = grad[i] as number;
      // += not =: an operand used twice (a + a) receives gradient from both uses
      switch (op) {
        case LEAF:
          break;
        case ADD: // d/dx = 1, d/dy = 1
          (grad[a] as number) += g;
          (grad[b] as number) += g;
          break;
        case SUB: // d/dx = 1, d/dy = -1
          (grad[a] as number) += g;
          (grad[b] as number) += -g;
          break;
        case MUL: // d/dx = y, d/dy = x
          (grad[a] as number) += (value[b] as number) * g;
          (grad[b] as number) += (value[a] as number) * g;
          break;
        case DIV: {
          // d/dx = 1/y, d/dy = −out/y
          const y = value[b] as number;
          (grad[a] as number) += (1 / y) * g;
          (grad[b] as number) += (-(value[i] as number) / y) * g;
          break;
        }
        case NEG:
          (grad[a] as number) += -g;
          break;
        case POW: {
          // d/dx = k·x^(k−1); for k = 0 nothing flows (a selection, as PyTorch's)
          const k = exponents[b] as number;
          (grad[a] as number) += k === 0 ? 0 : k * (value[a] as number) ** (k - 1) * g;
          break;
        }
        case EXP: // d/dx = e^x, the output itself
          (grad[a] as number) += (value[i] as number) * g;
          break;
        case LOG: // d/dx = 1/x
          (grad[a] as number) += (1 / (value[a] as number)) * g;
          break;
        case TANH: {
          // d/dx = 1 − tanh², from the output t
          const t = value[i] as number;
          (grad[a] as number) += (1 - t * t) * g;
          break;
        }
        case RELU: // g where x is not ≤ 0 (NaN too), else nothing (a selection, as PyTorch's)
          (grad[a] as number) += (value[a] as number) <= 0 ? 0 : g;
          break;
        case SIGMOID: {
          // d/dx = s(1 − s), from the output s
          const s = value[i] as number;
          (grad[a] as number) += s * (1 - s) * g;
          break;
        }
        case DOT: {
          // the terms last to first, as backward() meets the folded nodes, each with grad g; the
          // first `+` passes g to acc just before its `*`
          const t0 = code[STRIDE * i + 3] as number;
          for (let t = t0 + 2 * (terms[t0] as number) - 1; t > t0; t -= 2) {
            if (t === t0 + 1) (grad[a] as number) += g;
            const x = terms[t] as number;
            const y = terms[t + 1] as number;
            (grad[x] as number) += (value[y] as number) * g;
            (grad[y] as number) += (value[x] as number) * g;
          }
          break;
        }
        default:
          this.backwardOther(i);
      }
    }
  }

  // An op of engine.ts's that the loops have no case for yet: the same numbers, found through
  // its description at every row, so slower. Adding an op needs no change here.
  private forwardOther(i: number): void {
    const [x, y, fn] = this.operands(i);
    this.value[i] = fn.forward(x, y);
  }

  private backwardOther(i: number): void {
    const { code, grad, value } = this;
    const [x, y, fn] = this.operands(i);
    const [a = 0, b = 0] = code.subarray(STRIDE * i + 1, STRIDE * i + 3);
    const [out = 0, g = 0] = [value[i], grad[i]];
    if (fn.arity > 0) grad[a] = (grad[a] ?? 0) + fn.dx(g, x, y, out);
    if (fn.arity > 1) grad[b] = (grad[b] ?? 0) + fn.dy(g, x, y, out);
  }

  // Row i's op and the two numbers its formulas take: x, and y or a `**k`'s k.
  private operands(i: number): [number, number, Op] {
    const { code, value, exponents } = this;
    const [op = 0, a = 0, b = 0] = code.subarray(STRIDE * i, STRIDE * i + 3);
    const fn = opList[op] ?? ops.leaf;
    const y = fn.arity === 2 ? value[b] : exponents[b];
    return [value[a] ?? 0, y ?? 0, fn];
  }

  private setInputs(inputs: ArrayLike<number>): void {
    checkNumbers(inputs, this.inputSlots.length, 'Tape.forward', 'inputs');
    for (let j = 0; j < inputs.length; j++) {
      this.value[at(this.inputSlots, j)] = at(inputs, j);
    }
  }

  private setParams(params: ArrayLike<number>): void {
    checkNumbers(params, this.params.length, 'Tape.forward', 'params');
    this.params.forEach((p, j) => {
      p.data = at(params, j);
    });
  }
}

// Every index a row or a slot holds is in range, so an element is never undefined. `at` says so
// outside the loops; inside them, the hot path, each read stays a plain array read with its cast.

/** xs[i], for an index known to be in range. */
function at(xs: ArrayLike<number>, i: number): number {
  return xs[i] as number;
}
