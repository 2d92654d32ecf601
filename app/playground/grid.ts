// The square of the plane the pictures show, and the grid of points where the model is evaluated.
import type { Point } from './state.ts';

/** The region drawn: x from xMin to xMax, y from yMin to yMax. */
export interface Domain {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A square region around the points with a margin, so both axes share one scale. */
export function domainOf(points: readonly Point[]): Domain {
  if (points.length === 0) return { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1);
  const half = (span / 2) * 1.15;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/**
 * The centres of a resolution × resolution grid over the domain, row by row from the top
 * (largest y) down, each row from left to right: the order of pixels in an image.
 */
export function gridPoints(domain: Domain, resolution: number): number[][] {
  const { xMin, xMax, yMin, yMax } = domain;
  const points: number[][] = [];
  for (let i = 0; i < resolution; i++) {
    const y = yMax - ((i + 0.5) / resolution) * (yMax - yMin);
    for (let j = 0; j < resolution; j++) {
      points.push([xMin + ((j + 0.5) / resolution) * (xMax - xMin), y]);
    }
  }
  return points;
}
