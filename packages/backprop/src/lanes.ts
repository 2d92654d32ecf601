// Batch lanes: record the graph of ONE sample's loss term, then replay every row across all B
// samples of a batch at once.
//
// A full batch repeats one sample's graph B times, with other numbers. compileLanes() records that
// graph once (about 1,000 nodes for micrograd's demo MLP, where the whole-batch tape has 65,814)
// and stores it as a structure of arrays: a row whose value depends on an input holds B lanes, one
// per sample, side by side; a row that depends only on parameters and constants holds one number,
// shared by every lane. The inputs (a sample's coordinates and its label) are per-lane data; a
// parameter is one number, broadcast, and its gradient is the sum over the lanes of what each
// sample's graph gives it.
//
// The rows are the graph's nodes in topological order, with one peephole: a neuron's
// act(b + w0·y0 + w1·y1 + …), where every w is a one-lane row (a weight) and every y a lane row,
// becomes one row, found through the graph's edges rather than by position (in a one-sample graph
// each weight leaf sits between the `+`s of its sum). Its loops make one pass over the lanes per
// term: forward out[l] += w·y[l]; backward only over the lanes that pass gradient back (a relu's
// dead lanes are listed out once per row), y's gradient per lane and w's summed in a register.
// (Lanes outer with the terms inner, which keeps the sum in a register, measured slower here.)
//
// One file per stage, in lanes/: max-of (a declared data-dependent constant), record (and fuse),
// check (refuse a graph that depends on the data), rows (the loops), tape (layout and calls).
//
// Numbers: each lane computes its sample's values and gradients with the object engine's formulas
// in its graph's order; what differs is the order of additions across samples. A parameter's
// gradient here is the sum over the lanes in lane order (block by block), where the full-batch
// graph adds the same contributions in the order its backward() meets them; the two agree to
// about 1e-15 relative, not bit for bit.

import { kindOf } from './check.ts';
import { checkNumbers, checkParams } from './compile/record.ts';
import type { Value } from './engine.ts';
import { compareTraces } from './lanes/check.ts';
import { record, type SampleFunction } from './lanes/record.ts';
import { LaneTape } from './lanes/tape.ts';

export { maxOf } from './lanes/max-of.ts';
export { LaneTape };

/**
 * Records `f`, a function of ONE sample, as a {@link LaneTape} that runs it on a whole batch at
 * once: every row of its graph across all samples.
 *
 * `f` receives one sample's numbers as leaf Values (say a point's coordinates and its label) and
 * returns that sample's term of a loss, or several Values (output 0 is the one backward()
 * differentiates; the others, e.g. the scores, are only computed). `params` are the leaves read
 * fresh on every forward() and whose `grad` backward() fills, summed over the samples; every other
 * leaf f builds is a constant. A batch's mean, or a regulariser on the parameters, belongs outside
 * f: forward() returns the sum of output 0 over the lanes, and backward(1/B) differentiates its mean.
 *
 * As compile(), it traces `f` twice (the second time with every input changed) and refuses a
 * function whose graph depends on the data: a different shape, or a constant computed from `.data`.
 * A largest value that must not carry gradient (softmax's shift) is declared with {@link maxOf}.
 *
 * Each lane computes its sample's values and gradients with the object engine's formulas, in its
 * graph's order. Sums over the lanes (a parameter's gradient) add the same terms in another order
 * than a full-batch graph's backward() does, so they agree with it to about 1e-15 relative (the
 * tests ask 1e-12), not bit for bit.
 *
 * @example
 * const w = [new Value(0.5), new Value(-1)];
 * const tape = compileLanes(([x, y]) => x.mul(w[0]).add(w[1]).sub(y).pow(2), [0, 0], w);
 * const sum = tape.forward([[1, 2], [3, 4]]); // Σ over the two samples
 * tape.backward(1 / 2);                       // w[i].grad += d(mean)/dw[i]
 */
export function compileLanes(
  f: SampleFunction,
  sample: ArrayLike<number>,
  params: readonly Value[] = [],
  options: { check?: boolean } = {},
): LaneTape {
  if (typeof f !== 'function') {
    throw new TypeError(`compileLanes: expected f to be a function, got ${kindOf(f)}`);
  }
  checkNumbers(sample, sample?.length, 'compileLanes', 'sample');
  checkParams(params, 'compileLanes');
  const first = record(f, Array.from(sample), params);
  if (options.check ?? true) {
    const changed = Array.from(sample, (x) => 0.25 - 1.5 * x);
    compareTraces(first, record(f, changed, params));
  }
  return new LaneTape(first, params);
}
