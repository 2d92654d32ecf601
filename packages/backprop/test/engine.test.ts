import { describe, expect, it } from 'vitest';
import type { Op } from '../src/engine.ts';
import { detectAnomaly, Value } from '../src/index.ts';

describe('the lecture, by hand', () => {
  it('backward() on L = (a*b + c) * f gives the hand-derived grads', () => {
    const a = new Value(2, 'a');
    const b = new Value(-3, 'b');
    const c = new Value(10, 'c');
    const f = new Value(-2, 'f');
    const L = a.mul(b).add(c).mul(f);
    L.backward();
    expect(L.data).toBe(-8);
    expect([a.grad, b.grad, c.grad, f.grad]).toEqual([6, -4, -2, 4]);
  });

  it('backward() on the tanh neuron gives o ≈ 0.7071 and the lecture grads', () => {
    const x1 = new Value(2, 'x1');
    const x2 = new Value(0, 'x2');
    const w1 = new Value(-3, 'w1');
    const w2 = new Value(1, 'w2');
    const b = new Value(6.8813735870195432, 'b');
    const o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh();
    o.backward();
    expect(o.data).toBeCloseTo(Math.SQRT1_2, 4);
    expect(x1.grad).toBeCloseTo(-1.5, 12);
    expect(w1.grad).toBeCloseTo(1, 12);
    expect(x2.grad).toBeCloseTo(0.5, 12);
    expect(w2.grad).toBe(0);
  });

  it('add() with the same operand twice gives a.grad = 2', () => {
    const a = new Value(3, 'a');
    const b = a.add(a);
    expect(b.children).toEqual([a, a]);
    b.backward();
    expect(a.grad).toBe(2);
  });
});

describe('Value', () => {
  it('new Value() makes a leaf with grad 0, op "" and no children', () => {
    const a = new Value(1.5, 'a');
    expect([a.data, a.grad, a.op, a.label, a.children.length]).toEqual([1.5, 0, '', 'a', 0]);
    expect(new Value(1).label).toBe('');
  });

  it('ops record their symbol and operands in order', () => {
    const a = new Value(2);
    const b = new Value(5);
    expect(a.add(b).op).toBe('+');
    expect(a.sub(b).op).toBe('-');
    expect(a.mul(b).op).toBe('*');
    expect(a.div(b).op).toBe('/');
    expect(a.neg().op).toBe('neg');
    expect(a.pow(2).op).toBe('**2');
    expect(a.exp().op).toBe('exp');
    expect(a.log().op).toBe('log');
    expect(a.tanh().op).toBe('tanh');
    expect(a.relu().op).toBe('relu');
    expect(a.sigmoid().op).toBe('sigmoid');
    expect(b.sub(a).children).toEqual([b, a]);
  });

  it('ops accept plain numbers as constants', () => {
    const a = new Value(3);
    expect(a.add(1).data).toBe(4);
    expect(a.sub(1).data).toBe(2);
    expect(a.mul(2).data).toBe(6);
    expect(a.div(2).data).toBe(1.5);
  });

  it('relu() has derivative 0 at 0, as PyTorch', () => {
    const a = new Value(0);
    a.relu().backward();
    expect(a.grad).toBe(0);
  });

  it('pow(0) has derivative 0 even at 0', () => {
    const a = new Value(0);
    a.pow(0).backward();
    expect(a.grad).toBe(0);
  });

  it('pow(k) gives k·x^(k−1) for exponents that print with many digits', () => {
    for (const k of [1 / 3, -2.5, 0.1, 1e-7, 123456.789]) {
      const x = new Value(1.7);
      x.pow(k).backward();
      expect(x.grad).toBe(k * 1.7 ** (k - 1));
    }
  });

  it('sigmoid() saturates without NaN for large |x|', () => {
    expect(new Value(-1000).sigmoid().data).toBe(0);
    expect(new Value(1000).sigmoid().data).toBe(1);
  });

  it('toString() shows data and grad', () => {
    expect(String(new Value(2.5))).toBe('Value(data=2.5, grad=0)');
  });
});

