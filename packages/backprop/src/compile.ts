// The fast path: record a graph of Values once as a flat tape, then replay it over typed arrays.
//
// A training step builds the same graph every time; only the numbers change. compile() runs a
// function once with Values, lists the graph it built in the order backward() walks it, and writes
// every node into typed arrays: three integers (its op code and its operands' indices, side by side
// in one Int32Array, which the loops read faster than three arrays) and two doubles (its value and
// its gradient). A peephole pass then makes the tape's rows, of four integers: it fuses each `*`
// that feeds only the `+` right after it, and chains of such sums, into one multiply-add row (a
// neuron's b + w0·x0 + w1·x1 + … becomes one row with a list of terms), leaving the demo MLP a sixth
// of its nodes as rows.
// Tape.forward() and Tape.backward() are then each one loop with one switch over the op codes: the
// same arithmetic as engine.ts, in the same order, with no objects.

import { kindOf } from './check.ts';
import { exponentOf, Value } from './engine.ts';

// Op codes: a node's op is its index in `opNames`. A leaf (an input, a parameter or a constant)
// computes nothing; `**k` stands for every constant exponent.
const opNames = ['leaf', '+', '-', '*', '/', 'neg', '**k', 'exp', 'log', 'tanh', 'relu', 'sigmoid'];
const LEAF = 0;
const ADD = 1;
const SUB = 2;
const MUL = 3;
const DIV = 4;
const NEG = 5;
const POW = 6;
const EXP = 7;
const LOG = 8;
const TANH = 9;
const RELU = 10;
const SIGMOID = 11;
// How many rows run() and runBackward() hand to each call of their loops (see run()).
const ROWS_PER_CALL = 512;
/** Only in a tape, never in a graph: acc + x1·y1 + x2·y2 + …, `*`s fused into the `+`s after them. */
const DOT = 12;
/** Integers per tape row: op code, then up to three operands. */
const STRIDE = 4;
/** Integers per node of a recording, before the peephole pass: op code, then two operands. */
const NODE = 3;

/** The largest graph compile() accepts: it indexes nodes with a Map, which holds at most 2^24 keys. */
const MAX_NODES = 2 ** 24;

