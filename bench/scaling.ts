// How the cost per node grows with the graph: micrograd's demo model (MLP 2-16-16-1, hinge + L2)
// on more and more moons points, from about 10^3 to about 10^6 nodes, forward + backward.
//
// Run as a script in a child process (`fork`, see main.ts), it measures the object engine and
// sends its rows back: that is how the bench runs it under other V8 heap settings in the same run.

import { pathToFileURL } from 'node:url';
import { MlpJob, moons } from './mlp-job.ts';
import { median, timeInTurns } from './timing.ts';

/** The batch sizes measured: about 1.7k, 11k, 100k and 1M nodes. */
export const scalingPoints = [1, 15, 152, 1520] as const;

/** One graph size: medians in ns per node, and the tape's bytes per node. */
export interface ScalingRow {
  points: number;
  nodes: number;
  tape?: number;
  object?: number;
  tapeBytesPerNode: number;
}

/**
 * Times the named engines on each batch size (taking turns within a size). `check` first checks
 * that the tape, the object engine and the yardstick agree, which costs a few object-engine steps:
 * once per run is enough.
 */
export function measureScaling(
  engines: readonly ('tape' | 'object')[],
  { check = true } = {},
): ScalingRow[] {
  return scalingPoints.map((n) => {
    const job = new MlpJob([2, 16, 16, 1], moons(n), { check });
    if (check) job.check();
    const size = job.tape.size;
    const contenders = {
      tape: { name: 'tape', step: () => job.tapeStep(), steps: Math.ceil(2e6 / size) },
      object: {
        name: 'object',
        step: () => job.objectStep(),
        steps: Math.ceil(3e5 / size),
        warmup: Math.ceil(2e6 / size),
      },
    };
    const times = timeInTurns(
      engines.map((e) => contenders[e]),
      size > 500_000 ? 5 : 9,
    );
    const row: ScalingRow = {
      points: n,
      nodes: size,
      tapeBytesPerNode: job.tape.byteLength / size,
    };
    for (const e of engines) row[e] = (median(times.get(e) ?? []) * 1e6) / size;
    return row;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.send === undefined)
    throw new Error('bench/scaling.ts: run it with fork() from main.ts');
  // main.ts checks the same jobs in its own process
  process.send(measureScaling(['object'], { check: false }));
}
