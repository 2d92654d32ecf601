// Shows pictures as notebook cell outputs. The drawings come from backprop's own code (toDot,
// renderGraphSvg, decisionBoundarySvg, …); this file hands them to Jupyter, picks a graph's
// direction so it fits the page, and draws the few plain line plots the lessons need.

import { Buffer } from 'node:buffer';
import { type DotOptions, toDot, type ValueLike } from 'backprop';
import { renderGraphSvg, svgToPng } from 'backprop-viz';

/** The width of a notebook's output column, in CSS pixels: wider graphs are drawn top to bottom. */
export const COLUMN = 900;

/**
 * Displays `svg` in the current cell as a PNG rendered at twice its size, with a width hint so it
 * is shown at its own size (sharp on high-density screens, text at its drawn size), and `alt` as
 * the text/plain fallback.
 *
 * Only a PNG: Debian's `jupyter nbconvert --to html` (6.5) prefers an image/svg+xml output over a
 * PNG beside it and then strips the SVG to an empty element, and GitHub's notebook view drops SVG.
 * A PNG shows in all of them, in JupyterLab and in VS Code.
 */
export async function show(svg: string, alt = 'a picture'): Promise<void> {
  const scale = 2; // PNG pixels per SVG pixel
  const png = svgToPng(svg, { scale });
  // A PNG stores its width and height in pixels as 32-bit integers at bytes 16 and 20 (IHDR).
  const header = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = Math.round(header.getUint32(16) / scale);
  const height = Math.round(header.getUint32(20) / scale);
  await Deno.jupyter.broadcast('display_data', {
    data: { 'image/png': Buffer.from(png).toString('base64'), 'text/plain': `[${alt}]` },
    metadata: { 'image/png': { width, height } },
    transient: {},
  });
}

/** The width of an SVG from Graphviz or a plot, in CSS pixels (Graphviz writes points). */
function svgWidth(svg: string): number {
  const match = /<svg[^>]*?\swidth="([\d.]+)(pt|px)?"/.exec(svg);
  if (!match) throw new Error('svgWidth: expected an <svg> with a width attribute');
  return Number(match[1]) * (match[2] === 'pt' ? 96 / 72 : 1);
}

/**
 * Draws the graph behind `root` (toDot, then Graphviz) and shows it: left to right, as micrograd
 * draws, unless that is wider than the column; then top to bottom, so its text keeps its size.
 */
export async function showGraph(root: ValueLike, options: DotOptions = {}): Promise<void> {
  let svg = await renderGraphSvg(toDot(root, options));
  if (options.rankdir === undefined && svgWidth(svg) > COLUMN) {
    svg = await renderGraphSvg(toDot(root, { ...options, rankdir: 'TB' }));
  }
  await show(svg, `the graph of ${root.label || 'a Value'}`);
}

/** One line of a line plot. */
export interface Series {
  label: string;
  points: readonly (readonly [number, number])[];
  color?: string;
  dashed?: boolean;
}

/** What linePlotSvg draws. */
export interface LinePlot {
  series: readonly Series[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Points to mark with a dot and a label. */
  marks?: readonly { x: number; y: number; label: string }[];
  /** The y range shown; lines are clipped to it. @default the data's range */
  yDomain?: readonly [number, number];
  /** Where the key goes. @default 'right' */
  key?: 'left' | 'right';
  /** @default 640 */
  width?: number;
  /** @default 360 */
  height?: number;
}

const COLORS = ['#1f5fa8', '#d35400', '#2e7d32', '#7b1fa2'];

/**
 * A plain line plot as SVG text, with axes, ticks, a key and optional labelled dots: enough for a
 * function and its tangent or two loss curves, with no plotting library.
 */
export function linePlotSvg(plot: LinePlot): string {
  const { series, title, xLabel = '', yLabel = '', marks = [], key = 'right' } = plot;
  const { width = 640, height = 360 } = plot;
  const all = series.flatMap((s) => s.points);
  const [x0, x1] = extent(all.map((p) => p[0]));
  const [y0, y1] = plot.yDomain ?? extent(all.map((p) => p[1]));
  const left = 64;
  const right = width - 16;
  const top = title ? 40 : 16;
  const bottom = height - 48;
  const xTicks = ticks(x0, x1);
  const yTicks = ticks(y0, y1);
  const sx = (x: number) => left + ((x - x0) / (x1 - x0 || 1)) * (right - left);
  const sy = (y: number) => bottom - ((y - y0) / (y1 - y0 || 1)) * (bottom - top);
  const text = (x: number, y: number, s: string, anchor = 'middle', extra = '') =>
    `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}"${extra}>${escapeXml(s)}</text>`;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, sans-serif" font-size="14">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<defs><clipPath id="plot-area"><rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}"/></clipPath></defs>`,
  ];
  if (title) parts.push(text(left, 24, title, 'start', ' font-weight="bold"'));
  for (const t of yTicks) {
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e4e4e4"/>`,
      text(left - 8, sy(t) + 5, format(t), 'end'),
    );
  }
  for (const t of xTicks) parts.push(text(sx(t), bottom + 20, format(t)));
  if (y0 < 0 && y1 > 0) {
    parts.push(`<line x1="${left}" x2="${right}" y1="${sy(0)}" y2="${sy(0)}" stroke="#888"/>`);
  }
  parts.push(
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#888"/>`,
    text((left + right) / 2, height - 8, xLabel),
    text(16, (top + bottom) / 2, yLabel, 'middle', ` transform="rotate(-90 16 ${(top + bottom) / 2})"`),
  );
  series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length];
    const d = s.points.map(([x, y], k) => `${k ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const keyX = key === 'right' ? right - 190 : left + 16; // the key: one line per series
    const keyY = top + 18 + 22 * i;
    parts.push(
      `<path d="${d.join('')}" fill="none" stroke="${color}" stroke-width="2.5"${dash} clip-path="url(#plot-area)"/>`,
      `<line x1="${keyX}" x2="${keyX + 30}" y1="${keyY}" y2="${keyY}" stroke="${color}" stroke-width="2.5"${dash}/>`,
      text(keyX + 38, keyY + 5, s.label, 'start'),
    );
  });
  for (const m of marks) {
    parts.push(
      `<circle cx="${sx(m.x)}" cy="${sy(m.y)}" r="5" fill="black"/>`,
      text(sx(m.x) + 10, sy(m.y) - 8, m.label, 'start'),
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function extent(values: number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/** About five round tick values from lo to hi (steps of 1, 2 or 5 times a power of ten). */
function ticks(lo: number, hi: number): number[] {
  const raw = (hi - lo) / 5 || 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return out;
}

function format(t: number): string {
  return Number(t.toPrecision(6)).toString();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
