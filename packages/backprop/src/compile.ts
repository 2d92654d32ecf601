// The fast path: record a graph of Values once as a flat tape, then replay it over typed arrays.
//
// A training step builds the same graph every time; only the numbers change. compile() runs the
// pipeline in compile/, one file per stage:
//   record  trace f once with Values and list its graph in the order backward() walks it, every
//           node as three integers (its op code and its operands' indices) and its value;
//   check   trace f again with every input changed and refuse it if its graph changed;
//   fuse    fold each `*` that feeds only the `+` right after it, and chains of such sums, into
//           one multiply-add row (a neuron's b + w0·x0 + w1·x1 + … becomes one row), leaving the
//           demo MLP a sixth of its nodes as rows of four integers;
//   tape    replay: Tape.forward() and Tape.backward() are each one loop with one switch over
//           the op codes, the same arithmetic as engine.ts in the same order, with no objects.

import { kindOf } from './check.ts';
import { compareTraces } from './compile/check.ts';
import { checkNumbers, checkParams, record, type Traced } from './compile/record.ts';
import { Tape } from './compile/tape.ts';
import type { Value } from './engine.ts';

export { Tape };

/**
 * Records `f` as a {@link Tape} that recomputes its outputs and gradients for new inputs and new
 * parameter values without building Values.
 *
 * `f` receives the inputs as leaf Values and returns one Value (a loss) or several (output 0 is the
 * one backward() differentiates; the others, e.g. scores for an accuracy, are only computed).
 * `params` are the leaves the tape reads fresh on every forward() and whose `grad` backward()
 * fills; every other leaf `f` builds (`x.add(1)`, `new Value(0)`) is a constant baked into the tape.
 *
 * compile() calls `f` twice: with `inputs`, then with every input changed, and refuses a function
 * whose graph changes: a different shape (data-dependent `if`s or loops, e.g. on `x.data > 0`), a
 * different constant (a number computed from an input's `.data`, or random), or a leaf made
 * outside `f` that is missing from `params`. It cannot see a branch the second trace does not
 * flip, nor data `f` reads from elsewhere: everything that changes between calls must come in
 * through `inputs` or `params`. `relu` is fine: its branch is part of the op, not of the shape.
 *
 * The tape computes every node with the same formula as the object engine and walks backward in
 * the same order as `loss.backward()`, so values and gradients are bit-for-bit those of the object
 * engine on the same graph. They can differ in the last bits only where the sums differ: backward()
 * adds each parameter's total to its `grad` in one `+=`, where the object engine adds the uses one
 * by one, so a grad that was not zero beforehand may round differently.
 *
 * @param f builds the graph from the input Values (and the parameters it closes over).
 * @param inputs the numbers for the first trace and the first forward(); their count is fixed.
 * @param params the trainable leaves, e.g. `model.parameters()`.
 * @param options.check trace `f` a second time to refuse graphs that depend on the data (default
 *   true). Each trace costs about one object-engine step; leave it on unless the graph is known to
 *   be fixed and large.
 *
 * @example
 * const w = [new Value(0.5), new Value(-1)];
 * const tape = compile(([x]) => x.mul(w[0]).add(w[1]).tanh(), [2], w);
 * tape.forward([3]); // tanh(0.5·3 − 1)
 * tape.backward();   // w[0].grad, w[1].grad += d/dw
 */
export function compile(
  f: Traced,
  inputs: ArrayLike<number>,
  params: readonly Value[] = [],
  options: { check?: boolean } = {},
): Tape {
  if (typeof f !== 'function') {
    throw new TypeError(`compile: expected f to be a function, got ${kindOf(f)}`);
  }
  checkNumbers(inputs, inputs?.length, 'compile', 'inputs');
  checkParams(params);
  // record
  const first = record(f, Array.from(inputs), params);
  // check: every input changed, most of them in sign (to flip `if (x.data > 0)`)
  if (options.check ?? true) {
    const changed = Array.from(inputs, (x) => 0.25 - 1.5 * x);
    compareTraces(first, record(f, changed, params));
  }
  // fuse and replay
  return new Tape(first, params);
}
