// SVG → PNG with resvg, a native addon: Node and Deno only (see node-require.ts).

import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { nodeRequire } from './node-require.ts';
import { withSvgNamespace } from './plot-svg.ts';

/** How svgToPng rasterises. */
export interface PngOptions {
  /** Pixels per SVG unit: 2 gives sharp images on high-density screens. @default 2 */
  scale?: number;
  /** Output width in pixels; overrides `scale` (height follows the aspect ratio). */
  width?: number;
  /** Any CSS colour; `'transparent'` keeps the alpha channel. @default 'white' */
  background?: string;
}

/**
 * Rasterises an SVG string (from renderGraphSvg, decisionBoundarySvg, lossCurvesSvg…) to PNG bytes,
 * with text in DejaVu Sans. Node only: in a browser, draw the SVG onto a canvas instead.
 *
 * @example
 * writeFileSync('graph.png', svgToPng(await renderGraphSvg(toDot(L))));
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const { scale = 2, width, background = 'white' } = options;
  if (typeof svg !== 'string' || !svg.includes('<svg')) {
    throw new TypeError(
      `svgToPng: expected SVG text containing <svg, got ${typeof svg === 'string' ? `text starting ${JSON.stringify(svg.slice(0, 20))}` : typeof svg}`,
    );
  }
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new RangeError(`svgToPng: expected scale to be a positive number, got ${scale}`);
  }
  if (width !== undefined && !(Number.isInteger(width) && width > 0)) {
    throw new RangeError(`svgToPng: expected width to be a positive integer, got ${width}`);
  }
  const Resvg = loadResvg();
  const resvg = new Resvg(withSvgNamespace(svg), {
    background,
    fitTo: width === undefined ? { mode: 'zoom', value: scale } : { mode: 'width', value: width },
    font: {
      loadSystemFonts: true,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

function loadResvg(): typeof ResvgClass {
  const resvg = nodeRequire('@resvg/resvg-js') as { Resvg: typeof ResvgClass } | undefined;
  if (resvg === undefined) {
    throw new Error('svgToPng: needs Node ≥ 20.16 or Deno; in a browser, draw the SVG on a canvas');
  }
  return resvg.Resvg;
}
