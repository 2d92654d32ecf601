// Draws a Value graph as Graphviz DOT text: the counterpart of micrograd's draw_dot
// (trace_graph.ipynb). It only builds a string; backprop-viz turns the string into a picture.

import { type Edge, trace, type ValueLike } from './trace.ts';

/** How toDot draws a graph. */
export interface DotOptions {
  /**
   * When to show each node's grad.
   * - `'auto'`: once backward() has run, detected by a non-zero `root.grad` (backward() sets it
   *   to 1). Before that, every record shows `grad ?` and the drawing is titled
   *   "grads not computed yet: call backward()", rather than showing zeros that look like results.
   * - `'show'`: always, e.g. while stepping through backward one node at a time.
   * - `'hide'`: never; records show only label and data.
   * @default 'auto'
   */
  grads?: 'auto' | 'show' | 'hide';
  /**
   * Values to emphasise. A highlighted value's record, its op node and the edges into that op
   * (the ones its `_backward()` sends gradient along) are drawn in amber.
   */
  highlight?: ValueLike | Iterable<ValueLike>;
  /**
   * Label each operand → op edge with its local derivative d(result)/d(operand) (not in the plain
   * layout, which has no room for labels; see `layout`). @default false
   */
  localGrads?: boolean;
  /** Decimal places for data, grad and local derivatives (micrograd prints 4). @default 4 */
  digits?: number;
  /**
   * Significant digits instead of fixed decimals, with an exponent outside 0.001 ≤ |x| < 100000,
   * so that tiny and huge numbers keep what matters: with 4, 0.000001 → `1e-6` (4 decimals: `0.0000`),
   * 970330390.8196 → `9.703e+8`, 0.70710678 → `0.7071`, 2 → `2`. Replaces `digits` when set.
   */
  significant?: number;
  /** Graphviz layout direction: `'LR'` left to right, as micrograd draws, or `'TB'` top to bottom. @default 'LR' */
  rankdir?: 'LR' | 'TB';
  /**
   * Who places the nodes.
   * - `'dot'`: Graphviz's `dot`, micrograd's layout: curved edges routed around the nodes.
   * - `'plain'`: toDot itself, in columns (operands left of their op, as `dot` ranks them), with
   *   straight edges and no edge labels. Its cost grows with the graph's size only, where `dot`'s
   *   grows with the length of its edges: a name used in 200 places (`x+x+…+x`) takes `dot`
   *   minutes, and `'plain'` well under a second.
   * - `'auto'`: `'dot'` while {@link dotLayoutCost} is at most {@link DOT_LAYOUT_BUDGET}, else `'plain'`.
   * @default 'auto'
   */
  layout?: 'auto' | 'dot' | 'plain';
}

/**
 * The most Values toDot draws: a larger graph is a RangeError (at this size a picture is no longer
 * readable, and the SVG runs to megabytes).
 */
export const MAX_DOT_NODES = 2000;

/**
 * The largest {@link dotLayoutCost} that toDot's `layout: 'auto'` gives to Graphviz's `dot`. Measured
 * with `npm run bench:graph`: graphs at this cost lay out in about a second or two.
 */
export const DOT_LAYOUT_BUDGET = 1200;

/**
 * The graph behind `root` as Graphviz DOT, in micrograd's draw_dot style: a record
 * `{ label | data 2.0000 | grad -3.0000 }` per Value, a small node per op, and edges
 * operand → op → result.
 *
 * Ids are deterministic: the Value at topological index i (see {@link trace}) is node `n<i>`
 * and its op is node `n<i>_op`. They are also set as `id`s, so they survive into the SVG.
 *
 * @example
 * const a = new Value(2, 'a');
 * const L = a.mul(-3);
 * L.backward();
 * toDot(L); // 'digraph {\n  graph [rankdir=LR, …]; …\n  n0 [id="n0", shape=record, label="{ a | data 2.0000 | grad -3.0000 }", …'
 */
