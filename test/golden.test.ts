// Oracle: PyTorch float64 autograd (test/fixtures/golden-grads.json, see test/fixtures/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Value } from '../src/index.ts';

interface GoldenCase {
  id: string;
  leaves: Record<string, number>;
  nodes: { id: string; op: string; args: (string | number)[]; k?: number }[];
  out: string;
  value: number;
  grads: Record<string, number>;
}

const golden = JSON.parse(
  readFileSync(new URL('./fixtures/golden-grads.json', import.meta.url), 'utf8'),
) as { cases: GoldenCase[] };

function build(c: GoldenCase): { out: Value; leaves: Map<string, Value> } {
  const leaves = new Map(Object.entries(c.leaves).map(([name, x]) => [name, new Value(x, name)]));
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
  return { out: nodes.get(c.out) as Value, leaves };
}

const close = (got: number, want: number) =>
  Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));

describe('golden gradients from PyTorch', () => {
  it('has every case of the fixture', () => {
    expect(golden.cases.length).toBeGreaterThanOrEqual(111);
  });

  it.each(golden.cases.map((c) => [c.id, c] as const))('%s: value and every grad', (_, c) => {
    const { out, leaves } = build(c);
    out.backward();
    expect(close(out.data, c.value), `value ${out.data} vs ${c.value}`).toBe(true);
    for (const [name, want] of Object.entries(c.grads)) {
      const got = (leaves.get(name) as Value).grad;
      expect(close(got, want), `${name}: ${got} vs ${want}`).toBe(true);
    }
  });
});
