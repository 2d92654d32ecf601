// Lanes, stage 2, check: refuse a function whose graph depends on the data (as compile() does), and
// bad arguments.

import { kindOf } from '../check.ts';
import { Value } from '../engine.ts';
import type { LaneRecording } from './record.ts';

/** Refuses a function whose second trace differs from the first, as compile() does. */
export function compareTraces(first: LaneRecording, second: LaneRecording): void {
  const advice =
    'a lane tape replays one graph for every sample; build this function with the object engine instead';
  const same = (x: ArrayLike<number>, y: ArrayLike<number>) =>
    x.length === y.length && Array.prototype.every.call(x, (v: number, k: number) => v === y[k]);
  if (
    first.nodes !== second.nodes ||
    !same(first.code, second.code) ||
    !same(first.terms, second.terms) ||
    !same(first.inputRows, second.inputRows) ||
    !same(first.paramRows, second.paramRows) ||
    !same(first.outputRows, second.outputRows)
  ) {
    throw new Error(
      `compileLanes: f built a different graph (${first.nodes} nodes, then ${second.nodes}) when ` +
        `the inputs changed: its graph depends on the data (an if or a loop on .data?); ${advice}`,
    );
  }
  if (first.exponents.some((k, i) => !Object.is(k, second.exponents[i]))) {
    throw new Error(`compileLanes: an exponent changed when the inputs changed; ${advice}`);
  }
  const seen = new Set(first.constants);
  for (let i = 0; i < second.constants.length; i++) {
    const c = second.constants[i] as Value;
    if (seen.has(c)) {
      throw new Error(
        `compileLanes: f uses a Value made outside it (data ${c.data}${c.label ? `, label "${c.label}"` : ''}) ` +
          'that is neither an input nor in params: add it to params to train it, or create it inside f',
      );
    }
    const was = (first.constants[i] as Value).data;
    if (!Object.is(was, c.data)) {
      throw new Error(
        `compileLanes: constant ${i} was ${was}, then ${c.data} when the inputs changed: f computes ` +
          `a number from an input's .data (or draws a random one); use Value ops on the inputs ` +
          `(maxOf() for a largest value), or ${advice}`,
      );
    }
  }
}

export function checkSample(sample: ArrayLike<number>): void {
  if (sample === null || typeof sample !== 'object' || typeof sample.length !== 'number') {
    throw new TypeError(
      `compileLanes: expected sample to be an array of numbers, got ${kindOf(sample)}`,
    );
  }
  for (let j = 0; j < sample.length; j++) {
    if (typeof sample[j] !== 'number') {
      throw new TypeError(
        `compileLanes: expected sample[${j}] to be a number, got ${kindOf(sample[j])}`,
      );
    }
  }
}

export function checkParams(params: readonly Value[]): void {
  if (!Array.isArray(params)) {
    throw new TypeError(
      `compileLanes: expected params to be an array of Values, got ${kindOf(params)}`,
    );
  }
  const seen = new Set<Value>();
  params.forEach((p, j) => {
    if (!(p instanceof Value)) {
      throw new TypeError(`compileLanes: expected params[${j}] to be a Value, got ${kindOf(p)}`);
    }
    if (p.children.length > 0) {
      throw new Error(
        `compileLanes: params[${j}] is the result of ${p.op}; parameters must be leaves`,
      );
    }
    if (seen.has(p)) throw new Error(`compileLanes: params[${j}] appears twice in params`);
    seen.add(p);
  });
}
