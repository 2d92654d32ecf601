// The square of the plane the pictures show, and the model evaluated on a grid over it.
import { compileLanes, type LaneTape, type MLP } from 'backprop';
import type { Point } from './state.ts';

/** The region drawn: x from xMin to xMax, y from yMin to yMax. */
export interface Domain {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A square region around the points with a margin, so both axes share one scale. */
export function domainOf(points: readonly Point[]): Domain {
  if (points.length === 0) return { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1);
  const half = (span / 2) * 1.15;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/**
 * The centres of a resolution × resolution grid over the domain, row by row from the top
 * (largest y) down, each row from left to right: the order of pixels in an image.
 */
export function gridPoints(domain: Domain, resolution: number): [number, number][] {
  const { xMin, xMax, yMin, yMax } = domain;
  const points: [number, number][] = [];
  for (let i = 0; i < resolution; i++) {
    const y = yMax - ((i + 0.5) / resolution) * (yMax - yMin);
    for (let j = 0; j < resolution; j++) {
      points.push([xMin + ((j + 0.5) / resolution) * (xMax - xMin), y]);
    }
  }
  return points;
}

/**
 * Every neuron of `model` on the points of a grid, on lanes: the graph of one point's forward pass
 * (every neuron's output an output of the tape) recorded once with compileLanes and replayed on
 * every point at once, a point a lane. The points stay in the lanes; each `evaluate()` reads the
 * weights afresh. This is drawing, not training: no backward pass.
 */
export class GridLanes {
  private readonly tape: LaneTape;
  private pending: number[][] | undefined;

  /** `inputs`: the network's inputs at each point, one row per point. */
  constructor(
    private readonly model: MLP,
    inputs: number[][],
  ) {
    this.tape = compileLanes(
      (xs) => {
        let out = xs;
        return model.layers.flatMap((layer) => {
          out = layer.forward(out);
          return out;
        });
      },
      inputs[0] ?? new Array<number>(model.nin).fill(0),
      model.parameters(),
    );
    this.pending = inputs;
  }

  /** `maps[l][k][i]` is neuron k of layer l at point i, with the model's current weights. */
  evaluate(): Float32Array[][] {
    this.tape.forward(this.pending);
    this.pending = undefined;
    let output = 0;
    return this.model.layers.map((layer) =>
      layer.neurons.map(() => Float32Array.from(this.tape.outputLanes(output++))),
    );
  }
}
