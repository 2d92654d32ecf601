// Oracles: each loss's textbook formula written out with Math, its analytic gradient, and
// central differences (gradCheck).
import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  compile,
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
/** σ(z) without cancellation for z < 0: exp(z) / (1 + exp(z)), the textbook stable form. */
const stableSigmoid = (z: number) => (z < 0 ? Math.exp(z) / (1 + Math.exp(z)) : sigmoid(z));
/** Relative error in units of 2^−52. */
const ulps = (got: number, want: number) =>
  want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want) / Number.EPSILON;

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

  // Oracle: σ(z) − y in the stable textbook form (PyTorch gives σ(−50) = 1.9287e-22 too). The old
  // relu-based form gave exactly 0 at z = −50, a relative error of 9e-9 at −20, and Infinity at 1e308;
  // at z = 20, y = 1 even PyTorch's σ(z) − y loses 8 digits, which this form keeps.
  it('binaryCrossEntropy() gradient is σ(z) − y to the last digits at large |z|', () => {
    for (const z of [-50, -20, -36.7, -700, -0.5, 0, 0.5, 20, 50, 700]) {
      for (const y of [0, 1]) {
        const logit = new Value(z);
        binaryCrossEntropy([logit], [y]).backward();
        // σ(z) − 1 = −σ(−z), written so that the oracle does not cancel either
        const want = y === 1 ? -stableSigmoid(-z) : stableSigmoid(z);
        expect(ulps(logit.grad, want), `z = ${z}, y = ${y}`).toBeLessThanOrEqual(4);
      }
    }
    const logit = new Value(-50);
    binaryCrossEntropy([logit], [0]).backward();
    expect(logit.grad).toBeCloseTo(1.9287498479639178e-22, 36);
  });

  it('binaryCrossEntropy() is finite at z = ±1e308: 0 when right, |z| when wrong', () => {
    const cases = [
      [1e308, 1, 0, 0],
      [1e308, 0, 1e308, 1],
      [-1e308, 0, 0, 0],
      [-1e308, 1, 1e308, -1],
    ] as const;
    for (const [z, y, loss, grad] of cases) {
      const logit = new Value(z);
      const out = binaryCrossEntropy([logit], [y]);
      out.backward();
      expect([out.data, logit.grad], `z = ${z}, y = ${y}`).toEqual([loss, grad]);
    }
  });

  it('binaryCrossEntropy() records on the tape and replays the same gradients far out', () => {
    const logits = values([-50, 0, 1e308, 3]);
    const y = [0, 1, 0, 1];
    const tape = compile(() => binaryCrossEntropy(logits, y), [], logits);
    tape.forward();
    tape.backward();
    const onTape = logits.map((l) => l.grad);
    const fresh = values([-50, 0, 1e308, 3]);
    binaryCrossEntropy(fresh, y).backward();
    expect(onTape).toEqual(fresh.map((l) => l.grad));
    expect(onTape[0]).toBeGreaterThan(0);
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

  // Math.max(...logits) overflowed the call stack here
  it('softmaxCrossEntropy() takes 200,000 logits in one sample', () => {
    const n = 200_000;
    const logits = values(Array.from({ length: n }, (_, j) => (j === 7 ? 1 : 0)));
    const loss = softmaxCrossEntropy([logits], [7]);
    // log(e + (n − 1)) − 1, with every logit shifted by the maximum, 1
    expect(loss.data).toBeCloseTo(Math.log(Math.E + (n - 1)) - 1, 10);
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
  // Oracle: micrograd's max-margin formula written out, mean of max(0, 1 − y·s) with y = ±1,
  // and its gradient −y/n where the margin is positive
  it('losses.hinge.compute() takes 0/1 or ±1 labels and gives mean max(0, 1 − y·s)', () => {
    const s = [0.3, -0.8, 1.4, -2];
    const y = [1, -1, -1, -1];
    const want = y.reduce((acc, yi, i) => acc + Math.max(0, 1 - yi * (s[i] as number)), 0) / 4;
    for (const labels of [
      [1, 0, 0, 0],
      [1, -1, -1, -1],
    ]) {
      const outputs = s.map((x) => [new Value(x)]);
      const loss = losses.hinge.compute(outputs, labels);
      expect(loss.data).toBeCloseTo(want, 15);
      loss.backward();
      // the last sample is right by more than the margin: no gradient
      expect(outputs.map((o) => o[0]?.grad)).toEqual([-0.25, 0.25, 0.25, 0]);
    }
  });

  it('losses[name].outputCount() and .score(): one score for binary losses, a logit gap for several', () => {
    for (const name of ['hinge', 'mse', 'bce'] as const) {
      expect(losses[name].outputCount(2)).toBe(1);
      expect(losses[name].score([-0.75])).toBe(-0.75);
      expect(() => losses[name].outputCount(3)).toThrow(RangeError);
    }
    const ce = losses['cross-entropy'];
    expect([ce.outputCount(2), ce.outputCount(5)]).toEqual([2, 5]);
    expect(() => ce.outputCount(1)).toThrow(
      'outputCount: expected classes to be an integer >= 2, got number 1',
    );
    // two classes: out[1] − out[0]; more: class 1's logit minus the best other one
    expect(ce.score([0.5, 2])).toBe(1.5);
    expect(ce.score([0.5, 2, 3])).toBe(-1);
    // the score's sign is the class classify() picks
    for (const out of [
      [0.2, -1],
      [-3, 4],
      [1, 0.5, 2],
      [0, 3, 1],
    ]) {
      expect(ce.score(out) > 0 ? 1 : 0).toBe(ce.classify(out) === 1 ? 1 : 0);
    }
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
