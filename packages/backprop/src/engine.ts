// A scalar reverse-mode autodiff engine: the TypeScript counterpart of micrograd's engine.py.
//
// One difference: instead of a `_backward` closure per node (an object of its own, which the
// garbage collector copies), each op has one shared, frozen description above its method (symbol,
// forward, and chain rule as math: the share d out/dx · g of the output's gradient g each operand
// receives), and nodes point to it. The tape (compile/), the lanes (lanes/) and nn.ts read the same
// descriptions.

import { kindOf } from './check.ts';

/** An op's description, shared by its nodes: g is d(root)/d(out), x and y the operands' data. */
export interface Op {
  /** `Value.op` of its nodes, their label in drawings: `+`, `*`, `tanh` (`**2` for `pow(2)`). */
  readonly symbol: string;
  /** How many Values it takes: 0 for a leaf; `**k` takes one Value, and k as y. */
  readonly arity: 0 | 1 | 2;
  readonly forward: (x: number, y: number) => number;
  /** The first operand's share of g: d out/dx · g. */
  readonly dx: (g: number, x: number, y: number, out: number) => number;
  /** The second operand's share of g: d out/dy · g (0 for one-operand ops). */
  readonly dy: (g: number, x: number, y: number, out: number) => number;
  /** k, in a `**k` node's own copy of `**`'s description (see `pow()`). */
  readonly exponent?: number;
}

const nothing = () => 0;
const op = (o: Omit<Op, 'dy'> & Partial<Op>): Op => Object.freeze({ dy: nothing, ...o });

/** A number that remembers how it was computed, so that gradients can flow back through it. */
export class Value {
  /** The number this node holds. Optimizers update it in place. */
  data: number;
  /** d(root)/d(this) after `root.backward()`; 0 before. */
  grad = 0;
  /** A name for drawings; leaves made from a parsed expression carry their variable's name. */
  label: string;
  /** The description of the op that produced this node, shared by all its nodes (see `pow()`). */
  readonly fn: Op;
  // The operands, held in two fields rather than an array (an array would double the objects per
  // node). `children` lists them.
  private readonly a: Value | undefined;
  private readonly b: Value | undefined;
  // The number of the last walk over the graph (walkGraph) that reached this node (see `walks` below).
  private walk = 0;

  /**
   * Makes a leaf: `new Value(2, 'a')`.
   * The other parameters are for ops building their result from their operands:
   * `new Value(a.data * b.data, '', Value.mulOp, a, b)`. Users leave them out.
   */
  constructor(data: number, label = '', fn: Op = Value.leafOp, a?: Value, b?: Value) {
    if (typeof data !== 'number') {
      throw new TypeError(`new Value: expected data to be a number, got ${kindOf(data)}`);
    }
    if (typeof label !== 'string') {
      throw new TypeError(`new Value: expected label to be a string, got ${kindOf(label)}`);
    }
    this.data = data;
    this.label = label;
    this.fn = fn;
    this.a = a;
    this.b = b;
    if (anomalyDetection && a !== undefined && !Number.isFinite(data)) {
      throw new RangeError(
        `anomaly: ${this.op} produced ${data} from ${this.children.map((c) => c.data).join(', ')}`,
      );
    }
  }

  /** The op that produced this node: `''` for a leaf, otherwise `+`, `*`, `**2`, `tanh`, … */
  get op(): string {
    return this.fn.symbol;
  }

  /** The operands, in order: `a.add(a).children` is `[a, a]`. A new array on every read. */
  get children(): readonly Value[] {
    if (this.a === undefined) return none;
    return this.b === undefined ? [this.a] : [this.a, this.b];
  }

  /**
   * d(this)/d(children[i]) for each operand: its op's chain rule with g = 1. Like micrograd's
   * closures, it reads the operands' data when asked, so change no data between forward and backward.
   */
  get localGrads(): readonly number[] {
    const { a, b, fn } = this;
    if (a === undefined) return none;
    const y = b?.data ?? fn.exponent ?? 0;
    const dx = fn.dx(1, a.data, y, this.data);
    return b === undefined ? [dx] : [dx, fn.dy(1, a.data, y, this.data)];
  }

  // ---- the ops: each one's description (forward, chain rule), then the method that uses it.
  // The descriptions are read by the engine, the tape, the lanes and nn.ts; users call the methods.

  /** @internal A leaf computes nothing and passes nothing on. */
  static readonly leafOp = op({ symbol: '', arity: 0, forward: (x) => x, dx: nothing });

  static readonly addOp = op({
    symbol: '+',
    arity: 2,
    forward: (x, y) => x + y,
    dx: (g) => g,
    dy: (g) => g,
  });
  add(other: Value | number): Value {
    const o = toValue(other, 'add');
    return new Value(Value.addOp.forward(this.data, o.data), '', Value.addOp, this, o);
  }

