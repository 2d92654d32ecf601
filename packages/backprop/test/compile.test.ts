// The tape against two oracles: PyTorch's golden gradients (fixtures/golden-grads.json,
// micrograd-demo.json) and the object engine, which the tape must match bit for bit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { microgradDemo as demo } from '../../../fixtures/index.ts';
import type { Op } from '../src/engine.ts';
import { compile, hingeLoss, l2, MLP, Value } from '../src/index.ts';
import { buildCase, close, goldenCases, leavesOf } from './golden-cases.ts';

describe('compile() on the golden cases', () => {
  it.each(goldenCases.map((c) => [c.id, c] as const))(
    '%s: the tape matches PyTorch within 1e-9 and the object engine bit for bit',
    (_, c) => {
      // the leaves are the tape's parameters: forward() reads them, backward() fills their grads
      const leaves = leavesOf(c);
      const tape = compile(() => buildCase(c, leaves), [], [...leaves.values()]);
      const value = tape.forward();
      tape.backward();

      const reference = leavesOf(c);
      const out = buildCase(c, reference);
      out.backward();

      expect(close(value, c.value), `value ${value} vs ${c.value}`).toBe(true);
      expect(Object.is(value, out.data)).toBe(true);
      for (const [name, want] of Object.entries(c.grads)) {
        const got = (leaves.get(name) as Value).grad;
        expect(close(got, want), `${name}: ${got} vs ${want}`).toBe(true);
        expect(Object.is(got, (reference.get(name) as Value).grad), name).toBe(true);
      }
    },
  );
});

// ---- random graphs: any op, shared operands, constants, inputs and parameters, no domain limits

