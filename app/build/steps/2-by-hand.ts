import type { Step } from './step.ts';

export const byHandStep: Step = {
  id: 'by-hand',
  title: 'The chain rule at one node: _backward',
  explain: `
<p><code>grad</code> is d<code>L</code>/d(this value). Each op knows its local derivatives, so
each result gets a <code>_backward</code> closure that takes <code>out.grad</code> and pushes it to
the operands (the chain rule):</p>
<ul>
  <li><code>out = a + b</code>: both operands get <code>1 · out.grad</code>;</li>
  <li><code>out = a · b</code>: <code>a</code> gets <code>b.data · out.grad</code> and
    <code>b</code> gets <code>a.data · out.grad</code>.</li>
</ul>
<p>The check does what the lecture does by hand: <code>L.grad = 1</code>, then
<code>L._backward()</code>, <code>d._backward()</code>, <code>e._backward()</code>, and compares
every grad with PyTorch's.</p>`,
  starter: `class Value {
  data: number;
  grad = 0;
  children: Value[];
  op: string;
  label: string;
  // what to do at this node during backward; a leaf has nothing to do
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
      // TODO: the local derivative of + is 1 for both operands
    };
    return out;
  }

  mul(other: Value): Value {
    const out = new Value(this.data * other.data, [this, other], '*');
    out._backward = () => {
      // TODO: each operand gets the other operand's data times out.grad
    };
    return out;
  }
}
`,
  solution: `class Value {
  data: number;
  grad = 0;
  children: Value[];
  op: string;
  label: string;
  // what to do at this node during backward; a leaf has nothing to do
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
}
`,
  uses: [],
  defines: ['Value'],
};
