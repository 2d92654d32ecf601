// The yardstick: the benchmark's job (an MLP, hinge loss + L2, full batch) written by hand as
// plain loops over Float64Arrays, with no graph at all. It is how fast this job can go in
// JavaScript on one core; the tape and the object engine are measured against it.

/** An MLP with ReLU hidden layers and a linear output, trained with micrograd's demo loss. */
export class Yardstick {
  /** Parameters in micrograd's order: layer by layer, neuron by neuron, its weights then its bias. */
  readonly params: Float64Array;
  /** d(loss)/d(params[i]) after step(). */
  readonly grads: Float64Array;
  private readonly sizes: readonly number[];
  // per layer: where its parameters start in `params`
  private readonly offsets: number[] = [];
  // activations and their gradients for one point, one array per layer (acts[0] is the input)
  private readonly acts: Float64Array[];
  private readonly dActs: Float64Array[];

  constructor(
    sizes: readonly number[],
    params: ArrayLike<number>,
    private readonly X: Float64Array,
    private readonly y: Float64Array,
    private readonly alpha: number,
  ) {
    this.sizes = sizes;
    let count = 0;
    for (let l = 1; l < sizes.length; l++) {
      this.offsets.push(count);
      count += (sizes[l] as number) * ((sizes[l - 1] as number) + 1);
    }
    if (params.length !== count) {
      throw new RangeError(`Yardstick: expected ${count} parameters, got ${params.length}`);
    }
    this.params = Float64Array.from(params);
    this.grads = new Float64Array(count);
    this.acts = sizes.map((n) => new Float64Array(n));
    this.dActs = sizes.map((n) => new Float64Array(n));
  }

  /** Forward and backward over every point; returns the loss and leaves its gradient in `grads`. */
  step(): number {
    const { sizes, offsets, acts, dActs, params: p, grads: g, X, y } = this;
    const nin = sizes[0] as number;
    const last = sizes.length - 1;
    const n = y.length;
    g.fill(0);
    let dataLoss = 0;
    for (let s = 0; s < n; s++) {
      // forward: act = b + Σ w·x, summed in micrograd's order; ReLU except on the last layer
      const input = acts[0] as Float64Array;
      for (let i = 0; i < nin; i++) input[i] = X[s * nin + i] as number;
      for (let l = 1; l <= last; l++) {
        const x = acts[l - 1] as Float64Array;
        const out = acts[l] as Float64Array;
        const nx = x.length;
        let k = offsets[l - 1] as number;
        for (let j = 0; j < out.length; j++, k += nx + 1) {
          let act = p[k + nx] as number;
          for (let i = 0; i < nx; i++) act += (p[k + i] as number) * (x[i] as number);
          out[j] = l < last ? Math.max(act, 0) : act;
        }
      }
      // the hinge loss of this point: relu(1 − y·score), averaged over the points
      const score = (acts[last] as Float64Array)[0] as number;
      const yi = y[s] as number;
      const margin = 1 - yi * score;
      if (margin > 0) dataLoss += margin;
      // backward: d(loss)/d(score), then layer by layer down to the first
      (dActs[last] as Float64Array)[0] = margin > 0 ? -yi * (1 / n) : 0;
      for (let l = last; l >= 1; l--) {
        const x = acts[l - 1] as Float64Array;
        const out = acts[l] as Float64Array;
        const dOut = dActs[l] as Float64Array;
        const dx = dActs[l - 1] as Float64Array;
        const nx = x.length;
        dx.fill(0);
        let k = offsets[l - 1] as number;
        for (let j = 0; j < out.length; j++, k += nx + 1) {
          // through the ReLU: its output is > 0 exactly where its input was
          const dAct = l < last && (out[j] as number) <= 0 ? 0 : (dOut[j] as number);
          if (dAct === 0) continue;
          for (let i = 0; i < nx; i++) {
            g[k + i] = (g[k + i] as number) + dAct * (x[i] as number);
            dx[i] = (dx[i] as number) + dAct * (p[k + i] as number);
          }
          g[k + nx] = (g[k + nx] as number) + dAct;
        }
      }
    }
    // L2: alpha · Σ p², whose gradient is 2·alpha·p
    let squares = 0;
    for (let i = 0; i < p.length; i++) {
      const pi = p[i] as number;
      squares += pi * pi;
      g[i] = (g[i] as number) + 2 * this.alpha * pi;
    }
    // micrograd multiplies by 1/n rather than dividing
    return dataLoss * (1 / n) + this.alpha * squares;
  }
}
