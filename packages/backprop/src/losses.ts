// Loss functions: one number that says how wrong the model is, built from Values so that
// backward() can tell every parameter how to make it smaller.

import { checkNumber, expected, kindOf } from './check.ts';
import { Value } from './engine.ts';
import { maxOf } from './lanes/max-of.ts';

/**
 * micrograd's max-margin ("SVM") loss: the mean of relu(1 − y·score) over the samples.
 * A sample costs nothing once its score is on the right side by a margin of 1.
 *
 * @param scores one raw score per sample.
 * @param y one label per sample, −1 or +1.
 * @example
 * hingeLoss([new Value(2), new Value(0.5)], [1, 1]).data; // (0 + 0.5) / 2 = 0.25
 */
export function hingeLoss(scores: readonly Value[], y: readonly number[]): Value {
  checkBatch('hingeLoss', scores, y, (yi) => yi === 1 || yi === -1, '-1 or +1');
  // as micrograd's demo: (1 + -yi*scorei).relu()
  return mean(
    scores.map((score, i) =>
      score
        .mul(-(y[i] as number))
        .add(1)
        .relu(),
    ),
  );
}

/**
 * The mean of (prediction − target)² over the samples.
 *
 * @example
 * meanSquaredError([new Value(3), new Value(-1)], [1, 1]).data; // (4 + 4) / 2 = 4
 */
export function meanSquaredError(predictions: readonly Value[], targets: readonly number[]): Value {
  checkBatch('meanSquaredError', predictions, targets, Number.isFinite, 'a finite number');
  return mean(predictions.map((p, i) => p.sub(targets[i] as number).pow(2)));
}

/**
 * Binary cross-entropy of sigmoid(logit) against a 0/1 label, averaged over the samples:
 * −y·log σ(z) − (1 − y)·log(1 − σ(z)).
 *
 * Computed as softplus(z) − z·y (softplus(z) for y = 0, softplus(−z) for y = 1), with
 * softplus(z) = log(1 + exp(z)) written so that it never takes
 * exp of a positive number (see `softplus` below): any finite logit, ±1e308 included, gives a finite
 * loss, and the gradient is σ(z) − y to the last digits, also far out (σ(−50) = 1.93e-22) and at 0.
 *
 * @param logits one raw score per sample (no sigmoid applied).
 * @param y one label per sample in [0, 1] (usually 0 or 1).
 */
export function binaryCrossEntropy(logits: readonly Value[], y: readonly number[]): Value {
  checkBatch('binaryCrossEntropy', logits, y, (yi) => yi >= 0 && yi <= 1, 'in [0, 1]');
  return mean(
    logits.map((z, i) => {
      const yi = y[i] as number;
      // a 0/1 label leaves one softplus, whose gradient σ(z) or −σ(−z) has nothing to cancel;
      // softplus(z) − z·y would compute σ(20) − 1 as a difference of two numbers near 1
      if (yi === 0) return softplus(z);
      if (yi === 1) return softplus(z.neg());
      return softplus(z).sub(z.mul(yi));
    }),
  );
}

/**
 * log(1 + exp(z)) = max(z, 0) + log(1 + exp(−|z|)), whose derivative is σ(z), built from relu, exp
 * and log alone so that the tape can record it (no branch on z's value).
 *
 * With r = relu(z) and q = z − r = min(z, 0), −|z| is q − r: never 2r, which would overflow at 1e308.
 * The gradient reaching z is s = σ(−|z|) through q and the exp, plus (1 − 2s)·relu'(z) through r.
 * For z ≤ 0, relu'(z) is exactly 0, so z gets s = exp(z)/(1 + exp(z)) alone, with nothing to cancel
 * it (σ(−50) = 1.93e-22, not 0), and at z = 0 that is σ(0) = 1/2. For z > 0 the sum s + (1 − 2s)
 * is σ(z) ≥ 1/2, where rounding costs at most an ulp or two.
 */
function softplus(z: Value): Value {
  const r = z.relu();
  const q = z.sub(r);
  return r.add(q.sub(r).exp().add(1).log());
}

/**
 * Cross-entropy of softmax(logits) against a class index, averaged over the samples:
 * log Σⱼ exp(zⱼ) − z_class.
 *
 * The largest logit m is subtracted first (log Σⱼ exp(zⱼ − m) − (z_class − m)), so exp never
 * overflows. m is a constant leaf (`maxOf`), not computed by ops: the loss does not depend on it,
 * so neither do the gradients (softmax − one-hot).
 *
 * @param logits one list of raw scores per sample, one score per class.
 * @param classes one class index per sample, 0 ≤ class < number of scores.
 */
export function softmaxCrossEntropy(
  logits: readonly (readonly Value[])[],
  classes: readonly number[],
): Value {
  checkBatch('softmaxCrossEntropy', logits, classes, Number.isInteger, 'a class index');
  return mean(
    logits.map((z, i) => {
      const c = classes[i] as number;
      if (!(c >= 0 && c < z.length)) {
        throw new RangeError(
          expected(
            'softmaxCrossEntropy',
            `class ${i} to be in [0, ${z.length - 1}] for ${z.length} logits`,
            c,
          ),
        );
      }
      // a constant (no gradient flows through it), declared so that a lane tape recomputes it per
      // sample; a loop, not Math.max(...z): spreading 200,000 logits overflows the call stack
      const m = maxOf(z);
      const shifted = z.map((zj) => zj.sub(m));
      return sum(shifted.map((s) => s.exp()))
        .log()
        .sub(shifted[c] as Value);
    }),
  );
}

/**
 * L2 regularisation: strength · Σ p², which pulls every weight toward 0.
 * micrograd's demo adds `1e-4 * sum((p*p for p in model.parameters()))` to its loss.
 */
