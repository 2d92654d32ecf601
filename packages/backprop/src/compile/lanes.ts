// Batch lanes: record the graph of ONE sample's loss term, then replay every row across all B
// samples of a batch at once.
//
// A full batch repeats one sample's graph B times, with other numbers. compileLanes() records that
// graph once (about 1,000 nodes for micrograd's demo MLP, where the whole-batch tape has 65,814)
// and stores it as a structure of arrays: a row whose value depends on an input holds B lanes, one
// per sample, side by side; a row that depends only on parameters and constants holds one number,
// shared by every lane. The inputs (a sample's coordinates and its label) are per-lane data; a
// parameter is one number, broadcast, and its gradient is the sum over the lanes of what each
// sample's graph gives it.
//
// The rows are the graph's nodes in topological order, with one peephole: a neuron's
// act(b + w0·y0 + w1·y1 + …), where every w is a one-lane row (a weight) and every y a lane row,
// becomes one row, found through the graph's edges rather than by position (in a one-sample graph
// each weight leaf sits between the `+`s of its sum). Its loops run lanes outer and the neuron's
// terms inner, so the sum stays in a register and the weights in a small array.
//
// Numbers: each lane computes its sample's values and gradients with the object engine's formulas
// in the object engine's order, so those agree bit for bit with a graph built for that sample; what
// differs is the order of additions across samples. A parameter's gradient here is the sum over the
// lanes in lane order, where the full-batch graph adds the same contributions in the order its
// backward() meets them; the two agree to about 1e-15 relative, not bit for bit.

import { exponentOf, kindOf, Value } from '../engine.ts';

// Op codes (as compile.ts's), plus two that exist only in a lane tape.
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
/** A neuron: act(acc + w1·y1 + w2·y2 + …), every w one number, every y a lane row. */
const NEURON = 12;
/** The largest of some rows' values, with no gradient: see {@link maxOf}. */
const MAX = 13;
/** A neuron row's second operand: 1 if a relu follows its sum (0: none). */
const RELU_ACT = 1;
/** Integers per row: op code, then three operands. */
const STRIDE = 4;

/** The largest graph of one sample that compileLanes() accepts. */
const MAX_NODES = 2 ** 24;

// ---- maxOf: a constant computed from the data, declared as such

/** The nodes each maxOf() leaf is the largest of. */
const maxima = new WeakMap<Value, readonly Value[]>();

/**
 * A leaf holding the largest of `values`' data: a constant, through which no gradient flows (as
 * softmax cross-entropy's shift). On the object engine it is a plain `new Value(max)`; in a lane
 * tape it is recomputed per lane from those nodes, where a number read from `.data` would be
 * refused as a constant that depends on the data.
 */
export function maxOf(values: readonly Value[]): Value {
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => v instanceof Value)) {
    throw new TypeError(`maxOf: expected a non-empty array of Values, got ${kindOf(values)}`);
  }
  let m = (values[0] as Value).data;
  // Math.max's rules (a NaN wins), in a loop: a spread of many numbers overflows the stack
  for (let i = 1; i < values.length; i++) m = Math.max(m, (values[i] as Value).data);
  const leaf = new Value(m);
  maxima.set(leaf, values.slice());
  return leaf;
}

// ---- recording

/** One trace of f, as rows (before lanes are laid out). */
interface LaneRecording {
  /** STRIDE integers per row: op, operands (rows; a `**k`'s second is an exponent index). */
  code: Int32Array;
  /** Neuron rows' terms [count, w1, y1, …] and MAX rows' operands [count, r1, r2, …]. */
  terms: number[];
  exponents: number[];
  /** Per row: 1 if its value depends on an input (B lanes), 0 if it is one number. */
  lane: Uint8Array;
  /** Each row's value in the trace (the constants' values are kept from it). */
  value: Float64Array;
  /** The number of nodes in the graph of one sample (the rows are fewer). */
  nodes: number;
  inputRows: Int32Array;
  paramRows: Int32Array;
  outputRows: Int32Array;
  /** backward() walks rows 0 … lossEnd − 1: those output 0 depends on. */
  lossEnd: number;
  /** The leaves that are neither inputs nor parameters nor maxOf()s, in row order. */
  constants: Value[];
}

