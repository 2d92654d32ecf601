// The PyTorch golden cases (fixtures/golden-grads.json) and how to build one from Values:
// shared by the engine, tape, drawing and parser tests.
import { type GoldenCase, goldenCases } from '../../../fixtures/index.ts';
import { Value } from '../src/index.ts';

export { type GoldenCase, goldenCases };

/** One leaf Value per leaf name, labelled with it. */
export const leavesOf = (c: GoldenCase) =>
  new Map(Object.entries(c.leaves).map(([name, x]) => [name, new Value(x, name)]));

/**
 * Builds a case's DAG over the given leaves through the public API. A number in an op's first
 * position becomes a constant leaf; in the second it is passed as a plain number.
 */
export function buildCase(c: GoldenCase, leaves: Map<string, Value> = leavesOf(c)): Value {
  const nodes = new Map<string, Value>(leaves);
  const arg = (a: string | number) => {
    if (typeof a === 'number') return a;
    const v = nodes.get(a);
    if (!v) throw new Error(`${c.id}: unknown argument ${a}`);
    return v;
  };
  for (const n of c.nodes) {
    const first = arg(n.args[0] as string | number);
    const x = typeof first === 'number' ? new Value(first) : first;
    const y = n.args.length > 1 ? arg(n.args[1] as string | number) : 0;
    const ops: Record<string, () => Value> = {
      add: () => x.add(y),
      sub: () => x.sub(y),
      mul: () => x.mul(y),
      div: () => x.div(y),
      neg: () => x.neg(),
      pow: () => x.pow(n.k as number),
      exp: () => x.exp(),
      log: () => x.log(),
      tanh: () => x.tanh(),
      relu: () => x.relu(),
      sigmoid: () => x.sigmoid(),
    };
    const op = ops[n.op];
    if (!op) throw new Error(`${c.id}: unknown op ${n.op}`);
    nodes.set(n.id, op());
  }
  return nodes.get(c.out) as Value;
}

/** The fixture's tolerance: |got − want| ≤ 1e-9 · max(1, |want|). */
export const close = (got: number, want: number) =>
  Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));
