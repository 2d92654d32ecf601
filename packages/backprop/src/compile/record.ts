// Stage 1, record: run f once on fresh input leaves and write the graph it built into typed
// arrays, one node per entry, in the order loss.backward() walks it.

import { kindOf } from '../check.ts';
import { type Op, ops, Value } from '../engine.ts';

/**
 * The ops the tape knows: engine.ts's descriptions, each one's op code its position here (0 the
 * leaf, 1 `+`, 2 `-`, 3 `*`, 4 `/`, 5 neg, 6 `**k`, 7 exp, 8 log, 9 tanh, 10 relu, 11 sigmoid).
 */
export const opList: readonly Op[] = Object.values(ops);

/** The tape's op code of an op, or -1 for one it does not know. A `**k` node's op is its own copy of `**`'s. */
export const codeOf = (op: Op): number => opList.indexOf(op.exponent === undefined ? op : ops.pow);

/** An op code's name for messages: its symbol, `**k` for the powers. */
export const opName = (code: number): string =>
  code === codeOf(ops.pow) ? '**k' : (opList[code]?.symbol ?? `op ${code}`);

/**
 * The op codes by name, for a loop's switch. Destructure them into constants of the loop's own
 * module (`const { ADD, MUL } = codes;`): V8 reads an imported binding afresh at every use.
 */
export const codes = Object.freeze({
  LEAF: codeOf(ops.leaf),
  ADD: codeOf(ops.add),
  SUB: codeOf(ops.sub),
  MUL: codeOf(ops.mul),
  DIV: codeOf(ops.div),
  NEG: codeOf(ops.neg),
  POW: codeOf(ops.pow),
  EXP: codeOf(ops.exp),
  LOG: codeOf(ops.log),
  TANH: codeOf(ops.tanh),
  RELU: codeOf(ops.relu),
  SIGMOID: codeOf(ops.sigmoid),
});

/** Integers per node of a recording: op code, then two operands. */
export const NODE = 3;

/** The largest graph compile() accepts: it indexes nodes with a Map, which holds at most 2^24 keys. */
export const MAX_NODES = 2 ** 24;

/** What compile() records from one trace of f. */
export interface Recording {
  /** Per node: op code, then the indices of its operands (0 where it has fewer; for `**k`, k's index in `exponents`). */
  code: Int32Array;
  exponents: number[];
  /** Each node's value in this trace. */
  value: Float64Array;
  /** The node of inputs[j] (every input is used), of params[j] (-1 if unused), of outputs[j]. */
  inputSlots: Int32Array;
  paramSlots: Int32Array;
  outputSlots: Int32Array;
  /** Nodes 0 … lossEnd − 1 are those output 0 depends on; the other outputs' extra nodes follow. */
  lossEnd: number;
  /** The leaves that are neither inputs nor parameters, in node order. */
  constants: Value[];
}

/** The function compile() traces: inputs in, one output or several out. */
export type Traced = (inputs: Value[]) => Value | readonly Value[];

/** Runs f on fresh input leaves and writes its graph into typed arrays. */
export function record(f: Traced, inputs: readonly number[], params: readonly Value[]): Recording {
  const xs = inputs.map((x, j) => new Value(x, `x${j}`));
  const outputs = checkOutputs(f(xs), 'compile');
  const { topo, index, lossEnd } = nodesInOrder(outputs);
  const slotOf = (v: Value) => index.get(v) ?? -1;

  const n = topo.length;
  const rec: Recording = {
    code: new Int32Array(NODE * n),
    exponents: [],
    value: new Float64Array(n),
    inputSlots: Int32Array.from(xs, slotOf),
    paramSlots: Int32Array.from(params, slotOf),
    outputSlots: Int32Array.from(outputs, slotOf),
    lossEnd,
    constants: [],
  };
  const known = new Set<Value>([...xs, ...params]);
  topo.forEach((v, i) => {
    rec.value[i] = v.data;
    // an absent operand stays 0: the loops may read node 0 for it and ignore it
    const [a, b] = v.children;
    if (a !== undefined) rec.code[NODE * i + 1] = slotOf(a);
    if (b !== undefined) rec.code[NODE * i + 2] = slotOf(b);
    rec.code[NODE * i] = opCode(v, 'compile');
    if (a === undefined && !known.has(v)) rec.constants.push(v);
    // a `**k`'s second number is k's index in `exponents`
    const k = v.fn.exponent;
    if (k !== undefined) rec.code[NODE * i + 2] = rec.exponents.push(k) - 1;
  });
  checkInputsUsed(rec.inputSlots, 'compile');
  return rec;
}

