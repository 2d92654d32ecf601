// The messages between the page and the training worker. Training runs in the worker so that the
// page stays responsive; the page only draws what the worker sends.
import type { Dataset } from 'backprop';
import type { Domain } from './grid.ts';
import type { NeuronRef } from './point-graph.ts';
import type { PlaygroundState } from './state.ts';
import type { LiveSettings } from './training-session.ts';

/** Page → worker. */
export type Command =
  /** Start over: a new model for these settings and this data, as run number `run`. */
  | { type: 'reset'; run: number; state: PlaygroundState; data: Dataset; domain: Domain }
  /** Learning rate, penalties, batch size, optimizer: used from the next step on. */
  | { type: 'settings'; settings: LiveSettings }
  | { type: 'play' }
  | { type: 'pause' }
  /** One step of gradient descent, then a snapshot. */
  | { type: 'step' }
  /** Sets one weight (`param` indexes `model.parameters()`), then a snapshot with new gradients. */
  | { type: 'set-weight'; param: number; value: number }
  /** The graph of training point `index` (see point-graph.ts). */
  | { type: 'point-graph'; index: number; neuron: NeuronRef | undefined };

/** One point on the curves: a training step's measurements. */
export interface Measurement {
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
}

/** What the page dispatches to lesson 1, plus the playground's own numbers for that point. */
export interface PointGraph {
  expression: string;
  values: Record<string, number>;
  note: string;
  /** d(this point's term)/d(parameter), by leaf name (w1_2_1, b1_2, …), from the worker. */
  gradients: Record<string, number>;
  /** The term's value. */
  loss: number;
  /** The neuron drawn alone, when the whole network is too large. */
  neuron: NeuronRef | undefined;
}

/** The network's parameters and their gradients, layer by layer, flat as in `model.parameters()`. */
export interface NetworkNumbers {
  /** Inputs per neuron of each layer, and neurons per layer. */
  shape: { nin: number; nout: number }[];
  /** Every parameter's value, layer by layer, neuron by neuron: its weights, then its bias. */
  params: Float64Array;
  /** Every parameter's gradient from the last forward and backward. */
  grads: Float64Array;
  /** ∂loss/∂(output) of every neuron, layer by layer, summed over the last batch. */
  outputGrads: Float64Array;
}

/**
 * Worker → page. Each report carries the `run` of the reset it follows: reports still on their way
 * when the page resets again belong to the old run, and the page drops them.
 */
export type Report =
  /** After a reset: which points are trained on and which are held out. */
  | { type: 'split'; run: number; train: Dataset; test: Dataset }
  /** The model as it is now, and every step taken since the previous snapshot. */
  | {
      type: 'snapshot';
      run: number;
      steps: number;
      epoch: number;
      measurements: Measurement[];
      resolution: number;
      /** `maps[l][k]`: neuron k of layer l on the grid (the output layer last). */
      maps: Float32Array[][];
      network: NetworkNumbers;
    }
  | { type: 'point-graph'; run: number; graph: PointGraph }
  | { type: 'error'; run: number; message: string };