export function toDot(root: ValueLike, options: DotOptions = {}): string {
  const { grads = 'auto', digits = 4, significant, rankdir = 'LR', layout = 'auto' } = options;
  if (!['auto', 'show', 'hide'].includes(grads)) {
    throw new RangeError(`toDot: expected grads to be 'auto', 'show' or 'hide', got ${grads}`);
  }
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) {
    throw new RangeError(`toDot: expected digits to be an integer from 0 to 20, got ${digits}`);
  }
  if (
    significant !== undefined &&
    !(Number.isInteger(significant) && significant >= 1 && significant <= 17)
  ) {
    throw new RangeError(
      `toDot: expected significant to be an integer from 1 to 17, got ${significant}`,
    );
  }
  if (rankdir !== 'LR' && rankdir !== 'TB') {
    throw new RangeError(`toDot: expected rankdir to be 'LR' or 'TB', got ${rankdir}`);
  }
  if (layout !== 'auto' && layout !== 'dot' && layout !== 'plain') {
    throw new RangeError(`toDot: expected layout to be 'auto', 'dot' or 'plain', got ${layout}`);
  }
  const { nodes, edges } = trace(root);
  if (nodes.length > MAX_DOT_NODES) {
    throw new RangeError(
      `toDot: expected a graph of at most ${MAX_DOT_NODES} Values, got ${nodes.length}`,
    );
  }
  const columns = layoutColumns(nodes, edges);
  const plain =
    layout === 'plain' ||
    (layout === 'auto' && costOf(nodes, edges, columns, options) > DOT_LAYOUT_BUDGET);
  // the plain layout has no room for edge labels
  const localGrads = (options.localGrads ?? false) && !plain;
  const at = plain ? plainPositions(nodes, columns, rankdir) : undefined;
  const id = new Map(nodes.map((v, i) => [v, `n${i}`]));
  const highlighted = highlightSet(options.highlight, id);
  const hasGrads = typeof root.grad === 'number';
  const showGrads = grads === 'show' || (grads === 'auto' && hasGrads && root.grad !== 0);
  const notComputed = grads === 'auto' && hasGrads && !showGrads;
  const num = (x: number) =>
    significant === undefined ? x.toFixed(digits) : toSignificant(x, significant);

  const lines = [
    'digraph {',
    `  graph [rankdir=${rankdir}, fontname="DejaVu Sans", fontsize=12, nodesep=0.3, ranksep=0.4${
      notComputed ? ', label="grads not computed yet: call backward()", labelloc=t' : ''
    }${plain ? PLAIN : ''}];`,
    `  node [fontname="DejaVu Sans", fontsize=11, color="#444444"${plain ? ', style=filled, fillcolor=white' : ''}];`,
    '  edge [fontname="DejaVu Sans", fontsize=9, fontcolor="#555555", color="#666666", arrowsize=0.7];',
  ];
  for (const v of nodes) {
    const n = id.get(v) as string;
    const fields = [escapeRecord(v.label ?? ''), `data ${num(v.data)}`];
    if (showGrads) fields.push(typeof v.grad === 'number' ? `grad ${num(v.grad)}` : 'grad ?');
    if (notComputed) fields.push('grad ?');
    const leaf = (v.op ?? '') === '';
    const style = highlighted.has(v) ? HIGHLIGHT : leaf ? LEAF : '';
    lines.push(
      `  ${n} [id="${n}", shape=record, label="{ ${fields.join(' | ')} }"${sep(style)}${at?.(v, 0) ?? ''}];`,
    );
    if (!leaf) {
      const opStyle = highlighted.has(v) ? HIGHLIGHT : OP;
      lines.push(
        `  ${n}_op [id="${n}_op", label="${escapeString(v.op as string)}", shape=ellipse, margin="0.04,0.02", ` +
          `width=0.4, height=0.3${sep(opStyle)}${at?.(v, -1) ?? ''}];`,
        `  ${n}_op -> ${n} [id="${n}_out"];`,
      );
    }
  }
  for (const { from, to, operand } of edges) {
    const n = id.get(to) as string;
    const attributes = [`id="${n}_in${operand}"`];
    const local = to.localGrads?.[operand];
    if (localGrads && local !== undefined) attributes.push(`label="local ${num(local)}"`);
    if (highlighted.has(to)) attributes.push('color="#b07800", penwidth=2');
    lines.push(`  ${id.get(from)} -> ${n}_op [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * `x` with `n` significant digits and no trailing zeros; an exponent outside 0.001 ≤ |x| < 100000
 * (`1e-6`, `9.703e+8`). −0 reads as 0.
 */
function toSignificant(x: number, n: number): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const exponent = Math.abs(x) < 1e-3 || Math.abs(Number(x.toPrecision(n))) >= 1e5;
  const decimals = Math.max(0, n - 1 - Math.floor(Math.log10(Math.abs(x))));
  const text = exponent ? x.toExponential(n - 1) : x.toFixed(decimals);
  // trailing zeros after the point say nothing here: 2.000 → 2, 1.500e-6 → 1.5e-6
  return text.includes('.') ? text.replace(/\.?0+(?=e|$)/, '') : text;
}

/**
 * What Graphviz's `dot` layout has to place for `root`'s graph: one node per Value and per op,
 * plus one virtual node for every column an edge crosses (dot routes a long edge through a chain
 * of them), doubled when edges carry labels (dot gives each label a column of its own). `dot`'s
 * time grows faster than this count, so toDot's `layout: 'auto'` keeps it below
 * {@link DOT_LAYOUT_BUDGET}.
 */
export function dotLayoutCost(
  root: ValueLike,
  options: Pick<DotOptions, 'localGrads'> = {},
): number {
  const { nodes, edges } = trace(root);
  return costOf(nodes, edges, layoutColumns(nodes, edges), options);
}

function costOf<T extends ValueLike>(
  nodes: T[],
  edges: Edge<T>[],
  column: Map<T, number>,
  options: Pick<DotOptions, 'localGrads'>,
): number {
  const ops = nodes.filter((v) => (v.op ?? '') !== '').length;
  // operand → op crosses every column between them; the op sits one column left of its result
  let virtual = 0;
  for (const { from, to } of edges) {
    virtual += (column.get(to) as number) - 1 - (column.get(from) as number) - 1;
  }
  return (nodes.length + ops + virtual) * (options.localGrads ? 2 : 1);
}

/**
 * A column for every Value, close to dot's ranks: each Value two columns left of its first use (its
 * op node between them), the root last. dot's ranking also keeps edges short, so a Value used in
 * one place sits just before it, and one used in many places before the first of them.
 */
function layoutColumns<T extends ValueLike>(nodes: T[], edges: Edge<T>[]): Map<T, number> {
  const firstUse = new Map<T, number>();
  const column = new Map<T, number>();
  // nodes are in topological order, so walking it backwards places every use before its operands
  const byResult = new Map<T, Edge<T>[]>();
  for (const e of edges) byResult.set(e.to, [...(byResult.get(e.to) ?? []), e]);
  let first = 0;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const v = nodes[i] as T;
    const c = i === nodes.length - 1 ? 0 : (firstUse.get(v) as number) - 2;
    column.set(v, c);
    first = Math.min(first, c);
    for (const { from } of byResult.get(v) ?? []) {
      firstUse.set(from, Math.min(firstUse.get(from) ?? Infinity, c));
    }
  }
  // shift so that the leftmost column is 0
  for (const [v, c] of column) column.set(v, c - first);
  return column;
}

/**
 * The plain layout's positions, as Graphviz `pos` attributes in points. Columns run left to right
 * (or top to bottom), each as wide as its widest record; the Values in a column sit one row apart in
 * topological order, results from row 0 down and leaves from row −1 up (a leaf used far away is then
 * off the line of results its edges run along); each op node sits one column before its result.
 * Every {@link BAND_COLUMNS} columns the drawing starts a new band under the last, as text wraps,
 * so that a long chain makes a picture of sensible proportions rather than one 400,000 pixels wide.
 */
function plainPositions<T extends ValueLike>(
  nodes: T[],
  column: Map<T, number>,
  rankdir: 'LR' | 'TB',
): (v: T, offset: 0 | -1) => string {
  // results are at even columns, their ops at odd ones (one before); a band runs from an op
  // column to a result column, so that no op is parted from its result
  const bandOf = (c: number) => Math.floor((c + 1) / BAND_COLUMNS);
  const local = (c: number) => c + 1 - bandOf(c) * BAND_COLUMNS;
  // a record's size from its text: DejaVu Sans digits are 0.64 em wide, 11 pt type
  const width = (v: T) => (rankdir === 'LR' ? 7.2 * ((v.label ?? '').length + 2 * 14) + 40 : 60);
  const last = [...column.values()].reduce((a, b) => Math.max(a, b), 0);
  const bands = bandOf(last) + 1;
  const widest = new Array<number>(BAND_COLUMNS).fill(30);
  const row = new Map<T, number>();
  const down = new Array<number>(last + 2).fill(0);
  const up = new Array<number>(last + 2).fill(-1);
  const deepest = new Array<number>(bands).fill(1);
  const highest = new Array<number>(bands).fill(0);
  for (const v of nodes) {
    const c = column.get(v) as number;
    const b = bandOf(c);
    widest[local(c)] = Math.max(widest[local(c)] as number, width(v));
    const leaf = (v.op ?? '') === '';
    const r = (leaf ? up[c] : down[c]) as number;
    row.set(v, r);
    if (leaf) {
      up[c] = r - 1;
      highest[b] = Math.max(highest[b] as number, -r);
    } else {
      down[c] = r + 1;
      deepest[b] = Math.max(deepest[b] as number, r + 1);
    }
  }
  // where each column's middle is, along the layout direction (the same in every band)
  const middle: number[] = [];
  let x = 0;
  for (const [c, w] of widest.entries()) {
    x += c === 0 ? w / 2 : ((widest[c - 1] as number) + w) / 2 + 20;
    middle.push(x);
  }
  const across = rankdir === 'LR' ? 50 : 300; // one row apart
  // where each band's row 0 is, across the layout direction
  const zero: number[] = [];
  let y = 0;
  for (let b = 0; b < bands; b++) {
    y += (highest[b] as number) * across;
    zero.push(y);
    y += (deepest[b] as number) * across + across;
  }
  return (v, offset) => {
    const c = (column.get(v) as number) + offset;
    // an op is placed with its result's band
    const b = bandOf(column.get(v) as number);
    const along = middle[c + 1 - b * BAND_COLUMNS] as number;
    const side = -((zero[b] as number) + (row.get(v) as number) * across);
    const [px, py] = rankdir === 'LR' ? [along, side] : [-side, -along];
    return `, pos="${px.toFixed(1)},${py.toFixed(1)}!"`;
  };
}

/** Columns per band of the plain layout: 12 results and their ops. */
const BAND_COLUMNS = 24;

// The plain layout: Graphviz keeps the given positions (neato -n2) and draws straight edges.
const PLAIN = ', layout=nop2, splines=false, outputorder=edgesfirst';

// Leaves (inputs and parameters) pale blue, ops pale grey, highlighted nodes amber.
const LEAF = 'style=filled, fillcolor="#eaf1fb"';
const OP = 'style=filled, fillcolor="#f2f2f2"';
const HIGHLIGHT = 'style=filled, fillcolor="#ffe08a", color="#b07800", penwidth=2';

function sep(attributes: string): string {
  return attributes === '' ? '' : `, ${attributes}`;
}

function highlightSet(
  highlight: DotOptions['highlight'],
  id: Map<ValueLike, string>,
): Set<ValueLike> {
  const iterable =
    typeof (highlight as Partial<Iterable<ValueLike>>)?.[Symbol.iterator] === 'function';
  const values = new Set<ValueLike>(
    highlight === undefined
      ? []
      : iterable
        ? (highlight as Iterable<ValueLike>)
        : [highlight as ValueLike],
  );
  for (const v of values) {
    if (!id.has(v)) {
      throw new RangeError(
        `toDot: expected highlight to contain only Values from root's graph, got ${String(v)}`,
      );
    }
  }
  return values;
}

/** Escapes text for a quoted DOT string: backslashes (Graphviz reads `\N` as the node name) and quotes. */
function escapeString(text: string): string {
  return text.replace(/[\\"]/g, '\\$&').replace(/\r?\n/g, '\\n');
}

/** Escapes text for one field of a record label, where `{ } | < >` also have meaning. */
function escapeRecord(text: string): string {
  return text.replace(/[\\"{}|<>]/g, '\\$&').replace(/\r?\n/g, '\\n');
}
