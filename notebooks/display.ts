// Shows a picture as a notebook cell's output. The drawing itself comes from backprop's own
// code (toDot, renderGraphSvg, decisionBoundarySvg, …); this file only hands it to Jupyter.

import { Buffer } from 'node:buffer';
import { svgToPng } from 'backprop-viz';

/**
 * Displays `svg` in the current cell, with a PNG copy beside it: Jupyter, VS Code and GitHub show
 * the SVG; viewers that drop SVG (Debian's `jupyter nbconvert --to html`) show the PNG.
 */
export async function show(svg: string): Promise<void> {
  const scale = 2; // PNG pixels per SVG pixel, so the copy stays sharp on high-density screens
  const png = svgToPng(svg, { scale });
  // A PNG stores its width in pixels as the 32-bit integer at byte 16 (in its IHDR chunk).
  const header = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = Math.round(header.getUint32(16) / scale); // height follows the aspect ratio
  await Deno.jupyter.broadcast('display_data', {
    data: { 'image/svg+xml': svg, 'image/png': Buffer.from(png).toString('base64') },
    metadata: { 'image/png': { width } }, // drawn at the SVG's size, not twice as large
    transient: {},
  });
}
