import { parseExpression, toDot } from 'backprop';
import { describe, expect, it } from 'vitest';
import { readPng } from '../../../test/read-png.ts';
import { decisionBoundarySvg, lossCurvesSvg, renderGraphSvg, svgToPng } from '../src/index.ts';

const boundary = decisionBoundarySvg({
  predict: (a, b) => a * a + b * b - 1,
  X: [
    [0, 0],
    [1.5, 1.5],
  ],
  y: [0, 1],
  resolution: 20,
});

describe('svgToPng()', () => {
  it('svgToPng() renders the decision boundary at twice its size by default', () => {
    const png = readPng(svgToPng(boundary));
    expect([png.width, png.height]).toEqual([2 * 520, 2 * 440]);
  });

  it('svgToPng() honours scale and width', () => {
    expect(readPng(svgToPng(boundary, { scale: 1 }))).toMatchObject({ width: 520, height: 440 });
    expect(readPng(svgToPng(boundary, { width: 260 }))).toMatchObject({ width: 260, height: 220 });
  });

  it('svgToPng() renders the loss curves and a transparent background', () => {
    const svg = lossCurvesSvg([
      { step: 0, loss: 1, accuracy: 0.5 },
      { step: 1, loss: 0.5, accuracy: 0.75 },
    ]);
    const png = readPng(svgToPng(svg, { scale: 1, background: 'transparent' }));
    expect([png.width, png.height, png.colorType]).toEqual([760, 300, 6]);
  });

  it('svgToPng() renders a Graphviz drawing, whose size is in points (4/3 px)', async () => {
    const { root } = parseExpression('tanh(x1*w1 + b)', { x1: 2, w1: -3, b: 6.88 });
    root.backward();
    const svg = await renderGraphSvg(toDot(root));
    const [, wPt, hPt] = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg) ?? [];
    const png = readPng(svgToPng(svg));
    expect(Math.abs(png.width - (Number(wPt) * 4 * 2) / 3)).toBeLessThanOrEqual(1);
    expect(Math.abs(png.height - (Number(hPt) * 4 * 2) / 3)).toBeLessThanOrEqual(1);
  });

  it('svgToPng() rejects text that is not SVG and bad sizes', () => {
    expect(() => svgToPng('<html></html>')).toThrow('svgToPng: expected SVG text containing <svg');
    expect(() => svgToPng(boundary, { scale: 0 })).toThrow(
      'expected scale to be a positive number, got 0',
    );
    expect(() => svgToPng(boundary, { width: 10.5 })).toThrow(
      'expected width to be a positive integer',
    );
  });
});
