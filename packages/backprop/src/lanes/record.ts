// Lanes, stage 1, record: run f on one sample's input leaves and list its graph as rows, each
// marked as a lane row (its value depends on an input) or a one-number row, with every neuron's
// act(b + w0·y0 + w1·y1 + …) fused into one row.

import {
  checkInputsUsed,
  checkOutputs,
  codes,
  MAX_NODES,
  opCode,
  opList,
} from '../compile/record.ts';
import { Value } from '../engine.ts';
import { isMaxOf, operandsOf } from './max-of.ts';

// Op codes: a node's op code is the tape's (compile/record.ts numbers engine.ts's descriptions,
// `Value.fn`), and a `**k`'s k is the exponent its node's description holds. The lanes' own two
// rows, NEURON and MAX, take the codes after the tape's ops.
const { LEAF, ADD, MUL, RELU } = codes;

/** A neuron: act(acc + w1·y1 + w2·y2 + …), every w one number, every y a lane row. */
export const NEURON = opList.length;
/** The largest of some rows' values, with no gradient: see maxOf(). */
export const MAX = opList.length + 1;
/** A neuron row's second operand: 1 if a relu follows its sum (0: none). */
export const RELU_ACT = 1;
/** Integers per row: op code, then three operands. */
export const STRIDE = 4;

/** The function compileLanes() traces: one sample's inputs in, its term (and more) out. */
export type SampleFunction = (inputs: Value[]) => Value | readonly Value[];

/** One trace of f, as rows (before lanes are laid out). */
export interface LaneRecording {
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

/** Runs f on fresh input leaves and writes its graph as lane rows, with neurons fused. */
export function record(
  f: SampleFunction,
  sample: number[],
  params: readonly Value[],
): LaneRecording {
  const xs = sample.map((x, j) => new Value(x, `x${j}`));
  const outputs = checkOutputs(f(xs), 'compileLanes');
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

  // per node: op code, operands (a `**k`'s second: k's index in `exponents`), how many of them
  // are Values, and whether it varies from lane to lane
  const op = new Int32Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const arity = new Uint8Array(n);
  const lane = new Uint8Array(n);
  const exponents: number[] = [];
  const inputs = new Set(xs);
  for (let i = 0; i < n; i++) {
    const v = topo[i] as Value;
    const operands = operandsOf(v);
    if (isMaxOf(v)) {
      op[i] = MAX;
      lane[i] = operands.some((o) => lane[index.get(o) as number]) ? 1 : 0;
      continue;
    }
    op[i] = opCode(v, 'compileLanes');
    arity[i] = v.fn.arity;
    if (operands.length > 0) a[i] = index.get(operands[0] as Value) as number;
    if (operands.length > 1) b[i] = index.get(operands[1] as Value) as number;
    const k = v.fn.exponent;
    if (k !== undefined) b[i] = exponents.push(k) - 1;
    if (op[i] === LEAF) lane[i] = inputs.has(v) ? 1 : 0;
    else {
      const second = arity[i] === 2 ? (lane[b[i] as number] as number) : 0;
      lane[i] = (lane[a[i] as number] as number) | second;
    }
  }

  // how many times each node is read: by other nodes, by a maxOf(), as an output
  const uses = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (op[i] === MAX) {
      for (const o of operandsOf(topo[i] as Value)) (uses[index.get(o) as number] as number)++;
      continue;
    }
    if (op[i] !== LEAF) (uses[a[i] as number] as number)++;
    if (arity[i] === 2) (uses[b[i] as number] as number)++;
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
      // a `**k`'s second operand is k's index in `exponents`, not a row
      const k = v.fn.exponent;
      const second = k !== undefined ? (b[i] as number) : arity[i] === 2 ? r(b[i] as number) : 0;
      rec.code.set([op[i] as number, r(a[i] as number), second, 0], at);
    }
  }
  checkInputsUsed(rec.inputRows, 'compileLanes');
  return rec;
}
