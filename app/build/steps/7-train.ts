import type { Step } from './step.ts';

export const trainStep: Step = {
  id: 'train',
  title: 'Train it: forward, backward, update',
  explain: `
<p>The lecture's tiny data set: four inputs <code>xs</code> and their targets <code>ys</code>.
The loss is the sum of squared errors, <code>Σ (yout − ygt)²</code>. Each step: a forward pass
builds the loss, grads are reset to 0 (they accumulate, remember?), <code>backward()</code>
fills them, and every parameter takes a small step against its gradient.</p>
<p>Call <code>report(k, loss.data)</code> once per step: the chart draws your loss, and the
check compares all 20 losses with the lecture's run in Python (same seed, same weights).</p>`,
  starter: `// Runs after your code from steps 5 and 6. random starts again from seed 1337.
const xs = [
  [2.0, 3.0, -1.0],
  [3.0, -1.0, 0.5],
  [0.5, 1.0, 1.0],
  [1.0, 1.0, -1.0],
];
const ys = [1.0, -1.0, -1.0, 1.0]; // desired targets
const n = new MLP(3, [4, 4, 1]);

for (let k = 0; k < 20; k++) {
  // forward pass
  const ypred = xs.map((x) => n.forward(x) as Value);
  // TODO: the sum of (yout − ygt)², starting from new Value(0)
  const loss = new Value(0);

  // backward pass
  // TODO: every parameter's grad back to 0, then loss.backward()

  // update
  // TODO: p.data += -0.1 * p.grad for every parameter

  report(k, loss.data);
}
`,
  solution: `// Runs after your code from steps 5 and 6. random starts again from seed 1337.
const xs = [
  [2.0, 3.0, -1.0],
  [3.0, -1.0, 0.5],
  [0.5, 1.0, 1.0],
  [1.0, 1.0, -1.0],
];
const ys = [1.0, -1.0, -1.0, 1.0]; // desired targets
const n = new MLP(3, [4, 4, 1]);

for (let k = 0; k < 20; k++) {
  // forward pass
  const ypred = xs.map((x) => n.forward(x) as Value);
  const loss = ypred.reduce((sum, yout, i) => sum.add(yout.sub(ys[i]).pow(2)), new Value(0));

  // backward pass
  for (const p of n.parameters()) p.grad = 0;
  loss.backward();

  // update
  for (const p of n.parameters()) p.data += -0.1 * p.grad;

  report(k, loss.data);
}
`,
  uses: ['ops', 'mlp'],
  defines: ['n'],
  trains: true,
};
