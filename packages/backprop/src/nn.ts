// Neurons, layers and multi-layer perceptrons: the TypeScript counterpart of micrograd's nn.py.
// Same three members at every level (forward, parameters, toString), same parameter order, and
// the same random draws, so `new MLP(2, [16, 16, 1], { seed: 1337 })` starts where micrograd's
// demo starts.

import { checkName, checkNumber, kindOf } from './check.ts';
import { ops, Value } from './engine.ts';
import { DEFAULT_SEED, PythonRandom } from './random.ts';

/** What a neuron applies to its weighted sum. micrograd has only ReLU (`nonlin=True`) and linear. */
export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';

/** Every activation by name, with one line for menus and `--help`: `Object.keys(activations)`. */
export const activations: Readonly<Record<Activation, string>> = {
  relu: "max(0, x), micrograd's",
  tanh: 'tanh(x)',
  sigmoid: '1 / (1 + exp(-x))',
  linear: 'x itself (no activation)',
};

/** Where initial weights come from: a Python-compatible generator (see random.ts). */
export interface WeightSource {
  uniform(a: number, b: number): number;
}

/** Anything with parameters: the base of Neuron, Layer and MLP. */
export abstract class Module {
  /** Every trainable Value, in micrograd's order. */
  abstract parameters(): Value[];

  /** Sets every parameter's grad to 0, before the next backward(). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }
}

/** One neuron: activation(w · x + b). */
export class Neuron extends Module {
  /** One weight per input, uniform in [−1, 1) as in micrograd. */
  readonly w: Value[];
  /** The bias, 0 at the start. */
  readonly b: Value;
  readonly activation: Activation;

  /**
   * @param nin the number of inputs.
   * @param options.activation default `'relu'` (micrograd's `nonlin=True`).
   * @param options.random the weights' source; default a fresh `PythonRandom(DEFAULT_SEED)`.
   */
  constructor(nin: number, options: { activation?: Activation; random?: WeightSource } = {}) {
    super();
    checkSize('Neuron', 'nin', nin);
    const random = options.random ?? new PythonRandom(DEFAULT_SEED);
    this.activation = checkActivation('Neuron', options.activation ?? 'relu');
    this.w = Array.from({ length: nin }, () => new Value(random.uniform(-1, 1)));
    this.b = new Value(0);
  }

  /** activation(b + w0·x0 + w1·x1 + …), summed in micrograd's order so the bits agree. */
  forward(x: readonly (Value | number)[]): Value {
    checkInput('Neuron.forward', this.w.length, x, 'number or Value');
    let act = this.b;
    for (let i = 0; i < this.w.length; i++) {
      act = act.add((this.w[i] as Value).mul(x[i] as Value | number));
    }
    switch (this.activation) {
      case 'relu':
        return act.relu();
      case 'tanh':
        return act.tanh();
      case 'sigmoid':
        return act.sigmoid();
      case 'linear':
        return act;
    }
  }

  /** The same computation on plain numbers, with no Values: for drawing and fast evaluation. */
  predict(x: readonly number[]): number {
    checkInput('Neuron.predict', this.w.length, x, 'number');
    let act = this.b.data;
    for (let i = 0; i < this.w.length; i++) act += (this.w[i] as Value).data * (x[i] as number);
    return activate(this.activation, act);
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }

  /** `ReLUNeuron(2)`, `LinearNeuron(16)`, … as micrograd's repr. */
  override toString(): string {
    return `${activationNames[this.activation]}Neuron(${this.w.length})`;
  }
}

/** A row of neurons that all see the same inputs. */
export class Layer extends Module {
  readonly neurons: Neuron[];

  /**
   * @param nin the number of inputs; @param nout the number of neurons (and outputs).
   * Neurons draw their weights from `options.random` one after another.
   */
  constructor(
    nin: number,
    nout: number,
    options: { activation?: Activation; random?: WeightSource } = {},
  ) {
    super();
    checkSize('Layer', 'nin', nin);
    checkSize('Layer', 'nout', nout);
    const random = options.random ?? new PythonRandom(DEFAULT_SEED);
    const activation = options.activation ?? 'relu';
    this.neurons = Array.from({ length: nout }, () => new Neuron(nin, { activation, random }));
  }

  get activation(): Activation {
    return (this.neurons[0] as Neuron).activation;
  }

  /** Every neuron's output. Unlike micrograd, a one-neuron layer still returns a list. */
  forward(x: readonly (Value | number)[]): Value[] {
    checkInput('Layer.forward', (this.neurons[0] as Neuron).w.length, x, 'number or Value');
    return this.neurons.map((n) => n.forward(x));
  }

  predict(x: readonly number[]): number[] {
    checkInput('Layer.predict', (this.neurons[0] as Neuron).w.length, x, 'number');
    return this.neurons.map((n) => n.predict(x));
  }

  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }

  override toString(): string {
    return `Layer of [${this.neurons.join(', ')}]`;
  }
}

