// Step 6: Neuron, Layer and MLP on the learner's Value. Oracles: the lecture's initial parameters
// and first loss (fixtures/lecture-mlp.json), the network as a formula, finite differences.
import type { Check, CheckContext } from './check.ts';
import { close, fail, text } from './failure.ts';
import { flatten } from './graph.ts';
import { backward, call, type LearnerValue, leaf, valueClass } from './learner.ts';
import { lectureMlp, lectureOutput, xs, ys } from './lecture.ts';

type Net = { forward?: unknown; parameters?: unknown };
const H = 1e-6;

function construct(defined: Record<string, unknown>, name: string, args: unknown[]): Net {
  const C = defined[name];
  if (typeof C !== 'function') fail(`class ${name}`, text('a class'), C, `Define class ${name}.`);
  return new (C as new (...a: unknown[]) => Net)(...args);
}

function parametersOf(net: Net, what: string): LearnerValue[] {
  if (typeof net.parameters !== 'function')
    fail(
      `${what}.parameters()`,
      text('a method'),
      net.parameters,
      'Each class needs parameters().',
    );
  const params = (net.parameters as () => unknown).call(net);
  if (!Array.isArray(params))
    fail(
      `${what}.parameters()`,
      text('a list of Values'),
      params,
      'parameters() returns one flat list: use flatMap.',
    );
  return params as LearnerValue[];
}

function forward(net: Net, x: unknown[], what: string): LearnerValue {
  if (typeof net.forward !== 'function')
    fail(`${what}.forward(x)`, text('a method'), net.forward, 'Each class needs forward(x).');
  const out = (net.forward as (x: unknown[]) => unknown).call(net, x);
  if (Array.isArray(out) && out.length === 1)
    fail(
      `${what}.forward(x)`,
      text('a Value'),
      text('a list of one Value'),
      'A layer of one neuron returns that Value itself: outs.length === 1 ? outs[0] : outs.',
    );
  if (typeof out !== 'object' || out === null || !('data' in out))
    fail(
      `${what}.forward(x)`,
      text('a Value'),
      out,
      "forward(x) returns the network's output Value.",
    );
  return out as LearnerValue;
}

/** The learner's parameters against the lecture's first `want.length` draws after seed 1337. */
function checkParameters(params: LearnerValue[], what: string, count: number, sizes: string): void {
  const want = lectureMlp.initial_parameters.slice(0, count);
  if (params.length !== want.length) {
    const hint =
      params.length === (want.length * 3) / 4 || params.length === 32
        ? 'The biases are missing from parameters(): [...this.w, this.b].'
        : `${what} has ${sizes} = ${want.length} parameters: check parameters().`;
    fail(`${what}.parameters().length`, want.length, params.length, hint);
  }
  const got = params.map((p) => p.data);
  const i = want.findIndex((w, k) => !close(got[k], w, 1e-15));
  if (i === -1) return;
  fail(`${what}: parameter ${i} after random.seed(1337)`, want[i], got[i], orderHint(got, want));
}

/** Why the learner's parameters differ from the lecture's: the range, the draws, or the listing. */
function orderHint(got: unknown[], want: number[]): string {
  if (got.some((g) => typeof g !== 'number' || Math.abs(g) > 1)) {
    return 'Each parameter is new Value(random.uniform(-1, 1)).';
  }
  // the first neuron drew its bias first: its weights hold draws 1..3, its bias draw 0
  if (close(got[0], want[1] as number, 1e-15) && close(got[3], want[0] as number, 1e-15)) {
    return 'The bias was drawn before the weights: draw the nin weights first, then the bias, as the lecture does.';
  }
  const sameSet = [...got].sort().join() === [...want].sort().join();
  return sameSet
    ? 'The right numbers in the wrong order: parameters() lists layer by layer, neuron by neuron, its weights and then its bias.'
    : "Draw in the lecture's order: each neuron draws its nin weights first, then its bias (and nothing else draws).";
}

function lossOf(net: Net): LearnerValue {
  let loss: LearnerValue | undefined;
  xs.forEach((x, i) => {
    const out = forward(net, x, 'MLP');
    const term = call(
      call(out, 'sub', [ys[i]], 'yout.sub(ygt)'),
      'pow',
      [2],
      '(yout − ygt).pow(2)',
    );
    loss = loss === undefined ? term : call(loss, 'add', [term], 'loss.add(term)');
  });
  return loss as LearnerValue;
}

