// Steps 3 and 4: backward() on whole graphs. Oracles: PyTorch's golden cases, and the chain rule by
// formula for two of the lecture's expressions that the fixture does not hold.
import type { GoldenCase } from '../../../fixtures/index.ts';
import { forwardHints } from './1-value.ts';
import type { Check, CheckContext } from './check.ts';
import { close, fail } from './failure.ts';
import { buildCase, goldenCase, lectureL, type NamedCase, reference } from './golden.ts';
import { flatten } from './graph.ts';
import { backward, type LearnerValue, valueClass } from './learner.ts';

/** The lecture's neuron before its tanh: x1·w1 + x2·w2 + b (no node used twice). */
const neuron: NamedCase = {
  id: 'the neuron x1·w1 + x2·w2 + b',
  leaves: { x1: 2, x2: 0, w1: -3, w2: 1, b: 6.8813735870195432 },
  nodes: [
    { id: 'n0', op: 'mul', args: ['x1', 'w1'] },
    { id: 'n1', op: 'mul', args: ['x2', 'w2'] },
    { id: 'n2', op: 'add', args: ['n0', 'n1'] },
    { id: 'n3', op: 'add', args: ['n2', 'b'] },
  ],
  out: 'n3',
  value: 0.8813735870195432,
  grads: {},
  names: { n0: 'x1w1', n1: 'x2w2', n2: 'x1w1 + x2w2', n3: 'n' },
};

/** The lecture's second reuse example: f = (a·b)·(a + b), a used twice and b too. */
const product: NamedCase = {
  id: "the lecture's (a·b)·(a + b), a = −2, b = 3",
  leaves: { a: -2, b: 3 },
  nodes: [
    { id: 'n0', op: 'mul', args: ['a', 'b'] },
    { id: 'n1', op: 'add', args: ['a', 'b'] },
    { id: 'n2', op: 'mul', args: ['n0', 'n1'] },
  ],
  out: 'n2',
  value: -6,
  grads: {},
  names: { n0: 'd', n1: 'e', n2: 'f' },
};

/** Expected leaf grads: PyTorch's for a golden case, the formula's for the two above. */
function expectedGrads(c: GoldenCase): Record<string, number> {
  if (Object.keys(c.grads).length > 0) return c.grads;
  const { grads } = reference(c);
  return Object.fromEntries(Object.keys(c.leaves).map((name) => [name, grads.get(name) as number]));
}

/** Builds each case with the learner's class, runs backward() once, compares every leaf's grad. */
function checkCases(defined: Record<string, unknown>, cases: GoldenCase[], context: CheckContext) {
  const V = valueClass(defined);
  let last: LearnerValue | undefined;
  for (const c of cases) {
    const { root, nodes } = buildCase(V, c, forwardHints);
    backward(root, `${c.id}: out`);
    if (root.grad !== 1) {
      fail(
        `${c.id}: out.grad after backward()`,
        1,
        root.grad,
        'backward() starts the chain rule at the output: this.grad = 1 (dL/dL).',
      );
    }
    for (const [name, want] of Object.entries(expectedGrads(c))) {
      const got = (nodes.get(name) as LearnerValue).grad;
      if (!close(got, want)) fail(`${c.id}: ${name}.grad`, want, got, hint(c, got, want));
    }
    context.passed.push(
      `${c.id}: ${Object.entries(expectedGrads(c))
        .map(([n, g]) => `${n}.grad = ${g}`)
        .join(', ')}`,
    );
    last = root;
  }
  return last as LearnerValue;
}

function hint(c: GoldenCase, got: unknown, want: number): string {
  const uses = c.nodes.flatMap((n) => n.args.filter((a) => typeof a === 'string'));
  const reused = new Set(uses).size < uses.length;
  if (typeof got === 'number' && want !== 0 && close(got, 2 * want)) {
    return 'Twice the right answer: is a node added to topo twice? Mark it visited before walking its children, and skip it when seen again.';
  }
  if (reused) {
    return '= versus +=: a node used twice gets gradient from both uses, so each _backward must add to grad (+=), not overwrite it (=).';
  }
  if (got === 0) {
    return "This grad never arrived: walk topo in reverse (output first), so that each _backward runs after its node's grad is complete.";
  }
  return 'Compare with step 2: backward() should do exactly what you did by hand, in the same order.';
}

export const checkBackward: Check = (defined, context) => {
  const root = checkCases(defined, [lectureL.case(), neuron], context);
  return { summary: 'backward() fills every grad, as PyTorch does.', graph: flatten(root) };
};

export const checkAccumulate: Check = (defined, context) => {
  const cases = [
    goldenCase('hand-a-plus-a'),
    goldenCase('hand-a-cubed'),
    product,
    lectureL.case(),
    neuron,
  ];
  checkCases(defined, cases, context);
  // draw a + a: the edge drawn twice is the point of the step
  const V = valueClass(defined);
  const { root } = buildCase(V, goldenCase('hand-a-plus-a'), forwardHints);
  backward(root, 'a + a');
  root.label = 'b';
  return {
    summary: 'Gradients accumulate: a node used twice gets both shares.',
    graph: flatten(root),
  };
};
