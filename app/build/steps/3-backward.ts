import type { Step } from './step.ts';

const engine = (backward: string) => `class Value {
  data: number;
  grad = 0;
  children: Value[];
  op: string;
  label: string;
  _backward = () => {};

  constructor(data: number, children: Value[] = [], op = '', label = '') {
    this.data = data;
    this.children = children;
    this.op = op;
    this.label = label;
  }

  add(other: Value): Value {
    const out = new Value(this.data + other.data, [this, other], '+');
    out._backward = () => {
      this.grad = 1.0 * out.grad;
      other.grad = 1.0 * out.grad;
    };
    return out;
  }

  mul(other: Value): Value {
    const out = new Value(this.data * other.data, [this, other], '*');
    out._backward = () => {
      this.grad = other.data * out.grad;
      other.grad = this.data * out.grad;
    };
    return out;
  }

  backward(): void {
${backward}
  }
}
`;

export const backwardStep: Step = {
  id: 'backward',
  title: 'All at once: topological sort, then backward()',
  explain: `
<p>Calling <code>_backward</code> by hand works only if each node runs after every node that
uses it. A <em>topological order</em> lists each node after its children; walked in reverse,
it is exactly that order.</p>
<p>Write <code>backward()</code>: build the order with a depth-first walk that visits each node
once, set <code>this.grad = 1</code> (dL/dL), then call <code>_backward()</code> on every node
from the last to the first. The check calls <code>backward()</code> on the lecture's
<code>L</code> and on a neuron's <code>x1·w1 + x2·w2 + b</code>.</p>`,
  starter: engine(`    // topological order all of the children in the graph
    const topo: Value[] = [];
    const visited = new Set<Value>();
    // TODO: a depth-first walk from this: visit the children first, then push the node

    // go one variable at a time and apply the chain rule
    // TODO: this.grad = 1, then every node's _backward(), from the last in topo to the first`),
  solution: engine(`    // topological order all of the children in the graph
    const topo: Value[] = [];
    const visited = new Set<Value>();
    const build = (v: Value) => {
      if (visited.has(v)) return;
      visited.add(v);
      for (const child of v.children) build(child);
      topo.push(v);
    };
    build(this);

    // go one variable at a time and apply the chain rule
    this.grad = 1;
    for (const v of topo.reverse()) v._backward();`),
  uses: [],
  defines: ['Value'],
};

/** The engine as step 3 leaves it: `=` where `+=` belongs, the bug the next step finds. */
export const engineWithAssignment = backwardStep.solution;
