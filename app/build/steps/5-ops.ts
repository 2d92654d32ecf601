import type { Step } from './step.ts';

const head = `class Value {
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
`;

const backward = `
  backward(): void {
    // topological order all of the children in the graph
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
    for (const v of topo.reverse()) v._backward();
  }
}
`;

const starterOps = `
  add(other: Value | number): Value {
    // TODO: accept a plain number too: new Value(other)
    const out = new Value(this.data + other.data, [this, other], '+');
    out._backward = () => {
      this.grad += out.grad;
      other.grad += out.grad;
    };
    return out;
  }

  mul(other: Value | number): Value {
    // TODO: accept a plain number too
    const out = new Value(this.data * other.data, [this, other], '*');
    out._backward = () => {
      this.grad += other.data * out.grad;
      other.grad += this.data * out.grad;
    };
    return out;
  }

  pow(k: number): Value {
    // TODO: this.data ** k, op '**' + k; d/dx x^k = k·x^(k−1)
  }

  neg(): Value {
    // TODO: −x is x · (−1)
  }

  sub(other: Value | number): Value {
    // TODO: a − b is a + (−b)
  }

  div(other: Value | number): Value {
    // TODO: a / b is a · b^(−1)
  }

  exp(): Value {
    // TODO: d/dx e^x = e^x
  }

  tanh(): Value {
    // TODO: Math.tanh; d/dx tanh x = 1 − tanh² x
  }
`;

const solutionOps = `
  add(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data + o.data, [this, o], '+');
    out._backward = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data * o.data, [this, o], '*');
    out._backward = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  pow(k: number): Value {
    const out = new Value(this.data ** k, [this], '**' + k);
    out._backward = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Value | number): Value {
    return this.add(other instanceof Value ? other.neg() : -other);
  }

  div(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    return this.mul(o.pow(-1));
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], 'exp');
    out._backward = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  tanh(): Value {
    const t = Math.tanh(this.data);
    const out = new Value(t, [this], 'tanh');
    out._backward = () => {
      this.grad += (1 - t ** 2) * out.grad;
    };
    return out;
  }
`;

const starterTanh = `
// tanh(x) = (e^(2x) − 1) / (e^(2x) + 1), built from the ops above: no _backward of its own
function tanhFromExp(x: Value): Value {
  // TODO
}
`;

const solutionTanh = `
// tanh(x) = (e^(2x) − 1) / (e^(2x) + 1), built from the ops above: no _backward of its own
function tanhFromExp(x: Value): Value {
  const e = x.mul(2).exp();
  return e.sub(1).div(e.add(1));
}
`;

export const opsStep: Step = {
  id: 'ops',
  title: 'More ops: pow, neg, sub, div, exp, tanh',
  explain: `
<p>Only a few ops need a <code>_backward</code>. <code>pow</code>, <code>exp</code> and
<code>tanh</code> get their own (their local derivatives are in the comments);
<code>neg</code>, <code>sub</code> and <code>div</code> are one line each over the others, and
the chain rule does the rest. <code>add</code> and <code>mul</code> learn to take a plain number,
as in <code>x.mul(2)</code>.</p>
<p>Then write tanh a second way, from <code>exp</code>: same numbers, a bigger graph. The check
tries each op against its formula, then replays PyTorch's golden cases through your class, and
the lecture's neuron through both tanhs.</p>`,
  starter: head + starterOps + backward + starterTanh,
  solution: head + solutionOps + backward + solutionTanh,
  uses: [],
  defines: ['Value', 'tanhFromExp'],
};
