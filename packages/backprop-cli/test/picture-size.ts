// The size of a picture the CLI wrote, in CSS pixels, read from the file itself.
import { readFileSync } from 'node:fs';
import { readPng } from '../../../test/read-png.ts';

/** Width and height of an SVG file; Graphviz sizes its drawings in points (1pt = 4/3 px). */
export function svgSize(file: string): [number, number] {
  const svg = readFileSync(file, 'utf8');
  const open = svg.slice(svg.indexOf('<svg'), svg.indexOf('>', svg.indexOf('<svg')));
  const size = (name: string) => {
    const [, n, unit] = open.match(new RegExp(`${name}="([\\d.]+)(pt)?"`)) ?? [];
    return Number.parseFloat(n ?? 'NaN') * (unit === 'pt' ? 4 / 3 : 1);
  };
  return [size('width'), size('height')];
}

/** Width and height of a PNG file, after decoding it far enough to prove it is one. */
export function pngSize(file: string): [number, number] {
  const { width, height } = readPng(readFileSync(file));
  return [width, height];
}