describe('backward() called twice', () => {
  it('recomputes intermediate grads and accumulates leaf grads', () => {
    const a = new Value(2, 'a');
    const b = new Value(-3, 'b');
    const e = a.mul(b);
    const d = e.add(10);
    d.backward();
    expect([a.grad, b.grad, e.grad]).toEqual([-3, 2, 1]);
    d.backward();
    // intermediate: recomputed, not doubled; leaves: accumulated, as PyTorch does
    expect(e.grad).toBe(1);
    expect([a.grad, b.grad]).toEqual([-6, 4]);
    a.grad = 0;
    b.grad = 0;
    d.backward();
    expect([a.grad, b.grad]).toEqual([-3, 2]);
  });

  it('backward() on a lone leaf accumulates too: 2 after two calls, as in PyTorch', () => {
    const a = new Value(5);
    a.backward();
    a.backward();
    expect(a.grad).toBe(2);
  });
});

// Oracle: PyTorch 1.13 float64 autograd (issues 13 and 15), and the formulas it uses.
describe('edges where IEEE arithmetic and PyTorch part', () => {
  it('div() gradient w.r.t. the divisor is −out/y: no overflow at 1e200, none at 1e-200', () => {
    for (const [v, want] of [
      [1e200, -1e-200],
      // PyTorch: -g · ((x / y) / y) = -(1 / 1e-200)
      [1e-200, -(1 / 1e-200)],
    ] as const) {
      const x = new Value(v);
      const y = new Value(v);
      x.div(y).backward();
      expect([x.grad, y.grad]).toEqual([1 / v, want]);
    }
  });

  it('relu() passes nothing back where x ≤ 0, even an infinite gradient (0, not 0 · ∞ = NaN)', () => {
    const x = new Value(-1);
    x.relu().mul(Number.POSITIVE_INFINITY).backward();
    expect(x.grad).toBe(0);
  });

  it('pow(0) passes nothing back, even at x = 0 with an infinite gradient', () => {
    const x = new Value(0);
    x.pow(0).mul(Number.POSITIVE_INFINITY).backward();
    expect(x.grad).toBe(0);
  });

  it('relu() at NaN passes the gradient on (PyTorch selects where not x ≤ 0)', () => {
    const x = new Value(Number.NaN);
    const r = x.relu();
    r.backward();
    expect([x.grad, r.localGrads[0]]).toEqual([1, 1]);
  });

  it('mul() by 0 with an infinite gradient still gives NaN, as PyTorch: a product, not a selection', () => {
    const x = new Value(2);
    x.mul(0).mul(Number.POSITIVE_INFINITY).backward();
    expect(x.grad).toBeNaN();
  });
});

describe('deep graphs', () => {
  it('backward() works on a chain of 1,000,000 ops', () => {
    const x = new Value(1, 'x');
    let y = x;
    for (let i = 0; i < 1_000_000; i++) y = y.add(1);
    y.backward();
    expect(y.data).toBe(1_000_001);
    expect(x.grad).toBe(1);
  });

  it('backward() works with one node reused 100,000 times', () => {
    const x = new Value(0.5, 'x');
    let y = new Value(0);
    for (let i = 0; i < 100_000; i++) y = y.add(x.mul(x));
    y.backward();
    // y = 100000 x², dy/dx = 200000 x
    expect(x.grad).toBeCloseTo(100_000, 6);
  });

  it('topologicalOrder() lists operands before results, each node once', () => {
    const a = new Value(1, 'a');
    const b = a.mul(a);
    const c = b.add(a);
    const order = c.topologicalOrder();
    expect(order).toEqual([a, b, c]);
  });

  it('topologicalOrder() lists each operand before the next, depth first, on every call', () => {
    const a = new Value(1, 'a');
    const b = new Value(2, 'b');
    const s = a.add(b);
    const t = b.mul(a);
    const u = s.mul(t);
    // depth first from u: first operand s (its operands a, b), then t, whose operands are placed
    expect(u.topologicalOrder()).toEqual([a, b, s, t, u]);
    // a later walk over part of that graph, or all of it again, finds every node afresh
    expect(t.topologicalOrder()).toEqual([b, a, t]);
    expect(u.topologicalOrder()).toEqual([a, b, s, t, u]);
  });

  it('topologicalOrder() leaves every grad as it was', () => {
    const a = new Value(3, 'a');
    const b = a.mul(a);
    const c = b.add(1);
    c.backward();
    // dc/db = 1, dc/da = 2a = 6
    const before = [a.grad, b.grad, c.grad];
    expect(before).toEqual([6, 1, 1]);
    c.topologicalOrder();
    expect([a.grad, b.grad, c.grad]).toEqual(before);
  });
});

