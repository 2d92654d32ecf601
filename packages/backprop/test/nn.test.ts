// Oracle: micrograd's own nn.py after random.seed(1337) (fixtures/micrograd-demo.json) and
// Python's random module (fixtures/rng-streams.json).
import { describe, expect, it } from 'vitest';
import { microgradDemo as demo, rngStreams } from '../../../fixtures/index.ts';
import { Layer, MLP, Neuron, Value } from '../src/index.ts';

describe('MLP', () => {
  it('new MLP(2, [16, 16, 1], { seed: 1337 }) has micrograd demo’s initial parameters exactly', () => {
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    expect(model.parameters().map((p) => p.data)).toEqual(demo.initial_parameters);
  });

  it('new MLP() defaults to seed 1337, ReLU hidden layers and a linear output', () => {
    const model = new MLP(2, [16, 16, 1]);
    expect(model.parameters().map((p) => p.data)).toEqual(demo.initial_parameters);
    expect([model.activation, model.outputActivation]).toEqual(['relu', 'linear']);
    expect(model.layers.map((l) => l.activation)).toEqual(['relu', 'relu', 'linear']);
  });

  it('parameters() lists layer by layer, neuron by neuron, weights then bias', () => {
    const model = new MLP(3, [2, 1]);
    const [n0, n1] = model.layers[0]?.neurons ?? [];
    const [m0] = model.layers[1]?.neurons ?? [];
    if (!n0 || !n1 || !m0) throw new Error('missing neurons');
    expect(model.parameters()).toEqual([...n0.w, n0.b, ...n1.w, n1.b, ...m0.w, m0.b]);
    expect(model.parameters()).toHaveLength(3 * 2 + 2 + 2 + 1);
  });

  it('new MLP() draws weights in [-1, 1) and sets biases to 0', () => {
    const model = new MLP(4, [8, 3], { seed: 7 });
    for (const layer of model.layers) {
      for (const n of layer.neurons) {
        expect(n.b.data).toBe(0);
        for (const w of n.w) expect(w.data >= -1 && w.data < 1).toBe(true);
      }
    }
  });

  it('new MLP() with different seeds gives different weights', () => {
    const a = new MLP(2, [4, 1], { seed: 1 }).parameters().map((p) => p.data);
    const b = new MLP(2, [4, 1], { seed: 2 }).parameters().map((p) => p.data);
    expect(a).not.toEqual(b);
  });

  it('forward() computes relu layers and a linear output by hand', () => {
    const model = new MLP(2, [2, 1]);
    // parameters in order: h0 (w0, w1, b), h1 (w0, w1, b), out (w0, w1, b)
    const weights = [1, -2, 0.5, -1, 1, -3, 2, 3, -1];
    model.parameters().forEach((p, i) => {
      p.data = weights[i] as number;
    });
    // h0 = relu(0.5 + 3 - 2·1) = 1.5, h1 = relu(-3 - 3 + 1) = 0, out = -1 + 2·1.5 + 3·0 = 2
    const [out] = model.forward([3, 1]);
    expect(out?.data).toBe(2);
  });

  it('forward() and predict() agree to the bit on the demo data', () => {
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    for (const x of demo.X.slice(0, 20)) {
      expect(model.predict(x)).toEqual(model.forward(x).map((v) => v.data));
    }
  });

  it('forward() with tanh, sigmoid and linear activations matches Math', () => {
    for (const activation of ['tanh', 'sigmoid', 'linear'] as const) {
      const model = new MLP(1, [1, 1], { activation, outputActivation: activation, seed: 3 });
      const [h] = model.layers[0]?.neurons ?? [];
      const [o] = model.layers[1]?.neurons ?? [];
      if (!h || !o) throw new Error('missing neurons');
      const f = {
        tanh: Math.tanh,
        sigmoid: (z: number) => 1 / (1 + Math.exp(-z)),
        linear: (z: number) => z,
      }[activation];
      const x = 0.7;
      const hidden = f((h.w[0] as Value).data * x);
      const expected = f((o.w[0] as Value).data * hidden);
      expect(model.forward([x])[0]?.data).toBeCloseTo(expected, 14);
      expect(model.predict([x])[0]).toBeCloseTo(expected, 14);
    }
  });

  it('forward() gradients reach every parameter after backward()', () => {
    const model = new MLP(2, [3, 1], { activation: 'tanh' });
    const [out] = model.forward([0.3, -0.8]);
    out?.backward();
    expect(model.parameters().every((p) => p.grad !== 0)).toBe(true);
    model.zeroGrad();
    expect(model.parameters().every((p) => p.grad === 0)).toBe(true);
  });

  it('forward() with the wrong number of inputs names expected and received sizes', () => {
    const model = new MLP(2, [16, 16, 1]);
    expect(() => model.forward([1, 2, 3])).toThrow('MLP.forward: expected 2 inputs, got 3');
    expect(() => model.predict([1])).toThrow('MLP.predict: expected 2 inputs, got 1');
  });

  it('forward() with a non-number input names its index', () => {
    const model = new MLP(2, [1]);
    expect(() => model.forward([1, '2' as unknown as number])).toThrow(
      'MLP.forward: expected input 1 to be a number or a Value, got string "2"',
    );
    expect(() => model.predict([new Value(1) as unknown as number, 2])).toThrow(
      'MLP.predict: expected input 0 to be a number, got object Value',
    );
  });

  it('new MLP() rejects bad sizes and activations', () => {
    expect(() => new MLP(0, [1])).toThrow(
      'MLP: expected nin to be a positive integer, got number 0',
    );
    expect(() => new MLP(2, [])).toThrow('MLP: expected nouts to be a non-empty array');
    expect(() => new MLP(2, [4, 1.5])).toThrow('expected nouts[1] to be a positive integer');
    expect(() => new MLP(2, [1], { activation: 'gelu' as 'relu' })).toThrow(
      'MLP: expected activation to be one of relu, tanh, sigmoid, linear, got string "gelu"',
    );
  });

  it('toString() reads like micrograd’s repr', () => {
    expect(String(new MLP(2, [2, 1]))).toBe(
      'MLP of [Layer of [ReLUNeuron(2), ReLUNeuron(2)], Layer of [LinearNeuron(2)]]',
    );
    expect(new MLP(2, [16, 16, 1]).architecture).toBe('MLP 2-16-16-1');
  });
});

