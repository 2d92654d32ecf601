// The lane tape against the object engine, which builds every sample's graph as Values: values
// and every parameter's gradient must agree to 1e-12 relative (not bit for bit: sums over the
// batch add in another order). micrograd's own numbers (fixtures/micrograd-demo.json) are a second
// oracle for the demo, and the zero-derivative rule (PyTorch's) a third.
import { describe, expect, it } from 'vitest';
import { microgradDemo as demo } from '../../../fixtures/index.ts';
import {
  compileLanes,
  type Dataset,
  LossLanes,
  type LossName,
  l2,
  losses,
  MLP,
  makeMoons,
  maxOf,
  NumpyRandom,
  Value,
} from '../src/index.ts';

/** The largest |got − want| / max(|want|, scale) over two lists: relative, with a floor. */
function worst(got: readonly number[], want: readonly number[], scale: number): number {
  expect(got).toHaveLength(want.length);
  return Math.max(
    ...want.map((w, i) => Math.abs((got[i] as number) - w) / Math.max(Math.abs(w), scale)),
  );
}

/** The object engine's loss and gradients on a batch: the full-batch graph, then backward(). */
function onObjects(model: MLP, data: Dataset, loss: LossName, strength: number) {
  const outputs = data.X.map((x) => model.forward(x));
  const params = model.parameters();
  const total = losses[loss].compute(outputs, data.y).add(l2(params, strength));
  model.zeroGrad();
  total.backward();
  return { loss: total.data, grads: params.map((p) => p.grad) };
}

/** The same on lanes. */
function onLanes(model: MLP, data: Dataset, loss: LossName, strength: number) {
  const { loss: value } = new LossLanes(model, losses[loss], strength).measure(data, true);
  return { loss: value, grads: model.parameters().map((p) => p.grad) };
}

/** Checks lanes against the object engine: the loss, and every gradient relative to the largest. */
function expectAgreement(model: MLP, data: Dataset, loss: LossName, strength = 1e-4) {
  const want = onObjects(model, data, loss, strength);
  const got = onLanes(model, data, loss, strength);
  const scale = Math.max(...want.grads.map(Math.abs)) * 1e-3;
  expect(worst([got.loss], [want.loss], 0)).toBeLessThanOrEqual(1e-12);
  expect(worst(got.grads, want.grads, scale)).toBeLessThanOrEqual(1e-12);
  // the lanes really ran: the gradients are not all zero
  expect(scale).toBeGreaterThan(0);
}