/**
 * A recorded graph, made by {@link compile}. Row i is four numbers in `code`: its op code
 * `code[4i]`, then the indices of its operands `code[4i + 1]`, `code[4i + 2]` and `code[4i + 3]`
 * (earlier rows; 0 where the op has fewer operands; for `**k`, the second is k's index in
 * `exponents`). Its value and gradient are `value[i]` and `grad[i]`. Rows are the graph's nodes in
 * the order `loss.topologicalOrder()` lists them, operands before results, except that a `*` whose
 * only use is the `+` right after it is folded into that row, a multiply-add (op code 12), and so
 * is a chain of them: `value[a] + value[x1]·value[y1] + value[x2]·value[y2] + …`, its third
 * operand the index in `terms` of its term count, followed by the pairs x1, y1, x2, y2, ….
 * 32 bytes per row, plus 4 per term index.
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
    this.terms = Int32Array.from(rows.terms);
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

  /** Memory held by the tape's arrays, in bytes: 32 per row, plus the terms, exponents and slots. */
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
    const { value, paramSlots } = this;
    for (let j = 0; j < paramSlots.length; j++) {
      const slot = paramSlots[j] as number;
      if (slot >= 0) value[slot] = (this.params[j] as Value).data;
    }
    this.run();
    return this.output(0);
  }

  /** Output i's value after the last forward(). */
  output(i: number): number {
    const slot = this.outputSlots[i];
    if (slot === undefined) {
      throw new RangeError(`Tape.output: no output ${i}; the tape has ${this.nOutputs}`);
    }
    return this.value[slot] as number;
  }

  /**
   * Fills `grad` with d(output 0)/d(node) and adds each parameter's gradient to its Value's `grad`,
   * as `loss.backward()` does on the object graph (leaf grads accumulate: zero them first).
   */
  backward(): void {
    const { grad, paramSlots } = this;
    grad.fill(0);
    grad[this.lossEnd - 1] = 1;
    this.runBackward();
    for (let j = 0; j < paramSlots.length; j++) {
      const slot = paramSlots[j] as number;
      // += like backward() on a leaf
      if (slot >= 0) (this.params[j] as Value).grad += grad[slot] as number;
    }
  }

  /** d(output 0)/d(inputs[j]) after the last backward(). */
  inputGrad(j: number): number {
    const slot = this.inputSlots[j];
    if (slot === undefined) {
      throw new RangeError(`Tape.inputGrad: no input ${j}; the tape has ${this.nInputs}`);
    }
    return this.grad[slot] as number;
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
      const a = code[STRIDE * i + 1] as number;
      const b = code[STRIDE * i + 2] as number;
      const x = value[a] as number;
      const y = value[b] as number;
      switch (op) {
        case ADD:
          value[i] = x + y;
          break;
        case SUB:
          value[i] = x - y;
          break;
        case MUL:
          value[i] = x * y;
          break;
        case DIV:
          value[i] = x / y;
          break;
        case NEG:
          value[i] = -x;
          break;
        case POW:
          value[i] = x ** (exponents[b] as number);
          break;
        case EXP:
          value[i] = Math.exp(x);
          break;
        case LOG:
          value[i] = Math.log(x);
          break;
        case TANH:
          value[i] = Math.tanh(x);
          break;
        case RELU:
          value[i] = Math.max(x, 0);
          break;
        case SIGMOID:
          value[i] = 1 / (1 + Math.exp(-x));
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
      }
    }
  }

  // From output 0 back to the leaves: grad[operand] += local derivative · grad[node]. The operand
  // values are read inside each case, only by the ops that need them.
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
          // d/dx = 1/y, d/dy = -x/y²
          const x = value[a] as number;
          const y = value[b] as number;
          (grad[a] as number) += (1 / y) * g;
          (grad[b] as number) += (-x / (y * y)) * g;
          break;
        }
        case NEG:
          (grad[a] as number) += -g;
          break;
        case POW: {
          // d/dx = k·x^(k−1), and 0 for k = 0 even at x = 0
          const x = value[a] as number;
          const k = exponents[b] as number;
          (grad[a] as number) += (k === 0 ? 0 : k * x ** (k - 1)) * g;
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
        case RELU: // d/dx = 1 for x > 0, else 0
          (grad[a] as number) += ((value[a] as number) > 0 ? 1 : 0) * g;
          break;
        case SIGMOID: {
          // d/dx = s(1 − s), from the output s
          const s = value[i] as number;
          (grad[a] as number) += s * (1 - s) * g;
          break;
        }
        case DOT: {
          // the terms last to first, as backward() meets the folded nodes, each with grad g; the
          // first `+` passes g to acc (d/dacc = 1) just before its `*`
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
      }
    }
  }

  private setInputs(inputs: ArrayLike<number>): void {
    checkNumbers(inputs, this.inputSlots.length, 'Tape.forward', 'inputs');
    for (let j = 0; j < inputs.length; j++) {
      this.value[this.inputSlots[j] as number] = inputs[j] as number;
    }
  }

  private setParams(params: ArrayLike<number>): void {
    checkNumbers(params, this.params.length, 'Tape.forward', 'params');
    for (let j = 0; j < params.length; j++) (this.params[j] as Value).data = params[j] as number;
  }
}

/** What compile() records from one trace of f. */
interface Recording {
  code: Int32Array;
  exponents: number[];
  value: Float64Array;
  inputSlots: Int32Array;
  paramSlots: Int32Array;
  outputSlots: Int32Array;
  lossEnd: number;
  /** The leaves that are neither inputs nor parameters, in node order. */
  constants: Value[];
}

