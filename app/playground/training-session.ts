// One training run of the playground: the library's MLP and Trainer, plus what the pictures need.
// No DOM and no messaging here; worker.ts drives it.
import { type Dataset, losses, MLP, type StepReport, Trainer } from 'backprop';
import { type Domain, gridPoints } from './grid.ts';
import type { Measurement } from './protocol.ts';
import type { PlaygroundState } from './state.ts';

/** Grid cells per side for the decision boundary and the neuron maps. */
export const RESOLUTION = 80;

export class TrainingSession {
  readonly model: MLP;
  readonly trainer: Trainer;
  private readonly grid: number[][];
  private readonly multiclass: boolean;

  constructor(state: PlaygroundState, data: Dataset, domain: Domain) {
    this.multiclass = losses[state.loss].kind === 'multiclass';
    // the output layer fits the loss: one score, or one output per class
    this.model = new MLP(2, [...state.hidden, this.multiclass ? 2 : 1], {
      seed: state.seed,
      activation: state.activation,
    });
    this.trainer = new Trainer(this.model, data, {
      loss: state.loss,
      alpha: state.l2,
      optimizer: state.optimizer,
      learningRate: state.learningRate,
      schedule: 'constant',
      steps: Number.POSITIVE_INFINITY,
      batchSize: state.batchSize === 0 ? Number.POSITIVE_INFINITY : state.batchSize,
      testFraction: state.testFraction,
      seed: state.dataSeed,
    });
    this.grid = gridPoints(domain, RESOLUTION);
  }

  /** One step of gradient descent: forward, backward, update. */
  step(): Measurement {
    return measurement(this.trainer.step());
  }

  /**
   * The model on every grid point: its decision score (> 0 means class 1) and each neuron's
   * output, layer by layer, all computed with plain numbers through `Layer.predict`.
   */
  evaluateGrid(): { boundary: Float32Array; neurons: Float32Array[][] } {
    const { layers } = this.model;
    const neurons = layers.map((layer) =>
      layer.neurons.map(() => new Float32Array(this.grid.length)),
    );
    const boundary = new Float32Array(this.grid.length);
    this.grid.forEach((point, i) => {
      let out: number[] = point;
      layers.forEach((layer, l) => {
        out = layer.predict(out);
        out.forEach((v, k) => {
          (neurons[l]?.[k] as Float32Array)[i] = v;
        });
      });
      // two outputs (one per class): the score of class 1 over class 0
      boundary[i] = this.multiclass ? (out[1] as number) - (out[0] as number) : (out[0] as number);
    });
    return { boundary, neurons };
  }
}

function measurement(report: StepReport): Measurement {
  return {
    step: report.step,
    trainLoss: report.loss,
    trainAccuracy: report.accuracy,
    testLoss: report.test?.loss ?? Number.NaN,
    testAccuracy: report.test?.accuracy ?? Number.NaN,
  };
}
