// A scalar reverse-mode autodiff engine: the TypeScript counterpart of micrograd's engine.py.
//
// One difference from micrograd: instead of a `_backward` closure per node, a node records only its
// op and operands, and one table, `localGrad`, holds every op's local derivative (d out / d operand)
// written as math. The chain rule is then one line for every op: operand.grad += local * out.grad.
// Nothing else per node keeps a Value small: a closure is an object of its own, and so is every
// stored number (V8 boxes a class's double fields), and a large graph's time goes to the garbage
// collector copying them.

import { kindOf } from './check.ts';

/** A number that remembers how it was computed, so that gradients can flow back through it. */
export class Value {
  /** The number this node holds. Optimizers update it in place. */
  data: number;
  /** d(root)/d(this) after `root.backward()`; 0 before. */
  grad = 0;
  /** A name for drawings; leaves made from a parsed expression carry their variable's name. */
  label: string;
  /** The op that produced this node: `''` for a leaf, otherwise `+`, `*`, `**2`, `tanh`, … */
  readonly op: string;
  // The operands, held in two fields rather than an array (an array would double the objects per
  // node). `children` lists them.
  private readonly a: Value | undefined;
  private readonly b: Value | undefined;
  // The number of the last walk over the graph (walkGraph) that reached this node (see `walks` below).
  private walk = 0;

  /**
   * Makes a leaf: `new Value(2, 'a')`.
   * The other parameters are for ops building their result from their operands:
   * `new Value(a.data * b.data, '', '*', a, b)`. Users leave them out.
   */
  constructor(data: number, label = '', op = '', a?: Value, b?: Value) {
    if (typeof data !== 'number') {
      throw new TypeError(`new Value: expected data to be a number, got ${kindOf(data)}`);
    }
    if (typeof label !== 'string') {
      throw new TypeError(`new Value: expected label to be a string, got ${kindOf(label)}`);
    }
    this.data = data;
    this.label = label;
    this.op = op;
    this.a = a;
    this.b = b;
    if (anomalyDetection && op !== '' && !Number.isFinite(data)) {
      throw new RangeError(
        `anomaly: ${op} produced ${data} from ${this.children.map((c) => c.data).join(', ')}`,
      );
    }
  }

  /** The operands, in order: `a.add(a).children` is `[a, a]`. A new array on every read. */
  get children(): readonly Value[] {
    if (this.a === undefined) return none;
    return this.b === undefined ? [this.a] : [this.a, this.b];
  }

  /**
   * d(this)/d(children[i]) for each operand, from the derivative table below. Like micrograd's
   * closures, it reads the operands' data when asked, so change no data between forward and backward.
   */
  get localGrads(): readonly number[] {
    if (this.a === undefined) return none;
    return this.b === undefined ? [this.localGrad(0)] : [this.localGrad(0), this.localGrad(1)];
  }

  // ---- ops: each computes its result and records its operands; `localGrad` has its derivative

  add(other: Value | number): Value {
    const o = toValue(other, 'add');
    return new Value(this.data + o.data, '', '+', this, o);
  }

  sub(other: Value | number): Value {
    const o = toValue(other, 'sub');
    return new Value(this.data - o.data, '', '-', this, o);
  }

  mul(other: Value | number): Value {
    const o = toValue(other, 'mul');
    return new Value(this.data * o.data, '', '*', this, o);
  }

  div(other: Value | number): Value {
    const o = toValue(other, 'div');
    return new Value(this.data / o.data, '', '/', this, o);
  }

  neg(): Value {
    return new Value(-this.data, '', 'neg', this);
  }

  /** `this ** k` for a constant exponent k. */
  pow(k: number): Value {
    if (typeof k !== 'number') {
      throw new TypeError(`Value.pow: expected a constant number exponent, got ${kindOf(k)}`);
    }
    // the exponent is kept in the op's symbol: String(k) reads back as exactly k for every double
    return new Value(this.data ** k, '', `**${k}`, this);
  }

  exp(): Value {
    return new Value(Math.exp(this.data), '', 'exp', this);
  }

  /** The natural logarithm. */
  log(): Value {
    return new Value(Math.log(this.data), '', 'log', this);
  }

  tanh(): Value {
    return new Value(Math.tanh(this.data), '', 'tanh', this);
  }

  /** max(0, x). Its derivative at 0 is taken to be 0, as in PyTorch. */
  relu(): Value {
    return new Value(Math.max(this.data, 0), '', 'relu', this);
  }

  sigmoid(): Value {
    return new Value(1 / (1 + Math.exp(-this.data)), '', 'sigmoid', this);
  }

  // ---- the derivative table: d(this)/d(operand j), for an op node, as math

