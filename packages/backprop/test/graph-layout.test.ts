// toDot's size rule: Graphviz's dot while its layout stays cheap, else the plain layout, and a
// RangeError past MAX_DOT_NODES. Oracle: the cost formula counted by hand for x+x+…+x, and the
// geometry every plain drawing must have (each operand left of its op, each op left of its result).
import { describe, expect, it } from 'vitest';
import {
  DOT_LAYOUT_BUDGET,
  dotLayoutCost,
  MAX_DOT_NODES,
  parseExpression,
  toDot,
  Value,
} from '../src/index.ts';

/** `x+x+…+x` with n terms, after backward(). */
function sumOf(n: number): Value {
  const { root } = parseExpression(Array.from({ length: n }, () => 'x').join('+'), { x: 1 });
  root.backward();
  return root;
}

/** Node id → [x, y] from the DOT's `pos` attributes. */
function positions(dot: string): Map<string, [number, number]> {
  const at = new Map<string, [number, number]>();
  for (const [, id, x, y] of dot.matchAll(
    /^ {2}(n\d+(?:_op)?) \[.*pos="(-?[\d.]+),(-?[\d.]+)!"/gm,
  )) {
    at.set(id as string, [Number(x), Number(y)]);
  }
  return at;
}

describe('toDot() size rule', () => {
  it('dotLayoutCost() of x+x+…+x is n + (n−1) + (n−1)(n−2), counted by hand', () => {
    // n Values and n−1 op nodes; x sits before the first +, and its edge into the k-th + crosses
    // 2k−2 columns (k = 2 … n−1): 2·(1 + … + (n−2)) = (n−1)(n−2) virtual nodes
    for (const n of [2, 3, 10, 200]) {
      expect(dotLayoutCost(sumOf(n))).toBe(n + (n - 1) + (n - 1) * (n - 2));
      // edge labels take a column each: twice the work
      expect(dotLayoutCost(sumOf(n), { localGrads: true })).toBe(
        2 * (n + (n - 1) + (n - 1) * (n - 2)),
      );
    }
  });

  it('toDot() keeps dot for small graphs: no positions, edge labels kept', () => {
    const root = sumOf(10);
    expect(dotLayoutCost(root)).toBeLessThanOrEqual(DOT_LAYOUT_BUDGET);
    const dot = toDot(root, { localGrads: true });
    expect(dot).not.toContain('layout=nop2');
    expect(dot).not.toContain('pos=');
    expect(dot).toContain('label="local 1.0000"');
  });

  it('toDot() draws x+x+…+x with 200 terms in the plain layout: every node placed, no edge labels', () => {
    const root = sumOf(200);
    expect(dotLayoutCost(root)).toBeGreaterThan(DOT_LAYOUT_BUDGET);
    const dot = toDot(root, { grads: 'show', highlight: root, localGrads: true });
    expect(dot).toContain('layout=nop2');
    expect(dot).not.toContain('label="local');
    const at = positions(dot);
    // 200 Values and 199 op nodes, each with its own position
    expect(at.size).toBe(399);
    expect(new Set([...at.values()].map(String)).size).toBe(399);
    // in reading order, as text wraps: each op just left of its result, on its row; each
    // operand before its op, left of it or in a band above (Graphviz's y grows upwards)
    for (const [, from, op] of dot.matchAll(/^ {2}(n\d+) -> (n\d+_op) /gm)) {
      const [fx, fy] = at.get(from as string) as [number, number];
      const [ox, oy] = at.get(op as string) as [number, number];
      const [rx, ry] = at.get((op as string).replace('_op', '')) as [number, number];
      expect(ox).toBeLessThan(rx);
      expect(oy).toBe(ry);
      expect(fx < ox || fy > oy, `${from} before ${op}`).toBe(true);
    }
    // a chain of 200 results wraps into bands: the drawing is not one long line
    const xs = [...at.values()].map(([x]) => x);
    const ys = [...at.values()].map(([, y]) => y);
    const extent = (v: number[]) => Math.max(...v) - Math.min(...v);
    expect(extent(xs) / extent(ys)).toBeLessThan(10);
  });

  it("toDot() layout: 'plain' and 'dot' force a layout; top to bottom puts operands above", () => {
    const root = sumOf(3);
    expect(toDot(root, { layout: 'plain' })).toContain('layout=nop2');
    expect(toDot(sumOf(200), { layout: 'dot' })).not.toContain('layout=nop2');
    const at = positions(toDot(root, { layout: 'plain', rankdir: 'TB' }));
    // Graphviz's y grows upwards: the result (last id) is below the leaf x (n0)
    expect((at.get('n0') as [number, number])[1]).toBeGreaterThan(
      (at.get('n2') as [number, number])[1],
    );
    expect(() => toDot(root, { layout: 'neato' as 'dot' })).toThrow(
      "toDot: expected layout to be 'auto', 'dot' or 'plain', got neato",
    );
  });

  it('toDot() refuses a graph of more than MAX_DOT_NODES Values, naming the limit and the size', () => {
    let v = new Value(0, 'x');
    for (let i = 1; i < MAX_DOT_NODES; i++) v = v.tanh();
    expect(() => toDot(v)).not.toThrow();
    const over = v.tanh();
    expect(() => toDot(over)).toThrow(RangeError);
    expect(() => toDot(over)).toThrow(
      `toDot: expected a graph of at most ${MAX_DOT_NODES} Values, got ${MAX_DOT_NODES + 1}`,
    );
  });
});