/**
 * Records `f` as a {@link Tape} that recomputes its outputs and gradients for new inputs and new
 * parameter values without building Values.
 *
 * `f` receives the inputs as leaf Values and returns one Value (a loss) or several (output 0 is the
 * one backward() differentiates; the others, e.g. scores for an accuracy, are only computed).
 * `params` are the leaves the tape reads fresh on every forward() and whose `grad` backward()
 * fills; every other leaf `f` builds (`x.add(1)`, `new Value(0)`) is a constant baked into the tape.
 *
 * compile() calls `f` twice: with `inputs`, then with every input changed, and refuses a function
 * whose graph changes: a different shape (data-dependent `if`s or loops, e.g. on `x.data > 0`), a
 * different constant (a number computed from an input's `.data`, or random), or a leaf made
 * outside `f` that is missing from `params`. It cannot see a branch the second trace does not
 * flip, nor data `f` reads from elsewhere: everything that changes between calls must come in
 * through `inputs` or `params`. `relu` is fine: its branch is part of the op, not of the shape.
 *
 * The tape computes every node with the same formula as the object engine and walks backward in
 * the same order as `loss.backward()`, so values and gradients are bit-for-bit those of the object
 * engine on the same graph. They can differ in the last bits only where the sums differ: backward()
 * adds each parameter's total to its `grad` in one `+=`, where the object engine adds the uses one
 * by one, so a grad that was not zero beforehand may round differently.
 *
 * @param f builds the graph from the input Values (and the parameters it closes over).
 * @param inputs the numbers for the first trace and the first forward(); their count is fixed.
 * @param params the trainable leaves, e.g. `model.parameters()`.
 * @param options.check trace `f` a second time to refuse graphs that depend on the data (default
 *   true). Each trace costs about one object-engine step; leave it on unless the graph is known to
 *   be fixed and large.
 *
 * @example
 * const w = [new Value(0.5), new Value(-1)];
 * const tape = compile(([x]) => x.mul(w[0]).add(w[1]).tanh(), [2], w);
 * tape.forward([3]); // tanh(0.5·3 − 1)
 * tape.backward();   // w[0].grad, w[1].grad += d/dw
 */
export function compile(
  f: (inputs: Value[]) => Value | readonly Value[],
  inputs: ArrayLike<number>,
  params: readonly Value[] = [],
  options: { check?: boolean } = {},
): Tape {
  if (typeof f !== 'function') {
    throw new TypeError(`compile: expected f to be a function, got ${kindOf(f)}`);
  }
  checkNumbers(inputs, inputs?.length, 'compile', 'inputs');
  checkParams(params);
  const first = record(f, Array.from(inputs), params);
  if (options.check ?? true) {
    // the check trace: every input changed, most of them in sign (to flip `if (x.data > 0)`)
    const changed = Array.from(inputs, (x) => 0.25 - 1.5 * x);
    compareTraces(first, record(f, changed, params));
  }
  return new Tape(first, params);
}