  /** `out` is this node's value, `x` and `y` its operands'. */
  private localGrad(j: 0 | 1): number {
    const out = this.data;
    const x = (this.a as Value).data;
    const y = this.b === undefined ? 0 : this.b.data;
    switch (this.op) {
      case '+':
        return 1;
      case '-':
        return j === 0 ? 1 : -1;
      case '*':
        return j === 0 ? y : x;
      case '/':
        return j === 0 ? 1 / y : -x / (y * y);
      case 'neg':
        return -1;
      case 'exp':
        return out;
      case 'log':
        return 1 / x;
      case 'tanh':
        return 1 - out * out;
      case 'relu':
        return x > 0 ? 1 : 0;
      case 'sigmoid':
        return out * (1 - out);
    }
    const k = exponentOf(this.op);
    if (k !== undefined) {
      // k = 0 makes a constant: its derivative is 0 even at x = 0, where k * x ** -1 is NaN.
      return k === 0 ? 0 : k * x ** (k - 1);
    }
    throw new Error(`Value: no derivative known for the op ${JSON.stringify(this.op)}`);
  }

  // ---- backpropagation

  /**
   * Sets this node's grad to 1 and fills every node's grad with d(this)/d(node).
   *
   * Grads are added (`+=`), never assigned: a node used twice collects gradient from both uses.
   * Calling it again recomputes the grads of intermediate nodes, but leaf grads keep accumulating,
   * as in PyTorch, until you reset them (e.g. with `zeroGrad()` on a model).
   */
  backward(): void {
    // topological order all of the children in the graph, resetting the grads of all but the leaves
    const topo = this.walkGraph(true);
    this.grad = 1;
    // go one node at a time, from this one back to the leaves, and apply the chain rule
    for (let i = topo.length - 1; i >= 0; i--) (topo[i] as Value)._backward();
  }

  /** The chain rule at one node: pass this node's grad to each operand, times the local derivative. */
  _backward(): void {
    const { a, b, grad } = this;
    // += not =: an operand used twice (a + a) receives gradient from both uses
    if (a !== undefined) a.grad += this.localGrad(0) * grad;
    if (b !== undefined) b.grad += this.localGrad(1) * grad;
    if (anomalyDetection) this.checkGradients();
  }

  private checkGradients(): void {
    this.localGrads.forEach((local, j) => {
      const g = local * this.grad;
      if (!Number.isFinite(g)) {
        throw new RangeError(
          `anomaly: backward through ${this.op} gave operand ${j} the gradient ${g} ` +
            `(local derivative ${local} times upstream gradient ${this.grad})`,
        );
      }
    });
  }

  /**
   * Every node this one depends on, each after all of its operands, ending with this node.
   * Iterative (an explicit stack), so a graph a million ops deep does not overflow the call stack.
   */
  topologicalOrder(): Value[] {
    return this.walkGraph(false);
  }

  // A depth-first walk that places each node after its operands: topologicalOrder(), and for
  // backward() also grad = 0 on each node but the leaves as it is placed, which spares backward()
  // a second pass over a graph too large for the CPU's caches.
  private walkGraph(resetGrads: boolean): Value[] {
    const walk = ++walks;
    const topo: Value[] = [];
    const stack: Value[] = [this];
    this.walk = walk;
    while (stack.length > 0) {
      const node = stack[stack.length - 1] as Value;
      // descend into the first operand not yet reached; once there is none, the node is placed
      const { a, b } = node;
      if (a !== undefined && a.walk !== walk) {
        a.walk = walk;
        stack.push(a);
      } else if (b !== undefined && b.walk !== walk) {
        b.walk = walk;
        stack.push(b);
      } else {
        stack.pop();
        topo.push(node);
        if (resetGrads && node.op !== '') node.grad = 0;
      }
    }
    return topo;
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}

// A leaf's children and localGrads: one shared (readonly) empty list.
const none: readonly never[] = Object.freeze([]);

/** The exponent k of a `**k` op (its symbol holds it), or undefined for any other op. */
export function exponentOf(op: string): number | undefined {
  return op.startsWith('**') ? Number(op.slice(2)) : undefined;
}

/** Wraps a plain number as a constant leaf; rejects anything that is not a Value or a number. */
function toValue(x: unknown, op: string): Value {
  if (x instanceof Value) return x;
  if (typeof x === 'number') return new Value(x);
  throw new TypeError(`Value.${op}: expected a Value or a number, got ${kindOf(x)}`);
}

// How many walks over the graph (walkGraph, behind backward() and topologicalOrder()) have begun.
// Each walk marks the nodes it reaches with its own number, so a mark left by an earlier walk never
// reads as "reached", and no second pass over the graph has to clear the marks afterwards.
// Module-level state, but it only ever grows and nothing outside walkGraph() reads it. Past 2^30
// walks V8 stores it as a double rather than a small integer: slower, still exact up to 2^53.
let walks = 0;

// Anomaly detection, like PyTorch's: off by default, switched on only while detectAnomaly's
// callback runs, so it costs one boolean test per op otherwise.
let anomalyDetection = false;

/**
 * Runs `fn` with anomaly detection on: the first op whose result is NaN or ±Infinity throws a
 * RangeError naming the op and its inputs, and so does backward() when a gradient stops being finite.
 *
 * @example
 * detectAnomaly(() => new Value(0).log().backward()); // RangeError: anomaly: log produced -Infinity from 0
 */
export function detectAnomaly<T>(fn: () => T): T {
  const previous = anomalyDetection;
  anomalyDetection = true;
  try {
    return fn();
  } finally {
    anomalyDetection = previous;
  }
}
