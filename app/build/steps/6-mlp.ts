import type { Step } from './step.ts';

export const mlpStep: Step = {
  id: 'mlp',
  title: 'Neuron, Layer and MLP on your Value',
  explain: `
<p>A neuron computes <code>tanh(w · x + b)</code>; a layer is a list of neurons fed the same
inputs; an MLP is layers in a row. This code runs on <em>your</em> <code>Value</code> from step 5.</p>
<p>Weights come from <code>random.uniform(-1, 1)</code>, which draws exactly what Python's
<code>random</code> draws after <code>random.seed(1337)</code>. Draw each neuron's weights, then
its bias, as the lecture does, and the check can compare your <code>MLP(3, [4, 4, 1])</code>
with the lecture's: its 41 parameters, its outputs, its loss, and its gradients against finite
differences.</p>`,
  starter: `// Runs after your code from step 5: Value is yours.
class Neuron {
  w: Value[];
  b: Value;

  constructor(nin: number) {
    // TODO: nin weights, then the bias, each new Value(random.uniform(-1, 1))
  }

  forward(x: (number | Value)[]): Value {
    // TODO: tanh(w · x + b), the sum starting from b: b + w0·x0 + w1·x1 + …
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

class Layer {
  neurons: Neuron[];

  constructor(nin: number, nout: number) {
    // TODO: nout neurons, each with nin inputs
  }

  forward(x: (number | Value)[]): Value | Value[] {
    // TODO: every neuron on x; a layer of one neuron returns its Value, not a list
  }

  parameters(): Value[] {
    // TODO: every neuron's parameters, in order
  }
}

class MLP {
  layers: Layer[];

  constructor(nin: number, nouts: number[]) {
    // TODO: layer i maps size i to size i + 1 of [nin, ...nouts]
  }

  forward(x: (number | Value)[]): Value | Value[] {
    // TODO: each layer's output is the next one's input
  }

  parameters(): Value[] {
    // TODO
  }
}
`,
  solution: `// Runs after your code from step 5: Value is yours.
class Neuron {
  w: Value[];
  b: Value;

  constructor(nin: number) {
    this.w = [];
    for (let i = 0; i < nin; i++) this.w.push(new Value(random.uniform(-1, 1)));
    this.b = new Value(random.uniform(-1, 1));
  }

  forward(x: (number | Value)[]): Value {
    const act = this.w.reduce((sum, wi, i) => sum.add(wi.mul(x[i])), this.b);
    return act.tanh();
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

class Layer {
  neurons: Neuron[];

  constructor(nin: number, nout: number) {
    this.neurons = [];
    for (let i = 0; i < nout; i++) this.neurons.push(new Neuron(nin));
  }

  forward(x: (number | Value)[]): Value | Value[] {
    const outs = this.neurons.map((n) => n.forward(x));
    return outs.length === 1 ? outs[0] : outs;
  }

  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }
}

class MLP {
  layers: Layer[];

  constructor(nin: number, nouts: number[]) {
    const sz = [nin, ...nouts];
    this.layers = nouts.map((_, i) => new Layer(sz[i], sz[i + 1]));
  }

  forward(x: (number | Value)[]): Value | Value[] {
    // each layer's outputs are the next one's inputs
    return this.layers.reduce((out, layer) => layer.forward(out as Value[]), x as Value | Value[]);
  }

  parameters(): Value[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }
}
`,
  uses: ['ops'],
  defines: ['Neuron', 'Layer', 'MLP'],
};
