// Memory per node of micrograd's demo graph (MLP 2-16-16-1, hinge + L2, 100 points): the object
// engine's Values on the heap, and the tape's arrays, as one JSON line. Not part of `npm run bench`:
// `node --expose-gc --import tsx bench/node-bytes.ts [path/to/other/packages/backprop/src/index.ts]`.

import { compile, hingeLoss, l2, MLP, Value } from 'backprop';
import { microgradDemo as demo } from '../fixtures/index.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('bench/node-bytes.ts: run node with --expose-gc');

const model = new MLP(2, [16, 16, 1], { seed: 1337 });
const params = model.parameters();
const lossOf = (flat: readonly Value[]) => {
  const scores = demo.y.map((_, i) => model.forward(flat.slice(2 * i, 2 * i + 2))[0] as Value);
  return hingeLoss(scores, demo.y).add(l2(params, 1e-4));
};
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

// the graph is built once beforehand so that the JIT's code and the ops' shared objects exist
lossOf(demo.X.flat().map((x) => new Value(x))).backward();
const graphs: Value[] = [];
const before = heap();
for (let k = 0; k < 10; k++) {
  const loss = lossOf(demo.X.flat().map((x) => new Value(x)));
  loss.backward();
  graphs.push(loss);
}
const after = heap();
const nodes = (graphs[0] as Value).topologicalOrder().length - params.length;
const tape = compile(lossOf, demo.X.flat(), params);
console.log(
  JSON.stringify({
    nodes,
    objectBytesPerNode: (after - before) / (graphs.length * nodes),
    tapeBytesPerNode: tape.byteLength / tape.size,
  }),
);
