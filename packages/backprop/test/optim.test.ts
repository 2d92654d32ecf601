// Oracle: the update formulas of torch.optim (SGD, SGD with momentum, Adam) and of the schedules,
// worked out by hand for a few steps.
import { describe, expect, it } from 'vitest';
import { Adam, Momentum, optimizers, SGD, schedules, Value } from '../src/index.ts';

/** Runs `steps` updates with the given gradient at each step and returns the parameter's values. */
function run(
  make: (p: Value[]) => { step(lr: number): void },
  grads: readonly number[],
  lr: number,
) {
  const p = new Value(1);
  const optimizer = make([p]);
  return grads.map((g) => {
    p.grad = g;
    optimizer.step(lr);
    return p.data;
  });
}

describe('SGD', () => {
  it('SGD.step() subtracts lr · grad', () => {
    // 1 − 0.1·2 = 0.8, 0.8 − 0.1·(−1) = 0.9
    expect(run((p) => new SGD(p), [2, -1], 0.1)).toEqual([1 - 0.1 * 2, 1 - 0.1 * 2 + 0.1]);
  });

  it('SGD.step() rejects a non-finite learning rate', () => {
    expect(() => new SGD([]).step(Number.NaN)).toThrow(
      'SGD.step: expected learningRate to be a finite number, got number NaN',
    );
  });
});

describe('Momentum', () => {
  it('Momentum.step() keeps a velocity b = μ·b + g (b = g first) and subtracts lr · b', () => {
    const got = run((p) => new Momentum(p, { momentum: 0.5 }), [2, 4, -2], 0.1);
    // b = 2, 0.5·2 + 4 = 5, 0.5·5 − 2 = 0.5;  p = 1 − 0.2 = 0.8, 0.8 − 0.5 = 0.3, 0.3 − 0.05 = 0.25
    expect(got[0]).toBeCloseTo(0.8, 15);
    expect(got[1]).toBeCloseTo(0.3, 15);
    expect(got[2]).toBeCloseTo(0.25, 15);
  });

  it('new Momentum() defaults to μ = 0.9 and rejects μ outside [0, 1)', () => {
    expect(new Momentum([]).momentum).toBe(0.9);
    expect(() => new Momentum([], { momentum: 1 })).toThrow(
      'Momentum: expected momentum to be in [0, 1), got number 1',
    );
  });
});

describe('Adam', () => {
  it('Adam.step() first moves by lr · g / (|g| + ε): the bias correction undoes the zero start', () => {
    const got = run((p) => new Adam(p), [0.3], 0.01);
    expect(got[0]).toBeCloseTo(1 - (0.01 * 0.3) / (0.3 + 1e-8), 15);
  });

  it('Adam.step() follows m, v, m̂, v̂ over three steps', () => {
    const grads = [0.5, -1.5, 2];
    const [b1, b2, eps, lr] = [0.8, 0.9, 1e-3, 0.1];
    const got = run((p) => new Adam(p, { beta1: b1, beta2: b2, eps }), grads, lr);
    // by hand: m1 = 0.1, v1 = 0.025; m2 = 0.08 − 0.3 = −0.22, v2 = 0.0225 + 0.225 = 0.2475;
    // m3 = −0.176 + 0.4 = 0.224, v3 = 0.22275 + 0.4 = 0.62275
    const m = [0.1, -0.22, 0.224];
    const v = [0.025, 0.2475, 0.62275];
    let p = 1;
    m.forEach((mt, i) => {
      const t = i + 1;
      const mHat = mt / (1 - b1 ** t);
      const vHat = (v[i] as number) / (1 - b2 ** t);
      p -= (lr * mHat) / (Math.sqrt(vHat) + eps);
      expect(got[i]).toBeCloseTo(p, 14);
    });
  });

  it('new Adam() uses PyTorch’s defaults β1 = 0.9, β2 = 0.999, ε = 1e-8', () => {
    const adam = new Adam([]);
    expect([adam.beta1, adam.beta2, adam.eps]).toEqual([0.9, 0.999, 1e-8]);
  });
});

describe('optimizers', () => {
  it('optimizers[name]() builds each optimizer, passing its options', () => {
    expect(Object.keys(optimizers)).toEqual(['sgd', 'momentum', 'adam']);
    expect(optimizers.sgd([])).toBeInstanceOf(SGD);
    expect((optimizers.momentum([], { momentum: 0.5, beta1: 0.1 }) as Momentum).momentum).toBe(0.5);
    expect((optimizers.adam([], { beta2: 0.99 }) as Adam).beta2).toBe(0.99);
  });
});

describe('schedules', () => {
  it('schedules.linear() is micrograd’s 1.0 − 0.9·k/100 to the bit', () => {
    for (const k of [0, 1, 37, 50, 99]) {
      expect(schedules.linear(1, k, 100)).toBe(1.0 - (0.9 * k) / 100);
    }
    expect(schedules.linear(0.5, 50, 100)).toBeCloseTo(0.5 * 0.55, 15);
  });

  it('schedules.constant() and schedules.cosine() follow their formulas', () => {
    expect(schedules.constant(0.3, 7, 10)).toBe(0.3);
    expect(schedules.cosine(2, 0, 10)).toBe(2);
    expect(schedules.cosine(2, 5, 10)).toBeCloseTo(1, 15);
    expect(schedules.cosine(2, 10, 10)).toBeCloseTo(0, 15);
    expect(schedules.cosine(1, 2, 8)).toBeCloseTo((1 + Math.SQRT1_2) / 2, 15);
    expect(Object.keys(schedules)).toEqual(['constant', 'linear', 'cosine']);
  });
});