/** Runs f on fresh input leaves and writes its graph into typed arrays. */
function record(
  f: (inputs: Value[]) => Value | readonly Value[],
  inputs: number[],
  params: readonly Value[],
): Recording {
  const xs = inputs.map((x, j) => new Value(x, `x${j}`));
  const outputs = checkOutputs(f(xs));
  // the order loss.backward() walks: output 0's topological order; other outputs' extra nodes after
  const topo = (outputs[0] as Value).topologicalOrder();
  const lossEnd = topo.length;
  if (lossEnd > MAX_NODES) {
    throw new RangeError(
      `compile: the graph has ${lossEnd} nodes; the tape holds at most ${MAX_NODES}`,
    );
  }
  const index = new Map<Value, number>();
  for (let i = 0; i < lossEnd; i++) index.set(topo[i] as Value, i);
  for (const o of outputs.slice(1)) {
    for (const v of o.topologicalOrder()) {
      if (index.has(v)) continue;
      index.set(v, topo.length);
      topo.push(v);
    }
  }

  const n = topo.length;
  const rec: Recording = {
    code: new Int32Array(NODE * n),
    exponents: [],
    value: new Float64Array(n),
    inputSlots: Int32Array.from(xs, (x) => index.get(x) ?? -1),
    paramSlots: Int32Array.from(params, (p) => index.get(p) ?? -1),
    outputSlots: Int32Array.from(outputs, (o) => index.get(o) as number),
    lossEnd,
    constants: [],
  };
  const known = new Set<Value>([...xs, ...params]);
  for (let i = 0; i < n; i++) {
    const v = topo[i] as Value;
    rec.value[i] = v.data;
    // an absent operand stays 0: the loops may read node 0 for it and ignore it
    const { children } = v;
    if (children.length > 0) rec.code[NODE * i + 1] = index.get(children[0] as Value) as number;
    if (children.length > 1) rec.code[NODE * i + 2] = index.get(children[1] as Value) as number;
    const k = exponentOf(v.op);
    if (children.length === 0) {
      rec.code[NODE * i] = LEAF;
      if (!known.has(v)) rec.constants.push(v);
    } else if (k !== undefined && children.length === 1) {
      rec.code[NODE * i] = POW;
      rec.code[NODE * i + 2] = rec.exponents.push(k) - 1;
    } else {
      rec.code[NODE * i] = opCode(v);
    }
  }
  const unused = rec.inputSlots.indexOf(-1);
  if (unused >= 0) {
    throw new Error(
      `compile: f does not use inputs[${unused}]; every input must reach an output ` +
        '(does f read its data from elsewhere instead of from its inputs?)',
    );
  }
  return rec;
}

/** A recording as the tape's loops walk it: rows of {@link STRIDE} integers, fused. */
interface Rows {
  code: Int32Array;
  terms: number[];
  value: Float64Array;
  inputSlots: Int32Array;
  paramSlots: Int32Array;
  outputSlots: Int32Array;
  lossEnd: number;
}

/**
 * The peephole pass. The fusion rule: node m = x·y folds into node m + 1 = acc + m (or m + acc)
 * when m is that `+`'s only use (one operand, no other node, not an output); and such a sum that
 * is in turn only the `acc` of the next one, two nodes later, folds into it too. A neuron's
 * b + w0·x0 + w1·x1 + … becomes one row: acc, then its terms [count, x1, y1, x2, y2, …] in
 * `terms`. Nothing else reads the folded nodes' values, loss.backward() would handle them all right
 * after the chain's last `+`, and each folded node's grad equals that `+`'s: so the row's forward
 * and backward do the same arithmetic in the same order as the nodes did, keeping every bit.
 */
