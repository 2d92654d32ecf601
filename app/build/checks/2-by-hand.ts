// Step 2: _backward for + and *, run by hand on the lecture's L in reverse order, as the lecture
// does. Oracles: PyTorch's leaf grads (golden case hand-classic-L), the chain rule by formula for
// the two intermediate nodes.
import { forwardHints } from './1-value.ts';
import type { Check } from './check.ts';
import { close, fail, text } from './failure.ts';
import { buildCase, lectureL, reference } from './golden.ts';
import { flatten } from './graph.ts';
import { type LearnerValue, valueClass } from './learner.ts';

const { names } = lectureL;

export const checkByHand: Check = (defined, { passed }) => {
  const c = lectureL.case();
  const { root, nodes } = buildCase(valueClass(defined), c, forwardHints, undefined, names);
  const node = (id: string) => nodes.get(id) as LearnerValue;
  const { grads } = reference(c);
  const want = (id: string) => c.grads[id] ?? (grads.get(id) as number);

  root.grad = 1;
  // L = d·f, then d = e + c, then e = a·b: each _backward runs once its node's grad is final
  const order: [string, string[], 'mul' | 'add'][] = [
    ['n2', ['n1', 'f'], 'mul'],
    ['n1', ['n0', 'c'], 'add'],
    ['n0', ['a', 'b'], 'mul'],
  ];
  for (const [id, operands, op] of order) {
    const out = node(id);
    const step = `${names[id]}._backward()`;
    if (typeof out._backward !== 'function') {
      fail(
        step,
        text('a function'),
        out._backward,
        'Each result needs out._backward = () => { … } before it is returned.',
      );
    }
    (out._backward as () => void)();
    for (const [i, operand] of operands.entries()) {
      const got = node(operand).grad;
      if (close(got, want(operand))) continue;
      const other = node(operands[1 - i] as string);
      const self = node(operand);
      fail(
        `after ${step}: ${names[operand] ?? operand}.grad`,
        want(operand),
        got,
        hint(op, got, self, other, out),
      );
    }
    passed.push(
      `${step} gives ${operands.map((o) => `${names[o] ?? o}.grad = ${want(o)}`).join(', ')}`,
    );
  }
  return { summary: "Your _backward closures give PyTorch's grads on L.", graph: flatten(root) };
};

/** The likely mistake behind a wrong grad at an operand of `out`. */
function hint(
  op: 'add' | 'mul',
  got: unknown,
  self: LearnerValue,
  other: LearnerValue,
  out: LearnerValue,
): string {
  const g = out.grad as number;
  if (got === 0)
    return `Nothing reached this operand: does the _backward of ${op === 'add' ? '+' : '*'} set both operands' grad?`;
  if (op === 'add') {
    if (got === 1)
      return 'For +, the local derivative is 1, and the chain rule multiplies it by out.grad: 1.0 * out.grad.';
    return 'For +, each operand receives out.grad unchanged.';
  }
  if (close(got, (self.data as number) * g))
    return 'Swapped: for a·b, a gets b.data · out.grad (the other factor), not its own data.';
  if (close(got, other.data as number))
    return 'Missing out.grad: the chain rule multiplies the local derivative (the other factor) by out.grad.';
  return 'For a·b, a gets b.data · out.grad and b gets a.data · out.grad.';
}