describe('bad input', () => {
  const bad: [unknown, string][] = [
    ['3', 'string "3"'],
    [undefined, 'undefined'],
    [null, 'null'],
    [{}, 'object Object'],
    [3n, 'bigint 3n'],
  ];

  it.each(bad)('new Value(%s) throws a TypeError naming it', (x, name) => {
    expect(() => new Value(x as number)).toThrow(TypeError);
    expect(() => new Value(x as number)).toThrow(
      `new Value: expected data to be a number, got ${name}`,
    );
  });

  it.each(bad)('add/sub/mul/div(%s) throw a TypeError naming the op and the input', (x, name) => {
    const a = new Value(1);
    for (const op of ['add', 'sub', 'mul', 'div'] as const) {
      expect(() => a[op](x as number)).toThrow(
        new TypeError(`Value.${op}: expected a Value or a number, got ${name}`),
      );
    }
  });

  it('pow() rejects a Value exponent', () => {
    expect(() => new Value(2).pow(new Value(2) as unknown as number)).toThrow(
      'Value.pow: expected a constant number exponent, got object Value',
    );
  });

  it('backward() through a node made with an op description of ones own uses its chain rule', () => {
    const sqrt: Op = Object.freeze({
      symbol: 'sqrt',
      arity: 1,
      forward: Math.sqrt,
      dx: (g: number, _x: number, _y: number, out: number) => g / (2 * out),
      dy: () => 0,
    });
    const x = new Value(4);
    const root = new Value(sqrt.forward(x.data, 0), '', sqrt, x);
    root.backward();
    // d sqrt(x)/dx = 1 / (2 sqrt(x)) = 1/4 at x = 4
    expect([root.op, root.data, x.grad, root.localGrads[0]]).toEqual(['sqrt', 2, 0.25, 0.25]);
  });

  it('NaN and Infinity propagate as IEEE arithmetic does', () => {
    expect(new Value(0).log().data).toBe(-Infinity);
    expect(new Value(Number.NaN).add(1).data).toBeNaN();
    expect(new Value(1).div(0).data).toBe(Infinity);
  });
});

describe('detectAnomaly()', () => {
  it('throws at the first op whose result is not finite, naming it and its inputs', () => {
    const x = new Value(0, 'x');
    expect(() => detectAnomaly(() => x.mul(2).log())).toThrow(
      new RangeError('anomaly: log produced -Infinity from 0'),
    );
    expect(() => detectAnomaly(() => new Value(1).div(0))).toThrow(
      'anomaly: / produced Infinity from 1, 0',
    );
  });

  it('throws when a gradient stops being finite in backward()', () => {
    // sqrt at 0 has a finite value but an infinite derivative
    const x = new Value(0, 'x');
    const y = x.pow(0.5);
    expect(() => detectAnomaly(() => y.backward())).toThrow(/anomaly: backward through \*\*0.5/);
  });

  it('is off again afterwards and returns the callback result', () => {
    expect(detectAnomaly(() => 42)).toBe(42);
    expect(new Value(0).log().data).toBe(-Infinity);
  });
});
