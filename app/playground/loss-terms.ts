// One point's loss term, as Values and as text for lesson 1's parser: the same formula twice, side
// by side, so that the graph a learner opens computes what the playground trains on.
import type { Value } from 'backprop';
import type { PlaygroundLoss } from './state.ts';

/** A loss as the playground uses it: regression always uses squared error on the raw target. */
export type TermKind = PlaygroundLoss | 'regression';

/** How many outputs the network needs for a loss: one score, or one per class. */
export function outputsFor(kind: TermKind): number {
  return kind === 'cross-entropy' ? 2 : 1;
}

/**
 * softplus(z) − y·z, written so that exp never overflows:
 * relu(z) + log(1 + exp(−|z|)) − y·z, with |z| = relu(z) + relu(−z).
 * For binary cross-entropy z is the logit; for two-class softmax cross-entropy z = z₁ − z₀.
 */
function logisticLoss(z: Value, y: Value): Value {
  const abs = z.relu().add(z.neg().relu());
  return z.relu().add(abs.neg().exp().add(1).log()).sub(y.mul(z));
}

/**
 * One sample's loss from the network's outputs and its label `y` (0/1 for classification, the
 * target for regression). `y` is a Value so that one recorded graph serves every sample.
 */
export function lossTerm(kind: TermKind, outputs: readonly Value[], y: Value): Value {
  const s = outputs[0] as Value;
  switch (kind) {
    case 'hinge':
      // micrograd's relu(1 − y·score), with the 0/1 label as ±1
      return s.mul(y.mul(2).sub(1)).neg().add(1).relu();
    case 'mse':
      return s.sub(y.mul(2).sub(1)).pow(2);
    case 'regression':
      return s.sub(y).pow(2);
    case 'bce':
      return logisticLoss(s, y);
    case 'cross-entropy':
      return logisticLoss((outputs[1] as Value).sub(s), y);
  }
}

/**
 * The same term as text for a known label, each output written out (`scores[k]` is the text of
 * output k). The logistic losses take the form −log σ(±z), which equals softplus(z) − y·z and
 * reads better in a graph.
 */
export function lossTermText(kind: TermKind, scores: readonly string[], label: number): string {
  const s = scores[0] as string;
  switch (kind) {
    case 'hinge':
      return `relu(1 - y*(${s}))`;
    case 'mse':
      return `(${s} - y)^2`;
    case 'regression':
      return `(${s} - y)^2`;
    case 'bce':
      return label > 0 ? `-log(sigmoid(${s}))` : `-log(sigmoid(-(${s})))`;
    case 'cross-entropy': {
      const d = `${scores[1]} - (${s})`;
      return label > 0 ? `-log(sigmoid(${d}))` : `-log(sigmoid(-(${d})))`;
    }
  }
}

/** The value the text's leaf `y` takes: ±1 for the classification losses, the target for regression. */
export function labelLeaf(kind: TermKind, label: number): number {
  if (kind === 'regression') return label;
  return label > 0 ? 1 : -1;
}
