// Oracles: the lecture's hand-derived grads, and backward() itself (the stepper must end where it ends).
import { describe, expect, it } from 'vitest';
import { BackwardStepper, Value } from '../src/index.ts';
import { buildCase, goldenCases } from './golden-cases.ts';

function lectureL() {
  const a = new Value(2, 'a');
  const b = new Value(-3, 'b');
  const c = new Value(10, 'c');
  const f = new Value(-2, 'f');
  const e = a.mul(b);
  const d = e.add(c);
  const L = d.mul(f);
  return { a, b, c, f, e, d, L };
}

describe('BackwardStepper', () => {
  it('new BackwardStepper() starts with every grad 0 but the root’s 1', () => {
    const { a, e, L } = lectureL();
    a.grad = 7; // a stale grad from an earlier pass is cleared
    const s = new BackwardStepper(L);
    expect([L.grad, e.grad, a.grad]).toEqual([1, 0, 0]);
    expect([s.stepsDone, s.total, s.current]).toEqual([0, 3, undefined]);
  });

  it('step() applies the chain rule one node at a time, root first (the lecture’s order)', () => {
    const { a, b, c, f, e, d, L } = lectureL();
    const s = new BackwardStepper(L);
    expect(s.step()).toBe(true); // at L = d·f: dL/dd = f = −2, dL/df = d = 4
    expect(s.current).toBe(L);
    expect([d.grad, f.grad, e.grad]).toEqual([-2, 4, 0]);
    s.step(); // at d = e + c: both get −2
    expect([e.grad, c.grad, a.grad]).toEqual([-2, -2, 0]);
    s.step(); // at e = a·b: dL/da = b·(−2) = 6, dL/db = a·(−2) = −4
    expect([a.grad, b.grad]).toEqual([6, -4]);
    expect(s.step()).toBe(false);
    expect(s.stepsDone).toBe(3);
  });

  it('back() and goTo() replay from the start, so grads never double', () => {
    const { a, L } = lectureL();
    const s = new BackwardStepper(L);
    s.goTo(3);
    s.back();
    s.goTo(99); // clamped to the end
    expect(a.grad).toBe(6);
    s.goTo(-5);
    expect([s.stepsDone, a.grad, L.grad]).toEqual([0, 0, 1]);
  });

  it('isFinal() says when no later step will change a grad', () => {
    const a = new Value(3, 'a');
    const y = a.mul(a).add(a); // a is used by * and by +
    const s = new BackwardStepper(y);
    s.step(); // + passes to a·a and to a
    expect(s.isFinal(a)).toBe(false);
    s.step(); // * passes to a twice
    expect(s.isFinal(a)).toBe(true);
    expect(a.grad).toBe(7); // d(a² + a)/da = 2a + 1
  });

  it.each(goldenCases.slice(0, 30).map((c) => [c.id, c] as const))(
    'stepping %s to the end gives backward()’s grads',
    (_, c) => {
      const root = buildCase(c);
      const s = new BackwardStepper(root);
      while (s.step());
      const stepped = s.topo.map((v) => v.grad);
      for (const v of s.topo) v.grad = 0; // leaf grads accumulate across backward() calls
      root.backward();
      expect(stepped).toEqual(s.topo.map((v) => v.grad));
    },
  );
});