describe('LossLanes', () => {
  it('gives micrograd’s step-0 loss bit for bit and its gradients on the demo', () => {
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    const { loss } = onLanes(model, { X: demo.X, y: demo.y }, 'hinge', 1e-4);
    expect(loss).toBe(demo.trajectory[0]?.loss);
    const grads = model.parameters().map((p) => p.grad);
    expect(worst(grads, demo.grads_step0, 1e-3)).toBeLessThanOrEqual(1e-12);
    expectAgreement(model, { X: demo.X, y: demo.y }, 'hinge');
  });

  it.each(['hinge', 'mse', 'bce', 'cross-entropy'] as const)(
    'agrees with the object engine on every loss: %s',
    (loss) => {
      const data = makeMoons({ nSamples: 300, noise: 0.2, seed: 7 }); // 300 lanes: three blocks
      const nout = losses[loss].kind === 'binary' ? 1 : 2;
      expectAgreement(new MLP(2, [8, 8, nout], { seed: 3 }), data, loss);
      expectAgreement(new MLP(2, [5, nout], { seed: 4, activation: 'tanh' }), data, loss, 0);
    },
  );

  it('agrees with the object engine on random seeded MLPs and batches', () => {
    const random = new NumpyRandom(2024);
    for (let k = 0; k < 12; k++) {
      const nin = 1 + Math.floor(random.randomSample() * 4);
      const hidden = Array.from({ length: 1 + Math.floor(random.randomSample() * 3) }, () =>
        Math.ceil(random.randomSample() * 12),
      );
      const activation = (['relu', 'tanh', 'sigmoid', 'linear'] as const)[k % 4] ?? 'relu';
      const classes = 2 + (k % 3);
      const n = 1 + Math.floor(random.randomSample() * 40);
      const X = Array.from({ length: n }, () =>
        Array.from({ length: nin }, () => 4 * random.randomSample() - 2),
      );
      const y = Array.from({ length: n }, () => Math.floor(random.randomSample() * classes));
      const model = new MLP(nin, [...hidden, classes], { seed: k, activation });
      expectAgreement(model, { X, y }, 'cross-entropy', k % 2 === 0 ? 1e-3 : 0);
      const binary = new MLP(nin, [...hidden, 1], { seed: k, activation });
      expectAgreement(binary, { X, y: y.map((c) => c % 2) }, k % 2 ? 'hinge' : 'bce');
    }
  });

  it('agrees on minibatches of varying size, reusing one set of tapes', () => {
    const data = makeMoons({ nSamples: 100, noise: 0.1, seed: 1337 });
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    const lanes = new LossLanes(model, losses.hinge, 1e-4);
    const random = new NumpyRandom(5);
    for (const size of [10, 37, 1, 100, 10]) {
      const pick = random.permutation(100).slice(0, size);
      const batch = {
        X: pick.map((i) => data.X[i] as number[]),
        y: pick.map((i) => data.y[i] as number),
      };
      const want = onObjects(model, batch, 'hinge', 1e-4);
      const got = lanes.measure(batch, true);
      const grads = model.parameters().map((p) => p.grad);
      const scale = Math.max(...want.grads.map(Math.abs)) * 1e-3;
      expect(worst([got.loss], [want.loss], 0)).toBeLessThanOrEqual(1e-12);
      expect(worst(grads, want.grads, scale)).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('compileLanes()', () => {
  it('replays one sample’s function across lanes: sums, outputs and gradients by formula', () => {
    const w = [new Value(0.5), new Value(-1)];
    // (w0·x + w1 − y)², whose gradient is 2·(w0·x + w1 − y)·(x, 1)
    const tape = compileLanes(
      ([x, y]) => [
        (x as Value)
          .mul(w[0] as Value)
          .add(w[1] as Value)
          .sub(y as Value)
          .pow(2),
      ],
      [0, 0],
      w,
    );
    const batch = [
      [1, 2],
      [3, 4],
      [-2, 0.5],
    ];
    const residuals = batch.map(([x, y]) => 0.5 * (x as number) - 1 - (y as number));
    expect(tape.forward(batch)).toBe(residuals.reduce((s, r) => s + r * r, 0));
    expect(tape.lanes).toBe(3);
    expect(tape.output(0, 1)).toBe((residuals[1] as number) ** 2);
    tape.backward(1 / 3);
    const dw0 = residuals.reduce((s, r, l) => s + 2 * r * (batch[l]?.[0] as number), 0) / 3;
    const dw1 = residuals.reduce((s, r) => s + 2 * r, 0) / 3;
    expect(Math.abs((w[0] as Value).grad - dw0)).toBeLessThan(1e-15);
    expect(Math.abs((w[1] as Value).grad - dw1)).toBeLessThan(1e-15);
    // d/dx of lane 2: (1/3)·2·r·w0
    expect(tape.inputGrad(0, 2)).toBeCloseTo((2 * (residuals[2] as number) * 0.5) / 3, 15);
  });

  it('fuses a neuron’s sum into one row although its weights sit between the +s', () => {
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    const tape = compileLanes((xs) => model.forward(xs), [0, 0], model.parameters());
    // 2 inputs, 337 parameters, 33 neuron rows; nothing else is left of the graph's nodes
    expect(tape.size).toBeGreaterThan(900);
    expect(tape.rows).toBe(2 + 337 + 33);
    expect(tape.laneRows).toBe(2 + 33);
  });

  it('refuses a graph that depends on the data, as compile() does', () => {
    const w = new Value(2);
    expect(() =>
      compileLanes(
        ([x]) => ((x as Value).data > 0 ? (x as Value).mul(w) : (x as Value).relu()),
        [1],
        [w],
      ),
    ).toThrow(/^compileLanes: f built a different graph .* its graph depends on the data/);
    expect(() => compileLanes(([x]) => (x as Value).add((x as Value).data * 2), [1], [])).toThrow(
      /^compileLanes: constant 0 was 2, then -2.5 when the inputs changed/,
    );
    const outside = new Value(3);
    expect(() => compileLanes(([x]) => (x as Value).mul(outside), [1], [])).toThrow(
      /^compileLanes: f uses a Value made outside it \(data 3\)/,
    );
    expect(() => compileLanes(() => new Value(1).mul(2), [1], [])).toThrow(
      /^compileLanes: f does not use inputs\[0\]/,
    );
  });

  it('recomputes a maxOf() per lane, and passes no gradient through it', () => {
    const w = new Value(1.5);
    // x·w − max(x·w, 1): the max is a constant, so d/dw = x in every lane
    const tape = compileLanes(
      ([x]) => {
        const a = (x as Value).mul(w);
        return a.sub(maxOf([a, new Value(1)]));
      },
      [0],
      [w],
    );
    tape.forward([[2], [0.25], [-4]]);
    expect(Array.from(tape.outputLanes(0))).toEqual([0, 0.375 - 1, -6 - 1]);
    tape.backward();
    expect(w.grad).toBe(2 + 0.25 - 4);
  });

  it('passes nothing back where a local derivative is 0, even times ∞ (PyTorch’s rule)', () => {
    const w = new Value(-1);
    const v = new Value(0);
    // relu(x·w)·∞ at x·w < 0: relu' is 0, so w gets 0, not NaN; x·v·∞ with v = 0 → x's path gets 0
    const tape = compileLanes(
      ([x]) =>
        (x as Value)
          .mul(w)
          .relu()
          .mul(Number.POSITIVE_INFINITY)
          .add((x as Value).mul(v)),
      [1],
      [w, v],
    );
    tape.forward([[1], [2]]);
    tape.backward();
    expect(w.grad).toBe(0);
    expect(v.grad).toBe(3);
  });

  it('passes gradient through relu at NaN, as PyTorch (relu′ is 0 only where x ≤ 0)', () => {
    const [w, b] = [new Value(2), new Value(0.5)];
    // relu(w·x + b), a neuron row; at x = NaN PyTorch gives b the whole g = 1, and w NaN (g·x)
    const tape = compileLanes(([x]) => (x as Value).mul(w).add(b).relu(), [1], [w, b]);
    tape.forward([[Number.NaN]]);
    tape.backward();
    expect(b.grad).toBe(1);
    expect(w.grad).toBeNaN();
  });

  it('passes gradient through an unfused relu at NaN too (engine.ts’s reluOp)', () => {
    const w = new Value(2);
    // relu(x)·w, the relu a row of its own: at x = NaN, x gets g·w = 2, w gets relu(NaN) = NaN
    const tape = compileLanes(([x]) => (x as Value).relu().mul(w), [1], [w]);
    tape.forward([[Number.NaN], [3]]);
    tape.backward();
    expect(tape.inputGrad(0, 0)).toBe(2);
    expect(tape.inputGrad(0, 1)).toBe(2);
    expect(w.grad).toBeNaN();
  });

  it('gives d(x/y)/dy = −x/y² without overflow, as PyTorch (−1e-200 at 1e200, −1e200 at 1e-200)', () => {
    for (const [y, want] of [
      [1e200, -1e-200],
      [1e-200, -1e200],
    ] as const) {
      const w = new Value(y);
      const tape = compileLanes(([x]) => (x as Value).div(w), [1], [w]);
      tape.forward([[y]]);
      tape.backward();
      expect(w.grad).toBe(want);
    }
  });

  it('reads each op from its node’s description, not from the symbol Value.op shows', () => {
    // a description of its own named `tanh` is not engine.ts's tanh: refused, as compile() does
    const fake = Object.freeze({ ...Value.tanhOp });
    expect(() => compileLanes(([x]) => new Value(0, '', fake, x as Value), [1])).toThrow(
      /^compileLanes: unknown op "tanh"/,
    );
    // a `**k`'s k is the exponent its description holds (3), whatever its symbol says
    const cube = Object.freeze({ ...Value.powOp, symbol: '**2', exponent: 3 });
    const tape = compileLanes(([x]) => new Value(0, '', cube, x as Value), [1]);
    expect(tape.forward([[2]])).toBe(8);
    tape.backward();
    expect(tape.inputGrad(0, 0)).toBe(3 * 2 ** 2);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => compileLanes(3 as never, [1])).toThrow(
      'compileLanes: expected f to be a function, got number 3',
    );
    const tape = compileLanes(([x]) => (x as Value).mul(2), [1]);
    expect(() => tape.forward([[1, 2]])).toThrow(
      'LaneTape.forward: expected sample 0 to be 1 numbers, got array of length 2',
    );
    expect(() => tape.output(0, 0)).toThrow('LaneTape.output: run forward() first');
    tape.forward([[1]]);
    expect(() => tape.output(0, 1)).toThrow('LaneTape.output: expected a lane in [0, 0], got 1');
  });
});
