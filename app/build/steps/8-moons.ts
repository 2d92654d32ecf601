import type { Step } from './step.ts';

export const moonsStep: Step = {
  id: 'moons',
  title: 'Your engine on two moons',
  explain: `
<p>The same engine, a real data set: 100 points in two interleaving half circles
(scikit-learn's <code>make_moons</code>), <code>X</code> the points and <code>y</code> their
labels, +1 or −1. An <code>MLP(2, [8, 8, 1])</code> trained on the mean squared error separates
them.</p>
<p>Name your network <code>model</code>. After training, the check asks it to classify every
point (the sign of its output) and passes at 95% correct; the picture shows its decision
boundary.</p>`,
  starter: `// Runs after your code from steps 5 and 6. X: 100 points [x1, x2]; y: their labels ±1.
const model = new MLP(2, [8, 8, 1]);

for (let k = 0; k < 60; k++) {
  // forward: the mean of (score − label)² over all points
  // TODO
  const loss = new Value(0);

  // backward, then update with a learning rate of 0.5
  // TODO

  report(k, loss.data);
}
`,
  solution: `// Runs after your code from steps 5 and 6. X: 100 points [x1, x2]; y: their labels ±1.
const model = new MLP(2, [8, 8, 1]);

for (let k = 0; k < 60; k++) {
  // forward: the mean of (score − label)² over all points
  const scores = X.map((x) => model.forward(x) as Value);
  const total = scores.reduce((sum, s, i) => sum.add(s.sub(y[i]).pow(2)), new Value(0));
  const loss = total.div(X.length);

  // backward, then update with a learning rate of 0.5
  for (const p of model.parameters()) p.grad = 0;
  loss.backward();
  for (const p of model.parameters()) p.data += -0.5 * p.grad;

  report(k, loss.data);
}
`,
  uses: ['ops', 'mlp'],
  defines: ['model'],
  trains: true,
  bonus: true,
};
