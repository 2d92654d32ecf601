// `npm run bench`: how fast the object engine, the tape and the lanes run micrograd's demo job,
// against a hand-written yardstick; how their cost per node scales; a larger workload; the lanes'
// cost per sample as the batch grows, and their memory; and the 100-step demo through train().
// The last line is one JSON object with the per-step medians in ms, of the demo job and of w2
// (the larger workload).

import { fork } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { compileLanes, losses, MLP, makeMoons, train, type Value } from 'backprop';
import { microgradDemo as demo } from '../fixtures/index.ts';
import { MlpJob, moons } from './mlp-job.ts';
import { measureScaling, type ScalingRow } from './scaling.ts';
import { median, timeInTurns } from './timing.ts';

const fmt = (x: number, digits = 3) => x.toPrecision(digits);
const line = (cells: (string | number)[], widths: number[]) =>
  cells.map((c, i) => String(c).padStart(widths[i] as number)).join('  ');

const started = performance.now();
console.log(
  `backprop bench: node ${process.version}, ${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`,
);

// ---- 1. micrograd's demo job: MLP 2-16-16-1, hinge + 1e-4·L2, 100 points, forward + backward

const job = new MlpJob([2, 16, 16, 1], { X: demo.X, y: demo.y });
const loss0 = job.check();
if (loss0 !== demo.trajectory[0]?.loss)
  throw new Error(`bench: step-0 loss ${loss0} is not micrograd's`);
const times = timeInTurns(
  [
    { name: 'yardstick', step: () => job.yardstickStep(), steps: 200 },
    { name: 'tape', step: () => job.tapeStep(), steps: 40 },
    { name: 'lanes', step: () => job.lanesStep(), steps: 200 },
    { name: 'object', step: () => job.objectStep(), steps: 5, warmup: 40 },
  ],
  15,
);
const ms = (name: string) => median(times.get(name) ?? []);
const [yardstick, tape, lanes, object] = [ms('yardstick'), ms('tape'), ms('lanes'), ms('object')];
const nodes = job.tape.size;
console.log(
  `\n1. demo job: MLP 2-16-16-1, hinge + L2, 100 points, ${nodes} nodes, forward + backward` +
    ` (median of 15 interleaved runs; all four give loss ${loss0})`,
);
const w1 = [10, 10, 10, 13, 22];
console.log(line(['', 'ms/step', 'ns/node', '× yardstick', 'runs (ms/step)'], w1));
for (const [name, t] of [
  ['yardstick', yardstick],
  ['tape', tape],
  ['lanes', lanes],
  ['object', object],
] as const) {
  const runs = times.get(name) ?? [];
  const range = `${fmt(Math.min(...runs))} – ${fmt(Math.max(...runs))}`;
  console.log(line([name, fmt(t), fmt((t * 1e6) / nodes), fmt(t / yardstick), range], w1));
}
console.log(
  `object engine / tape: ${fmt(object / tape)}×; tape / lanes: ${fmt(tape / lanes)}×` +
    ` (the lanes' one-sample graph: ${job.model.parameters().length} parameters, ~1,000 nodes per label)`,
);

// ---- 2. scaling: the same model on more points, from about 10^3 to 10^6 nodes

