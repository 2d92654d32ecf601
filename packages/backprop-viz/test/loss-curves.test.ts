import { describe, expect, it } from 'vitest';
import { lossCurvesSvg } from '../src/index.ts';

const count = (text: string, part: string) => text.split(part).length - 1;

// A made-up, deterministic run: loss 1/(k+1), accuracy rising from 0.5 to 0.95.
const history = Array.from({ length: 20 }, (_, k) => ({
  step: k,
  loss: 1 / (k + 1),
  accuracy: 0.5 + (0.45 * k) / 19,
}));

describe('lossCurvesSvg()', () => {
  it('lossCurvesSvg() draws a loss panel and an accuracy panel with the last values', () => {
    const svg = lossCurvesSvg(history);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="760" height="300"/);
    expect(count(svg, '<svg')).toBe(3); // the picture and its two panels
    expect(svg).toContain('>Loss</text>');
    expect(svg).toContain('>Accuracy</text>');
    expect(svg).toContain('>train 0.0500</text>'); // 1/20
    expect(svg).toContain('>train 95.0%</text>');
    expect(count(svg, '>step</text>')).toBe(2);
    expect(count(svg, 'aria-label="line"')).toBe(2);
    expect(svg).not.toContain('>test ');
  });

  it('lossCurvesSvg() adds dashed test curves when the history has them', () => {
    const withTest = history.map((h) => ({
      ...h,
      test: { loss: 2 * h.loss, accuracy: h.accuracy - 0.1 },
    }));
    const svg = lossCurvesSvg(withTest, { title: 'train <and> test', width: 900, height: 320 });
    expect(svg).toMatch(/width="900" height="320"/);
    expect(svg).toContain('>test 0.1000</text>');
    expect(svg).toContain('>test 85.0%</text>');
    expect(count(svg, 'stroke-dasharray="5,3"')).toBe(2);
    expect(svg).toContain('>train &lt;and&gt; test</text>');
  });

  it('lossCurvesSvg() draws a single step', () => {
    const svg = lossCurvesSvg([{ step: 0, loss: 0.8958, accuracy: 0.5 }]);
    expect(svg).toContain('>train 0.8958</text>');
    expect(svg).toContain('>train 50.0%</text>');
  });

  it('lossCurvesSvg() draws a history of 200,000 steps', () => {
    const long = Array.from({ length: 200_000 }, (_, k) => ({ step: k, loss: 2, accuracy: 0.5 }));
    expect(lossCurvesSvg(long)).toContain('>train 2.0000</text>');
  });

  it('lossCurvesSvg() rejects bad histories, naming what was expected', () => {
    expect(() => lossCurvesSvg(history, { width: 0 })).toThrow(
      'expected width ≥ 200 and height ≥ 100',
    );
    expect(() => lossCurvesSvg([])).toThrow(
      'expected a non-empty array of { step, loss, accuracy }',
    );
    expect(() => lossCurvesSvg([{ step: 0, loss: Number.NaN, accuracy: 0.5 }])).toThrow(
      'expected history[0] to have a finite step and loss',
    );
    expect(() => lossCurvesSvg([{ step: 0, loss: 1, accuracy: 95 }])).toThrow(
      'expected history[0] accuracy to be a fraction from 0 to 1, got 95',
    );
  });
});