/** Options of `new MLP(nin, nouts, options)`. */
export interface MLPOptions {
  /** Seeds the Python-compatible generator that draws the weights. @default 1337 (micrograd's demo) */
  seed?: number;
  /** The hidden layers' activation. @default 'relu' */
  activation?: Activation;
  /** The last layer's activation. @default 'linear' (raw scores, as micrograd) */
  outputActivation?: Activation;
}

/**
 * A multi-layer perceptron: layers applied one after another.
 *
 * @example
 * const model = new MLP(2, [16, 16, 1], { seed: 1337 }); // micrograd's demo model
 * const [score] = model.forward([0.5, -1]);
 */
export class MLP extends Module {
  readonly nin: number;
  readonly nouts: readonly number[];
  /** The hidden layers' activation. */
  readonly activation: Activation;
  /** The last layer's activation. */
  readonly outputActivation: Activation;
  readonly layers: Layer[];

  constructor(nin: number, nouts: readonly number[], options: MLPOptions = {}) {
    super();
    checkSize('MLP', 'nin', nin);
    if (!Array.isArray(nouts) || nouts.length === 0) {
      throw new TypeError(
        `MLP: expected nouts to be a non-empty array of sizes, got ${kindOf(nouts)}`,
      );
    }
    nouts.forEach((n, i) => {
      checkSize('MLP', `nouts[${i}]`, n);
    });
    const seed = options.seed ?? DEFAULT_SEED;
    const random = new PythonRandom(seed);
    const activation = checkActivation('MLP', options.activation ?? 'relu');
    const outputActivation = checkActivation('MLP', options.outputActivation ?? 'linear');
    this.nin = nin;
    this.nouts = [...nouts];
    this.activation = activation;
    this.outputActivation = outputActivation;
    const sz = [nin, ...nouts];
    this.layers = nouts.map(
      (nout, i) =>
        new Layer(sz[i] as number, nout, {
          activation: i === nouts.length - 1 ? outputActivation : activation,
          random,
        }),
    );
  }

  /** The model's outputs for one input: a list of `nouts.at(-1)` Values. */
  forward(x: readonly (Value | number)[]): Value[] {
    checkInput('MLP.forward', this.nin, x, 'number or Value');
    // one leaf per input, shared by the first layer's neurons (as micrograd's demo does)
    let out: Value[] = x.map((xi) => (xi instanceof Value ? xi : new Value(xi)));
    for (const layer of this.layers) out = layer.forward(out);
    return out;
  }

  /**
   * The same forward pass on plain numbers, with no Values: cheap enough for a
   * decision-boundary grid, and bit-identical to `forward(x).map((v) => v.data)`.
   */
  predict(x: readonly number[]): number[] {
    checkInput('MLP.predict', this.nin, x, 'number');
    let out: readonly number[] = x;
    for (const layer of this.layers) out = layer.predict(out);
    return out as number[];
  }

  parameters(): Value[] {
    return this.layers.flatMap((layer) => layer.parameters());
  }

  /** `MLP 2-16-16-1`: the sizes, as used in messages and file names. */
  get architecture(): string {
    return `MLP ${[this.nin, ...this.nouts].join('-')}`;
  }

  override toString(): string {
    return `MLP of [${this.layers.join(', ')}]`;
  }
}

/** Applies an activation to a plain number with the Value op's own forward, so the bits agree. */
function activate(activation: Activation, x: number): number {
  return activation === 'linear' ? x : ops[activation].forward(x, 0);
}

// the prefixes of micrograd's repr: ReLUNeuron, LinearNeuron
const activationNames: Record<Activation, string> = {
  relu: 'ReLU',
  tanh: 'Tanh',
  sigmoid: 'Sigmoid',
  linear: 'Linear',
};

function checkSize(where: string, name: string, n: unknown): void {
  checkNumber(where, name, n, (k) => Number.isInteger(k) && k >= 1, 'a positive integer');
}

function checkActivation(where: string, a: unknown): Activation {
  checkName(where, 'activation', a, Object.keys(activations));
  return a as Activation;
}

/**
 * Rejects an input of the wrong size or type; `call` is e.g. `MLP.forward`. forward() takes
 * numbers or Values, predict() numbers only.
 */
function checkInput(
  call: string,
  expected: number,
  x: unknown,
  kind: 'number or Value' | 'number',
): void {
  if (!Array.isArray(x)) {
    throw new TypeError(`${call}: expected an array of ${expected} inputs, got ${kindOf(x)}`);
  }
  if (x.length !== expected) {
    throw new RangeError(`${call}: expected ${expected} inputs, got ${x.length}`);
  }
  for (let i = 0; i < x.length; i++) {
    const xi: unknown = x[i];
    if (typeof xi !== 'number' && !(kind === 'number or Value' && xi instanceof Value)) {
      const expectedKind = kind === 'number' ? 'a number' : 'a number or a Value';
      throw new TypeError(`${call}: expected input ${i} to be ${expectedKind}, got ${kindOf(xi)}`);
    }
  }
}
