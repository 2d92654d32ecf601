// Loss functions: one number that says how wrong the model is, built from Values so that
// backward() can tell every parameter how to make it smaller.

import { kindOf, Value } from './engine.ts';

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
 * Computed as max(z, 0) − z·y + log(1 + exp(−|z|)), which never takes exp of a large positive
 * number, so a logit of ±1000 gives a finite loss and gradient. Its gradient is σ(z) − y everywhere,
 * also at z = 0 (see the comment inside).
 *
 * @param logits one raw score per sample (no sigmoid applied).
 * @param y one label per sample in [0, 1] (usually 0 or 1).
 */
export function binaryCrossEntropy(logits: readonly Value[], y: readonly number[]): Value {
  checkBatch('binaryCrossEntropy', logits, y, (yi) => yi >= 0 && yi <= 1, 'in [0, 1]');
  return mean(
    logits.map((z, i) => {
      // |z| = relu(z) + relu(−z), and max(z, 0) = (z + |z|) / 2. Written this way, the pieces'
      // derivatives at z = 0 (relu'(0) = 0) still add up to the true one, σ(0) − y = 1/2 − y.
      const abs = z.relu().add(z.neg().relu());
      const softplus = abs.neg().exp().add(1).log();
      return z
        .add(abs)
        .mul(0.5)
        .sub(z.mul(y[i] as number))
        .add(softplus);
    }),
  );
}

/**
 * Cross-entropy of softmax(logits) against a class index, averaged over the samples:
 * log Σⱼ exp(zⱼ) − z_class.
 *
 * The largest logit m is subtracted first (log Σⱼ exp(zⱼ − m) − (z_class − m)), so exp never
 * overflows. m is a plain number, not a Value: the loss does not depend on it, so neither do the
 * gradients (softmax − one-hot).
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
          `softmaxCrossEntropy: expected class ${i} to be in [0, ${z.length - 1}] for ${z.length} logits, got ${c}`,
        );
      }
      const m = Math.max(...z.map((zj) => zj.data));
      const shifted = z.map((zj) => zj.sub(m));
      return sum(shifted.map((s) => s.exp()))
        .log()
        .sub(shifted[c] as Value);
    }),
  );
}

/**
 * L2 regularisation: alpha · Σ p², which pulls every weight toward 0.
 * micrograd's demo adds `1e-4 * sum((p*p for p in model.parameters()))` to its loss.
 */
export function l2(parameters: readonly Value[], alpha: number): Value {
  if (typeof alpha !== 'number' || !(alpha >= 0)) {
    throw new RangeError(`l2: expected alpha to be a number >= 0, got ${kindOf(alpha)}`);
  }
  return sum(parameters.map((p) => p.mul(p))).mul(alpha);
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
}

/** A binary label (0 or −1 is the negative class, 1 the positive one) as ±1. */
const plusMinusOne = (label: number) => (label > 0 ? 1 : -1);

/** The first output of each sample: binary losses read one score. */
const firstOutputs = (outputs: readonly (readonly Value[])[]) => outputs.map((o) => o[0] as Value);

/** Positive class when the score is above 0, as micrograd's accuracy: (scorei.data > 0). */
const scoreSign = (output: readonly number[]) => ((output[0] as number) > 0 ? 1 : 0);

/**
 * Every loss by name. Binary losses take labels 0/1 (or −1/+1) and convert them: hinge and mse
 * train toward ±1, bce toward 0/1; a positive score means class 1.
 */
export const losses: Readonly<Record<LossName, Loss>> = {
  hinge: {
    description: "max-margin loss, mean relu(1 - y*score) with y = ±1 (micrograd's demo)",
    kind: 'binary',
    compute: (outputs, labels) => hingeLoss(firstOutputs(outputs), labels.map(plusMinusOne)),
    classify: scoreSign,
  },
  mse: {
    description: 'mean squared error of the score against y = ±1',
    kind: 'binary',
    compute: (outputs, labels) => meanSquaredError(firstOutputs(outputs), labels.map(plusMinusOne)),
    classify: scoreSign,
  },
  bce: {
    description: 'binary cross-entropy of sigmoid(score) against y = 0/1',
    kind: 'binary',
    compute: (outputs, labels) =>
      binaryCrossEntropy(
        firstOutputs(outputs),
        labels.map((l) => (l > 0 ? 1 : 0)),
      ),
    classify: scoreSign,
  },
  'cross-entropy': {
    description: 'softmax cross-entropy over one output per class',
    kind: 'multiclass',
    compute: (outputs, labels) => softmaxCrossEntropy(outputs, labels),
    classify: argmax,
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
  expected: string,
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
    if (typeof label !== 'number' || !valid(label)) {
      throw new RangeError(`${call}: expected label ${i} to be ${expected}, got ${kindOf(label)}`);
    }
  });
}
