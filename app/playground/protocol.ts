// The messages between the page and the training worker. Training runs in the worker so that the
// page stays responsive; the page only draws what the worker sends.
import type { Dataset } from 'backprop';
import type { Domain } from './grid.ts';
import type { PlaygroundState } from './state.ts';

/** Page → worker. */
export type Command =
  /** Start over: a new model and trainer for these settings and this data, as run number `run`. */
  | { type: 'reset'; run: number; state: PlaygroundState; data: Dataset; domain: Domain }
  | { type: 'play' }
  | { type: 'pause' }
  /** One step of gradient descent, then a snapshot. */
  | { type: 'step' };

/** One point on the curves: a training step's measurements. */
export interface Measurement {
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
}

/**
 * Worker → page. Each report carries the `run` of the reset it follows: reports still on their way
 * when the page resets again belong to the old run, and the page drops them.
 */
export type Report =
  /** After a reset: which points the trainer holds out for testing. */
  | { type: 'split'; run: number; train: Dataset; test: Dataset }
  /** The model as it is now, and every step taken since the previous snapshot. */
  | {
      type: 'snapshot';
      run: number;
      steps: number;
      measurements: Measurement[];
      resolution: number;
      /** The decision score on the grid: > 0 means class 1. */
      boundary: Float32Array;
      /** `neurons[l][k]`: neuron k of layer l on the grid (the output layer last). */
      neurons: Float32Array[][];
    }
  | { type: 'error'; run: number; message: string };
