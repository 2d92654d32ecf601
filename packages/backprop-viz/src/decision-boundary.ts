// The decision-boundary picture of micrograd's demo: the model's output over a grid as a heatmap,
// the boundary where it crosses the threshold, and the data points on top.

import * as Plot from '@observablehq/plot';
import type { PlotDocument } from './plot-document.ts';
import { plotToSvg } from './plot-svg.ts';

/** What decisionBoundarySvg draws, and how. */
export interface DecisionBoundaryOptions {
  /**
   * The model's output at a point, as a plain number, e.g. `(a, b) => model.predict([a, b])[0]`.
   * Leave it out to draw the points alone, as a scatter plot of the data.
   */
  predict?: (x1: number, x2: number) => number;
  /** The points, `[x1, x2]` each. */
  X: readonly (readonly number[])[];
  /** Their labels. 0/1 or −1/1 labels are drawn blue (≤ 0) and red (> 0); other labels get a colour each. */
  y: readonly number[];
  /** The output at which the class changes: 0 for raw scores (hinge, logits), 0.5 for probabilities. @default 0 */
  threshold?: number;
  /** Grid cells per axis inside the frame; `predict` is called (resolution + 2)² times. @default 80 */
  resolution?: number;
  /** The area drawn. @default the points' extent, widened by 15% on every side */
  domain?: { x1: readonly [number, number]; x2: readonly [number, number] };
  /** @default 520 */
  width?: number;
  /** @default 440 */
  height?: number;
  /** A heading above the plot, e.g. `'MLP 2-16-16-1 on moons, step 100'`. */
  title?: string;
  /** @default 'x1' */
  xLabel?: string;
  /** @default 'x2' */
  yLabel?: string;
  /** The DOM document to draw with; see {@link PlotDocument}. */
  document?: PlotDocument;
}

// Pale ends for the heatmap, saturated ones for the points: blue below the threshold, red above.
const HEAT = ['#7fa9dd', '#f7f7f7', '#ec9488'];
const BLUE = '#1f5fa8';
const RED = '#c0392b';
const AXIS = { labelAnchor: 'center', labelArrow: 'none', labelOffset: 36 } as const;
const CATEGORIES = ['#1f5fa8', '#c0392b', '#2e8b57', '#8e44ad', '#d35400', '#16a085', '#7f8c8d'];

/**
 * The model's output over a grid as a heatmap (blue below `threshold`, red above, white at it),
 * a dark line where the output crosses `threshold` (the decision boundary), and the points
 * coloured by class. The grid is evaluated with plain numbers: no Values are built.
 *
 * @example
 * const svg = decisionBoundarySvg({ predict: (a, b) => model.predict([a, b])[0] as number, X, y });
 */
export function decisionBoundarySvg(options: DecisionBoundaryOptions): string {
  const { predict, X, y, threshold = 0, resolution = 80, width = 520, height = 440 } = options;
  checkOptions(options, { threshold, resolution, width, height });
  const [x1Min, x1Max] = options.domain?.x1 ?? widen(X.map((p) => p[0] as number));
  const [x2Min, x2Max] = options.domain?.x2 ?? widen(X.map((p) => p[1] as number));
  const heat = predict
    ? heatmap(predict, threshold, resolution, [x1Min, x1Max], [x2Min, x2Max])
    : { marks: [], reach: 1 };

  const classes = [...new Set(y)].sort((p, q) => p - q);
  const binary = classes.every((c) => c === 0 || c === 1 || c === -1);
  const colourOf = (label: number) =>
    binary
      ? label > 0
        ? RED
        : BLUE
      : (CATEGORIES[classes.indexOf(label) % CATEGORIES.length] as string);
  const points = X.map((p, i) => ({ x1: p[0], x2: p[1], colour: colourOf(y[i] as number) }));

  const marginTop = options.title === undefined ? 34 : 56;
  return plotToSvg(
    {
      width,
      height,
      marginTop,
      marginRight: 24,
      marginLeft: 56,
      marginBottom: 44,
      x: { domain: [x1Min, x1Max], label: options.xLabel ?? 'x1', ...AXIS },
      y: { domain: [x2Min, x2Max], label: options.yLabel ?? 'x2', ...AXIS },
      color: {
        type: 'linear',
        domain: [threshold - heat.reach, threshold, threshold + heat.reach],
        range: HEAT,
      },
      marks: [
        ...heat.marks,
        Plot.dot(points, {
          x: 'x1',
          y: 'x2',
          fill: 'colour',
          stroke: 'white',
          strokeWidth: 1,
          r: 4.5,
        }),
        Plot.frame({ stroke: '#444444' }),
        ...legend(classes.map((c) => ({ text: `class ${c}`, colour: colourOf(c) }))),
        ...(options.title === undefined ? [] : [heading(options.title, marginTop)]),
      ],
    },
    options.document,
  );
}

/**
 * `predict` over a grid as filled contours, and the contour at `threshold` stroked dark; `reach`
 * is the largest distance of an output from the threshold, which the colour scale spans.
 */
