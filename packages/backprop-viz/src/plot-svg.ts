// Runs Observable Plot to an SVG string, in browsers (the page's document) and in Node (linkedom).

import * as Plot from '@observablehq/plot';
import { nodeRequire } from './node-require.ts';
import type { PlotDocument } from './plot-document.ts';

/** `Plot.plot(options)` as SVG text with its namespace, ready for a file, a page or svgToPng. */
export function plotToSvg(options: Plot.PlotOptions, document?: PlotDocument): string {
  // Plot's types ask for a full DOM Document; it only calls createElementNS on it
  const doc = (document ?? defaultDocument()) as NonNullable<Plot.PlotOptions['document']>;
  const element = Plot.plot({ ...options, document: doc });
  return withSvgNamespace((element as unknown as { outerHTML: string }).outerHTML);
}

/**
 * SVG text with the SVG namespace on its root, which a file on its own and resvg need; DOM
 * serialisers (linkedom) sometimes leave it out.
 */
export function withSvgNamespace(svg: string): string {
  return svg.includes('xmlns="http://www.w3.org/2000/svg"')
    ? svg
    : svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
}

function defaultDocument(): PlotDocument {
  const page = (globalThis as { document?: PlotDocument }).document;
  if (page !== undefined) return page;
  // typed by hand: linkedom's own types clash with the DOM types of browsers and Deno
  const linkedom = nodeRequire('linkedom') as
    | { parseHTML(html: string): { document: PlotDocument } }
    | undefined;
  if (linkedom === undefined) {
    throw new Error('backprop/viz: no DOM document here; pass one as options.document');
  }
  return linkedom.parseHTML('<!doctype html><html><body></body></html>').document;
}