type NodeSpec = { op: string; i: number; j: number; c: number };
const ops = ['add', 'sub', 'mul', 'div', 'neg', 'pow', 'exp', 'log', 'tanh', 'relu', 'sigmoid'];
const number = fc.oneof(
  fc.double({ min: -4, max: 4, noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 0.5, 2, 800),
);
const graph = fc.record({
  inputs: fc.array(number, { minLength: 1, maxLength: 3 }),
  params: fc.array(number, { minLength: 0, maxLength: 3 }),
  nodes: fc.array(fc.record({ op: fc.constantFrom(...ops), i: fc.nat(), j: fc.nat(), c: number }), {
    minLength: 1,
    maxLength: 25,
  }),
});

/** Builds the graph from leaves: node n takes operands among the leaves and nodes before it. */
function buildGraph(specs: NodeSpec[], xs: Value[], ps: Value[]): Value {
  const pool: Value[] = [...xs, ...ps];
  for (const { op, i, j, c } of specs) {
    const x = pool[i % pool.length] as Value;
    // the second operand is sometimes a plain number, which becomes a constant leaf
    const y = j % 4 === 0 ? c : (pool[j % pool.length] as Value);
    const k = [2, 3, 0.5, -1, 0][j % 5] as number;
    const unary: Record<string, () => Value> = {
      neg: () => x.neg(),
      pow: () => x.pow(k),
      exp: () => x.exp(),
      log: () => x.log(),
      tanh: () => x.tanh(),
      relu: () => x.relu(),
      sigmoid: () => x.sigmoid(),
    };
    const binary: Record<string, () => Value> = {
      add: () => x.add(y),
      sub: () => x.sub(y),
      mul: () => x.mul(y),
      div: () => x.div(y),
    };
    pool.push(((unary[op] ?? binary[op]) as () => Value)());
  }
  // every input reaches the output, as compile() requires
  return xs.reduce((out, x) => out.add(x), pool[pool.length - 1] as Value);
}

/** The object engine's value and gradients for the graph at these inputs and parameters. */
function objectEngine(specs: NodeSpec[], inputs: number[], params: number[]) {
  const xs = inputs.map((x) => new Value(x));
  const ps = params.map((p) => new Value(p));
  const out = buildGraph(specs, xs, ps);
  out.backward();
  return { value: out.data, inputGrads: xs.map((x) => x.grad), paramGrads: ps.map((p) => p.grad) };
}

describe('Tape on random graphs', () => {
  it('forward() and backward() equal the object engine bit for bit, NaN and ±Infinity included', () => {
    fc.assert(
      fc.property(graph, ({ inputs, params, nodes }) => {
        const ps = params.map((p) => new Value(p));
        const tape = compile((xs) => buildGraph(nodes, xs, ps), inputs, ps);
        const value = tape.forward();
        tape.backward();
        const want = objectEngine(nodes, inputs, params);
        // toBe and toEqual compare numbers with Object.is: NaN equals NaN, 0 differs from -0
        expect(value).toBe(want.value);
        expect(inputs.map((_, j) => tape.inputGrad(j))).toEqual(want.inputGrads);
        expect(ps.map((p) => p.grad)).toEqual(want.paramGrads);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('forward(inputs, params) replayed with new numbers equals a fresh object-engine build', () => {
    fc.assert(
      fc.property(graph, fc.array(number, { minLength: 6, maxLength: 6 }), (g, fresh) => {
        const ps = g.params.map((p) => new Value(p));
        const tape = compile((xs) => buildGraph(g.nodes, xs, ps), g.inputs, ps);
        const inputs = g.inputs.map((_, j) => fresh[j] as number);
        const params = g.params.map((_, j) => fresh[3 + j] as number);
        const value = tape.forward(inputs, params);
        tape.backward();
        const want = objectEngine(g.nodes, inputs, params);
        expect(value).toBe(want.value);
        expect(inputs.map((_, j) => tape.inputGrad(j))).toEqual(want.inputGrads);
        expect(ps.map((p) => p.data)).toEqual(params);
        expect(ps.map((p) => p.grad)).toEqual(want.paramGrads);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

// ---- micrograd's demo: the MLP, hinge loss and L2 as src/nn.ts and src/losses.ts build them

/** The demo's loss over the points in `flat` (x0, y0, x1, y1, …) with the labels `y`. */
const demoLoss = (model: MLP, y: readonly number[]) => (flat: Value[]) => {
  const scores = y.map((_, i) => model.forward([flat[2 * i] as Value, flat[2 * i + 1] as Value]));
  return hingeLoss(
    scores.map((s) => s[0] as Value),
    y,
  ).add(l2(model.parameters(), 1e-4));
};

describe('compile() on micrograd demo', () => {
  it('forward() gives the step-0 loss and backward() the step-0 gradients of the fixture', () => {
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    const params = model.parameters();
    params.forEach((p, i) => {
      p.data = demo.initial_parameters[i] as number;
    });
    const tape = compile(demoLoss(model, demo.y), demo.X.flat(), params);
    expect(tape.forward()).toBe(demo.trajectory[0]?.loss);
    tape.backward();
    params.forEach((p, i) => {
      expect(close(p.grad, demo.grads_step0[i] as number), `grad ${i}`).toBe(true);
    });
  });

  it('training with the tape follows the fixture trajectory and the object engine bit for bit', () => {
    const fast = new MLP(2, [16, 16, 1], { seed: 1337 });
    const slow = new MLP(2, [16, 16, 1], { seed: 1337 });
    const tape = compile(demoLoss(fast, demo.y), demo.X.flat(), fast.parameters());
    const slowLoss = demoLoss(slow, demo.y);
    const slowInputs = () => demo.X.flat().map((x) => new Value(x));
    for (let k = 0; k < 20; k++) {
      // forward
      const loss = tape.forward();
      const reference = slowLoss(slowInputs());
      expect(loss).toBe(reference.data);
      expect(Math.abs(loss - (demo.trajectory[k]?.loss as number))).toBeLessThan(1e-9 * loss);
      // backward
      fast.zeroGrad();
      tape.backward();
      slow.zeroGrad();
      reference.backward();
      // update (sgd), micrograd's learning rate schedule
      const lr = 1.0 - (0.9 * k) / 100;
      const ps = slow.parameters();
      fast.parameters().forEach((p, i) => {
        const q = ps[i] as Value;
        expect(p.grad).toBe(q.grad);
        p.data -= lr * p.grad;
        q.data -= lr * q.grad;
      });
    }
  });

  it('forward() with other points equals the object engine built on those points', () => {
    const model = new MLP(2, [16, 16, 1], { seed: 1337 });
    const y = demo.y.slice(0, 10);
    const tape = compile(demoLoss(model, y), demo.X.slice(0, 10).flat(), model.parameters());
    const other = demo.X.slice(50, 60).flat();
    const value = tape.forward(other);
    model.zeroGrad();
    tape.backward();
    const fromTape = model.parameters().map((p) => p.grad);
    model.zeroGrad();
    const reference = demoLoss(model, y)(other.map((x) => new Value(x)));
    reference.backward();
    expect(value).toBe(reference.data);
    expect(fromTape).toEqual(model.parameters().map((p) => p.grad));
  });
});

describe('compile() with several outputs', () => {
  it('computes every output; backward() differentiates output 0 only', () => {
    const w = new Value(3, 'w');
    const tape = compile(([x]) => [(x as Value).mul(w), w.exp(), (x as Value).tanh()], [2], [w]);
    expect(tape.nOutputs).toBe(3);
    expect(tape.forward()).toBe(6);
    expect(tape.output(1)).toBe(Math.exp(3));
    expect(tape.output(2)).toBe(Math.tanh(2));
    tape.backward();
    expect(w.grad).toBe(2); // d(x·w)/dw; exp(w) is not part of output 0
    expect(tape.inputGrad(0)).toBe(3);
  });
});

describe('compile() with relu', () => {
  it('replays a relu that switched side: its branch is data, not shape', () => {
    const w = new Value(1, 'w');
    const tape = compile(([x]) => (x as Value).mul(w).relu(), [2], [w]);
    expect(tape.forward([-2])).toBe(0);
    tape.backward();
    expect(w.grad).toBe(0);
    expect(tape.forward([3])).toBe(3);
    tape.backward();
    expect(w.grad).toBe(3);
  });
});

describe('compile() refuses what it cannot replay', () => {
  it('throws when the graph shape depends on the data', () => {
    const branchy = ([x]: Value[]) =>
      (x as Value).data > 0 ? (x as Value).tanh() : (x as Value).mul(2).add(1);
    expect(() => compile(branchy, [-0.3])).toThrow(
      /compile: f built 5 nodes, then 2 when the inputs changed: its graph depends on the data/,
    );
  });

  it('throws when an op depends on the data, naming the node', () => {
    const pick = ([x]: Value[]) =>
      (x as Value).data > 0 ? (x as Value).tanh() : (x as Value).relu();
    expect(() => compile(pick, [0.5])).toThrow(
      'compile: node 1 was tanh of node 0, then relu of node 0 when the inputs changed',
    );
  });

  it('throws when the same ops take other leaves: inputs or params that trade places', () => {
    const larger = (xs: Value[]) => {
      const [a, b] = xs as [Value, Value];
      return a.data > b.data ? a.sub(b) : b.sub(a);
    };
    // 3 > 1 puts inputs[0] first in the graph; the check trace's -4.25 < -1.25 puts it second
    expect(() => compile(larger, [3, 1])).toThrow(
      "compile: inputs[0] was node 0, then node 1 when the inputs changed: f's graph depends on the data",
    );
    const p = new Value(5);
    const scale = ([a]: Value[]) =>
      (a as Value).data > 0 ? (a as Value).mul(2) : (a as Value).mul(p);
    expect(() => compile(scale, [1], [p])).toThrow(
      "compile: params[0] was unused, then node 1 when the inputs changed: f's graph depends on the data",
    );
  });

  it('throws when the outputs change order or number', () => {
    const swap = ([x]: Value[]) => {
      const [a, b] = [(x as Value).mul(2), (x as Value).add(1)];
      return (x as Value).data > 0 ? [a.add(b), a, b] : [a.add(b), b, a];
    };
    expect(() => compile(swap, [1])).toThrow(
      /^compile: outputs\[1\] was node \d+, then node \d+ when/,
    );
    const more = ([x]: Value[]) => {
      const a = (x as Value).mul(2);
      return (x as Value).data > 0 ? [a] : [a, a];
    };
    expect(() => compile(more, [1])).toThrow(
      'compile: f returned 1 outputs, then 2 when the inputs changed',
    );
  });

  it('throws on an op the tape does not know', () => {
    const a = new Value(4);
    const sqrt: Op = Object.freeze({
      symbol: 'sqrt',
      arity: 1,
      forward: Math.sqrt,
      dx: (g: number, _x: number, _y: number, out: number) => g / (2 * out),
      dy: () => 0,
    });
    const odd = new Value(2, '', sqrt, a);
    expect(() => compile(() => odd, [], [a])).toThrow(
      'compile: unknown op "sqrt"; the tape knows + - * / neg **k exp log tanh relu sigmoid',
    );
  });

  it('throws when a constant was computed from an input', () => {
    expect(() => compile(([x]) => (x as Value).mul((x as Value).data), [3])).toThrow(
      'compile: constant 0 was 3, then -4.25 when the inputs changed',
    );
  });

  it('throws when f uses a leaf made outside it that is not in params', () => {
    const w = new Value(0.5, 'w');
    expect(() => compile(([x]) => (x as Value).mul(w), [1])).toThrow(
      'compile: f uses a Value made outside it (data 0.5, label "w") that is neither an input nor in params',
    );
  });

  it('with { check: false } traces once and does not look', () => {
    const branchy = ([x]: Value[]) =>
      (x as Value).data > 0 ? (x as Value).tanh() : (x as Value).mul(2).add(1);
    const tape = compile(branchy, [-0.3], [], { check: false });
    expect(tape.forward()).toBeCloseTo(0.4, 15);
  });

  it('throws when an input is unused', () => {
    expect(() => compile(([x]) => (x as Value).exp(), [1, 2])).toThrow(
      'compile: f does not use inputs[1]',
    );
  });
});

describe('bad input', () => {
  const w = new Value(1, 'w');
  const tape = compile(([x, y]) => (x as Value).mul(y as Value).add(w), [1, 2], [w]);

  it('Tape.forward() rejects inputs of the wrong length, naming both lengths', () => {
    expect(() => tape.forward([1])).toThrow(
      new RangeError('Tape.forward: expected 2 inputs, got 1'),
    );
    expect(() => tape.forward([1, 2], [1, 2])).toThrow('Tape.forward: expected 1 params, got 2');
  });

  it('Tape.forward() rejects inputs that are not numbers', () => {
    expect(() => tape.forward([1, '2' as unknown as number])).toThrow(
      new TypeError('Tape.forward: expected inputs[1] to be a number, got string "2"'),
    );
    expect(() => tape.forward(5 as unknown as number[])).toThrow(
      'Tape.forward: expected inputs to be an array of numbers, got number 5',
    );
  });

  it('Tape.output() and Tape.inputGrad() reject an index out of range', () => {
    expect(() => tape.output(1)).toThrow('Tape.output: no output 1; the tape has 1');
    expect(() => tape.inputGrad(2)).toThrow('Tape.inputGrad: no input 2; the tape has 2');
  });

  it('compile() rejects a bad function, inputs, params or output', () => {
    const f = ([x]: Value[]) => x as Value;
    expect(() => compile(42 as unknown as typeof f, [1])).toThrow(
      'compile: expected f to be a function, got number 42',
    );
    expect(() => compile(f, [Number.NaN, 'a' as unknown as number])).toThrow(
      'compile: expected inputs[1] to be a number, got string "a"',
    );
    expect(() => compile(f, [1], [2 as unknown as Value])).toThrow(
      'compile: expected params[0] to be a Value, got number 2',
    );
    expect(() => compile(f, [1], [w, w])).toThrow('compile: params[1] appears twice in params');
    expect(() => compile(f, [1], [w.add(1)])).toThrow(
      'compile: params[0] is the result of +; parameters must be leaves',
    );
    expect(() => compile(() => 3 as unknown as Value, [])).toThrow(
      'compile: expected f to return a Value or Values, got number 3 at 0',
    );
    expect(() => compile(() => [], [])).toThrow('compile: f returned no outputs; expected a Value');
  });

  it('compile() rejects a node with the wrong number of operands', () => {
    const a = new Value(1);
    const odd = new Value(3, '', Value.addOp, a);
    expect(() => compile(() => odd, [], [a])).toThrow(
      'compile: a + node has 1 operands; expected 2',
    );
  });
});

describe('Tape.byteLength', () => {
  it('grows with the graph and shrinks when multiply-adds fold', () => {
    const sum = (n: number) => (xs: Value[]) =>
      xs.slice(0, n).reduce((acc, x) => acc.add(x.mul(x)), new Value(0));
    const inputs = Array.from({ length: 64 }, (_, i) => i / 64);
    const [small, large] = [compile(sum(8), inputs.slice(0, 8)), compile(sum(64), inputs)];
    expect(large.byteLength).toBeGreaterThan(small.byteLength);
    // each x·x + acc folds into one row: fewer rows than nodes, and fewer bytes than one row per node
    expect(large.rows).toBeLessThan(large.size);
    const unfused = compile(
      (xs) => xs.reduce((acc, x) => acc.add(x.mul(x).relu()), new Value(0)),
      inputs,
    );
    expect(unfused.rows).toBe(unfused.size);
    expect(large.byteLength / large.size).toBeLessThan(unfused.byteLength / unfused.size);
  });
});

// Oracle: PyTorch 1.13 float64 autograd (issues 13 and 15); the object engine's tests hold the same.
describe('Tape at the edges where IEEE arithmetic and PyTorch part', () => {
  const inputGrad = (f: (x: Value) => Value, x: number) => {
    const tape = compile(([v]) => f(v as Value), [x]);
    tape.forward();
    tape.backward();
    return tape.inputGrad(0);
  };

  it('div() gradient w.r.t. the divisor is −out/y at 1e200 and 1e-200', () => {
    expect(inputGrad((y) => new Value(1e200).div(y), 1e200)).toBe(-1e-200);
    expect(inputGrad((y) => new Value(1e-200).div(y), 1e-200)).toBe(-(1 / 1e-200));
  });

  it('relu() and pow(0) pass nothing back, even an infinite gradient; relu() at NaN passes it on', () => {
    expect(inputGrad((x) => x.relu().mul(Number.POSITIVE_INFINITY), -1)).toBe(0);
    expect(inputGrad((x) => x.pow(0).mul(Number.POSITIVE_INFINITY), 0)).toBe(0);
    expect(inputGrad((x) => x.relu(), Number.NaN)).toBe(1);
  });

  it('backward() twice on a lone parameter accumulates its grad to 2', () => {
    const p = new Value(3);
    const tape = compile(() => p, [], [p]);
    tape.forward();
    tape.backward();
    tape.backward();
    expect(p.grad).toBe(2);
  });
});

// ---- the multiply-add fusion: a `*` used only by the `+` right after it shares that `+`'s row

/** b + w0·x0 + w1·x1 + …, a neuron's sum, as src/nn.ts builds it. */
const weightedSum = (b: Value, w: Value[], xs: Value[]) =>
  w.reduce((acc, wi, i) => acc.add(wi.mul(xs[i] as Value)), b);

describe('compile() fusing multiply-adds', () => {
  it('folds each product of a neuron sum into the row of its `+`', () => {
    const w = [new Value(0.5), new Value(-2), new Value(3)];
    const b = new Value(0.25);
    const tape = compile((xs) => weightedSum(b, w, xs), [1, 2, 3], [b, ...w]);
    // nodes: b, then per term w, x, w·x, + → 1 + 4·3; rows: the three w·x fold into their +
    expect([tape.size, tape.rows]).toEqual([13, 10]);
    // 32 bytes per row; terms: [1, w, x] per row (4 bytes each); 3 input, 4 param, 1 output slots
    expect(tape.byteLength).toBe(10 * 32 + 9 * 4 + 8 * 4);
    expect(tape.forward()).toBe(0.25 + 0.5 * 1 + -2 * 2 + 3 * 3);
    tape.backward();
    expect(w.map((wi) => wi.grad)).toEqual([1, 2, 3]);
    expect([0, 1, 2].map((j) => tape.inputGrad(j))).toEqual([0.5, -2, 3]);
  });

  it('folds a whole neuron sum into one row once its weights and inputs have rows', () => {
    const w = [new Value(0.5), new Value(-2), new Value(3)];
    const b = new Value(0.25);
    const tape = compile(
      (xs) => weightedSum(b, w, xs).add(weightedSum(b, w, xs)),
      [1, 2, 3],
      [b, ...w],
    );
    // the first sum: 13 nodes, 10 rows as above; the second: 6 nodes (3 ·, 3 +), 1 row; then +
    expect([tape.size, tape.rows]).toEqual([20, 12]);
    expect(tape.forward()).toBe(2 * (0.25 + 0.5 * 1 + -2 * 2 + 3 * 3));
    tape.backward();
    expect([b, ...w].map((p) => p.grad)).toEqual([2, 2, 4, 6]);
    expect([0, 1, 2].map((j) => tape.inputGrad(j))).toEqual([1, -4, 6]);
  });

  it('keeps a product that is an output or used twice in its own row', () => {
    const w = new Value(3);
    const asOutput = compile(
      ([x]) => {
        const m = (x as Value).mul(w);
        return [w.add(m), m];
      },
      [2],
      [w],
    );
    expect(asOutput.rows).toBe(asOutput.size);
    expect([asOutput.forward(), asOutput.output(1)]).toEqual([9, 6]);
    const usedTwice = compile(
      ([x]) => {
        const m = (x as Value).mul(w);
        return w.add(m).add(m);
      },
      [2],
      [w],
    );
    expect(usedTwice.rows).toBe(usedTwice.size);
  });

  it('equals the object engine bit for bit on random sums of products, outputs and reuse included', () => {
    // each term: acc + p·q, with p, q among the leaves and earlier sums; sometimes the product is
    // also an output or reused, which must keep it out of the fusion
    const term = fc.record({ i: fc.nat(), j: fc.nat(), flip: fc.boolean(), keep: fc.nat(5) });
    const build = (terms: { i: number; j: number; flip: boolean; keep: number }[]) => {
      return (pool: Value[]): Value[] => {
        const extra: Value[] = [];
        let acc = pool[0] as Value;
        for (const { i, j, flip, keep } of terms) {
          const m = (pool[i % pool.length] as Value).mul(pool[j % pool.length] as Value);
          acc = flip ? m.add(acc) : acc.add(m);
          if (keep === 0) extra.push(m);
          if (keep === 1) acc = acc.add(m);
          pool.push(acc);
        }
        return [acc, ...extra];
      };
    };
    fc.assert(
      fc.property(
        fc.array(number, { minLength: 2, maxLength: 4 }),
        fc.array(number, { minLength: 1, maxLength: 3 }),
        fc.array(term, { minLength: 1, maxLength: 20 }),
        (inputs, params, terms) => {
          const f = build(terms);
          // every input reaches output 0, as compile() requires
          const outputs = (xs: Value[], ps: Value[]) => {
            const [out, ...rest] = f([...xs, ...ps]);
            return [xs.reduce((o, x) => o.add(x), out as Value), ...rest];
          };
          const ps = params.map((p) => new Value(p));
          const tape = compile((xs) => outputs(xs, ps), inputs, ps);
          const value = tape.forward();
          tape.backward();
          const xs = inputs.map((x) => new Value(x));
          const qs = params.map((p) => new Value(p));
          const want = outputs(xs, qs);
          (want[0] as Value).backward();
          expect(value).toBe((want[0] as Value).data);
          expect(want.map((_, k) => tape.output(k))).toEqual(want.map((w) => w.data));
          expect(inputs.map((_, j) => tape.inputGrad(j))).toEqual(xs.map((x) => x.grad));
          expect(ps.map((p) => p.grad)).toEqual(qs.map((q) => q.grad));
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });
});