export function l2(parameters: readonly Value[], strength: number): Value {
  checkNumber('l2', 'strength', strength, (x) => x >= 0, 'a number >= 0');
  return sum(parameters.map((p) => p.mul(p))).mul(strength);
}

// ---- the losses by name, for the training loop, the CLI and the app

/** The names `train()` accepts for its loss. */
export type LossName = 'hinge' | 'mse' | 'bce' | 'cross-entropy';

/** A loss as the training loop uses it: class labels in, one Value out. */
export interface Loss {
  /** One line for menus and `--help`. */
  readonly description: string;
  /** `'binary'`: one output per sample (a score); `'multiclass'`: one output per class. */
  readonly kind: 'binary' | 'multiclass';
  /**
   * The loss of a batch from class labels: `outputs[i]` is the model's output list for sample i,
   * `labels[i]` its class (0, 1, …; binary losses also take −1 for class 0, as micrograd's ±1 labels).
   */
  compute(outputs: readonly (readonly Value[])[], labels: readonly number[]): Value;
  /** The class label (0, 1, …) the model predicts from one output list. */
  classify(output: readonly number[]): number;
  /**
   * How many outputs the model needs for `classes` classes: 1 for a binary loss (one score), one
   * per class for a multiclass loss. Size the last layer with it: `new MLP(2, [16, loss.outputCount(2)])`.
   */
  outputCount(classes: number): number;
  /**
   * One number for one output list, positive where the model predicts class 1 and negative where
   * it predicts class 0: a binary loss's score itself; for a multiclass loss, class 1's logit minus
   * the largest other one (`out[1] − out[0]` for two classes). What a decision boundary shades.
   */
  score(output: readonly number[]): number;
}

/** A binary label (0 or −1 is the negative class, 1 the positive one) as ±1. */
const plusMinusOne = (label: number) => (label > 0 ? 1 : -1);

/** The first output of each sample: binary losses read one score. */
const firstOutputs = (outputs: readonly (readonly Value[])[]) => outputs.map((o) => o[0] as Value);

/** Positive class when the score is above 0, as micrograd's accuracy: (scorei.data > 0). */
const scoreSign = (output: readonly number[]) => ((output[0] as number) > 0 ? 1 : 0);

/** What binary losses share: one output, which is the score. */
const binary = {
  kind: 'binary',
  classify: scoreSign,
  outputCount: (classes) => {
    checkNumber('outputCount', 'classes', classes, (n) => n === 2, '2 for a binary loss');
    return 1;
  },
  score: (output) => output[0] as number,
} as const satisfies Partial<Loss>;

/**
 * Every loss by name. Binary losses take labels 0/1 (or −1/+1) and convert them: hinge and mse
 * train toward ±1, bce toward 0/1; a positive score means class 1.
 */
export const losses: Readonly<Record<LossName, Loss>> = {
  hinge: {
    description: "max-margin loss, mean relu(1 - y*score) with y = ±1 (micrograd's demo)",
    ...binary,
    compute: (outputs, labels) => hingeLoss(firstOutputs(outputs), labels.map(plusMinusOne)),
  },
  mse: {
    description: 'mean squared error of the score against y = ±1',
    ...binary,
    compute: (outputs, labels) => meanSquaredError(firstOutputs(outputs), labels.map(plusMinusOne)),
  },
  bce: {
    description: 'binary cross-entropy of sigmoid(score) against y = 0/1',
    ...binary,
    compute: (outputs, labels) =>
      binaryCrossEntropy(
        firstOutputs(outputs),
        labels.map((l) => (l > 0 ? 1 : 0)),
      ),
  },
  'cross-entropy': {
    description: 'softmax cross-entropy over one output per class',
    kind: 'multiclass',
    compute: (outputs, labels) => softmaxCrossEntropy(outputs, labels),
    classify: argmax,
    outputCount: (classes) => {
      checkNumber(
        'outputCount',
        'classes',
        classes,
        (n) => Number.isInteger(n) && n >= 2,
        'an integer >= 2',
      );
      return classes;
    },
    score: (output) => {
      let other = Number.NEGATIVE_INFINITY;
      output.forEach((x, j) => {
        if (j !== 1 && x > other) other = x;
      });
      return (output[1] as number) - other;
    },
  },
};

/** The index of the largest number (the first one on ties). */
function argmax(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) > (xs[best] as number)) best = i;
  return best;
}

// ---- helpers for the losses above

/** a + b + c + …, left to right, as Python's sum() adds (its leading `0 +` changes no bits). */
function sum(values: readonly Value[]): Value {
  if (values.length === 0) return new Value(0);
  let total = values[0] as Value;
  for (let i = 1; i < values.length; i++) total = total.add(values[i] as Value);
  return total;
}

/** The sum times 1/n: micrograd's demo multiplies by (1.0 / len(losses)) rather than dividing. */
function mean(values: readonly Value[]): Value {
  return sum(values).mul(1 / values.length);
}

function checkBatch(
  call: string,
  outputs: readonly unknown[],
  labels: readonly number[],
  valid: (label: number) => boolean,
  what: string,
): void {
  if (!Array.isArray(outputs) || !Array.isArray(labels)) {
    throw new TypeError(
      `${call}: expected two arrays, got ${kindOf(outputs)} and ${kindOf(labels)}`,
    );
  }
  if (outputs.length === 0) throw new RangeError(`${call}: expected at least one sample, got 0`);
  if (labels.length !== outputs.length) {
    throw new RangeError(
      `${call}: expected one label per sample (${outputs.length}), got ${labels.length} labels`,
    );
  }
  labels.forEach((label, i) => {
    checkNumber(call, `label ${i}`, label, valid, what);
  });
}
