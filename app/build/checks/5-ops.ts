// Step 5: pow, neg, sub, div, exp and tanh (twice). Oracles: each op's formula for its value and
// central differences of that formula for its gradient, then PyTorch's golden cases.
import type { Check, CheckContext } from './check.ts';
import { close, fail, text } from './failure.ts';
import { buildCase, casesWith, goldenCase } from './golden.ts';
import { flatten } from './graph.ts';
import { backward, call, type LearnerValue, leaf, type ValueClass, valueClass } from './learner.ts';

type Maker = (x: LearnerValue, y: LearnerValue, what: string) => LearnerValue;

interface OpCase {
  what: string;
  make: Maker;
  /** The op as a formula of plain numbers: the oracle. */
  f: (x: number, y: number) => number;
  /** Why the value can be wrong, and why the gradient can. */
  forward: string;
  backward: string;
}

const X = 0.7;
const Y = -1.3;
const H = 1e-6;
const number =
  'add and mul must accept a plain number: const o = other instanceof Value ? other : new Value(other).';

const op =
  (method: string, ...args: (number | 'y')[]): Maker =>
  (x, y, what) =>
    call(
      x,
      method,
      args.map((a) => (a === 'y' ? y : a)),
      what,
    );

const opCases: OpCase[] = [
  { what: 'x.add(2)', make: op('add', 2), f: (x) => x + 2, forward: number, backward: number },
  { what: 'x.mul(2)', make: op('mul', 2), f: (x) => x * 2, forward: number, backward: number },
  {
    what: 'x.pow(3)',
    make: op('pow', 3),
    f: (x) => x ** 3,
    forward: 'pow(k) holds this.data ** k.',
    backward: 'd/dx x^k = k·x^(k−1): this.grad += k * this.data ** (k - 1) * out.grad.',
  },
  {
    what: 'x.pow(-1)',
    make: op('pow', -1),
    f: (x) => x ** -1,
    forward: 'pow(k) holds this.data ** k.',
    backward: 'd/dx x^k = k·x^(k−1), also for negative k.',
  },
  {
    what: 'x.neg()',
    make: op('neg'),
    f: (x) => -x,
    forward: '−x is x.mul(-1).',
    backward: '−x is x.mul(-1): then its gradient comes for free.',
  },
  {
    what: 'x.sub(y)',
    make: op('sub', 'y'),
    f: (x, y) => x - y,
    forward: 'a − b is a.add(b.neg()).',
    backward: 'a − b is a.add(b.neg()): b gets −out.grad.',
  },
  {
    what: 'x.sub(1)',
    make: op('sub', 1),
    f: (x) => x - 1,
    forward: 'sub must accept a plain number too: this.add(-other).',
    backward: 'sub must accept a plain number too.',
  },
  {
    what: 'x.div(y)',
    make: op('div', 'y'),
    f: (x, y) => x / y,
    forward: 'a / b is a.mul(b.pow(-1)).',
    backward: 'a / b is a.mul(b.pow(-1)): pow gives b its share.',
  },
  {
    what: 'x.div(2)',
    make: op('div', 2),
    f: (x) => x / 2,
    forward: 'div must accept a plain number too: wrap it in a Value first.',
    backward: 'div must accept a plain number too.',
  },
  {
    what: 'x.exp()',
    make: op('exp'),
    f: (x) => Math.exp(x),
    forward: 'exp() holds Math.exp(this.data).',
    backward: 'd/dx e^x = e^x, which is out.data: this.grad += out.data * out.grad.',
  },
  {
    what: 'x.tanh()',
    make: op('tanh'),
    f: (x) => Math.tanh(x),
    forward: 'tanh() holds Math.tanh(this.data).',
    backward:
      'd/dx tanh x = 1 − t², with t = out.data (the tanh, not x): this.grad += (1 - t ** 2) * out.grad.',
  },
];

