import type { GraphNode } from '../protocol.ts';
import type { LearnerValue } from './learner.ts';

/**
 * The learner's graph behind `root`, flattened for the page: every node after its children,
 * root last. Anything odd (children that are not a list, a cycle) is drawn as far as it goes.
 */
export function flatten(root: LearnerValue, limit = 80): GraphNode[] {
  const index = new Map<unknown, number>();
  const nodes: GraphNode[] = [];
  const visit = (v: LearnerValue): number => {
    const seen = index.get(v);
    if (seen !== undefined) return seen;
    index.set(v, -1); // on the path: a cycle stops here
    const kids = Array.isArray(v.children) ? v.children : [];
    const children = kids
      .filter((c): c is LearnerValue => typeof c === 'object' && c !== null && nodes.length < limit)
      .map(visit)
      .filter((i) => i >= 0);
    const op = typeof v.op === 'string' ? v.op : '';
    const label = typeof v.label === 'string' ? v.label : '';
    nodes.push({ data: Number(v.data), grad: Number(v.grad), label, op, children });
    index.set(v, nodes.length - 1);
    return nodes.length - 1;
  };
  visit(root);
  return nodes;
}