// ---- shared with the lane tape (lanes/record.ts, lanes/check.ts): `call` names the caller

/** Throws unless every input reaches a node: `slots` holds each input's node, -1 if none. */
export function checkInputsUsed(slots: Int32Array, call: string): void {
  const unused = slots.indexOf(-1);
  if (unused >= 0) {
    throw new Error(
      `${call}: f does not use inputs[${unused}]; every input must reach an output ` +
        '(does f read its data from elsewhere instead of from its inputs?)',
    );
  }
}

/**
 * The order loss.backward() walks: output 0's topological order (its first `lossEnd` nodes), then
 * the other outputs' extra nodes.
 */
function nodesInOrder(outputs: readonly [Value, ...Value[]]): {
  topo: Value[];
  index: Map<Value, number>;
  lossEnd: number;
} {
  const [loss, ...others] = outputs;
  const topo = loss.topologicalOrder();
  const lossEnd = topo.length;
  if (lossEnd > MAX_NODES) {
    throw new RangeError(
      `compile: the graph has ${lossEnd} nodes; the tape holds at most ${MAX_NODES}`,
    );
  }
  const index = new Map<Value, number>();
  for (const [i, v] of topo.entries()) index.set(v, i);
  for (const o of others) {
    for (const v of o.topologicalOrder()) {
      if (index.has(v)) continue;
      index.set(v, topo.length);
      topo.push(v);
    }
  }
  return { topo, index, lossEnd };
}

/** The op code of a Value, checking that the tape knows its op and that it has its operands. */
export function opCode(v: Value, call: string): number {
  const code = codeOf(v.fn);
  if (code < 0) {
    const known = opList.slice(1).map((_, j) => opName(j + 1));
    throw new Error(
      `${call}: unknown op ${JSON.stringify(v.op)}; the tape knows ${known.join(' ')}`,
    );
  }
  if (v.children.length !== v.fn.arity) {
    throw new Error(
      `${call}: a ${v.op} node has ${v.children.length} operands; expected ${v.fn.arity}`,
    );
  }
  return code;
}

/** f's result as a non-empty array of Values. */
export function checkOutputs(
  out: Value | readonly Value[],
  call: string,
): readonly [Value, ...Value[]] {
  const outputs: readonly unknown[] = Array.isArray(out) ? out : [out];
  const values = outputs.map((o, i) => {
    if (!(o instanceof Value)) {
      throw new TypeError(
        `${call}: expected f to return a Value or Values, got ${kindOf(o)} at ${i}`,
      );
    }
    return o;
  });
  const [first, ...rest] = values;
  if (first === undefined) throw new Error(`${call}: f returned no outputs; expected a Value`);
  return [first, ...rest];
}

/** Checks that params are distinct leaf Values. */
export function checkParams(params: readonly Value[], call = 'compile'): void {
  if (!Array.isArray(params)) {
    throw new TypeError(`${call}: expected params to be an array of Values, got ${kindOf(params)}`);
  }
  const seen = new Set<Value>();
  params.forEach((p: unknown, j) => {
    if (!(p instanceof Value)) {
      throw new TypeError(`${call}: expected params[${j}] to be a Value, got ${kindOf(p)}`);
    }
    if (p.children.length > 0) {
      throw new Error(`${call}: params[${j}] is the result of ${p.op}; parameters must be leaves`);
    }
    if (seen.has(p)) throw new Error(`${call}: params[${j}] appears twice in params`);
    seen.add(p);
  });
}

/** Checks an array-like of numbers of the expected length. */
export function checkNumbers(
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
