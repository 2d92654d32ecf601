// maxOf(): a constant computed from the data, declared as such, so that a lane tape can recompute
// it per sample where compile() would refuse a number read from `.data`.

import { kindOf } from '../check.ts';
import { Value } from '../engine.ts';

/** The nodes each maxOf() leaf is the largest of. */
const maxima = new WeakMap<Value, readonly Value[]>();

/**
 * A leaf holding the largest of `values`' data: a constant, through which no gradient flows (as
 * softmax cross-entropy's shift). On the object engine it is a plain `new Value(max)`; in a lane
 * tape it is recomputed per lane from those nodes, where a number read from `.data` would be
 * refused as a constant that depends on the data.
 */
export function maxOf(values: readonly Value[]): Value {
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => v instanceof Value)) {
    throw new TypeError(`maxOf: expected a non-empty array of Values, got ${kindOf(values)}`);
  }
  // the largest number, NaN skipped (as softmaxCrossEntropy always took it)
  let m = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v.data > m) m = v.data;
  const leaf = new Value(m);
  maxima.set(leaf, values.slice());
  return leaf;
}

/** A node's operands as a lane tape sees them: a maxOf() leaf's are the nodes it is the largest of. */
export const operandsOf = (v: Value): readonly Value[] => maxima.get(v) ?? v.children;

/** Whether `v` was made by maxOf(). */
export const isMaxOf = (v: Value): boolean => maxima.has(v);
