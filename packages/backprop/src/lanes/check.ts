// Lanes, stage 2, check: refuse a function whose graph depends on the data, as compile() does
// (the constants with compile/check.ts's own code).

import { compareConstants } from '../compile/check.ts';
import type { LaneRecording } from './record.ts';

const advice =
  'a lane tape replays one graph for every sample; build this function with the object engine instead';

/** Refuses a function whose second trace differs from the first, as compile() does. */
export function compareTraces(first: LaneRecording, second: LaneRecording): void {
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
  const remedy = 'Value ops on the inputs (maxOf() for a largest value)';
  compareConstants(first, second, 'compileLanes', advice, remedy);
}
