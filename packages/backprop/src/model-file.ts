// A trained model as JSON text, and back. The text holds the architecture (what to build) and the
// weights (what was learned), in `parameters()` order. Reading and writing files is Node's part:
// see src/node/.

import { checkName, checkNumber, kindOf } from './check.ts';
import { type Activation, activations, MLP } from './nn.ts';

/** The `format` field every model file starts with. */
export const MODEL_FORMAT = 'backprop-mlp';
/** The version this library writes; it reads this version only. */
export const MODEL_VERSION = 1;

/**
 * The model as JSON text:
 * `{ format, version, nin, nouts, activation, outputActivation, weights }`, where `weights` are
 * the values of `model.parameters()` (every weight and bias, in order). Numbers are written so
 * that they read back to the same bits, −0 included. modelFromJSON also reads a text that starts
 * with a byte-order mark, as parseCsv does.
 *
 * @throws if a weight is NaN or infinite: JSON cannot hold it, and such a model is broken anyway.
 */
export function modelToJSON(model: MLP): string {
  if (!(model instanceof MLP))
    throw new TypeError(`modelToJSON: expected an MLP, got ${kindOf(model)}`);
  const weights = model.parameters().map((p) => p.data);
  const bad = weights.findIndex((w) => !Number.isFinite(w));
  if (bad >= 0) {
    throw new RangeError(
      `modelToJSON: weight ${bad} of ${model.architecture} is ${weights[bad]}; a model file holds finite numbers only`,
    );
  }
  const fields: [string, unknown][] = [
    ['format', MODEL_FORMAT],
    ['version', MODEL_VERSION],
    ['nin', model.nin],
    ['nouts', model.nouts],
    ['activation', model.activation],
    ['outputActivation', model.outputActivation],
    ['weights', weights],
  ];
  // one field per line, the weights on one long line
  const lines = fields.map(([key, value]) => `  ${JSON.stringify(key)}: ${toJSON(value)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

/**
 * Builds the model a `modelToJSON` text describes. A malformed, truncated or inconsistent text
 * throws an Error that names the problem, e.g.
 * `model file: expected 337 weights for MLP 2-16-16-1, got 336`.
 */
export function modelFromJSON(text: string): MLP {
  if (typeof text !== 'string') {
    throw new TypeError(`model file: expected JSON text, got ${kindOf(text)}`);
  }
  let doc: unknown;
  try {
    // a byte-order mark (which some editors add) is not part of the JSON; parseCsv skips it too
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`model file: not valid JSON (truncated?): ${reason}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new TypeError(`model file: expected a JSON object, got ${kindOf(doc)}`);
  }
  const d = doc as Record<string, unknown>;
  if (d.format !== MODEL_FORMAT) {
    throw new RangeError(`model file: expected format "${MODEL_FORMAT}", got ${kindOf(d.format)}`);
  }
  if (d.version !== MODEL_VERSION) {
    throw new RangeError(`model file: expected version ${MODEL_VERSION}, got ${kindOf(d.version)}`);
  }
  const nin = d.nin;
  checkNumber('model file', 'nin', nin, isSize, 'a positive integer');
  const nouts = d.nouts;
  if (!Array.isArray(nouts) || nouts.length === 0 || !nouts.every(isSize)) {
    throw new RangeError(
      `model file: expected nouts to be a non-empty list of positive integers, got ${JSON.stringify(nouts) ?? 'nothing'}`,
    );
  }
  const activation = readActivation(d, 'activation');
  const outputActivation = readActivation(d, 'outputActivation');

  const sizes = [nin, ...nouts];
  const architecture = `MLP ${sizes.join('-')}`;
  // each layer has (inputs + 1 bias) parameters per neuron
  const expected = nouts.reduce((n, nout, i) => n + ((sizes[i] as number) + 1) * nout, 0);
  const weights = d.weights;
  if (!Array.isArray(weights)) {
    throw new TypeError(
      `model file: expected weights to be a list of numbers, got ${kindOf(weights)}`,
    );
  }
  if (weights.length !== expected) {
    throw new RangeError(
      `model file: expected ${expected} weights for ${architecture}, got ${weights.length}`,
    );
  }
  weights.forEach((w, i) => {
    checkNumber('model file', `weight ${i}`, w, Number.isFinite, 'a finite number');
  });

  const model = new MLP(nin, nouts, { activation, outputActivation });
  model.parameters().forEach((p, i) => {
    p.data = weights[i] as number;
  });
  return model;
}

/** JSON.stringify, except that −0 stays `-0` (JSON.stringify writes `0`; JSON.parse reads `-0` back as −0). */
function toJSON(value: unknown): string {
  if (!Array.isArray(value)) return JSON.stringify(value);
  return `[${value.map((x) => (Object.is(x, -0) ? '-0' : JSON.stringify(x))).join(',')}]`;
}

function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

function readActivation(d: Record<string, unknown>, key: string): Activation {
  const a = d[key];
  checkName('model file', key, a, Object.keys(activations));
  return a as Activation;
}
