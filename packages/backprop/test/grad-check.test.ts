import { describe, expect, it } from 'vitest';
import { gradCheck, Value } from '../src/index.ts';

describe('gradCheck()', () => {
  it('reports tiny errors for a correct gradient', () => {
    const r = gradCheck(([a, b]) => (a as Value).mul(b as Value).tanh(), [0.5, -1.5]);
    // d/da tanh(ab) = b (1 − tanh²(ab)), by the chain rule
    const t = Math.tanh(0.5 * -1.5);
    expect(r.value).toBeCloseTo(t, 15);
    expect(r.analytic[0]).toBeCloseTo(-1.5 * (1 - t * t), 12);
    expect(r.numeric[0]).toBeCloseTo(-1.5 * (1 - t * t), 8);
    expect(r.worst.error).toBeLessThan(1e-8);
    expect(r.errors).toHaveLength(2);
  });

  it('finds the input whose gradient is wrong', () => {
    // A function whose graph hides part of its dependence on x1: backward() misses it.
    const r = gradCheck(
      ([x0, x1]) => {
        const hidden = new Value((x1 as Value).data * 3);
        return (x0 as Value).mul(x1 as Value).add(hidden);
      },
      [2, 5],
    );
    expect(r.worst.index).toBe(1);
    expect(r.worst.error).toBeGreaterThan(0.3);
    expect(r.errors[0]).toBeLessThan(1e-8);
  });

  it('rejects a non-positive step and non-number inputs', () => {
    expect(() => gradCheck(([a]) => a as Value, [1], { h: 0 })).toThrow(
      'gradCheck: expected a positive step h, got 0',
    );
    expect(() => gradCheck(([a]) => a as Value, ['1' as unknown as number])).toThrow(
      'gradCheck: expected input 0 to be a number, got string "1"',
    );
    expect(() => gradCheck(([a]) => a as Value, [1, null as unknown as number])).toThrow(
      'gradCheck: expected input 1 to be a number, got null',
    );
    expect(() => gradCheck(() => 3 as unknown as Value, [1])).toThrow(
      'gradCheck: expected f to return a Value',
    );
  });
});
