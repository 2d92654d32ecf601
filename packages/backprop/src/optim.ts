// Optimizers turn gradients into updates; schedules say how big the steps are over time.
// The update rules are PyTorch's (torch.optim), written out for one number at a time.

import { checkNumber } from './check.ts';

/** What an optimizer updates: a Value, or anything else with a number and its gradient. */
export interface Parameter {
  data: number;
  grad: number;
}

/** Updates parameters from their gradients. Call it after backward(). */
export interface Optimizer {
  /** Moves every parameter against its gradient; `learningRate` comes from a schedule. */
  step(learningRate: number): void;
}

/**
 * Plain gradient descent, micrograd's update: `p.data -= learning_rate * p.grad`.
 *
 * @example
 * const optimizer = new SGD(model.parameters());
 * optimizer.step(0.1);
 */
export class SGD implements Optimizer {
  constructor(readonly parameters: readonly Parameter[]) {}

  step(learningRate: number): void {
    checkRate('SGD', learningRate);
    for (const p of this.parameters) p.data -= learningRate * p.grad;
  }
}

/**
 * Gradient descent with momentum, as PyTorch's `SGD(momentum=μ)`: a velocity b that remembers past
 * gradients, b ← μ·b + g (b = g at the first step), then p ← p − lr·b.
 */
export class Momentum implements Optimizer {
  readonly momentum: number;
  private readonly velocity: Float64Array;
  private started = false;

  /** @param options.momentum μ, the fraction of the velocity kept each step. @default 0.9 */
  constructor(
    readonly parameters: readonly Parameter[],
    options: { momentum?: number } = {},
  ) {
    this.momentum = options.momentum ?? 0.9;
    checkFraction('Momentum', 'momentum', this.momentum);
    this.velocity = new Float64Array(parameters.length);
  }

  step(learningRate: number): void {
    checkRate('Momentum', learningRate);
    const { parameters, velocity, momentum } = this;
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i] as Parameter;
      const b = this.started ? momentum * (velocity[i] as number) + p.grad : p.grad;
      velocity[i] = b;
      p.data -= learningRate * b;
    }
    this.started = true;
  }
}

/**
 * Adam (Kingma & Ba), as PyTorch's `Adam`: running means of the gradient and of its square,
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,
 * corrected for starting at 0 (m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ)), then
 *   p ← p − lr · m̂ / (√v̂ + ε).
 * Computed in PyTorch's arrangement: p −= (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε).
 */
export class Adam implements Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  /** How many steps have been taken: t in the formulas. */
  t = 0;

  /**
   * @param options.beta1 @default 0.9
   * @param options.beta2 @default 0.999
   * @param options.eps @default 1e-8
   */
  constructor(
    readonly parameters: readonly Parameter[],
    options: { beta1?: number; beta2?: number; eps?: number } = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    checkFraction('Adam', 'beta1', this.beta1);
    checkFraction('Adam', 'beta2', this.beta2);
    checkNumber('Adam', 'eps', this.eps, (x) => x >= 0, 'a number >= 0');
    this.m = new Float64Array(parameters.length);
    this.v = new Float64Array(parameters.length);
  }

  step(learningRate: number): void {
    checkRate('Adam', learningRate);
    const { parameters, m, v, beta1, beta2, eps } = this;
    this.t += 1;
    const stepSize = learningRate / (1 - beta1 ** this.t);
    const correction2Sqrt = Math.sqrt(1 - beta2 ** this.t);
    for (let i = 0; i < parameters.length; i++) {
      const p = parameters[i] as Parameter;
      const g = p.grad;
      const mi = (m[i] as number) * beta1 + (1 - beta1) * g;
      const vi = (v[i] as number) * beta2 + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      p.data -= (stepSize * mi) / (Math.sqrt(vi) / correction2Sqrt + eps);
    }
  }
}

/** The names `train()` accepts for its optimizer. */
export type OptimizerName = 'sgd' | 'momentum' | 'adam';

/** Settings any optimizer may read; each ignores the ones it has no use for. */
export interface OptimizerOptions {
  /** Momentum's μ. @default 0.9 */
  momentum?: number;
  /** Adam's β1. @default 0.9 */
  beta1?: number;
  /** Adam's β2. @default 0.999 */
  beta2?: number;
  /** Adam's ε. @default 1e-8 */
  eps?: number;
}

/** Every optimizer by name: `optimizers.adam(model.parameters())`. */
export const optimizers: Readonly<
  Record<OptimizerName, (parameters: readonly Parameter[], options?: OptimizerOptions) => Optimizer>
> = {
  sgd: (parameters) => new SGD(parameters),
  momentum: (parameters, options = {}) => new Momentum(parameters, options),
  adam: (parameters, options = {}) => new Adam(parameters, options),
};

// ---- learning-rate schedules

/** The learning rate at `step` (0, 1, …, steps − 1) of a run of `steps` steps, from a base rate. */
export type Schedule = (baseRate: number, step: number, steps: number) => number;

/** The names `train()` accepts for its schedule. */
export type ScheduleName = 'constant' | 'linear' | 'cosine';

/** Every schedule by name. */
export const schedules: Readonly<Record<ScheduleName, Schedule>> = {
  /** The base rate at every step. */
  constant: (baseRate) => baseRate,
  /**
   * micrograd's demo: `1.0 - 0.9*k/100`, i.e. from the base rate down to a tenth of it.
   * Evaluated in the same order, so a base of 1 gives micrograd's rates to the bit.
   */
  linear: (baseRate, step, steps) => baseRate * (1 - (0.9 * step) / steps),
  /** Half a cosine wave from the base rate at step 0 toward 0 at step `steps`. */
  cosine: (baseRate, step, steps) => (baseRate * (1 + Math.cos((Math.PI * step) / steps))) / 2,
};

// ---- checks

function checkRate(optimizer: string, learningRate: number): void {
  checkNumber(
    `${optimizer}.step`,
    'learningRate',
    learningRate,
    Number.isFinite,
    'a finite number',
  );
}

function checkFraction(optimizer: string, name: string, x: number): void {
  checkNumber(optimizer, name, x, (v) => v >= 0 && v < 1, 'in [0, 1)');
}