function fuseMultiplyAdds(rec: Recording): Rows {
  const { code } = rec;
  const n = rec.value.length;
  const uses = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const op = code[NODE * i] as number;
    if (op !== LEAF) (uses[code[NODE * i + 1] as number] as number)++;
    if (op >= ADD && op <= DIV) (uses[code[NODE * i + 2] as number] as number)++;
  }
  for (const slot of rec.outputSlots) (uses[slot] as number)++;
  // multiplyAdd[i]: node i is acc + m for the `*` m = i − 1, which folds into it
  const multiplyAdd = new Uint8Array(n);
  // folded[j]: node j gets no row; its arithmetic happens in the row of a later node
  const folded = new Uint8Array(n);
  // acc[i]: the operand of multiply-add i that is not its product
  const acc = new Int32Array(n);
  for (let i = 1; i < n; i++) {
    const m = i - 1;
    const [a, b] = [code[NODE * i + 1] as number, code[NODE * i + 2] as number];
    if (
      code[NODE * i] !== ADD ||
      code[NODE * m] !== MUL ||
      uses[m] !== 1 ||
      (a === m) === (b === m)
    ) {
      continue;
    }
    multiplyAdd[i] = 1;
    folded[m] = 1;
    acc[i] = a === m ? b : a;
    if (acc[i] === i - 2 && multiplyAdd[i - 2] && uses[i - 2] === 1) folded[i - 2] = 1;
  }
  const row = new Int32Array(n);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    row[i] = rows;
    if (!folded[i]) rows++;
  }
  const out: Rows = {
    code: new Int32Array(STRIDE * rows),
    terms: [],
    value: new Float64Array(rows),
    inputSlots: rec.inputSlots.map((i) => row[i] as number),
    paramSlots: rec.paramSlots.map((i) => (i < 0 ? -1 : (row[i] as number))),
    outputSlots: rec.outputSlots.map((i) => row[i] as number),
    lossEnd: (row[rec.lossEnd - 1] as number) + 1,
  };
  // the chain of multiply-adds being collected: its acc's row and where its terms start
  let chainAcc = 0;
  let chainStart = 0;
  for (let i = 0; i < n; i++) {
    if (multiplyAdd[i]) {
      const joins = folded[i - 2] === 1 && acc[i] === i - 2;
      if (!joins) {
        chainAcc = row[acc[i] as number] as number;
        chainStart = out.terms.push(0) - 1;
      }
      const m = i - 1;
      out.terms.push(
        row[code[NODE * m + 1] as number] as number,
        row[code[NODE * m + 2] as number] as number,
      );
      (out.terms[chainStart] as number)++;
    }
    if (folded[i]) continue;
    const r = row[i] as number;
    out.value[r] = rec.value[i] as number;
    if (multiplyAdd[i]) {
      out.code.set([DOT, chainAcc, 0, chainStart], STRIDE * r);
      continue;
    }
    const op = code[NODE * i] as number;
    const a = code[NODE * i + 1] as number;
    const b = code[NODE * i + 2] as number;
    // operands map to rows; a `**k`'s second number is an exponent's index, not a node
    out.code.set([op, row[a] as number, op === POW ? b : (row[b] as number), 0], STRIDE * r);
  }
  return out;
}

/** The op code of a non-leaf Value, checking that it has as many operands as the op takes. */
function opCode(v: Value): number {
  const code = opNames.indexOf(v.op);
  if (code <= LEAF || code === POW) {
    throw new Error(
      `compile: unknown op ${JSON.stringify(v.op)}; the tape knows ${opNames.slice(1).join(' ')}`,
    );
  }
  const arity = code <= DIV ? 2 : 1;
  if (v.children.length !== arity) {
    throw new Error(`compile: a ${v.op} node has ${v.children.length} operands; expected ${arity}`);
  }
  return code;
}

/** Refuses a function whose second trace differs from the first (see compile's TSDoc). */
function compareTraces(first: Recording, second: Recording): void {
  const advice =
    'the tape replays one fixed graph; build this function with the object engine instead';
  const n = first.value.length;
  if (second.value.length !== n || second.lossEnd !== first.lossEnd) {
    throw new Error(
      `compile: f built ${n} nodes, then ${second.value.length} when the inputs changed: ` +
        `its graph depends on the data (an if or a loop on .data?); ${advice}`,
    );
  }
  const i = first.code.findIndex((c, k) => c !== second.code[k]);
  if (i >= 0) {
    const node = Math.floor(i / NODE);
    throw new Error(
      `compile: node ${node} was ${nodeText(first, node)}, then ${nodeText(second, node)} when ` +
        `the inputs changed: f's graph depends on the data; ${advice}`,
    );
  }
  // the same ops on other leaves: inputs or params that traded places, outputs in another order
  const slots = [
    ['inputs', first.inputSlots, second.inputSlots],
    ['params', first.paramSlots, second.paramSlots],
    ['outputs', first.outputSlots, second.outputSlots],
  ] as const;
  if (first.outputSlots.length !== second.outputSlots.length) {
    throw new Error(
      `compile: f returned ${first.outputSlots.length} outputs, then ` +
        `${second.outputSlots.length} when the inputs changed; ${advice}`,
    );
  }
  for (const [name, was, now] of slots) {
    const j = was.findIndex((slot, k) => slot !== now[k]);
    if (j >= 0) {
      throw new Error(
        `compile: ${name}[${j}] was ${slotText(was[j])}, then ${slotText(now[j])} when the inputs changed: ` +
          `f's graph depends on the data; ${advice}`,
      );
    }
  }
  if (first.exponents.some((k, i) => !Object.is(k, second.exponents[i]))) {
    throw new Error(`compile: an exponent changed when the inputs changed; ${advice}`);
  }
  const seen = new Set(first.constants);
  for (let i = 0; i < second.constants.length; i++) {
    const c = second.constants[i] as Value;
    if (seen.has(c)) {
      throw new Error(
        `compile: f uses a Value made outside it (data ${c.data}${c.label ? `, label "${c.label}"` : ''}) ` +
          'that is neither an input nor in params: add it to params to train it, or create it inside f',
      );
    }
    const was = (first.constants[i] as Value).data;
    if (!Object.is(was, c.data)) {
      throw new Error(
        `compile: constant ${i} was ${was}, then ${c.data} when the inputs changed: f computes ` +
          `a number from an input's .data (or draws a random one); use Value ops on the inputs, or ${advice}`,
      );
    }
  }
}