  static readonly subOp = op({
    symbol: '-',
    arity: 2,
    forward: (x, y) => x - y,
    dx: (g) => g,
    dy: (g) => -g,
  });
  sub(other: Value | number): Value {
    const o = toValue(other, 'sub');
    return new Value(Value.subOp.forward(this.data, o.data), '', Value.subOp, this, o);
  }

  static readonly mulOp = op({
    symbol: '*',
    arity: 2,
    forward: (x, y) => x * y,
    dx: (g, _x, y) => y * g,
    dy: (g, x) => x * g,
  });
  mul(other: Value | number): Value {
    const o = toValue(other, 'mul');
    return new Value(Value.mulOp.forward(this.data, o.data), '', Value.mulOp, this, o);
  }

  /** @internal d/dy = −x/y² = −out/y: the second form does not overflow where the first does. */
  static readonly divOp = op({
    symbol: '/',
    arity: 2,
    forward: (x, y) => x / y,
    dx: (g, _x, y) => (1 / y) * g,
    dy: (g, _x, y, out) => (-out / y) * g,
  });
  div(other: Value | number): Value {
    const o = toValue(other, 'div');
    return new Value(Value.divOp.forward(this.data, o.data), '', Value.divOp, this, o);
  }

  static readonly negOp = op({ symbol: 'neg', arity: 1, forward: (x) => -x, dx: (g) => -g });
  neg(): Value {
    return new Value(Value.negOp.forward(this.data, 0), '', Value.negOp, this);
  }

  /** @internal For k = 0 nothing flows back, even at x = 0 or for g = ∞ (PyTorch's selection). */
  static readonly powOp = op({
    symbol: '**',
    arity: 1,
    forward: (x, k) => x ** k,
    dx: (g, x, k) => (k === 0 ? 0 : k * x ** (k - 1) * g),
  });
  /** `this ** k` for a constant exponent k. */
  pow(k: number): Value {
    if (typeof k !== 'number') {
      throw new TypeError(`Value.pow: expected a constant number exponent, got ${kindOf(k)}`);
    }
    // k rides in the node's own copy of the description: an 8th field per Value halves the speed
    const { forward, dx, dy } = Value.powOp;
    const fn: Op = Object.freeze({ symbol: `**${k}`, arity: 1, forward, dx, dy, exponent: k });
    return new Value(fn.forward(this.data, k), '', fn, this);
  }

  /** @internal d/dx = e^x, the output itself. */
  static readonly expOp = op({
    symbol: 'exp',
    arity: 1,
    forward: Math.exp,
    dx: (g, _x, _y, out) => out * g,
  });
  exp(): Value {
    return new Value(Value.expOp.forward(this.data, 0), '', Value.expOp, this);
  }

  static readonly logOp = op({
    symbol: 'log',
    arity: 1,
    forward: Math.log,
    dx: (g, x) => (1 / x) * g,
  });
  /** The natural logarithm. */
  log(): Value {
    return new Value(Value.logOp.forward(this.data, 0), '', Value.logOp, this);
  }

  /** @internal d/dx = 1 − tanh², from the output t. */
  static readonly tanhOp = op({
    symbol: 'tanh',
    arity: 1,
    forward: Math.tanh,
    dx: (g, _x, _y, t) => (1 - t * t) * g,
  });
  tanh(): Value {
    return new Value(Value.tanhOp.forward(this.data, 0), '', Value.tanhOp, this);
  }

  /** @internal g where x is not ≤ 0 (NaN too), else nothing, even for g = ∞ (PyTorch's selection). */
  static readonly reluOp = op({
    symbol: 'relu',
    arity: 1,
    forward: (x) => Math.max(x, 0),
    dx: (g, x) => (x <= 0 ? 0 : g),
  });
  /** max(0, x). Its derivative at 0 is taken to be 0, as in PyTorch. */
  relu(): Value {
    return new Value(Value.reluOp.forward(this.data, 0), '', Value.reluOp, this);
  }

  /** @internal d/dx = s(1 − s), from the output s. */
  static readonly sigmoidOp = op({
    symbol: 'sigmoid',
    arity: 1,
    forward: (x) => 1 / (1 + Math.exp(-x)),
    dx: (g, _x, _y, s) => s * (1 - s) * g,
  });
  sigmoid(): Value {
    return new Value(Value.sigmoidOp.forward(this.data, 0), '', Value.sigmoidOp, this);
  }

  // ---- backpropagation

