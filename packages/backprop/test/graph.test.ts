import { describe, expect, it } from 'vitest';
import { PythonRandom, toDot, trace, Value } from '../src/index.ts';
import { buildCase, goldenCases } from './golden-cases.ts';

/** The lecture's tanh neuron, every node labelled as in the video. */
function tanhNeuron() {
  const x1 = new Value(2, 'x1');
  const x2 = new Value(0, 'x2');
  const w1 = new Value(-3, 'w1');
  const w2 = new Value(1, 'w2');
  const b = new Value(6.8813735870195432, 'b');
  const x1w1 = x1.mul(w1);
  x1w1.label = 'x1*w1';
  const x2w2 = x2.mul(w2);
  x2w2.label = 'x2*w2';
  const sum = x1w1.add(x2w2);
  sum.label = 'x1*w1 + x2*w2';
  const n = sum.add(b);
  n.label = 'n';
  const o = n.tanh();
  o.label = 'o';
  return { o, n, x1, w1 };
}

/** A neuron whose inputs and weights are drawn from Python's random.seed(1337) stream. */
function seededNeuron() {
  const rng = new PythonRandom(1337);
  const x = [0, 1, 2].map((i) => new Value(rng.uniform(-1, 1), `x${i}`));
  const w = [0, 1, 2].map((i) => new Value(rng.uniform(-1, 1), `w${i}`));
  const b = new Value(rng.uniform(-1, 1), 'b');
  const act = x.reduce((sum, xi, i) => sum.add(xi.mul(w[i] as Value)), b);
  return act.tanh();
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('toDot() snapshots', () => {
  it('toDot() draws the tanh neuron after backward() like draw_dot', async () => {
    const { o } = tanhNeuron();
    o.backward();
    await expect(toDot(o)).toMatchFileSnapshot('__snapshots__/graph/tanh-neuron.dot');
  });

  it('toDot() before backward() says grads are not computed yet', async () => {
    const { o } = tanhNeuron();
    await expect(toDot(o)).toMatchFileSnapshot('__snapshots__/graph/tanh-neuron-forward.dot');
  });

  it('toDot() with localGrads and highlight on a seeded neuron', async () => {
    const out = seededNeuron();
    out.backward();
    const dot = toDot(out, { localGrads: true, highlight: out });
    await expect(dot).toMatchFileSnapshot('__snapshots__/graph/seeded-neuron.dot');
  });

  it('toDot() with significant digits keeps tiny and huge numbers readable', async () => {
    const y = new Value(970330390.8196, 'y');
    const out = y.mul(0.000001);
    out.label = 'out';
    out.backward();
    await expect(toDot(out, { significant: 4, localGrads: true })).toMatchFileSnapshot(
      '__snapshots__/graph/significant-digits.dot',
    );
  });

  it('toDot() draws a.add(a) with two edges from a', async () => {
    const a = new Value(3, 'a');
    const b = a.add(a);
    b.label = 'b';
    b.backward();
    await expect(toDot(b, { localGrads: true })).toMatchFileSnapshot(
      '__snapshots__/graph/a-plus-a.dot',
    );
  });
});

describe('toDot() structure', () => {
  it('toDot() on the tanh neuron has one record per Value, one node per op, and its edges', () => {
    const { o } = tanhNeuron();
    o.backward();
    const dot = toDot(o);
    // 5 leaves + 5 results; 5 ops (2 *, 2 +, tanh) with 2+2+2+2+1 operands; 5 op → result edges
    expect(count(dot, 'shape=record')).toBe(10);
    expect(count(dot, 'shape=ellipse')).toBe(5);
    expect(count(dot, ' -> ')).toBe(9 + 5);
    expect(dot).toContain('label="{ x1 | data 2.0000 | grad -1.5000 }"');
    expect(dot).toContain('label="{ w1 | data -3.0000 | grad 1.0000 }"');
    expect(dot).toContain('label="{ n | data 0.8814 | grad 0.5000 }"');
    expect(dot).toContain('label="{ o | data 0.7071 | grad 1.0000 }"');
    expect(dot).toContain('label="tanh"');
    expect(dot).toMatch(/^digraph \{\n {2}graph \[rankdir=LR/);
  });

  it('toDot() ids are topological indices: n<i> for the Value, n<i>_op for its op', () => {
    const a = new Value(2, 'a');
    const b = new Value(-3, 'b');
    const c = a.mul(b);
    const dot = toDot(c);
    expect(dot).toContain('n0 [id="n0", shape=record, label="{ a | data 2.0000 | grad ? }"');
    expect(dot).toContain('n1 [id="n1", shape=record, label="{ b | data -3.0000 | grad ? }"');
    expect(dot).toContain('n2_op -> n2 [id="n2_out"]');
    expect(dot).toContain('n0 -> n2_op [id="n2_in0"]');
    expect(dot).toContain('n1 -> n2_op [id="n2_in1"]');
    expect(toDot(c)).toBe(dot);
  });

  it('toDot() keeps both uses of an operand used twice', () => {
    const a = new Value(3, 'a');
    const dot = toDot(a.add(a));
    expect(dot).toContain('n0 -> n1_op [id="n1_in0"]');
    expect(dot).toContain('n0 -> n1_op [id="n1_in1"]');
    expect(count(dot, ' -> ')).toBe(3);
  });

  it('toDot() grads: auto shows grads only once backward() has run', () => {
    const { o } = tanhNeuron();
    const before = toDot(o);
    expect(before).toContain('label="grads not computed yet: call backward()"');
    expect(count(before, '| grad ? }')).toBe(10);
    expect(before).not.toContain('grad 0.0000');
    o.backward();
    const after = toDot(o);
    expect(after).not.toContain('not computed');
    expect(after).not.toContain('grad ?');
  });

  it("toDot() grads: 'show' draws them even before backward(), 'hide' never", () => {
    const { o } = tanhNeuron();
    const shown = toDot(o, { grads: 'show' });
    expect(count(shown, 'grad 0.0000')).toBe(10);
    expect(shown).not.toContain('not computed');
    o.backward();
    const hidden = toDot(o, { grads: 'hide' });
    expect(hidden).not.toContain('grad');
    expect(hidden).toContain('label="{ x1 | data 2.0000 }"');
  });

  it('toDot() localGrads labels each operand edge with d(result)/d(operand)', () => {
    const { o } = tanhNeuron();
    const dot = toDot(o, { localGrads: true });
    // d(x1*w1)/dx1 = w1 = -3, d(x1*w1)/dw1 = x1 = 2, d tanh(n)/dn = 1 - tanh(n)² = 0.5
    expect(dot).toContain('n0 -> n2_op [id="n2_in0", label="local -3.0000"]');
    expect(dot).toContain('n1 -> n2_op [id="n2_in1", label="local 2.0000"]');
    expect(dot).toContain('n8 -> n9_op [id="n9_in0", label="local 0.5000"]');
    expect(count(dot, 'label="local ')).toBe(9);
    expect(toDot(o)).not.toContain('local');
  });

  it('toDot() highlight marks the record, its op and the edges into that op', () => {
    const { o, n, x1 } = tanhNeuron();
    const dot = toDot(o, { highlight: [n, x1] });
    const amber = 'fillcolor="#ffe08a"';
    expect(count(dot, amber)).toBe(3); // n, n's op, x1 (a leaf has no op)
    expect(dot).toMatch(/n8 \[id="n8".*fillcolor="#ffe08a"/);
    expect(dot).toMatch(/n8_op \[id="n8_op".*fillcolor="#ffe08a"/);
    expect(dot).toMatch(/n0 \[id="n0".*fillcolor="#ffe08a"/);
    const amberEdges = dot
      .split('\n')
      .filter((line) => line.includes('->') && line.includes('#b07800'));
    expect(amberEdges).toEqual([
      '  n6 -> n8_op [id="n8_in0", color="#b07800", penwidth=2];',
      '  n7 -> n8_op [id="n8_in1", color="#b07800", penwidth=2];',
    ]);
    expect(count(toDot(o, { highlight: o }), amber)).toBe(2);
  });

  it('toDot() highlight rejects a Value from another graph', () => {
    const { o } = tanhNeuron();
    expect(() => toDot(o, { highlight: new Value(1, 'stranger') })).toThrow(
      "toDot: expected highlight to contain only Values from root's graph",
    );
  });

  it('toDot() escapes labels for DOT records', () => {
    const v = new Value(1, 'a|b {c} <d> "e" \\N');
    expect(toDot(v, { grads: 'hide' })).toContain(
      'label="{ a\\|b \\{c\\} \\<d\\> \\"e\\" \\\\N | data 1.0000 }"',
    );
    const lines = new Value(1, 'two\nlines');
    expect(toDot(lines, { grads: 'hide' })).toContain('label="{ two\\nlines | data 1.0000 }"');
  });

  it('toDot() digits and rankdir change the format and the direction', () => {
    const a = new Value(Math.PI, 'pi');
    const dot = toDot(a.mul(2), { digits: 2, rankdir: 'TB' });
    expect(dot).toContain('data 3.14');
    expect(dot).toContain('data 6.28');
    expect(dot).toContain('rankdir=TB');
  });

  it('toDot() significant: 4 significant digits, an exponent below 0.001 and from 100000', () => {
    // y·0.000001 with y = 970330390.8196: 4 decimals would print the constant and y's grad as 0.0000
    const y = new Value(970330390.8196, 'y');
    const c = new Value(0.000001, 'c');
    const out = y.mul(c);
    out.backward();
    const dot = toDot(out, { significant: 4, localGrads: true });
    expect(dot).toContain('label="{ y | data 9.703e+8 | grad 1e-6 }"');
    expect(dot).toContain('label="{ c | data 1e-6 | grad 9.703e+8 }"');
    // 970330390.8196 × 0.000001 = 970.3303908196
    expect(dot).toContain('data 970.3 | grad 1 }');
    expect(dot).toContain('label="local 1e-6"');
    const { o } = tanhNeuron();
    o.backward();
    const neuron = toDot(o, { significant: 4 });
    expect(neuron).toContain('label="{ b | data 6.881 | grad 0.5 }"');
    expect(neuron).toContain('label="{ o | data 0.7071 | grad 1 }"');
    expect(neuron).toContain('label="{ x1 | data 2 | grad -1.5 }"');
    // 0.001 and 12345 stay plain; 0.00099, 100000 and 99999 (1.000e+5 rounded) get an exponent
    const shown = (x: number) =>
      toDot(new Value(x, 'v'), { grads: 'hide', significant: 4 }).match(/data (\S+) \}/)?.[1];
    expect([0.001, 12345, 0.00099, 100000, 99999, -0, 10500, 0.001234].map(shown)).toEqual([
      '0.001',
      '12345',
      '9.9e-4',
      '1e+5',
      '1e+5',
      '0',
      '10500',
      '0.001234',
    ]);
  });

  it('toDot() rejects bad options, naming what was expected', () => {
    const a = new Value(1);
    expect(() => toDot(a, { digits: -1 })).toThrow('expected digits to be an integer from 0 to 20');
    expect(() => toDot(a, { significant: 0 })).toThrow(
      'toDot: expected significant to be an integer from 1 to 17, got 0',
    );
    expect(() => toDot(a, { grads: 'yes' as 'show' })).toThrow(
      "expected grads to be 'auto', 'show' or 'hide', got yes",
    );
    expect(() => toDot(a, { rankdir: 'RL' as 'LR' })).toThrow(
      "expected rankdir to be 'LR' or 'TB'",
    );
  });
});

// Counts from the fixture's own description of each DAG: every op node is a record plus an op
// node; each leaf name used and each constant is a leaf record; every argument is an edge.
describe('toDot() on the golden DAGs', () => {
  it.each(goldenCases.slice(0, 40).map((c) => [c.id, c] as const))(
    'toDot() on %s has the fixture’s record, op and edge counts',
    (_, c) => {
      // nodes reachable from `out`, found from the fixture's own lists
      const byId = new Map(c.nodes.map((n) => [n.id, n]));
      const ops = new Set<string>();
      const leaves = new Set<string>();
      let constants = 0;
      let operandEdges = 0;
      const visit = (id: string) => {
        const n = byId.get(id);
        if (n === undefined) return void leaves.add(id);
        if (ops.has(id)) return;
        ops.add(id);
        for (const arg of n.args) {
          operandEdges++;
          if (typeof arg === 'number') constants++;
          else visit(arg);
        }
      };
      visit(c.out);
      const root = buildCase(c);
      root.backward();
      const dot = toDot(root);
      expect(count(dot, 'shape=record')).toBe(ops.size + leaves.size + constants);
      expect(count(dot, 'shape=ellipse')).toBe(ops.size);
      expect(count(dot, ' -> ')).toBe(operandEdges + ops.size);
      for (const name of leaves) expect(dot).toContain(`label="{ ${name} | data `);
      const { nodes, edges } = trace(root);
      expect([nodes.length, edges.length]).toEqual([
        ops.size + leaves.size + constants,
        operandEdges,
      ]);
    },
  );
});

// A learner's own Value, written as in the lecture: data, children, op and label, nothing else.
class LearnerValue {
  grad = 0;
  constructor(
    readonly data: number,
    readonly children: LearnerValue[] = [],
    readonly op = '',
    readonly label = '',
  ) {}
}

describe('toDot() on Value-shaped objects', () => {
  it('toDot() draws a learner Value like the library draws the same graph', () => {
    const a = new LearnerValue(2, [], '', 'a');
    const b = new LearnerValue(-3, [], '', 'b');
    const e = new LearnerValue(-6, [a, b], '*', 'e');
    const d = new LearnerValue(4, [e, new LearnerValue(10, [], '', 'c')], '+', 'd');
    const dot = toDot(d);
    expect(dot).toContain('label="{ a | data 2.0000 | grad ? }"');
    expect(dot).toContain('label="{ d | data 4.0000 | grad ? }"');
    const library = new Value(2, 'a').mul(new Value(-3, 'b'));
    library.label = 'e';
    const sum = library.add(new Value(10, 'c'));
    sum.label = 'd';
    expect(dot).toBe(toDot(sum));
  });

  it('toDot() draws a Value without grads (the lecture before backward) with data only', () => {
    const x = { data: 3, children: [], label: 'x' };
    const y = { data: 9, children: new Set([x]), op: '**2', label: 'y' };
    const dot = toDot(y);
    expect(dot).toContain('label="{ y | data 9.0000 }"');
    expect(dot).toContain('label="**2"');
    expect(dot).not.toContain('grad');
  });

  it('trace() of a Value-shaped chain 100,000 deep does not overflow the stack', () => {
    let v: { data: number; children: object[] } = { data: 0, children: [] };
    for (let i = 0; i < 100_000; i++) v = { data: i, children: [v] };
    expect(trace(v as never).nodes).toHaveLength(100_001);
  });

  it('toDot() rejects an object that is not Value-shaped, naming what it expected', () => {
    expect(() => toDot({ value: 1 } as never)).toThrow(
      /toDot: expected a Value-shaped object \(\{ data: number, children: \[\.\.\.\] \}\), got an object with value/,
    );
    expect(() => toDot({ data: 1, children: [null] } as never)).toThrow(TypeError);
  });
});
