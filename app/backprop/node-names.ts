import type { Value } from 'backprop';
import { formatNumber } from '../number-format.ts';

/** How the lesson refers to one node of the graph. */
export interface NodeName {
  /** Short name: a leaf's label, a constant's value, `n1`, `n2`, … for results, `out` for the root. */
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
      names.set(v, { name: v.label || formatConstant(v.data), formula: '' });
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

/** A constant by its value, as short as it reads: `2`, `0.5`, `6.8814`. */
function formatConstant(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(formatNumber(x)));
}
