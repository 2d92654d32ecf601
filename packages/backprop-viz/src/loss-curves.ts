// Loss and accuracy during training, side by side: two Observable Plot panels in one SVG.

import * as Plot from '@observablehq/plot';
import type { PlotDocument } from './plot-document.ts';
import { plotToSvg } from './plot-svg.ts';

/** One measurement per step, as `train()` reports it (its StepReport fits). */
export interface HistoryPoint {
  step: number;
  loss: number;
  /** The fraction classified right, from 0 to 1. */
  accuracy: number;
  /** The same measurements on a held-out set, drawn dashed when present. */
  test?: { loss: number; accuracy: number };
}

/** How lossCurvesSvg draws. */
export interface LossCurvesOptions {
  /** Width of the whole picture; each panel gets half. @default 760 */
  width?: number;
  /** @default 300 */
  height?: number;
  /** A heading above both panels. */
  title?: string;
  /** The DOM document to draw with; see {@link PlotDocument}. */
  document?: PlotDocument;
}

const TRAIN = '#1f5fa8';
const TEST = '#d35400';

/**
 * Two panels: the loss (from 0) and the accuracy (0–100%) against the step, the training set as a
 * solid line and the test set, when the history has one, dashed. A key above each panel prints the
 * last values.
 *
 * @example
 * const { history } = train(model, data);
 * writeFileSync('curves.svg', lossCurvesSvg(history));
 */
export function lossCurvesSvg(
  history: readonly HistoryPoint[],
  options: LossCurvesOptions = {},
): string {
  const { width = 760, height = 300, title } = options;
  if (!(width >= 200 && height >= 100)) {
    throw new RangeError(
      `lossCurvesSvg: expected width ≥ 200 and height ≥ 100 pixels, got ${width} × ${height}`,
    );
  }
  checkHistory(history);
  const top = title === undefined ? 0 : 30;
  const panelWidth = Math.floor(width / 2);
  const panel = (metric: 'loss' | 'accuracy') =>
    plotToSvg(panelOptions(history, metric, panelWidth, height - top), options.document);
  const heading =
    title === undefined
      ? ''
      : `<text x="16" y="22" font-family="system-ui, sans-serif" font-size="14" font-weight="bold">${escapeXml(title)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    heading,
    `<g transform="translate(0, ${top})">${panel('loss')}</g>`,
    `<g transform="translate(${panelWidth}, ${top})">${panel('accuracy')}</g>`,
    '</svg>',
  ].join('');
}

function panelOptions(
  history: readonly HistoryPoint[],
  metric: 'loss' | 'accuracy',
  width: number,
  height: number,
): Plot.PlotOptions {
  const format =
    metric === 'loss' ? (v: number) => v.toFixed(4) : (v: number) => `${(100 * v).toFixed(1)}%`;
  const train = history.map((h) => ({ step: h.step, value: h[metric] }));
  const test = history.flatMap((h) =>
    h.test === undefined ? [] : [{ step: h.step, value: h.test[metric] }],
  );
  const lines = [{ name: 'train', rows: train, colour: TRAIN, dash: 'none' }];
  if (test.length > 0) lines.push({ name: 'test', rows: test, colour: TEST, dash: '5,3' });
  const steps = history.map((h) => h.step);
  // reduce, not Math.min(...steps): spreading a long history overflows the call stack
  const first = steps.reduce((a, b) => Math.min(a, b));
  const last = steps.reduce((a, b) => Math.max(a, b));

  const marks: Plot.Markish[] = [Plot.ruleY([0], { stroke: '#999999' })];
  // the last value of each line, as a key at the top right: "train 0.0414   test 0.0520"
  let dx = 0;
  for (const { name, rows, colour, dash } of lines.reverse()) {
    const end = rows.at(-1) as { step: number; value: number };
    const key = `${name} ${format(end.value)}`;
    marks.push(
      Plot.line(rows, {
        x: 'step',
        y: 'value',
        stroke: colour,
        strokeWidth: 2,
        strokeDasharray: dash,
      }),
      Plot.dot([end], { x: 'step', y: 'value', fill: colour, r: 3 }),
      Plot.text([key], { ...TOP_RIGHT, dx, text: (d: string) => d, fill: colour, fontSize: 12 }),
    );
    dx -= key.length * 7 + 18; // ~7 px per character at 12 px
  }
  marks.push(
    Plot.text([metric === 'loss' ? 'Loss' : 'Accuracy'], {
      frameAnchor: 'top-left',
      dx: -40,
      dy: -20,
      lineAnchor: 'middle',
      textAnchor: 'start',
      text: (d: string) => d,
      fontSize: 13,
      fontWeight: 'bold',
    }),
  );
  return {
    width,
    height,
    marginTop: 34,
    marginLeft: 56,
    marginRight: 24,
    marginBottom: 40,
    x: {
      label: 'step',
      labelAnchor: 'center',
      labelArrow: 'none',
      labelOffset: 32,
      domain: [first, Math.max(last, first + 1)], // a single step still gets an axis
      // a short run gets a tick per step, never steps like 0.2
      ...(last - first < 8 ? { ticks: stepsFrom(first, Math.max(last, first + 1)) } : {}),
      tickFormat: 'd',
    },
    y:
      metric === 'loss'
        ? { label: null, grid: true, zero: true, nice: true }
        : { label: null, grid: true, domain: [0, 1], tickFormat: '.0%' },
    marks,
  };
}

const TOP_RIGHT = {
  frameAnchor: 'top-right',
  dy: -20,
  lineAnchor: 'middle',
  textAnchor: 'end',
} as const;

function stepsFrom(first: number, last: number): number[] {
  return Array.from({ length: Math.floor(last - first) + 1 }, (_, i) => first + i);
}

function checkHistory(history: readonly HistoryPoint[]): void {
  if (!Array.isArray(history) || history.length === 0) {
    throw new TypeError('lossCurvesSvg: expected a non-empty array of { step, loss, accuracy }');
  }
  history.forEach((h, i) => {
    const sets = h?.test === undefined ? [h] : [h, h.test];
    for (const m of sets) {
      if (!Number.isFinite(h?.step) || !Number.isFinite(m?.loss)) {
        throw new TypeError(
          `lossCurvesSvg: expected history[${i}] to have a finite step and loss, got ${JSON.stringify(h)}`,
        );
      }
      if (!(m.accuracy >= 0 && m.accuracy <= 1)) {
        throw new RangeError(
          `lossCurvesSvg: expected history[${i}] accuracy to be a fraction from 0 to 1, got ${m.accuracy}`,
        );
      }
    }
  });
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`,
  );
}