// The object engine's graph lives until backward() ends. Node 20's young generation (16 MB
// semi-spaces) holds about 100k nodes; past that, every scavenge copies the live graph. So the
// object engine runs twice: here with Node's defaults, and in a child process whose young
// generation holds a million nodes.
const youngGen = ['--min-semi-space-size=128', '--max-semi-space-size=128'];
const bigYoungGen = await new Promise<ScalingRow[]>((resolve, reject) => {
  const child = fork(new URL('./scaling.ts', import.meta.url), {
    execArgv: [...process.execArgv, ...youngGen],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.once('message', (rows) => resolve(rows as ScalingRow[]));
  child.once('exit', (code) => reject(new Error(`bench: the scaling child exited with ${code}`)));
});
const rows = measureScaling(['tape', 'object']);
console.log('\n2. scaling: MLP 2-16-16-1 on n points (medians; ns per node, forward + backward)');
const widths2 = [7, 10, 9, 11, 13, 12];
console.log(line(['points', 'nodes', 'tape', 'object', 'object *', 'tape B/node'], widths2));
rows.forEach((r, i) => {
  const cells = [r.tape, r.object, bigYoungGen[i]?.object].map((x) => fmt(x ?? Number.NaN));
  console.log(line([r.points, r.nodes, ...cells, fmt(r.tapeBytesPerNode)], widths2));
});
/** ns per node on the largest graph over ns per node on the smallest. */
const growth = (rs: ScalingRow[], engine: 'tape' | 'object') =>
  `${fmt((rs.at(-1)?.[engine] ?? Number.NaN) / (rs[0]?.[engine] ?? Number.NaN))}×`;
console.log(
  `* the object engine again, in a child process run with ${youngGen.join(' ')}\n` +
    `per node, ${rows.at(-1)?.nodes} vs ${rows[0]?.nodes} nodes: tape ${growth(rows, 'tape')},` +
    ` object ${growth(rows, 'object')}, object * ${growth(bigYoungGen, 'object')}`,
);

// ---- 3. a larger workload: MLP 2-64-64-1 on 1,000 points

// compile() without its check trace, which would cost another object-engine step (~10 s)
const big = new MlpJob([2, 64, 64, 1], moons(1000), { check: false });
big.check(); // one step of each, which is also the object engine's warm-up
const bigTimes = timeInTurns(
  [
    { name: 'yardstick', step: () => big.yardstickStep(), steps: 10 },
    { name: 'tape', step: () => big.tapeStep(), steps: 3 },
    { name: 'lanes', step: () => big.lanesStep(), steps: 10 },
    { name: 'object', step: () => big.objectStep(), steps: 1, warmup: 0 },
  ],
  5,
);
console.log(
  `\n3. larger workload: MLP 2-64-64-1, 1,000 points, ${big.tape.size} nodes` +
    ` (median of 5 interleaved runs; compile() took ${fmt(big.compileMs / 1000)} s, one trace)`,
);
const w2 = { yardstick: 0, tape: 0, lanes: 0 };
for (const name of ['yardstick', 'tape', 'lanes', 'object'] as const) {
  const t = median(bigTimes.get(name) ?? []);
  if (name !== 'object') w2[name] = t;
  const cells = [
    name,
    `${fmt(t)} ms/step`,
    `${fmt(1000 / t)} steps/s`,
    `${fmt(t / w2.yardstick)}×`,
  ];
  console.log(line(cells, [10, 16, 16, 10]));
}

// ---- 4. lanes: time per sample as the batch grows, and memory per node and per lane

console.log(
  '\n4. lanes: MLP 2-16-16-1, hinge + L2, forward + backward, per sample (medians of 7 runs, the batch sizes taking turns)',
);
const w4 = [7, 14, 14, 14];
console.log(line(['B', 'µs/sample', 'ms/step', '× B = 100'], w4));
const batchSizes = [1, 10, 100, 1000, 10_000];
const scaled = batchSizes.map((B) => new MlpJob([2, 16, 16, 1], moons(B), { tape: false }));
const scaling = timeInTurns(
  scaled.map((j, k) => ({
    name: String(batchSizes[k]),
    step: () => j.lanesStep(),
    steps: Math.ceil(20_000 / (batchSizes[k] as number)),
  })),
  7,
);
const perSample = batchSizes.map((B) => (median(scaling.get(String(B)) ?? []) * 1000) / B);
batchSizes.forEach((B, k) => {
  const us = perSample[k] as number;
  console.log(line([B, fmt(us), fmt((us * B) / 1000), fmt(us / (perSample[2] as number))], w4));
});
// one label's tape, as train() records it: a sample's hinge term and score
const model = new MLP(2, [16, 16, 1], { seed: 1337 });
const term = compileLanes(
  (xs: Value[]) => {
    const out = model.forward(xs);
    return [losses.hinge.compute([out], [1]), ...out];
  },
  [0, 0],
  model.parameters(),
);
const bytesAt = (B: number) => {
  term.forward(Array.from({ length: B }, () => [0.5, -0.5]));
  return term.byteLength;
};
const [small, large] = [bytesAt(1), bytesAt(10_001)];
const perLane = (large - small) / 10_000;
console.log(
  `memory: ${fmt((small - perLane) / term.size)} bytes per node of the one-sample graph ` +
    `(${term.size} nodes, ${term.rows} rows), plus ${fmt(perLane)} bytes per lane ` +
    `(${term.laneRows} lane rows × 16: a value and a gradient each); the tape: ` +
    `${fmt(job.tape.byteLength / job.tape.size)} bytes per node of the whole batch's graph`,
);

// ---- 5. micrograd's whole demo through train(): 100 steps of SGD, as `backprop train` runs it

const data = makeMoons({ nSamples: 100, noise: 0.1, seed: 1337 });
const trainRuns: number[] = [];
for (let run = 0; run < 3; run++) {
  const model = new MLP(2, [16, 16, 1], { seed: 1337 });
  const t0 = performance.now();
  train(model, data);
  trainRuns.push((performance.now() - t0) / 1000);
}
console.log(
  `\n5. train(): micrograd's 100-step demo (on lanes) in ${fmt(median(trainRuns))} s (median of 3; micrograd: ~200 s)`,
);

console.log(`\n(bench took ${fmt((performance.now() - started) / 1000)} s)`);
console.log(JSON.stringify({ yardstick, tape, object, lanes, w2 }));
