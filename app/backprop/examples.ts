/** An expression to start from, with a value for each of its names. */
export interface Example {
  title: string;
  text: string;
  values: Record<string, number>;
}

/** The examples of the lesson, first one shown by default. */
export const examples: readonly Example[] = [
  {
    title: 'The lecture’s tanh neuron',
    text: 'tanh(x1*w1 + x2*w2 + b)',
    // b is chosen so that the weighted sum is 0.8814 and the output exactly 1/√2, as in the lecture
    values: { x1: 2, x2: 0, w1: -3, w2: 1, b: 6.881373587019543 },
  },
  {
    title: "The lecture's L = (a·b + c)·f",
    text: '(a*b + c) * f',
    values: { a: 2, b: -3, c: 10, f: -2 },
  },
  {
    title: 'A value used twice: a + a',
    text: 'a + a',
    values: { a: 3 },
  },
  {
    title: 'tanh spelled out with exp',
    text: '(exp(2*n) - 1) / (exp(2*n) + 1)',
    values: { n: 0.8813735870195432 },
  },
  {
    title: 'Sigmoid neuron, squared error',
    text: '(sigmoid(x*w + b) - y)^2',
    values: { x: 1.5, w: 0.8, b: -0.5, y: 1 },
  },
];