/**
 * The nodes of `outputs`, each after its operands (and a maxOf() leaf after the nodes it is the
 * largest of): output 0's graph first, in the order `loss.topologicalOrder()` gives when no
 * maxOf() is involved, then the other outputs' extra nodes.
 */
function order(outputs: readonly Value[]): { topo: Value[]; lossEnd: number } {
  const placed = new Set<Value>();
  const topo: Value[] = [];
  let lossEnd = 0;
  for (const root of outputs) {
    if (placed.has(root)) continue;
    // an explicit stack of [node, operands, next operand]: a deep graph must not overflow
    const stack: [Value, readonly Value[], number][] = [[root, operandsOf(root), 0]];
    const seen = new Set<Value>([root]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [Value, readonly Value[], number];
      const [node, operands, next] = top;
      if (next < operands.length) {
        top[2] = next + 1;
        const child = operands[next] as Value;
        if (!placed.has(child) && !seen.has(child)) {
          seen.add(child);
          stack.push([child, operandsOf(child), 0]);
        }
        continue;
      }
      stack.pop();
      placed.add(node);
      topo.push(node);
    }
    if (root === outputs[0]) lossEnd = topo.length;
  }
  return { topo, lossEnd };
}

const operandsOf = (v: Value): readonly Value[] => maxima.get(v) ?? v.children;

