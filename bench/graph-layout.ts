// `npm run bench:graph`: how long `backprop graph` takes to lay out and draw expressions up to 500
// Values (issue 15's target: at most 5 s each), with toDot's automatic choice between Graphviz's
// dot and the plain layout. The hard cases reuse a name far apart (`x+x+…+x`), which makes dot
// route hundreds of long edges; the last column says which layout toDot chose. Also the pictures
// of `--backward-steps` (edge labels, a highlighted node), and graphs just under the dot budget.

import {
  DOT_LAYOUT_BUDGET,
  dotLayoutCost,
  PythonRandom,
  parseExpression,
  toDot,
  trace,
} from 'backprop';
import { renderGraphSvg } from 'backprop-viz';

const TARGET_SECONDS = 5;

/** `x+x+…+x`, `x*1+x*2+…`: each term uses x; n terms. */
const sum = (n: number) => Array.from({ length: n }, () => 'x').join('+');
const products = (n: number) => Array.from({ length: n }, (_, i) => `x*${i + 1}`).join('+');
/** A neuron's weighted sum with distinct names: w0*x0 + w1*x1 + … + b. */
const neuron = (n: number) =>
  `tanh(${Array.from({ length: n }, (_, i) => `w${i}*x${i}`).join(' + ')} + b)`;
/** A balanced tree of sums over distinct leaves. */
const tree = (depth: number): string => {
  let k = 0;
  const build = (d: number): string =>
    d === 0 ? `a${k++}` : `(${build(d - 1)} + ${build(d - 1)})`;
  return build(depth);
};
const nested = (n: number) => `${'tanh('.repeat(n)}x${')'.repeat(n)}`;

/** A seeded random expression over a few names, so that names repeat at random distances. */
function random(rng: PythonRandom, terms: number): string {
  const names = ['x', 'y', 'z', 'w', 'b'];
  const atom = () =>
    rng.random() < 0.3
      ? String(1 + Math.floor(rng.random() * 9))
      : (names[Math.floor(rng.random() * 5)] as string);
  let text = atom();
  for (let i = 1; i < terms; i++) {
    const r = rng.random();
    if (r < 0.4) text = `${text} + ${atom()}`;
    else if (r < 0.7) text = `${text}*${atom()}`;
    else if (r < 0.85) text = `tanh(${text})`;
    else text = `(${text}) - ${atom()}^2`;
  }
  return text;
}

/** The largest n for which make(n)'s graph costs at most the budget for dot. */
function justUnderBudget(make: (n: number) => string, localGrads: boolean): number {
  let n = 1;
  while (cost(make(n + 1), localGrads) <= DOT_LAYOUT_BUDGET) n++;
  return n;
}
const cost = (text: string, localGrads: boolean) =>
  dotLayoutCost(parseExpression(text).root, { localGrads });

const rng = new PythonRandom(1337);
const cases: [string, string][] = [
  ['x+x+…+x, 200 terms', sum(200)],
  ['x+x+…+x, 500 terms', sum(500)],
  ['x*1+…+x*100', products(100)],
  ['x*1+…+x*166', products(166)],
  ['neuron, 120 inputs', neuron(120)],
  ['sum tree, 256 leaves', tree(8)],
  ['tanh nested 500 deep', nested(499)],
  ...Array.from({ length: 6 }, (_, i): [string, string] => [
    `random #${i + 1}`,
    random(rng, 60 + 40 * i),
  ]),
  [`x+x+…+x at the dot budget`, sum(justUnderBudget(sum, false))],
  [`x*1+… at the dot budget`, products(justUnderBudget(products, false))],
  // with edge labels (--backward-steps): the second row is at the budget
  [`x+x+…+x, labels at budget`, sum(justUnderBudget(sum, true))],
  [`x*1+…, labels at budget`, products(justUnderBudget(products, true))],
];

console.log(
  `graph layout: toDot + renderGraphSvg per picture, dot while the cost is <= ${DOT_LAYOUT_BUDGET}, else plain`,
);
const widths = [28, 7, 7, 6, 8, 7];
const row = (cells: (string | number)[]) =>
  cells
    .map((c, i) =>
      i === 0 ? String(c).padEnd(widths[0] as number) : String(c).padStart(widths[i] as number),
    )
    .join('  ');
console.log(row(['expression', 'values', 'cost', 'layout', 'seconds', 'steps']));
let worst = 0;
for (const [name, text] of cases) {
  const { root } = parseExpression(
    text,
    new Proxy(
      {},
      {
        has: () => true,
        get: () => 0.5,
        getOwnPropertyDescriptor: () => ({ value: 0.5, enumerable: true, configurable: true }),
      },
    ),
  );
  root.backward();
  const values = trace(root).nodes.length;
  for (const steps of [false, true]) {
    const options = steps ? { grads: 'show' as const, highlight: root, localGrads: true } : {};
    const dot = toDot(root, options);
    const t0 = performance.now();
    await renderGraphSvg(dot);
    const seconds = (performance.now() - t0) / 1000;
    worst = Math.max(worst, seconds);
    const layout = dot.includes('layout=nop2') ? 'plain' : 'dot';
    console.log(
      row([
        steps ? '' : name,
        steps ? '' : values,
        dotLayoutCost(root, { localGrads: steps }),
        layout,
        seconds.toFixed(2),
        steps ? 'yes' : 'no',
      ]),
    );
  }
}
console.log(`slowest picture: ${worst.toFixed(2)} s (target <= ${TARGET_SECONDS} s)`);
if (worst > TARGET_SECONDS) process.exitCode = 1;
