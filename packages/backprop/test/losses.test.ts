// Oracles: each loss's textbook formula written out with Math, its analytic gradient, and
// central differences (gradCheck).
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  gradCheck,
  hingeLoss,
  l2,
  losses,
  meanSquaredError,
  softmaxCrossEntropy,
  Value,
} from '../src/index.ts';

const values = (xs: readonly number[]) => xs.map((x) => new Value(x));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('hingeLoss()', () => {
  it('hingeLoss() is the mean of relu(1 − y·score)', () => {
    const scores = values([2, 0.5, -0.3]);
    const loss = hingeLoss(scores, [1, 1, -1]);
    // max(0, 1 − 2) = 0, max(0, 1 − 0.5) = 0.5, max(0, 1 − 0.3) = 0.7
    expect(loss.data).toBeCloseTo((0 + 0.5 + 0.7) / 3, 15);
    loss.backward();
    // d/d score = −y/n where the margin is violated, 0 elsewhere
    expect(scores.map((s) => s.grad)).toEqual([0, -1 / 3, 1 / 3]);
  });

  it('hingeLoss() gradient matches finite differences', () => {
    const r = gradCheck((s) => hingeLoss(s, [1, -1, 1, -1]), [0.2, 0.4, -1.7, -0.1]);
    expect(r.worst.error).toBeLessThan(1e-8);
  });

  it('hingeLoss() rejects 0/1 labels and mismatched lengths, naming the problem', () => {
    expect(() => hingeLoss(values([1, 2]), [1, 0])).toThrow(
      'hingeLoss: expected label 1 to be -1 or +1, got number 0',
    );
    expect(() => hingeLoss(values([1, 2]), [1])).toThrow(
      'hingeLoss: expected one label per sample (2), got 1 labels',
    );
    expect(() => hingeLoss([], [])).toThrow('hingeLoss: expected at least one sample, got 0');
  });
});

describe('meanSquaredError()', () => {
  it('meanSquaredError() is the mean of (p − t)² with gradient 2(p − t)/n', () => {
    const p = values([3, -1, 0.5]);
    const loss = meanSquaredError(p, [1, 1, -0.5]);
    expect(loss.data).toBeCloseTo((4 + 4 + 1) / 3, 15);
    loss.backward();
    expect(p.map((v) => v.grad)).toEqual([(2 * 2) / 3, (2 * -2) / 3, (2 * 1) / 3]);
  });

  it('meanSquaredError() gradient matches finite differences', () => {
    const r = gradCheck((p) => meanSquaredError(p, [0.3, -2, 1]), [1.5, -0.25, 0.75]);
    expect(r.worst.error).toBeLessThan(1e-8);
  });
});

describe('binaryCrossEntropy()', () => {
  it('binaryCrossEntropy() equals −y·log σ(z) − (1 − y)·log(1 − σ(z)), averaged', () => {
    const z = [-2.5, -0.3, 0.7, 3.1];
    const y = [0, 1, 1, 0];
    const want =
      z.reduce((acc, zi, i) => {
        const s = sigmoid(zi);
        const yi = y[i] as number;
        return acc - yi * Math.log(s) - (1 - yi) * Math.log(1 - s);
      }, 0) / z.length;
    expect(binaryCrossEntropy(values(z), y).data).toBeCloseTo(want, 14);
  });

  it('binaryCrossEntropy() gradient is (σ(z) − y)/n, also at z = 0', () => {
    const z = [-1.2, 0, 0, 2.4];
    const y = [1, 0, 1, 0.25];
    const logits = values(z);
    binaryCrossEntropy(logits, y).backward();
    logits.forEach((l, i) => {
      expect(l.grad).toBeCloseTo((sigmoid(z[i] as number) - (y[i] as number)) / z.length, 15);
    });
  });

  it('binaryCrossEntropy() gradient matches finite differences', () => {
    const r = gradCheck((z) => binaryCrossEntropy(z, [1, 0, 1]), [0.8, -1.9, -0.4]);
    expect(r.worst.error).toBeLessThan(1e-8);
  });

  it('binaryCrossEntropy() stays finite and exact at |logit| = 1000', () => {
    const logits = values([1000, -1000, 1000, -1000]);
    const loss = binaryCrossEntropy(logits, [1, 0, 0, 1]);
    // right with huge confidence costs 0; wrong costs |z| = 1000
    expect(loss.data).toBe((0 + 0 + 1000 + 1000) / 4);
    loss.backward();
    // σ(z) − y is 0, 0, 1, −1 (over n = 4)
    expect(logits.map((l) => l.grad)).toEqual([0, 0, 0.25, -0.25]);
  });
});