/** Runs f on fresh input leaves and writes its graph as lane rows, with neurons fused. */
function record(
  f: (inputs: Value[]) => Value | readonly Value[],
  sample: number[],
  params: readonly Value[],
): LaneRecording {
  const xs = sample.map((x, j) => new Value(x, `x${j}`));
  const outputs = checkOutputs(f(xs));
  const { topo, lossEnd } = order(outputs);
  if (topo.length > MAX_NODES) {
    throw new RangeError(
      `compileLanes: one sample's graph has ${topo.length} nodes; at most ${MAX_NODES}`,
    );
  }
  const n = topo.length;
  const index = new Map<Value, number>();
  for (let i = 0; i < n; i++) index.set(topo[i] as Value, i);
  const known = new Set<Value>([...xs, ...params]);

  // per node: op code, operands, and whether it varies from lane to lane
  const op = new Int32Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const lane = new Uint8Array(n);
  const exponents: number[] = [];
  const inputs = new Set(xs);
  for (let i = 0; i < n; i++) {
    const v = topo[i] as Value;
    const operands = operandsOf(v);
    if (maxima.has(v)) {
      op[i] = MAX;
      lane[i] = operands.some((o) => lane[index.get(o) as number]) ? 1 : 0;
      continue;
    }
    if (operands.length > 0) a[i] = index.get(operands[0] as Value) as number;
    if (operands.length > 1) b[i] = index.get(operands[1] as Value) as number;
    const k = exponentOf(v.op);
    if (operands.length === 0) op[i] = LEAF;
    else if (k !== undefined && operands.length === 1) {
      op[i] = POW;
      b[i] = exponents.push(k) - 1;
    } else op[i] = opCode(v);
    const oi = op[i] as number;
    const binary = oi >= ADD && oi <= DIV;
    if (oi === LEAF) lane[i] = inputs.has(v) ? 1 : 0;
    else
      lane[i] = (lane[a[i] as number] as number) | (binary ? (lane[b[i] as number] as number) : 0);
  }

  // how many times each node is read: by other nodes, by a maxOf(), as an output
  const uses = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (op[i] === MAX) {
      for (const o of operandsOf(topo[i] as Value)) (uses[index.get(o) as number] as number)++;
      continue;
    }
    const oi = op[i] as number;
    if (oi !== LEAF) (uses[a[i] as number] as number)++;
    if (oi >= ADD && oi <= DIV) (uses[b[i] as number] as number)++;
  }
  const isOutput = new Uint8Array(n);
  for (const o of outputs) isOutput[index.get(o) as number] = 1;

  // Neurons. A `*` of a one-lane row and a lane row, read only by a `+`, is a term of that `+`;
  // the `+`'s other operand is its acc, and when the acc is itself such a `+` read only here, the
  // two are one chain: acc + t1 + t2 + …, added left to right as the nodes did.
  const term = (m: number) =>
    op[m] === MUL && uses[m] === 1 && !isOutput[m] && lane[a[m] as number] !== lane[b[m] as number];
  const chainTerms: number[][] = new Array(n);
  const chainAcc = new Int32Array(n);
  const folded = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (op[i] !== ADD || !lane[i]) continue;
    const [x, y] = [a[i] as number, b[i] as number];
    const m = term(y) ? y : term(x) ? x : -1;
    if (m < 0) continue;
    const acc = m === y ? x : y;
    folded[m] = 1;
    if (chainTerms[acc] !== undefined && uses[acc] === 1 && !isOutput[acc]) {
      folded[acc] = 1;
      chainTerms[i] = chainTerms[acc] as number[];
      chainAcc[i] = chainAcc[acc] as number;
    } else {
      chainTerms[i] = [];
      chainAcc[i] = acc;
    }
    (chainTerms[i] as number[]).push(m);
  }
  // a relu read only by nothing else takes its neuron's sum into its row
  const activation = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = a[i] as number;
    if (op[i] === RELU && chainTerms[s] !== undefined && uses[s] === 1 && !isOutput[s]) {
      folded[s] = 1;
      chainTerms[i] = chainTerms[s] as number[];
      chainAcc[i] = chainAcc[s] as number;
      activation[i] = RELU_ACT;
    }
  }

  const row = new Int32Array(n).fill(-1);
  let rows = 0;
  for (let i = 0; i < n; i++) if (!folded[i]) row[i] = rows++;
  const rec: LaneRecording = {
    code: new Int32Array(STRIDE * rows),
    terms: [],
    exponents,
    lane: new Uint8Array(rows),
    value: new Float64Array(rows),
    nodes: n,
    inputRows: Int32Array.from(xs, (x) => row[index.get(x) ?? -1] ?? -1),
    paramRows: Int32Array.from(params, (p) =>
      index.has(p) ? (row[index.get(p) as number] as number) : -1,
    ),
    outputRows: Int32Array.from(outputs, (o) => row[index.get(o) as number] as number),
    lossEnd: (row[lossEnd - 1] as number) + 1,
    constants: [],
  };
  const r = (i: number) => row[i] as number;
  for (let i = 0; i < n; i++) {
    if (folded[i]) continue;
    const v = topo[i] as Value;
    const at = STRIDE * r(i);
    rec.lane[r(i)] = lane[i] as number;
    rec.value[r(i)] = v.data;
    const terms = chainTerms[i];
    if (terms !== undefined) {
      // w first, y second: a product's operands may come in either order (x·y = y·x, bit for bit)
      const start = rec.terms.push(terms.length) - 1;
      for (const m of terms) {
        const [p, q] = [a[m] as number, b[m] as number];
        const [w, y] = lane[p] ? [q, p] : [p, q];
        rec.terms.push(r(w), r(y));
      }
      rec.code.set([NEURON, r(chainAcc[i] as number), activation[i] as number, start], at);
    } else if (op[i] === MAX) {
      const operands = operandsOf(v).map((o) => r(index.get(o) as number));
      const start = rec.terms.push(operands.length, ...operands) - operands.length - 1;
      rec.code.set([MAX, 0, 0, start], at);
    } else if (op[i] === LEAF) {
      rec.code.set([LEAF, 0, 0, 0], at);
      if (!known.has(v)) rec.constants.push(v);
    } else {
      const oi = op[i] as number;
      const second = oi === POW ? (b[i] as number) : oi <= DIV ? r(b[i] as number) : 0;
      rec.code.set([oi, r(a[i] as number), second, 0], at);
    }
  }
  const unused = rec.inputRows.indexOf(-1);
  if (unused >= 0) {
    throw new Error(
      `compileLanes: f does not use inputs[${unused}]; every input must reach an output ` +
        '(does f read its data from elsewhere instead of from its inputs?)',
    );
  }
  return rec;
}

