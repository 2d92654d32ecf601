import { makeMoons } from 'backprop';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { decisionBoundarySvg } from '../src/index.ts';

const count = (text: string, part: string) => text.split(part).length - 1;

/**
 * The points of the boundary line (the contour stroked dark) inside the frame, as [x, y] pixels.
 * (The contour polygons also run around the grid's edge, outside the frame, where they are clipped.)
 */
function boundaryPoints(svg: string): [number, number][] {
  const group = /stroke="#222222" fill="none">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  const d = [...group.matchAll(/ d="([^"]*)"/g)].map((m) => m[1]).join('');
  return [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)]
    .map((m): [number, number] => [Number(m[1]), Number(m[2])])
    .filter(([x, y]) => x > 56 && x < 496 && y > 34 && y < 396);
}

// Layout with the defaults: 520 × 440, margins left 56, right 24, top 34, bottom 44,
// so the frame spans x 56…496 and y 34…396.
const square = { x1: [-1, 1], x2: [-1, 1] } as const;

describe('decisionBoundarySvg()', () => {
  it('decisionBoundarySvg() draws the boundary where predict crosses the threshold', () => {
    // predict = x2, threshold 0.5: a horizontal line at x2 = 0.5, i.e. a quarter of the way down
    const svg = decisionBoundarySvg({
      predict: (_, b) => b,
      threshold: 0.5,
      X: [[0, 0]],
      y: [1],
      domain: square,
    });
    const horizontal = boundaryPoints(svg);
    expect(horizontal.length).toBeGreaterThan(2);
    for (const [, y] of horizontal) expect(y).toBeCloseTo(34 + 0.25 * 362, 6);

    // predict = x1, threshold 0: a vertical line through the middle
    const vertical = decisionBoundarySvg({
      predict: (a) => a,
      X: [[0, 0]],
      y: [1],
      domain: square,
    });
    const points = boundaryPoints(vertical);
    expect(points.length).toBeGreaterThan(2);
    for (const [x] of points) expect(x).toBeCloseTo(56 + 0.5 * 440, 6);
  });

  it('decisionBoundarySvg() evaluates predict on a grid one cell wider than the frame', () => {
    const calls: number[][] = [];
    decisionBoundarySvg({
      predict: (a, b) => {
        calls.push([a, b]);
        return a + b;
      },
      X: [[0, 0]],
      y: [0],
      domain: square,
      resolution: 10,
    });
    expect(calls.length).toBe(12 * 12);
    // cell centres: -1 + (i - 0.5) * 0.2 for i = 0 … 11
    expect(calls[0]?.[0]).toBeCloseTo(-1.1, 12);
    expect(calls[0]?.[1]).toBeCloseTo(-1.1, 12);
    expect(calls.at(-1)?.[0]).toBeCloseTo(1.1, 12);
  });

  it('decisionBoundarySvg() draws every point coloured by class, a legend, axes and a title', () => {
    const { X, y } = makeMoons({ nSamples: 40, noise: 0.1, seed: 1 });
    const svg = decisionBoundarySvg({
      predict: (a, b) => b - 0.25 - 0.5 * Math.sin(2 * a),
      X,
      y,
      resolution: 30,
      title: 'moons & a sine',
    });
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]* height="440" width="520"/,
    );
    const ones = y.filter((label) => label === 1).length;
    expect(count(svg, '<circle fill="#c0392b"')).toBe(ones);
    expect(count(svg, '<circle fill="#1f5fa8"')).toBe(40 - ones);
    expect(svg).toContain('>class 0</text>');
    expect(svg).toContain('>class 1</text>');
    expect(svg).toContain('>x1</text>');
    expect(svg).toContain('>x2</text>');
    expect(svg).toContain('>moons &amp; a sine</text>');
    expect(count(svg, 'aria-label="contour"')).toBe(2);
  });

  it('decisionBoundarySvg() gives labels other than 0/1 and ±1 a colour each', () => {
    const svg = decisionBoundarySvg({
      predict: (a) => a,
      X: [
        [0, 0],
        [1, 1],
        [2, 2],
      ],
      y: [0, 1, 2],
    });
    expect(svg).toContain('>class 2</text>');
    expect(count(svg, '<circle fill="#2e8b57"')).toBe(1);
  });

  it('decisionBoundarySvg() without predict draws the points alone', () => {
    const { X, y } = makeMoons({ nSamples: 40, noise: 0.1, seed: 3 });
    const svg = decisionBoundarySvg({ X, y, title: 'the data' });
    expect(count(svg, '<circle')).toBeGreaterThanOrEqual(40);
    expect(svg).not.toContain('stroke="#222222"');
    expect(svg).toContain('the data');
  });

  it('decisionBoundarySvg() frames 200,000 points', () => {
    const X = Array.from({ length: 200_000 }, (_, k) => [Math.cos(k), Math.sin(k)]);
    const svg = decisionBoundarySvg({ X, y: X.map((_, k) => k % 2), resolution: 4 });
    expect(count(svg, '<circle')).toBeGreaterThanOrEqual(200_000);
  });

  it('decisionBoundarySvg() draws with a given document', () => {
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    const svg = decisionBoundarySvg({
      predict: (a) => a,
      X: [[0, 0]],
      y: [1],
      resolution: 4,
      document,
    });
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('decisionBoundarySvg() is deterministic, up to the clip-path number Plot makes unique', () => {
    const options = {
      predict: (a: number, b: number) => a * b,
      X: [[0.5, -0.5]],
      y: [1],
      resolution: 12,
    };
    const draw = () => decisionBoundarySvg(options).replace(/plot-clip-\d+/g, 'plot-clip');
    expect(draw()).toBe(draw());
  });

  it('decisionBoundarySvg() rejects bad input, naming what was expected', () => {
    const ok = { predict: (a: number) => a, X: [[0, 0]], y: [1] };
    expect(() => decisionBoundarySvg({ ...ok, height: 20 })).toThrow(
      'expected width and height of at least 100',
    );
    expect(() => decisionBoundarySvg({ ...ok, X: [] })).toThrow(
      'expected X to be a non-empty array',
    );
    expect(() => decisionBoundarySvg({ ...ok, X: [[0, 0, 0]] })).toThrow(
      'expected X[0] to be a pair',
    );
    expect(() => decisionBoundarySvg({ ...ok, y: [1, 0] })).toThrow('expected y to be 1 numbers');
    expect(() => decisionBoundarySvg({ ...ok, resolution: 1 })).toThrow(
      'expected resolution to be an integer',
    );
    expect(() => decisionBoundarySvg({ ...ok, domain: { x1: [1, 0], x2: [0, 1] } })).toThrow(
      'expected domain.x1 to be [min, max] with min < max',
    );
    expect(() => decisionBoundarySvg({ ...ok, predict: () => Number.NaN })).toThrow(
      /expected predict\(.*\) to return a finite number, got NaN/,
    );
  });
});
