// The square of the plane the pictures show, and the model evaluated on a grid over it.
import type { Activation, MLP } from 'backprop';
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
 * Every neuron of `model` on every grid point: `maps[l][k][i]` is neuron k of layer l at point i.
 * `inputs` holds the network's inputs at each point, one row per point, as a flat array.
 *
 * This is drawing, not training: plain numbers in flat arrays, the same sums as `Neuron.predict`,
 * so that thousands of points cost a few milliseconds (one snapshot is about 2,500 forward passes).
 */
export function evaluateGrid(model: MLP, inputs: Float64Array, points: number): Float32Array[][] {
  let x = inputs;
  let nin = model.nin;
  return model.layers.map((layer) => {
    const nout = layer.neurons.length;
    const w = new Float64Array(nout * nin);
    const b = new Float64Array(nout);
    layer.neurons.forEach((neuron, k) => {
      neuron.w.forEach((wi, i) => {
        w[k * nin + i] = wi.data;
      });
      b[k] = neuron.b.data;
    });
    const out = new Float64Array(points * nout);
    const maps = Array.from({ length: nout }, () => new Float32Array(points));
    const act = activationOf(layer.activation);
    for (let p = 0; p < points; p++) {
      for (let k = 0; k < nout; k++) {
        let sum = b[k] as number;
        for (let i = 0; i < nin; i++)
          sum += (w[k * nin + i] as number) * (x[p * nin + i] as number);
        const a = act(sum);
        out[p * nout + k] = a;
        (maps[k] as Float32Array)[p] = a;
      }
    }
    x = out;
    nin = nout;
    return maps;
  });
}

function activationOf(activation: Activation): (x: number) => number {
  switch (activation) {
    case 'relu':
      return (x) => Math.max(x, 0);
    case 'tanh':
      return Math.tanh;
    case 'sigmoid':
      return (x) => 1 / (1 + Math.exp(-x));
    case 'linear':
      return (x) => x;
  }
}
