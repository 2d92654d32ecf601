// Oracle: PyTorch float64 autograd (fixtures/golden-grads.json, see fixtures/README.md).
import { describe, expect, it } from 'vitest';
import type { Value } from '../src/index.ts';
import { buildCase, close, goldenCases, leavesOf } from './golden-cases.ts';

describe('golden gradients from PyTorch', () => {
  it('has every case of the fixture: 11 by hand, then rand-000 … rand-099, each once', () => {
    const hand = [
      'hand-classic-L',
      'hand-tanh-neuron',
      'hand-tanh-neuron-via-exp',
      'hand-a-plus-a',
      'hand-a-cubed',
      'hand-relu-at-zero',
      'hand-relu-of-exact-zero-difference',
      'hand-intermediate-used-3-times',
      'hand-micrograd-sanity-check',
      'hand-micrograd-more-ops',
      'hand-all-ops',
    ];
    const random = Array.from({ length: 100 }, (_, i) => `rand-${String(i).padStart(3, '0')}`);
    expect(goldenCases.length).toBe(111);
    expect(goldenCases.map((c) => c.id)).toEqual([...hand, ...random]);
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
