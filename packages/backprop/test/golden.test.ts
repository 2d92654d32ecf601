// Oracle: PyTorch float64 autograd (fixtures/golden-grads.json, see fixtures/README.md).
import { describe, expect, it } from 'vitest';
import type { Value } from '../src/index.ts';
import { buildCase, close, goldenCases, leavesOf } from './golden-cases.ts';

describe('golden gradients from PyTorch', () => {
  it('has every case of the fixture', () => {
    expect(goldenCases.length).toBeGreaterThanOrEqual(111);
  });

  it.each(goldenCases.map((c) => [c.id, c] as const))('%s: value and every grad', (_, c) => {
    const leaves = leavesOf(c);
    const out = buildCase(c, leaves);
    out.backward();
    expect(close(out.data, c.value), `value ${out.data} vs ${c.value}`).toBe(true);
    for (const [name, want] of Object.entries(c.grads)) {
      const got = (leaves.get(name) as Value).grad;
      expect(close(got, want), `${name}: ${got} vs ${want}`).toBe(true);
    }
  });
});
