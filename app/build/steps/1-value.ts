import type { Step } from './step.ts';

export const valueStep: Step = {
  id: 'value',
  title: 'A Value remembers how it was made',
  explain: `
<p>A <code>Value</code> wraps one number, <code>data</code>. When two Values are added or
multiplied, the result is a new Value that remembers its operands (<code>children</code>, in
order) and the op that made it (<code>op</code>: <code>'+'</code> or <code>'*'</code>). Those
links are the <em>computation graph</em> that backpropagation will walk backwards.</p>
<p>Fill in the constructor, <code>add</code> and <code>mul</code>. The check builds the lecture's
<code>L = (a·b + c)·f</code> with <code>a = 2, b = −3, c = 10, f = −2</code> from your class and
draws your graph.</p>`,
  starter: `// A Value wraps one number and remembers how it was computed.
class Value {
  data: number;
  grad = 0;
  children: Value[];
  op: string;
  label: string;

  constructor(data: number, children: Value[] = [], op = '', label = '') {
    this.data = data;
    // TODO: remember children, op and label
  }

  add(other: Value): Value {
    // TODO: a new Value holding this.data + other.data,
    // made by the op '+' from the children [this, other]
  }

  mul(other: Value): Value {
    // TODO: the same for '*'
  }
}
`,
  solution: `// A Value wraps one number and remembers how it was computed.
class Value {
  data: number;
  grad = 0;
  children: Value[];
  op: string;
  label: string;

  constructor(data: number, children: Value[] = [], op = '', label = '') {
    this.data = data;
    this.children = children;
    this.op = op;
    this.label = label;
  }

  add(other: Value): Value {
    return new Value(this.data + other.data, [this, other], '+');
  }

  mul(other: Value): Value {
    return new Value(this.data * other.data, [this, other], '*');
  }
}
`,
  uses: [],
  defines: ['Value'],
};