  /**
   * Adds 1 to this node's grad and fills every node's grad with d(this)/d(node).
   *
   * Grads are added (`+=`), never assigned: a node used twice collects gradient from both uses.
   * Calling it again recomputes the grads of intermediate nodes, but leaf grads keep accumulating,
   * as in PyTorch, until you reset them (e.g. with `zeroGrad()` on a model): a lone leaf too.
   */
  backward(): void {
    // topological order all of the children in the graph, resetting the grads of all but the leaves
    const topo = this.walkGraph(true);
    // += like every leaf: d(this)/d(this) = 1, on a grad just reset to 0 unless this is a leaf
    this.grad += 1;
    // go one node at a time, from this one back to the leaves, and apply the chain rule
    for (let i = topo.length - 1; i >= 0; i--) (topo[i] as Value)._backward();
  }

  /** The chain rule at one node: pass each operand its share of this node's grad. */
  _backward(): void {
    const { a, b, fn, grad: g } = this;
    if (a === undefined) return;
    const x = a.data;
    const y = b === undefined ? 0 : b.data;
    const out = this.data;
    // += not =: an operand used twice (a + a) receives gradient from both uses. A call site per
    // common op, not one `fn.dx(…)` for all: V8 inlines each (one for all is twice as slow).
    switch (fn) {
      case Value.addOp:
        a.grad += Value.addOp.dx(g, x, y, out);
        (b as Value).grad += Value.addOp.dy(g, x, y, out);
        break;
      case Value.subOp:
        a.grad += Value.subOp.dx(g, x, y, out);
        (b as Value).grad += Value.subOp.dy(g, x, y, out);
        break;
      case Value.mulOp:
        a.grad += Value.mulOp.dx(g, x, y, out);
        (b as Value).grad += Value.mulOp.dy(g, x, y, out);
        break;
      case Value.divOp:
        a.grad += Value.divOp.dx(g, x, y, out);
        (b as Value).grad += Value.divOp.dy(g, x, y, out);
        break;
      case Value.tanhOp:
        a.grad += Value.tanhOp.dx(g, x, y, out);
        break;
      case Value.reluOp:
        a.grad += Value.reluOp.dx(g, x, y, out);
        break;
      case Value.sigmoidOp:
        a.grad += Value.sigmoidOp.dx(g, x, y, out);
        break;
      default: // neg, exp, log, `**k` (its k as y), and any op of one's own
        a.grad += fn.dx(g, x, fn.exponent ?? y, out);
        if (b !== undefined) b.grad += fn.dy(g, x, y, out);
    }
    if (anomalyDetection)
      checkShares(this, fn.dx(g, x, fn.exponent ?? y, out), fn.dy(g, x, y, out));
  }

  /**
   * Every node this one depends on, each after all of its operands, ending with this node.
   * Iterative (an explicit stack), so a graph a million ops deep does not overflow the call stack.
   */
  topologicalOrder(): Value[] {
    return this.walkGraph(false);
  }

  // A depth-first walk placing each node after its operands; for backward() it also zeroes each
  // non-leaf's grad as it is placed, sparing a second pass over a graph larger than the caches.
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
        if (resetGrads && a !== undefined) node.grad = 0;
      }
    }
    return topo;
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}

// Under detectAnomaly: the shares a node passes on must be finite.
function checkShares(node: Value, ...shares: number[]): void {
  node.localGrads.forEach((local, j) => {
    if (!Number.isFinite(shares[j])) {
      throw new RangeError(
        `anomaly: backward through ${node.op} gave operand ${j} the gradient ${shares[j]} ` +
          `(local derivative ${local} times upstream gradient ${node.grad})`,
      );
    }
  });
}

/**
 * Every op's description, by name, for the tape (compile/) and the activations (nn.ts). The tape's
 * op code of each is its position here, the leaf's 0.
 */
export const ops = Object.freeze({
  leaf: Value.leafOp,
  add: Value.addOp,
  sub: Value.subOp,
  mul: Value.mulOp,
  div: Value.divOp,
  neg: Value.negOp,
  pow: Value.powOp,
  exp: Value.expOp,
  log: Value.logOp,
  tanh: Value.tanhOp,
  relu: Value.reluOp,
  sigmoid: Value.sigmoidOp,
});

// A leaf's children and localGrads: one shared (readonly) empty list.
const none: readonly never[] = Object.freeze([]);

/** Wraps a plain number as a constant leaf; rejects anything that is not a Value or a number. */
function toValue(x: unknown, op: string): Value {
  if (x instanceof Value) return x;
  if (typeof x === 'number') return new Value(x);
  throw new TypeError(`Value.${op}: expected a Value or a number, got ${kindOf(x)}`);
}

// How many walks over the graph (walkGraph) have begun. Each walk marks the nodes it reaches with
// its own number, so an earlier walk's mark never reads as "reached" and no pass clears the marks.
// Module-level state, but it only grows and only walkGraph() reads it (exact up to 2^53).
let walks = 0;

// Anomaly detection, like PyTorch's: on only while detectAnomaly's callback runs (else one test per op).
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