describe('Neuron and Layer', () => {
  it('new Neuron(3) draws three uniform(-1, 1) weights from Python’s random.seed(1337)', () => {
    const draws = rngStreams.python['1337']['uniform_-1_1_10'];
    const n = new Neuron(3);
    expect(n.w.map((w) => w.data)).toEqual(draws.slice(0, 3));
    expect(n.b.data).toBe(0);
    expect(n.parameters()).toEqual([...n.w, n.b]);
  });

  it('new Layer() neurons share one generator, drawn one after another', () => {
    const layer = new Layer(2, 3);
    expect(
      layer
        .parameters()
        .filter((_, i) => i % 3 !== 2)
        .map((p) => p.data),
    ).toEqual(demo.initial_parameters.filter((_, i) => i < 9 && i % 3 !== 2));
    expect(layer.forward([1, 2])).toHaveLength(3);
    expect(String(layer)).toBe('Layer of [ReLUNeuron(2), ReLUNeuron(2), ReLUNeuron(2)]');
  });

  it('Neuron.forward() with the wrong size names expected and received sizes', () => {
    expect(() => new Neuron(3).forward([1])).toThrow('Neuron.forward: expected 3 inputs, got 1');
    expect(() => new Layer(3, 2).predict([1, 2])).toThrow(
      'Layer.predict: expected 3 inputs, got 2',
    );
  });
});
