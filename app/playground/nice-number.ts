/** The smallest of 1, 2, 5 times a power of ten that is at least x: 0.1, 0.2, 0.5, 1, 2, 5, 10, … */
export function niceNumber(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 5, 10].find((m) => m * power >= x) ?? 10) * power;
}
