// Not part of `npm run bench`: micrograd's demo job (MLP 2-16-16-1, hinge + L2, 100 points) on the
// object engine and the tape, for comparing checkouts: run it in turns, one process per checkout,
// `npx tsx bench/demo-step.ts [path/to/other/packages/backprop/src/index.ts]` (default: this one).

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as current from 'backprop';
import { microgradDemo as demo } from '../fixtures/index.ts';
import { median } from './timing.ts';

type Lib = typeof current;
const libPath = process.argv[2];

function job(lib: Lib) {
  const model = new lib.MLP(2, [16, 16, 1], { seed: 1337 });
  const params = model.parameters();
  const lossOf = (flat: readonly current.Value[]) => {
    const scores = demo.y.map(
      (_, i) => model.forward(flat.slice(2 * i, 2 * i + 2))[0] as current.Value,
    );
    return lib.hingeLoss(scores, demo.y).add(lib.l2(params, 1e-4));
  };
  const tape = lib.compile(lossOf, demo.X.flat(), params);
  const zero = () => {
    for (const p of params) p.grad = 0;
  };
  return {
    object: () => {
      const loss = lossOf(demo.X.flat().map((x) => new lib.Value(x)));
      zero();
      loss.backward();
      return loss.data;
    },
    tape: () => {
      const loss = tape.forward();
      zero();
      tape.backward();
      return loss;
    },
  };
}

const lib =
  libPath === undefined ? current : ((await import(pathToFileURL(resolve(libPath)).href)) as Lib);
const steps = job(lib);
// CPU time rather than wall time: on a shared machine a process waits for a core, and the wait is
// not the code's cost. (It includes V8's helper threads, e.g. the parallel scavenger.)
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const timeOf = (step: () => unknown, steps: number, warmup: number, runs: number) => {
  for (let k = 0; k < warmup; k++) step();
  const perStep: number[] = [];
  for (let run = 0; run < runs; run++) {
    const t0 = cpuMs();
    for (let k = 0; k < steps; k++) step();
    perStep.push((cpuMs() - t0) / steps);
  }
  return median(perStep);
};
console.log(
  JSON.stringify({
    tape: timeOf(steps.tape, 200, 200, 15),
    object: timeOf(steps.object, 10, 40, 15),
  }),
);
