import type { Value } from 'backprop';
import { formatNumber } from '../number-format.ts';

/** How the lesson refers to one node of the graph. */
export interface NodeName {
  /** Short name: a leaf's label, a constant's value (also set as its label), `n1`, `n2`, … for results, `out` for the root. */
  name: string;
  /** What it computes, in the expression's own syntax: `n1 + b`, `tanh(n4)`; `''` for a leaf. */
  formula: string;
}

/**
 * Names every node of `topo` (operands before results, root last). Results without a label get
 * one (`n1`, `n2`, … in topological order, `out` for the root), skipping any name a leaf already
 * has, so the drawing, the table and the step explanation all use the same names.
 */
export function nameNodes(topo: readonly Value[]): Map<Value, NodeName> {
  const names = new Map<Value, NodeName>();
  const root = topo[topo.length - 1];
  // in `(n1 + x) * y` the user's n1 is a leaf, so the sum must be called something else
  const taken = new Set(topo.filter((v) => v.op === '').map((v) => v.label));
  let k = 0;
  const nextName = () => {
    k++;
    while (taken.has(`n${k}`)) k++;
    return `n${k}`;
  };
  for (const v of topo) {
    if (v.op === '') {
      // a constant is labelled with its value, so the drawing shows it too (`log(0 - x)`)
      if (v.label === '') v.label = formatNumber(v.data);
      names.set(v, { name: v.label, formula: '' });
      continue;
    }
    if (v.label === '') v.label = v === root && !taken.has('out') ? 'out' : nextName();
    const operands = v.children.map((c) => names.get(c)?.name ?? '?');
    names.set(v, { name: v.label, formula: formula(v.op, operands) });
  }
  return names;
}

function formula(op: string, [a = '?', b = '?']: readonly string[]): string {
  if (op === 'neg') return `-${a}`;
  if (op.startsWith('**')) return `${a}^${op.slice(2)}`;
  if (['+', '-', '*', '/'].includes(op)) return `${a} ${op} ${b}`;
  return `${op}(${a})`;
}