function checkOp(V: ValueClass, c: OpCase): void {
  const x = leaf(V, X, 'x');
  const y = leaf(V, Y, 'y');
  const what = `${c.what} at x = ${X}, y = ${Y}`;
  const out = c.make(x, y, what);
  const want = c.f(X, Y);
  if (!close(out.data, want)) fail(`${what}: data`, want, out.data, c.forward);
  backward(out, what);
  const diffs = {
    x: (c.f(X + H, Y) - c.f(X - H, Y)) / (2 * H),
    y: (c.f(X, Y + H) - c.f(X, Y - H)) / (2 * H),
  };
  for (const [name, v] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (!close(v.grad, diffs[name], 1e-6)) {
      fail(`${what}: ${name}.grad (finite difference, h = ${H})`, diffs[name], v.grad, c.backward);
    }
  }
}

/** tanh built from exp: the learner's own function, checked like an op, and not a tanh node. */
function checkTanhFromExp(
  V: ValueClass,
  defined: Record<string, unknown>,
): (x: LearnerValue) => LearnerValue {
  const f = defined.tanhFromExp;
  if (typeof f !== 'function')
    fail('tanhFromExp', text('a function'), f, 'Write function tanhFromExp(x) below the class.');
  const tanh = (x: LearnerValue) => {
    const out = (f as (x: LearnerValue) => unknown)(x);
    if (typeof out !== 'object' || out === null || !('data' in out))
      fail('tanhFromExp(x)', text('a Value'), out, 'Return the Value it builds.');
    return out as LearnerValue;
  };
  const made = tanh(leaf(V, X, 'x'));
  if (made.op === 'tanh')
    fail(
      'tanhFromExp(x): its last op',
      text('/ (built from exp)'),
      'tanh',
      'Build it from exp(), sub(), add() and div(), not tanh().',
    );
  checkOp(V, {
    what: 'tanhFromExp(x)',
    make: (x) => tanh(x),
    f: Math.tanh,
    forward: '(e^(2x) − 1) / (e^(2x) + 1): e = x.mul(2).exp().',
    backward: 'The ops it is built from carry the gradient: check that they all passed.',
  });
  return tanh;
}

function checkGolden(
  V: ValueClass,
  context: CheckContext,
  tanh?: (x: LearnerValue) => LearnerValue,
) {
  const cases = casesWith(['add', 'sub', 'mul', 'div', 'neg', 'pow', 'exp', 'tanh']);
  for (const c of tanh ? [goldenCase('hand-tanh-neuron')] : cases) {
    const id = tanh ? `${c.id} with tanhFromExp` : c.id;
    const { root, nodes } = buildCase(V, { ...c, id }, {}, tanh);
    backward(root, id);
    for (const [name, want] of Object.entries(c.grads)) {
      const got = (nodes.get(name) as LearnerValue).grad;
      if (!close(got, want))
        fail(
          `golden case ${id}: ${name}.grad`,
          want,
          got,
          'Every op passed alone, so look at a node used twice here: each _backward must add (+=).',
        );
    }
    context.passed.push(
      `golden case ${id}: value and ${Object.keys(c.grads).length} grads as PyTorch`,
    );
    context.alive();
  }
}

export const checkOps: Check = (defined, context) => {
  const V = valueClass(defined);
  for (const c of opCases) {
    checkOp(V, c);
    context.passed.push(`${c.what}: value by formula, grads by finite differences`);
  }
  const tanh = checkTanhFromExp(V, defined);
  context.passed.push('tanhFromExp(x): value by formula, grad by finite differences');
  checkGolden(V, context);
  checkGolden(V, context, tanh);
  const { root, nodes } = buildCase(V, goldenCase('hand-tanh-neuron'), {});
  backward(root, 'the neuron');
  for (const [id, label] of Object.entries({
    n0: 'x1w1',
    n1: 'x2w2',
    n2: 'x1w1 + x2w2',
    n3: 'n',
    n4: 'o',
  })) {
    (nodes.get(id) as LearnerValue).label = label;
  }
  return { summary: 'Every op, and tanh both ways, agrees with PyTorch.', graph: flatten(root) };
};
