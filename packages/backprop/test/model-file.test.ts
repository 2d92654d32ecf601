// Oracle: the model's own parameters (a round trip must return the same bits) and the document
// format stated in src/model-file.ts; counts by hand: 2-16-16-1 has 3·16 + 17·16 + 17·1 = 337.
import { describe, expect, it } from 'vitest';
import { MLP, modelFromJSON, modelToJSON, parseCsv } from '../src/index.ts';

const model = () => new MLP(2, [16, 16, 1], { seed: 1337 });

/** A valid document with one field replaced. */
function withField(key: string, value: unknown): string {
  const doc = JSON.parse(modelToJSON(model())) as Record<string, unknown>;
  doc[key] = value;
  return JSON.stringify(doc);
}

describe('modelToJSON() and modelFromJSON()', () => {
  it('modelFromJSON(modelToJSON(m)) returns the same architecture and weights to the bit', () => {
    const m = new MLP(3, [5, 4, 2], { seed: 9, activation: 'tanh', outputActivation: 'sigmoid' });
    m.parameters().forEach((p, i) => {
      p.data += i * 1e-3 + Math.PI * 1e-17; // not just the initial draws
    });
    const back = modelFromJSON(modelToJSON(m));
    expect(back.parameters().map((p) => p.data)).toEqual(m.parameters().map((p) => p.data));
    expect([back.nin, back.nouts, back.activation, back.outputActivation]).toEqual([
      3,
      [5, 4, 2],
      'tanh',
      'sigmoid',
    ]);
    expect(back.predict([0.1, -0.2, 0.3])).toEqual(m.predict([0.1, -0.2, 0.3]));
  });

  it('modelFromJSON(modelToJSON(m)) keeps a −0 weight as −0, not +0', () => {
    const m = model();
    (m.parameters()[3] as { data: number }).data = -0;
    (m.parameters()[5] as { data: number }).data = 0;
    const text = modelToJSON(m);
    expect(text).toContain(',-0,');
    const back = modelFromJSON(text).parameters();
    // Object.is tells −0 from +0 (IEEE 754: the same value, a different sign bit)
    expect(Object.is(back[3]?.data, -0)).toBe(true);
    expect(Object.is(back[5]?.data, 0)).toBe(true);
  });

  it('modelFromJSON() reads a file that starts with a byte-order mark, as parseCsv does', () => {
    const m = model();
    const back = modelFromJSON(`\uFEFF${modelToJSON(m)}`);
    expect(back.parameters().map((p) => p.data)).toEqual(m.parameters().map((p) => p.data));
    expect(parseCsv('\uFEFFx1,x2,label\n1,2,1\n')).toEqual({ X: [[1, 2]], y: [1] });
  });

  it('modelToJSON() writes the format, version, architecture and 337 weights', () => {
    const doc = JSON.parse(modelToJSON(model()));
    expect(doc).toMatchObject({
      format: 'backprop-mlp',
      version: 1,
      nin: 2,
      nouts: [16, 16, 1],
      activation: 'relu',
      outputActivation: 'linear',
    });
    expect(doc.weights).toHaveLength(337);
  });

  it('modelToJSON() refuses a NaN weight, naming it', () => {
    const m = model();
    (m.parameters()[4] as { data: number }).data = Number.NaN;
    expect(() => modelToJSON(m)).toThrow(
      'modelToJSON: weight 4 of MLP 2-16-16-1 is NaN; a model file holds finite numbers only',
    );
  });

  it('modelFromJSON() rejects truncated JSON', () => {
    const text = modelToJSON(model());
    expect(() => modelFromJSON(text.slice(0, text.length / 2))).toThrow(
      /^model file: not valid JSON \(truncated\?\)/,
    );
    expect(() => modelFromJSON('')).toThrow(/^model file: not valid JSON/);
  });

  it('modelFromJSON() rejects a wrong weight count, naming expected and received', () => {
    const doc = JSON.parse(modelToJSON(model()));
    doc.weights.pop();
    expect(() => modelFromJSON(JSON.stringify(doc))).toThrow(
      'model file: expected 337 weights for MLP 2-16-16-1, got 336',
    );
    expect(() => modelFromJSON(withField('nouts', [16, 1]))).toThrow(
      'model file: expected 65 weights for MLP 2-16-1, got 337',
    );
  });

  it('modelFromJSON() rejects NaN (null in JSON) and non-number weights, naming the index', () => {
    const doc = JSON.parse(modelToJSON(model()));
    doc.weights[7] = null;
    expect(() => modelFromJSON(JSON.stringify(doc))).toThrow(
      'model file: expected weight 7 to be a finite number, got null',
    );
    doc.weights[7] = '0.5';
    expect(() => modelFromJSON(JSON.stringify(doc))).toThrow('got string "0.5"');
  });

  it('modelFromJSON() rejects a wrong format, version, architecture or activation', () => {
    expect(() => modelFromJSON('[1, 2]')).toThrow(
      'model file: expected a JSON object, got array of length 2',
    );
    expect(() => modelFromJSON(withField('format', 'onnx'))).toThrow(
      'model file: expected format "backprop-mlp", got string "onnx"',
    );
    expect(() => modelFromJSON(withField('version', 2))).toThrow(
      'model file: expected version 1, got number 2',
    );
    expect(() => modelFromJSON(withField('nin', 0))).toThrow(
      'model file: expected nin to be a positive integer, got number 0',
    );
    expect(() => modelFromJSON(withField('nouts', [16, -1]))).toThrow(
      'model file: expected nouts to be a non-empty list of positive integers, got [16,-1]',
    );
    expect(() => modelFromJSON(withField('activation', 'gelu'))).toThrow(
      'model file: expected activation to be one of relu, tanh, sigmoid, linear, got string "gelu"',
    );
    expect(() => modelFromJSON(withField('weights', undefined))).toThrow(
      'model file: expected weights to be a list of numbers, got undefined',
    );
  });
});