function heatmap(
  predict: (x1: number, x2: number) => number,
  threshold: number,
  resolution: number,
  [x1Min, x1Max]: readonly [number, number],
  [x2Min, x2Max]: readonly [number, number],
): { marks: Plot.Markish[]; reach: number } {
  // the grid, row by row from the bottom, one cell wider than the frame on every side so that
  // the contours' outer edges fall outside it and are clipped away
  const n = resolution + 2;
  const cell1 = (x1Max - x1Min) / resolution;
  const cell2 = (x2Max - x2Min) / resolution;
  const grid = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const b = x2Min + (j - 0.5) * cell2;
    for (let i = 0; i < n; i++) {
      const a = x1Min + (i - 0.5) * cell1;
      const out = predict(a, b);
      if (typeof out !== 'number' || !Number.isFinite(out)) {
        throw new RangeError(
          `decisionBoundarySvg: expected predict(${a}, ${b}) to return a finite number, got ${out}`,
        );
      }
      grid[j * n + i] = out;
    }
  }
  // colour bands symmetric around the threshold, so that one band edge is the boundary itself
  let reach = 0;
  for (const out of grid) reach = Math.max(reach, Math.abs(out - threshold));
  reach ||= 1;
  const bands = 10;
  const levels = Array.from(
    { length: 2 * bands + 1 },
    (_, k) => threshold + ((k - bands) * reach) / bands,
  );
  const area = {
    width: n,
    height: n,
    x1: x1Min - cell1,
    x2: x1Max + cell1,
    y1: x2Min - cell2,
    y2: x2Max + cell2,
    clip: true,
  };
  const marks = [
    Plot.contour(grid, { ...area, fill: Plot.identity, thresholds: levels }),
    Plot.contour(grid, {
      ...area,
      fill: null,
      stroke: '#222222',
      strokeWidth: 1.5,
      thresholds: [threshold],
    }),
  ];
  return { marks, reach };
}

/** A row of coloured dots with class names, right-aligned above the frame. */
function legend(entries: { text: string; colour: string }[]): Plot.Markish[] {
  const marks: Plot.Markish[] = [];
  let dx = 0; // from the right edge, leftwards
  for (const { text, colour } of entries.reverse()) {
    dx -= text.length * 7 + 4; // ~7 px per character at 12 px
    const at = { frameAnchor: 'top-right', dy: -16, lineAnchor: 'middle' } as const;
    marks.push(
      Plot.text([text], { ...at, dx, text: (d: string) => d, textAnchor: 'start', fontSize: 12 }),
    );
    marks.push(Plot.dot([text], { ...at, dx: dx - 9, fill: colour, stroke: 'white', r: 4.5 }));
    dx -= 24;
  }
  return marks;
}

function heading(title: string, marginTop: number): Plot.Markish {
  return Plot.text([title], {
    frameAnchor: 'top-left',
    dy: 14 - marginTop,
    dx: -48,
    lineAnchor: 'middle',
    textAnchor: 'start',
    text: (d: string) => d,
    fontSize: 14,
    fontWeight: 'bold',
  });
}

/** [min, max] of the values, widened by 15% on each side (1 unit if they are all equal). */
function widen(values: number[]): [number, number] {
  // reduce, not Math.min(...values): spreading many points overflows the call stack
  const lo = values.reduce((a, b) => Math.min(a, b));
  const hi = values.reduce((a, b) => Math.max(a, b));
  const margin = hi > lo ? 0.15 * (hi - lo) : 1;
  return [lo - margin, hi + margin];
}

/** Checks the options; `settings` are the ones with defaults, as resolved. */
function checkOptions(
  options: DecisionBoundaryOptions,
  settings: { threshold: number; resolution: number; width: number; height: number },
): void {
  const { predict, X, y } = options;
  const { threshold, resolution, width, height } = settings;
  const where = 'decisionBoundarySvg';
  if (!(width >= 100 && height >= 100)) {
    throw new RangeError(
      `${where}: expected width and height of at least 100 pixels, got ${width} × ${height}`,
    );
  }
  if (predict !== undefined && typeof predict !== 'function') {
    throw new TypeError(`${where}: expected predict to be a function (x1, x2) => number`);
  }
  if (!Array.isArray(X) || X.length === 0) {
    throw new TypeError(`${where}: expected X to be a non-empty array of [x1, x2] points`);
  }
  X.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !p.every(Number.isFinite)) {
      throw new TypeError(
        `${where}: expected X[${i}] to be a pair of finite numbers, got ${JSON.stringify(p)}`,
      );
    }
  });
  if (!Array.isArray(y) || y.length !== X.length || !y.every(Number.isFinite)) {
    throw new TypeError(`${where}: expected y to be ${X.length} numbers, one label per point of X`);
  }
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 500) {
    throw new RangeError(
      `${where}: expected resolution to be an integer from 2 to 500, got ${resolution}`,
    );
  }
  if (!Number.isFinite(threshold)) {
    throw new RangeError(`${where}: expected threshold to be a finite number, got ${threshold}`);
  }
  for (const axis of ['x1', 'x2'] as const) {
    const range = options.domain?.[axis];
    if (range !== undefined && !(range[0] < range[1])) {
      throw new RangeError(
        `${where}: expected domain.${axis} to be [min, max] with min < max, got [${range}]`,
      );
    }
  }
}
