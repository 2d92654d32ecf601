// The playground's colour scale, shared by the decision boundary and the neuron maps: negative
// numbers (class 0) in blue, positive (class 1) in red, white at 0 where the decision flips. The
// legend's swatches and the diagram's links take the same two colours from playground.css
// (--class0, --class1): change both.

const class0 = [76, 120, 168] as const; // #4c78a8
const class1 = [228, 87, 86] as const; // #e45756

/** `rgb(…)` for a class label. */
export function classColor(label: number): string {
  const [r, g, b] = label > 0 ? class1 : class0;
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * Writes the colour of `t` in [−1, 1] into `pixels` at `offset` (RGBA): white at 0, mixing toward
 * the class colour with |t|, up to `strength` (so points drawn on top stay visible).
 */
export function writeColor(pixels: Uint8ClampedArray, offset: number, t: number, strength: number) {
  const [r, g, b] = t > 0 ? class1 : class0;
  const a = Math.min(1, Math.abs(t)) * strength;
  pixels[offset] = 255 + (r - 255) * a;
  pixels[offset + 1] = 255 + (g - 255) * a;
  pixels[offset + 2] = 255 + (b - 255) * a;
  pixels[offset + 3] = 255;
}

/** `rgb(…)` for a regression target: the heatmap's scale at full strength (tanh keeps it in range). */
export function valueColor(value: number): string {
  const pixel = new Uint8ClampedArray(4);
  writeColor(pixel, 0, Math.tanh(value), 1);
  return `rgb(${pixel[0]}, ${pixel[1]}, ${pixel[2]})`;
}