/** The op code of a non-leaf Value, checking that it has as many operands as the op takes. */
function opCode(v: Value): number {
  const code = opNames.indexOf(v.op);
  if (code <= LEAF || code === POW) {
    throw new Error(
      `compileLanes: unknown op ${JSON.stringify(v.op)}; the lane tape knows ${opNames.slice(1).join(' ')}`,
    );
  }
  const arity = code <= DIV ? 2 : 1;
  if (v.children.length !== arity) {
    throw new Error(
      `compileLanes: a ${v.op} node has ${v.children.length} operands; expected ${arity}`,
    );
  }
  return code;
}

/** Refuses a function whose second trace differs from the first, as compile() does. */
function compareTraces(first: LaneRecording, second: LaneRecording): void {
  const advice =
    'a lane tape replays one graph for every sample; build this function with the object engine instead';
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.prototype.every.call(x, (v: number, k: number) => v === y[k]);
  if (
    first.nodes !== second.nodes ||
    !same(first.code, second.code) ||
    !same(first.terms, second.terms) ||
    !same(first.inputRows, second.inputRows) ||
    !same(first.paramRows, second.paramRows) ||
    !same(first.outputRows, second.outputRows)
  ) {
    throw new Error(
      `compileLanes: f built a different graph (${first.nodes} nodes, then ${second.nodes}) when ` +
        `the inputs changed: its graph depends on the data (an if or a loop on .data?); ${advice}`,
    );
  }
  if (first.exponents.some((k, i) => !Object.is(k, second.exponents[i]))) {
    throw new Error(`compileLanes: an exponent changed when the inputs changed; ${advice}`);
  }
  const seen = new Set(first.constants);
  for (let i = 0; i < second.constants.length; i++) {
    const c = second.constants[i] as Value;
    if (seen.has(c)) {
      throw new Error(
        `compileLanes: f uses a Value made outside it (data ${c.data}${c.label ? `, label "${c.label}"` : ''}) ` +
          'that is neither an input nor in params: add it to params to train it, or create it inside f',
      );
    }
    const was = (first.constants[i] as Value).data;
    if (!Object.is(was, c.data)) {
      throw new Error(
        `compileLanes: constant ${i} was ${was}, then ${c.data} when the inputs changed: f computes ` +
          `a number from an input's .data (or draws a random one); use Value ops on the inputs ` +
          `(maxOf() for a largest value), or ${advice}`,
      );
    }
  }
}

