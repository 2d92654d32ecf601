// Step 1: a Value holds data and remembers its children and op. Oracles: the lecture's L from the
// golden cases (its value), the formula for each intermediate node.
import type { Check } from './check.ts';
import { close, fail, text } from './failure.ts';
import { buildCase, casesWith, lectureL } from './golden.ts';
import { flatten } from './graph.ts';
import { childrenOf, type LearnerValue, leaf, valueClass } from './learner.ts';

export const forwardHints: Record<string, string> = {
  add: 'add() makes a Value holding this.data + other.data.',
  mul: 'mul() makes a Value holding this.data * other.data (times, not plus).',
};

export const checkValue: Check = (defined, { passed }) => {
  const V = valueClass(defined);
  const a = leaf(V, 2, 'a');
  if (a.data !== 2)
    fail('new Value(2).data', 2, a.data, 'The constructor keeps its number: this.data = data.');
  if (a.grad !== 0) fail('new Value(2).grad', 0, a.grad, 'grad starts at 0: grad = 0.');
  if (childrenOf(a, 'new Value(2)').length !== 0) {
    fail('new Value(2).children', [], a.children, 'A leaf has no children: the default is [].');
  }
  if (a.op !== '') fail('new Value(2).op', '', a.op, "A leaf's op is '' (no op made it).");
  passed.push("a leaf: data 2, grad 0, no children, op ''");

  const c = lectureL.case();
  const { root, nodes } = buildCase(V, c, forwardHints, undefined, lectureL.names);
  checkLinks(
    nodes.get('n0') as LearnerValue,
    '*',
    [nodes.get('a'), nodes.get('b')],
    'e = a.mul(b)',
  );
  checkLinks(
    nodes.get('n1') as LearnerValue,
    '+',
    [nodes.get('n0'), nodes.get('c')],
    'd = e.add(c)',
  );
  checkLinks(root, '*', [nodes.get('n1'), nodes.get('f')], 'L = d.mul(f)');
  if (!close(root.data, c.value)) fail('L.data', c.value, root.data, '');
  passed.push("the lecture's L = (a·b + c)·f: data −8, and each node's op and children");

  for (const g of casesWith(['add', 'mul']).filter((g) => g.id !== 'hand-classic-L')) {
    const built = buildCase(V, g, forwardHints);
    if (!close(built.root.data, g.value)) fail(`${g.id}: data`, g.value, built.root.data, '');
    passed.push(`golden case ${g.id}: data ${g.value}`);
  }
  return { summary: "Your Values build the lecture's graph.", graph: flatten(root) };
};

function checkLinks(out: LearnerValue, op: string, operands: unknown[], what: string): void {
  if (out.op !== op)
    fail(`${what}: its op`, op, out.op, `Pass the op's symbol to the new Value: '${op}'.`);
  const children = childrenOf(out, what);
  const same = children.length === operands.length && children.every((c, i) => c === operands[i]);
  if (!same) {
    const hint =
      children.length === 2 && children[0] === operands[1]
        ? 'The operands are in the wrong order: [this, other].'
        : "The new Value's children are the two operands themselves: [this, other].";
    fail(`${what}: its children`, text('[the two operands, in order]'), children, hint);
  }
}