/** Where an input, a parameter or an output sits, for an error message: `node 4`, `unused`. */
const slotText = (slot: number | undefined) => (slot === -1 ? 'unused' : `node ${slot}`);

/** Node i of a recording for an error message: `tanh of node 3`, `* of nodes 4 and 7`. */
function nodeText(rec: Recording, i: number): string {
  const op = rec.code[NODE * i] as number;
  const [a, b] = [rec.code[NODE * i + 1], rec.code[NODE * i + 2]];
  if (op === LEAF) return 'a leaf';
  if (op <= DIV) return `${opNames[op]} of nodes ${a} and ${b}`;
  return `${opNames[op]} of node ${a}`;
}

/** Checks that params are distinct leaf Values. */
function checkParams(params: readonly Value[]): void {
  if (!Array.isArray(params)) {
    throw new TypeError(`compile: expected params to be an array of Values, got ${kindOf(params)}`);
  }
  const seen = new Set<Value>();
  params.forEach((p, j) => {
    if (!(p instanceof Value)) {
      throw new TypeError(`compile: expected params[${j}] to be a Value, got ${kindOf(p)}`);
    }
    if (p.children.length > 0) {
      throw new Error(`compile: params[${j}] is the result of ${p.op}; parameters must be leaves`);
    }
    if (seen.has(p)) throw new Error(`compile: params[${j}] appears twice in params`);
    seen.add(p);
  });
}

/** f's result as a non-empty array of Values. */
function checkOutputs(out: Value | readonly Value[]): readonly Value[] {
  const outputs = Array.isArray(out) ? out : [out];
  if (outputs.length === 0) throw new Error('compile: f returned no outputs; expected a Value');
  outputs.forEach((o, i) => {
    if (!(o instanceof Value)) {
      throw new TypeError(
        `compile: expected f to return a Value or Values, got ${kindOf(o)} at ${i}`,
      );
    }
  });
  return outputs;
}

/** Checks an array-like of numbers of the expected length. */
function checkNumbers(
  xs: ArrayLike<number>,
  length: number | undefined,
  fn: string,
  name: string,
): void {
  if (xs === null || typeof xs !== 'object' || typeof xs.length !== 'number') {
    throw new TypeError(`${fn}: expected ${name} to be an array of numbers, got ${kindOf(xs)}`);
  }
  if (xs.length !== length) {
    throw new RangeError(`${fn}: expected ${length} ${name}, got ${xs.length}`);
  }
  for (let j = 0; j < xs.length; j++) {
    if (typeof xs[j] !== 'number') {
      throw new TypeError(`${fn}: expected ${name}[${j}] to be a number, got ${kindOf(xs[j])}`);
    }
  }
}
