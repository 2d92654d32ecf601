import { engineWithAssignment } from './3-backward.ts';
import type { Step } from './step.ts';

export const accumulateStep: Step = {
  id: 'accumulate',
  title: 'A value used twice: += not =',
  explain: `
<p>Try <code>b = a + a</code> with <code>a = 3</code>. db/da is 2: <code>a</code> reaches
<code>b</code> along two edges, and the chain rule <em>adds</em> what arrives along each one
(the multivariable chain rule). Your engine says 1: the second use overwrites the first.</p>
<p>Fix every <code>_backward</code> so that it accumulates. The check feeds graphs that reuse a
node: <code>a + a</code>, <code>a · a · a</code>, and the lecture's
<code>(a·b)·(a + b)</code>, whose grads come from PyTorch and from the product rule.</p>`,
  starter: `// This engine passes step 3, but it has a bug that reusing a node exposes.
${engineWithAssignment}`,
  solution: engineWithAssignment
    .replaceAll('.grad = ', '.grad += ')
    .replace('this.grad += 1;', 'this.grad = 1;'),
  uses: [],
  defines: ['Value'],
};
