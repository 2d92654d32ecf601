// backward() against central differences on randomly generated expressions (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value } from '../src/index.ts';

// An expression over three leaves, as a tree of ops. Ops with a restricted domain get operands
// that keep them smooth: log and fractional powers see positive numbers, division a denominator ≥ 0.5.
type Expr =
  | { leaf: 0 | 1 | 2 }
  | { op: 'add' | 'sub' | 'mul' | 'div'; a: Expr; b: Expr }
  | { op: 'neg' | 'exp' | 'log' | 'tanh' | 'relu' | 'sigmoid' | 'square' | 'sqrt'; a: Expr };

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ leaf: fc.constantFrom(0 as const, 1 as const, 2 as const) }),
    fc.record({
      op: fc.constantFrom('add' as const, 'sub' as const, 'mul' as const, 'div' as const),
      a: tie('expr'),
      b: tie('expr'),
    }),
    fc.record({
      op: fc.constantFrom(
        'neg' as const,
        'exp' as const,
        'log' as const,
        'tanh' as const,
        'relu' as const,
        'sigmoid' as const,
        'square' as const,
        'sqrt' as const,
      ),
      a: tie('expr'),
    }),
  ),
}));

const smooth = (x: Value) => x.tanh(); // keeps intermediate values in [-1, 1]

function build(e: Expr, leaves: Value[], kinks: Value[]): Value {
  if ('leaf' in e) return leaves[e.leaf] as Value;
  const a = build(e.a, leaves, kinks);
  switch (e.op) {
    case 'add':
      return a.add(build(e.b, leaves, kinks));
    case 'sub':
      return a.sub(build(e.b, leaves, kinks));
    case 'mul':
      return a.mul(build(e.b, leaves, kinks));
    case 'div':
      return a.div(
        smooth(build(e.b, leaves, kinks))
          .pow(2)
          .add(0.5),
      );
    case 'neg':
      return a.neg();
    case 'exp':
      return smooth(a).exp();
    case 'log':
      return a.pow(2).add(0.1).log();
    case 'tanh':
      return a.tanh();
    case 'relu':
      kinks.push(a);
      return a.relu();
    case 'sigmoid':
      return a.sigmoid();
    case 'square':
      return smooth(a).pow(2);
    case 'sqrt':
      return a.pow(2).add(0.25).pow(0.5);
  }
}

const point = fc.tuple(
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
);

describe('backward() on random expressions', () => {
  it('matches central differences', () => {
    fc.assert(
      fc.property(expr, point, (e, xs) => {
        const kinks: Value[] = [];
        const leaves = xs.map((x, i) => new Value(x, `x${i}`));
        const out = build(e, leaves, kinks);
        // finite differences are meaningless across relu's kink
        fc.pre(kinks.every((k) => Math.abs(k.data) > 1e-3));
        fc.pre(Math.abs(out.data) < 1e6);
        out.backward();
        const h = 1e-6;
        xs.forEach((x, i) => {
          const at = (d: number) =>
            build(
              e,
              xs.map((y, j) => new Value(j === i ? x + d : y)),
              [],
            ).data;
          const numeric = (at(h) - at(-h)) / (2 * h);
          const analytic = (leaves[i] as Value).grad;
          const scale = Math.max(1, Math.abs(analytic), Math.abs(numeric));
          expect(Math.abs(analytic - numeric) / scale).toBeLessThan(1e-4);
        });
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });
});