describe('softmaxCrossEntropy()', () => {
  it('softmaxCrossEntropy() equals log Σ exp(z) − z_class, averaged', () => {
    const z = [
      [1, 2, 0.5],
      [-0.3, 0.1, 2.2],
    ];
    const classes = [1, 0];
    const want =
      z.reduce((acc, zi, i) => {
        const lse = Math.log(zi.reduce((s, zj) => s + Math.exp(zj), 0));
        return acc + lse - (zi[classes[i] as number] as number);
      }, 0) / z.length;
    expect(softmaxCrossEntropy(z.map(values), classes).data).toBeCloseTo(want, 14);
  });

  it('softmaxCrossEntropy() gradient is (softmax − one-hot)/n', () => {
    const z = [0.4, -1.1, 2.0];
    const logits = values(z);
    softmaxCrossEntropy([logits], [2]).backward();
    const total = z.reduce((s, zj) => s + Math.exp(zj), 0);
    logits.forEach((l, j) => {
      expect(l.grad).toBeCloseTo(Math.exp(z[j] as number) / total - (j === 2 ? 1 : 0), 15);
    });
  });

  it('softmaxCrossEntropy() gradient matches finite differences', () => {
    const r = gradCheck(
      (z) => softmaxCrossEntropy([z.slice(0, 3), z.slice(3)], [0, 2]),
      [0.5, -0.2, 1.3, 2.2, -1.0, 0.1],
    );
    expect(r.worst.error).toBeLessThan(1e-8);
  });

  it('softmaxCrossEntropy() stays finite and exact at |logit| = 1000', () => {
    const logits = values([1000, -1000, 0]);
    const right = softmaxCrossEntropy([logits], [0]);
    expect(right.data).toBe(0);
    right.backward();
    expect(logits.map((l) => l.grad)).toEqual([0, 0, 0]);
    expect(softmaxCrossEntropy([values([1000, -1000, 0])], [1]).data).toBe(2000);
  });

  it('softmaxCrossEntropy() rejects a class out of range', () => {
    expect(() => softmaxCrossEntropy([values([1, 2])], [2])).toThrow(
      'softmaxCrossEntropy: expected class 0 to be in [0, 1] for 2 logits, got number 2',
    );
  });
});

describe('l2()', () => {
  it('l2() is strength · Σ p² with gradient 2·strength·p', () => {
    const p = values([0.5, -2, 3]);
    const reg = l2(p, 1e-4);
    expect(reg.data).toBeCloseTo(1e-4 * (0.25 + 4 + 9), 18);
    reg.backward();
    expect(p.map((v) => v.grad)).toEqual([2e-4 * 0.5, 2e-4 * -2, 2e-4 * 3]);
  });

  it('l2() rejects a negative strength', () => {
    expect(() => l2([], -1)).toThrow('l2: expected strength to be a number >= 0, got number -1');
  });
});

describe('losses', () => {
  it('losses.hinge.compute() takes 0/1 or ±1 labels and equals hingeLoss() with ±1', () => {
    const s = [0.3, -0.8, 1.4];
    const want = hingeLoss(values(s), [1, -1, -1]).data;
    const outputs = s.map((x) => [new Value(x)]);
    expect(losses.hinge.compute(outputs, [1, 0, 0]).data).toBe(want);
    expect(losses.hinge.compute(outputs, [1, -1, -1]).data).toBe(want);
  });

  it('losses.mse and losses.bce convert 0/1 labels to ±1 and 0/1 targets', () => {
    const outputs = [[new Value(0.5)], [new Value(-0.25)]];
    expect(losses.mse.compute(outputs, [1, 0]).data).toBe((0.25 + 0.5625) / 2);
    const want = (-Math.log(sigmoid(0.5)) - Math.log(1 - sigmoid(-0.25))) / 2;
    expect(losses.bce.compute(outputs, [1, -1]).data).toBeCloseTo(want, 15);
  });

  it('losses[name].classify() reads the score’s sign or the largest output', () => {
    expect([
      losses.hinge.classify([0.1]),
      losses.hinge.classify([0]),
      losses.bce.classify([-3]),
    ]).toEqual([1, 0, 0]);
    expect(losses['cross-entropy'].classify([0.1, 2, -1])).toBe(1);
    expect(Object.keys(losses)).toEqual(['hinge', 'mse', 'bce', 'cross-entropy']);
  });
});
