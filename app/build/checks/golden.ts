// PyTorch's golden cases (fixtures/golden-grads.json) replayed through the learner's class, and
// the same DAG evaluated with plain numbers: the formula oracle for values and gradients of
// intermediate nodes, which the fixture does not list.
import { type GoldenCase, goldenCases } from '../../../fixtures/index.ts';
import { close, fail } from './failure.ts';
import { call, type LearnerValue, leaf, type ValueClass } from './learner.ts';

/** The ops each lesson step has taught, by the fixture's names (they are also the method names). */
export function casesWith(ops: readonly string[]): GoldenCase[] {
  return goldenCases.filter((c) => c.nodes.every((n) => ops.includes(n.op)));
}

export function goldenCase(id: string): GoldenCase {
  const c = goldenCases.find((g) => g.id === id);
  if (c === undefined) throw new Error(`golden case ${id} is not in fixtures/golden-grads.json`);
  return c;
}

/** A case whose nodes have names to show (the lecture's names) instead of n0, n1, … */
export type NamedCase = GoldenCase & { names?: Record<string, string> };

/** The lecture's L = (a·b + c)·f, its intermediate nodes named as in the lecture. */
export const lectureL = {
  case: (): NamedCase => ({
    ...goldenCase('hand-classic-L'),
    id: "the lecture's L",
    names: lectureL.names,
  }),
  names: { n0: 'e', n1: 'd', n2: 'L' } as Record<string, string>,
};

/** The formula, with plain numbers: each node's value, and d(out)/d(node) for every node and leaf. */
export function reference(c: GoldenCase): {
  values: Map<string, number>;
  grads: Map<string, number>;
} {
  const values = new Map(Object.entries(c.leaves));
  const num = (a: string | number) => (typeof a === 'number' ? a : (values.get(a) as number));
  for (const n of c.nodes)
    values.set(n.id, forward(n.op, num(n.args[0] as string | number), num(n.args[1] ?? 0), n.k));
  const grads = new Map<string, number>([...values.keys()].map((k) => [k, 0]));
  grads.set(c.out, 1);
  for (const n of [...c.nodes].reverse()) {
    const x = num(n.args[0] as string | number);
    const y = num(n.args[1] ?? 0);
    const locals = localGrads(n.op, x, y, values.get(n.id) as number, n.k);
    n.args.forEach((a, i) => {
      if (typeof a === 'string')
        grads.set(
          a,
          (grads.get(a) as number) + (locals[i] as number) * (grads.get(n.id) as number),
        );
    });
  }
  return { values, grads };
}

function forward(op: string, x: number, y: number, k = 1): number {
  const f: Record<string, () => number> = {
    add: () => x + y,
    sub: () => x - y,
    mul: () => x * y,
    div: () => x / y,
    neg: () => -x,
    pow: () => x ** k,
    exp: () => Math.exp(x),
    tanh: () => Math.tanh(x),
  };
  return (f[op] as () => number)();
}

function localGrads(op: string, x: number, y: number, out: number, k = 1): number[] {
  const d: Record<string, () => number[]> = {
    add: () => [1, 1],
    sub: () => [1, -1],
    mul: () => [y, x],
    div: () => [1 / y, -x / y ** 2],
    neg: () => [-1],
    pow: () => [k * x ** (k - 1)],
    exp: () => [out],
    tanh: () => [1 - out ** 2],
  };
  return (d[op] as () => number[])();
}

export interface Built {
  root: LearnerValue;
  nodes: Map<string, LearnerValue>;
}

/**
 * Builds a case's DAG with the learner's class, checking each node's data against the formula as
 * it goes. A number in an op's first position becomes a `new Value`; in the second it is passed as
 * is. `tanh`, when given, replaces the tanh method (to check tanh built from exp).
 */
export function buildCase(
  V: ValueClass,
  c: NamedCase,
  hints: Record<string, string>,
  tanh?: (x: LearnerValue) => LearnerValue,
  names: Record<string, string> = c.names ?? {},
): Built {
  const name = (a: string | number) => (typeof a === 'number' ? String(a) : (names[a] ?? a));
  const { values } = reference(c);
  const nodes = new Map(Object.entries(c.leaves).map(([id, x]) => [id, leaf(V, x, id)]));
  const arg = (a: string | number) => (typeof a === 'number' ? a : (nodes.get(a) as LearnerValue));
  for (const n of c.nodes) {
    const first = arg(n.args[0] as string | number);
    const x = typeof first === 'number' ? leaf(V, first, String(first)) : first;
    const operands = n.args.slice(1).map(arg);
    const rest = n.op === 'pow' ? [n.k] : n.args.slice(1).map(name);
    const what = `${c.id}: ${name(n.id)} = ${name(n.args[0] as string | number)}.${n.op}(${rest.join(', ')})`;
    const out =
      n.op === 'tanh' && tanh ? tanh(x) : call(x, n.op, n.op === 'pow' ? [n.k] : operands, what);
    const want = values.get(n.id) as number;
    if (!close(out.data, want)) fail(`${what}, its data`, want, out.data, hints[n.op] ?? '');
    out.label = name(n.id);
    nodes.set(n.id, out);
  }
  return { root: nodes.get(c.out) as LearnerValue, nodes };
}