/** Neuron(3), then Layer(3, 4): the first draws of the lecture's MLP, and their outputs. */
function checkParts(defined: Record<string, unknown>, { passed, reseed }: CheckContext): void {
  const w = lectureMlp.initial_parameters;
  const neuronOut = (k: number, x: number[]) =>
    Math.tanh(
      x.reduce((sum, xi, i) => sum + (w[4 * k + i] as number) * xi, w[4 * k + 3] as number),
    );
  const x = xs[0] as number[];
  reseed();
  const neuron = construct(defined, 'Neuron', [3]);
  checkParameters(parametersOf(neuron, 'Neuron(3)'), 'Neuron(3)', 4, '3 weights + a bias');
  const out = forward(neuron, x, 'Neuron(3)').data;
  if (!close(out, neuronOut(0, x))) {
    fail(
      'Neuron(3).forward(xs[0])',
      neuronOut(0, x),
      out,
      'A neuron computes tanh(b + w0·x0 + w1·x1 + w2·x2).',
    );
  }
  passed.push("Neuron(3): the lecture's first 4 draws, and tanh(w · x + b) by formula");
  reseed();
  const layer = construct(defined, 'Layer', [3, 4]);
  checkParameters(parametersOf(layer, 'Layer(3, 4)'), 'Layer(3, 4)', 16, '4 neurons × 4');
  const outs = (layer.forward as (x: number[]) => unknown).call(layer, x);
  if (!Array.isArray(outs) || outs.length !== 4) {
    fail(
      'Layer(3, 4).forward(xs[0])',
      text('a list of 4 Values'),
      outs,
      "A layer returns the list of its neurons' outputs.",
    );
  }
  outs.forEach((o: LearnerValue, k) => {
    if (!close(o?.data, neuronOut(k, x)))
      fail(
        `Layer(3, 4).forward(xs[0])[${k}]`,
        neuronOut(k, x),
        o?.data,
        'Every neuron of the layer gets the same inputs x.',
      );
  });
  passed.push("Layer(3, 4): the lecture's first 16 draws, and its four outputs by formula");
}

/** backward() against central differences of the learner's own (already checked) forward pass. */
function checkGrads(net: Net, params: LearnerValue[], { passed, alive }: CheckContext): void {
  backward(lossOf(net), 'loss');
  for (const i of [0, 3, 17, 40]) {
    const p = params[i] as LearnerValue;
    const x = p.data as number;
    const at = (shift: number) => {
      p.data = x + shift;
      return lossOf(net).data as number;
    };
    const numeric = (at(H) - at(-H)) / (2 * H);
    p.data = x;
    if (!close(p.grad, numeric, 1e-5)) {
      fail(
        `dloss/dparameter ${i} (finite difference, h = ${H})`,
        numeric,
        p.grad,
        'Build the output from Value ops only (add, mul, tanh), never from .data, so that backward() reaches every weight.',
      );
    }
    alive();
  }
  passed.push('grads of four parameters against finite differences');
}

export const checkMlp: Check = (defined, context) => {
  const V = valueClass(defined);
  checkParts(defined, context);
  context.reseed();
  const net = construct(defined, 'MLP', [3, [4, 4, 1]]);
  const params = parametersOf(net, 'MLP(3, [4, 4, 1])');
  checkParameters(params, 'MLP(3, [4, 4, 1])', 41, '3·4+4 + 4·4+4 + 4+1');
  context.passed.push("MLP(3, [4, 4, 1]): the lecture's 41 parameters, in order");
  for (const [i, x] of xs.entries()) {
    const got = forward(net, x, 'MLP(3, [4, 4, 1])').data;
    const want = lectureOutput(x);
    if (!close(got, want))
      fail(`n.forward(xs[${i}])`, want, got, "Each layer's outputs are the next layer's inputs.");
  }
  context.passed.push("the outputs on the lecture's four examples, by formula");
  const loss = lossOf(net).data;
  const first = lectureMlp.zero_grad.losses[0] as number;
  if (!close(loss, first)) fail('the loss Σ (yout − ygt)²', first, loss, '');
  context.passed.push(`the loss Σ (yout − ygt)² = ${first}, as in the lecture`);
  checkGrads(net, params, context);
  // draw one small neuron of the learner's, on two inputs
  const neuron = construct(defined, 'Neuron', [2]);
  parametersOf(neuron, 'Neuron(2)').forEach((p, i, all) => {
    p.label = i === all.length - 1 ? 'b' : `w${i + 1}`;
  });
  const out = forward(neuron, [leaf(V, 2, 'x1'), leaf(V, 0, 'x2')], 'Neuron(2)');
  backward(out, 'Neuron(2)');
  return { summary: "Your MLP is the lecture's, weight for weight.", graph: flatten(out) };
};
