// Graphviz compiled to WebAssembly: the same renderer in Node, Deno and browsers.

import { instance, type Viz } from '@viz-js/viz';

// Loading the WebAssembly module takes ~60 ms; every call after the first reuses it.
let viz: Promise<Viz> | undefined;

/**
 * Renders DOT text (e.g. from `toDot`) to an SVG string with Graphviz's `dot` layout, or with the
 * layout the text names (toDot's plain layout for large graphs says `layout=nop2`: Graphviz keeps
 * the positions toDot gave and draws straight edges, in well under a second for 2,000 Values).
 * The XML prolog and DOCTYPE are stripped, so the result can be inlined into HTML or a notebook.
 *
 * @example
 * const svg = await renderGraphSvg(toDot(L)); // '<svg width="…" height="…" …'
 */
export async function renderGraphSvg(dot: string): Promise<string> {
  if (typeof dot !== 'string') {
    throw new TypeError(`renderGraphSvg: expected DOT text, got ${typeof dot}`);
  }
  viz ??= instance();
  let svg: string;
  try {
    svg = (await viz).renderString(dot, { format: 'svg', engine: 'dot' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`renderGraphSvg: Graphviz could not render the DOT text: ${reason}`);
  }
  return svg.slice(svg.indexOf('<svg'));
}