// ---- the lane tape

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
  private readonly code: Int32Array;
  private readonly terms: Int32Array;
  private readonly exponents: Float64Array;
  private readonly isLane: Uint8Array;
  private readonly constants: Float64Array;
  private readonly inputRows: Int32Array;
  private readonly paramRows: Int32Array;
  private readonly outputRows: Int32Array;
  private readonly lossEnd: number;
  /** The rows that compute something (not leaves), in order. */
  private readonly work: Int32Array;
  private B = 0;
  private offset = new Int32Array(0);
  /** Per term slot: the offset of its row, so the loops index `value` directly. */
  private termOffset = new Int32Array(0);
  private value = new Float64Array(0);
  private grad = new Float64Array(0);
  /** Scratch for one neuron row: the lanes that pass gradient back. */
  private live = new Int32Array(0);

  /** @internal Use {@link compileLanes}. */
  constructor(rec: LaneRecording, params: readonly Value[]) {
    this.size = rec.nodes;
    this.params = params;
    this.code = rec.code;
    this.terms = Int32Array.from(rec.terms);
    this.exponents = Float64Array.from(rec.exponents);
    this.isLane = rec.lane;
    this.constants = rec.value;
    this.inputRows = rec.inputRows;
    this.paramRows = rec.paramRows;
    this.outputRows = rec.outputRows;
    this.lossEnd = rec.lossEnd;
    const work: number[] = [];
    for (let r = 0; r < this.rows; r++) if (rec.code[STRIDE * r] !== LEAF) work.push(r);
    this.work = Int32Array.from(work);
  }

  /** The number of rows: the graph's nodes less those folded into neuron rows. */
  get rows(): number {
    return this.isLane.length;
  }

  /** How many rows hold B lanes (the others hold one number). */
  get laneRows(): number {
    return this.isLane.reduce((sum, x) => sum + x, 0);
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
    return this.B;
  }

  /** Memory held by the tape's arrays at the current batch size, in bytes. */
  get byteLength(): number {
    const arrays = [this.code, this.terms, this.exponents, this.isLane, this.constants];
    const slots = [this.inputRows, this.paramRows, this.outputRows, this.work, this.live];
    const layout = [this.offset, this.termOffset, this.value, this.grad];
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
    if (this.B === 0) throw new Error('LaneTape.forward: no batch yet; pass one');
    const { value, offset, paramRows } = this;
    for (let j = 0; j < paramRows.length; j++) {
      const r = paramRows[j] as number;
      if (r >= 0) value[offset[r] as number] = (this.params[j] as Value).data;
    }
    const { work } = this;
    for (let k = 0; k < work.length; k++) this.forwardRow(work[k] as number);
    return this.outputSum(0);
  }

  /** Output i summed over the lanes, after the last forward(), added in lane order. */
  outputSum(i: number): number {
    const r = this.outputRow(i, 'outputSum');
    const { value, B } = this;
    const o = this.offset[r] as number;
    if (!this.isLane[r]) return B * (value[o] as number);
    let sum = value[o] as number;
    for (let l = 1; l < B; l++) sum += value[o + l] as number;
    return sum;
  }

  /** Output i's value in lane l (sample l of the batch) after the last forward(). */
  output(i: number, l: number): number {
    const r = this.outputRow(i, 'output');
    this.checkLane(l, 'output');
    return this.value[(this.offset[r] as number) + (this.isLane[r] ? l : 0)] as number;
  }

  /**
   * Adds d(seed · Σ_lanes output 0)/d(p) to every parameter's `grad` (leaf grads accumulate, as
   * in `loss.backward()`: zero them first). For a batch mean, seed = 1/B.
   */
  backward(seed = 1): void {
    if (this.B === 0) throw new Error('LaneTape.backward: run forward() first');
    const { grad, offset, paramRows, work, lossEnd } = this;
    const out = this.outputRows[0] as number;
    const n = this.isLane[out] ? this.B : 1;
    grad.fill(0);
    // output 0 one-lane: every lane's term is that one number, so it has B times the gradient
    grad.fill(n === 1 ? seed * this.B : seed, offset[out], (offset[out] as number) + n);
    for (let k = work.length - 1; k >= 0; k--) {
      const r = work[k] as number;
      if (r < lossEnd) this.backwardRow(r);
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
    return this.grad[(this.offset[r] as number) + l] as number;
  }

  // ---- layout: where every row's lanes go for a batch of B

  private setBatch(batch: readonly ArrayLike<number>[]): void {
    if (!Array.isArray(batch) || batch.length === 0) {
      throw new TypeError(
        `LaneTape.forward: expected a non-empty array of samples, got ${kindOf(batch)}`,
      );
    }
    if (batch.length !== this.B) this.layout(batch.length);
    const { value, offset, inputRows } = this;
    const nIn = inputRows.length;
    for (let l = 0; l < batch.length; l++) {
      const sample = batch[l] as ArrayLike<number>;
      if (sample === null || typeof sample !== 'object' || sample.length !== nIn) {
        throw new RangeError(
          `LaneTape.forward: expected sample ${l} to be ${nIn} numbers, got ${kindOf(sample)}`,
        );
      }
      for (let j = 0; j < nIn; j++) {
        const x = sample[j];
        if (typeof x !== 'number') {
          throw new TypeError(
            `LaneTape.forward: expected sample ${l}[${j}] to be a number, got ${kindOf(x)}`,
          );
        }
        value[(offset[inputRows[j] as number] as number) + l] = x;
      }
    }
  }

  private layout(B: number): void {
    const rows = this.rows;
    const offset = new Int32Array(rows);
    let at = 0;
    for (let r = 0; r < rows; r++) if (!this.isLane[r]) offset[r] = at++;
    for (let r = 0; r < rows; r++) {
      if (!this.isLane[r]) continue;
      offset[r] = at;
      at += B;
    }
    if (at > 2 ** 31 - 1) {
      throw new RangeError(`LaneTape.forward: ${B} lanes need ${at} numbers; too many`);
    }
    this.B = B;
    this.offset = offset;
    this.termOffset = this.terms.map((t) => offset[t] as number);
    // the terms array also holds counts: only the row slots are read through termOffset
    this.value = new Float64Array(at);
    this.grad = new Float64Array(at);
    this.live = new Int32Array(B);
    for (let r = 0; r < rows; r++) {
      if (!this.isLane[r]) this.value[offset[r] as number] = this.constants[r] as number;
    }
  }

  private outputRow(i: number, call: string): number {
    const r = this.outputRows[i];
    if (r === undefined) {
      throw new RangeError(`LaneTape.${call}: no output ${i}; the tape has ${this.nOutputs}`);
    }
    if (this.B === 0) throw new Error(`LaneTape.${call}: run forward() first`);
    return r;
  }

  private checkLane(l: number, call: string): void {
    if (!(Number.isInteger(l) && l >= 0 && l < this.B)) {
      throw new RangeError(`LaneTape.${call}: expected a lane in [0, ${this.B - 1}], got ${l}`);
    }
  }

  // ---- forward: each case is the same arithmetic as the op in engine.ts, on every lane

  private forwardRow(r: number): void {
    const { code, value: v, offset, exponents } = this;
    const op = code[STRIDE * r] as number;
    const o = offset[r] as number;
    if (op === NEURON) {
      this.forwardNeuron(r);
      return;
    }
    if (op === MAX) {
      this.forwardMax(r);
      return;
    }
    const n = this.isLane[r] ? this.B : 1;
    const a = code[STRIDE * r + 1] as number;
    const b = code[STRIDE * r + 2] as number;
    // an operand's lane l is at oa + sa·l: sa is 1 for a lane row, 0 for a one-number row
    const oa = offset[a] as number;
    const sa = this.isLane[a] as number;
    if (op === POW) {
      const k = exponents[b] as number;
      for (let l = 0; l < n; l++) v[o + l] = (v[oa + sa * l] as number) ** k;
      return;
    }
    const ob = offset[b] as number;
    const sb = this.isLane[b] as number;
    switch (op) {
      case ADD:
        for (let l = 0; l < n; l++)
          v[o + l] = (v[oa + sa * l] as number) + (v[ob + sb * l] as number);
        break;
      case SUB:
        for (let l = 0; l < n; l++)
          v[o + l] = (v[oa + sa * l] as number) - (v[ob + sb * l] as number);
        break;
      case MUL:
        for (let l = 0; l < n; l++)
          v[o + l] = (v[oa + sa * l] as number) * (v[ob + sb * l] as number);
        break;
      case DIV:
        for (let l = 0; l < n; l++)
          v[o + l] = (v[oa + sa * l] as number) / (v[ob + sb * l] as number);
        break;
      case NEG:
        for (let l = 0; l < n; l++) v[o + l] = -(v[oa + sa * l] as number);
        break;
      case EXP:
        for (let l = 0; l < n; l++) v[o + l] = Math.exp(v[oa + sa * l] as number);
        break;
      case LOG:
        for (let l = 0; l < n; l++) v[o + l] = Math.log(v[oa + sa * l] as number);
        break;
      case TANH:
        for (let l = 0; l < n; l++) v[o + l] = Math.tanh(v[oa + sa * l] as number);
        break;
      case RELU:
        for (let l = 0; l < n; l++) v[o + l] = Math.max(v[oa + sa * l] as number, 0);
        break;
      case SIGMOID:
        for (let l = 0; l < n; l++) v[o + l] = 1 / (1 + Math.exp(-(v[oa + sa * l] as number)));
        break;
    }
  }

  // act(acc + w1·y1 + w2·y2 + …): one pass over the lanes per term, the terms left to right as
  // the `+` nodes added them, then the relu
  private forwardNeuron(r: number): void {
    const { code, value: v, offset, terms, termOffset, B } = this;
    const o = offset[r] as number;
    const acc = code[STRIDE * r + 1] as number;
    const oa = offset[acc] as number;
    const sa = this.isLane[acc] as number;
    const t0 = code[STRIDE * r + 3] as number;
    const end = t0 + 1 + 2 * (terms[t0] as number);
    for (let l = 0; l < B; l++) v[o + l] = v[oa + sa * l] as number;
    for (let t = t0 + 1; t < end; t += 2) {
      const w = v[termOffset[t] as number] as number;
      const oy = termOffset[t + 1] as number;
      for (let l = 0; l < B; l++) v[o + l] = (v[o + l] as number) + w * (v[oy + l] as number);
    }
    if (code[STRIDE * r + 2] === RELU_ACT) {
      for (let l = 0; l < B; l++) v[o + l] = Math.max(v[o + l] as number, 0);
    }
  }

  private forwardMax(r: number): void {
    const { code, value: v, offset, terms, termOffset, isLane } = this;
    const o = offset[r] as number;
    const t0 = code[STRIDE * r + 3] as number;
    const count = terms[t0] as number;
    const n = isLane[r] ? this.B : 1;
    for (let l = 0; l < n; l++) {
      let m = Number.NEGATIVE_INFINITY;
      for (let t = t0 + 1; t <= t0 + count; t++) {
        const x = v[(termOffset[t] as number) + (isLane[terms[t] as number] as number) * l];
        m = t === t0 + 1 ? (x as number) : Math.max(m, x as number);
      }
      v[o + l] = m;
    }
  }

  // ---- backward: grad[operand] += local derivative · grad[row], lane by lane. A one-number
  // operand's grad has stride 0, so it collects the sum over the lanes. Where a local derivative
  // is exactly 0, nothing flows (0·∞ would make NaN), as PyTorch.

  private backwardRow(r: number): void {
    const { code, value: v, grad: G, offset, exponents } = this;
    const op = code[STRIDE * r] as number;
    if (op === NEURON) {
      this.backwardNeuron(r);
      return;
    }
    if (op === MAX) return; // a constant: no gradient flows through it
    const o = offset[r] as number;
    const n = this.isLane[r] ? this.B : 1;
    const a = code[STRIDE * r + 1] as number;
    const b = code[STRIDE * r + 2] as number;
    const oa = offset[a] as number;
    const sa = this.isLane[a] as number;
    const ob = offset[b] as number;
    const sb = this.isLane[b] as number;
    for (let l = 0; l < n; l++) {
      const g = G[o + l] as number;
      const ia = oa + sa * l;
      const ib = ob + sb * l;
      const x = v[ia] as number;
      // d/dx, and for the two-operand ops d/dy: the derivative table of engine.ts
      let dx: number;
      let dy = 0;
      switch (op) {
        case ADD:
          dx = 1;
          dy = 1;
          break;
        case SUB:
          dx = 1;
          dy = -1;
          break;
        case MUL:
          dx = v[ib] as number;
          dy = x;
          break;
        case DIV: {
          const y = v[ib] as number;
          dx = 1 / y;
          dy = -x / (y * y);
          break;
        }
        case NEG:
          dx = -1;
          break;
        case POW: {
          const k = exponents[b] as number;
          dx = k === 0 ? 0 : k * x ** (k - 1);
          break;
        }
        case EXP:
          dx = v[o + l] as number;
          break;
        case LOG:
          dx = 1 / x;
          break;
        case TANH: {
          const t = v[o + l] as number;
          dx = 1 - t * t;
          break;
        }
        case RELU:
          dx = x > 0 ? 1 : 0;
          break;
        case SIGMOID: {
          const s = v[o + l] as number;
          dx = s * (1 - s);
          break;
        }
        default:
          dx = 0;
      }
      if (dx !== 0) (G[ia] as number) += dx * g;
      if (dy !== 0 && op <= DIV) (G[ib] as number) += dy * g;
    }
  }

  // First the lanes that pass gradient back (relu's derivative is 0 where its output is not
  // above 0, and a lane whose g is 0 adds only ±0 when every term is finite), then one pass over
  // those lanes per term, last term first as backward() meets the folded nodes: y's gradient on
  // its lane, w's summed over the lanes.
  private backwardNeuron(r: number): void {
    const { code, value: v, grad: G, offset, terms, termOffset, B, live } = this;
    const o = offset[r] as number;
    const acc = code[STRIDE * r + 1] as number;
    const oa = offset[acc] as number;
    const sa = this.isLane[acc] as number;
    const relu = code[STRIDE * r + 2] === RELU_ACT;
    const t0 = code[STRIDE * r + 3] as number;
    let n = 0;
    let finite = true;
    for (let l = 0; l < B; l++) {
      const out = v[o + l] as number;
      if (relu && !(out > 0)) continue;
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
}

/**
 * Records `f`, a function of ONE sample, as a {@link LaneTape} that runs it on a whole batch at
 * once: every row of its graph across all samples.
 *
 * `f` receives one sample's numbers as leaf Values (say a point's coordinates and its label) and
 * returns that sample's term of a loss, or several Values (output 0 is the one backward()
 * differentiates; the others, e.g. the scores, are only computed). `params` are the leaves read
 * fresh on every forward() and whose `grad` backward() fills, summed over the samples; every other
 * leaf f builds is a constant. A batch's mean, or a regulariser on the parameters, belongs outside
 * f: forward() returns the sum of output 0 over the lanes, and backward(1/B) differentiates its mean.
 *
 * As compile(), it traces `f` twice (the second time with every input changed) and refuses a
 * function whose graph depends on the data: a different shape, or a constant computed from `.data`.
 * A largest value that must not carry gradient (softmax's shift) is declared with {@link maxOf}.
 *
 * Each lane's numbers are those of the object engine on that sample's graph, bit for bit. Sums over
 * the lanes (a parameter's gradient) add the same terms in another order than a full-batch graph's
 * backward() does, so they agree with it to about 1e-15 relative, not bit for bit.
 *
 * @example
 * const w = [new Value(0.5), new Value(-1)];
 * const tape = compileLanes(([x, y]) => x.mul(w[0]).add(w[1]).sub(y).pow(2), [0, 0], w);
 * const sum = tape.forward([[1, 2], [3, 4]]); // Σ over the two samples
 * tape.backward(1 / 2);                       // w[i].grad += d(mean)/dw[i]
 */
export function compileLanes(
  f: (inputs: Value[]) => Value | readonly Value[],
  sample: ArrayLike<number>,
  params: readonly Value[] = [],
  options: { check?: boolean } = {},
): LaneTape {
  if (typeof f !== 'function') {
    throw new TypeError(`compileLanes: expected f to be a function, got ${kindOf(f)}`);
  }
  checkSample(sample);
  checkParams(params);
  const first = record(f, Array.from(sample), params);
  if (options.check ?? true) {
    const changed = Array.from(sample, (x) => 0.25 - 1.5 * x);
    compareTraces(first, record(f, changed, params));
  }
  return new LaneTape(first, params);
}

function checkSample(sample: ArrayLike<number>): void {
  if (sample === null || typeof sample !== 'object' || typeof sample.length !== 'number') {
    throw new TypeError(
      `compileLanes: expected sample to be an array of numbers, got ${kindOf(sample)}`,
    );
  }
  for (let j = 0; j < sample.length; j++) {
    if (typeof sample[j] !== 'number') {
      throw new TypeError(
        `compileLanes: expected sample[${j}] to be a number, got ${kindOf(sample[j])}`,
      );
    }
  }
}

function checkParams(params: readonly Value[]): void {
  if (!Array.isArray(params)) {
    throw new TypeError(
      `compileLanes: expected params to be an array of Values, got ${kindOf(params)}`,
    );
  }
  const seen = new Set<Value>();
  params.forEach((p, j) => {
    if (!(p instanceof Value)) {
      throw new TypeError(`compileLanes: expected params[${j}] to be a Value, got ${kindOf(p)}`);
    }
    if (p.children.length > 0) {
      throw new Error(
        `compileLanes: params[${j}] is the result of ${p.op}; parameters must be leaves`,
      );
    }
    if (seen.has(p)) throw new Error(`compileLanes: params[${j}] appears twice in params`);
    seen.add(p);
  });
}

function checkOutputs(out: Value | readonly Value[]): readonly Value[] {
  const outputs = Array.isArray(out) ? out : [out];
  if (outputs.length === 0)
    throw new Error('compileLanes: f returned no outputs; expected a Value');
  outputs.forEach((o, i) => {
    if (!(o instanceof Value)) {
      throw new TypeError(
        `compileLanes: expected f to return a Value or Values, got ${kindOf(o)} at ${i}`,
      );
    }
  });
  return outputs;
}
