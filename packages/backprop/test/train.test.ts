// Oracles: micrograd's demo run with micrograd's own engine (fixtures/micrograd-demo.json),
// NumPy's permutation stream (fixtures/rng-streams.json) and the loss formulas.
import { describe, expect, it } from 'vitest';
import { microgradDemo as demo, rngStreams } from '../../../fixtures/index.ts';
import { evaluate, MLP, makeMoons, Trainer, train, trainDefaults } from '../src/index.ts';

const permutation1337 = rngStreams.numpy['1337'].shuffle_arange_100;

/** micrograd's demo model, its parameters set from the fixture. */
function demoModel(): MLP {
  const model = new MLP(2, [16, 16, 1]);
  model.parameters().forEach((p, i) => {
    p.data = demo.initial_parameters[i] as number;
  });
  return model;
}
const demoData = () => ({ X: demo.X, y: demo.y });
/** The demo's labels as a dataset generator gives them: 0/1 instead of ±1. */
const demoData01 = () => ({ X: demo.X, y: demo.y.map((yi) => (yi + 1) / 2) });

describe('Trainer', () => {
  it('Trainer.step() at step 0 gives micrograd’s loss and every gradient', () => {
    const model = demoModel();
    const report = new Trainer(model, demoData()).step();
    expect(report.loss).toBe(demo.trajectory[0]?.loss);
    expect(report.accuracy).toBe(0.5);
    expect(report.learningRate).toBe(1);
    // the update has been applied, and the grads it used are still on the parameters
    const grads = model.parameters().map((p) => p.grad);
    expect(grads).toHaveLength(demo.grads_step0.length);
    grads.forEach((g, i) => {
      expect(Math.abs(g - (demo.grads_step0[i] as number)), `grad ${i}`).toBeLessThanOrEqual(1e-9);
    });
    model.parameters().forEach((p, i) => {
      expect(p.data).toBe((demo.initial_parameters[i] as number) - 1.0 * (grads[i] as number));
    });
  });

  it('Trainer.step() on new MLP(2, [16, 16, 1]) and makeMoons(seed 1337) starts as micrograd’s demo', () => {
    const data = makeMoons({ nSamples: 100, noise: 0.1, seed: 1337 });
    const report = new Trainer(new MLP(2, [16, 16, 1]), data).step();
    expect(report.loss).toBe(demo.trajectory[0]?.loss);
    expect(report.accuracy).toBe(0.5);
  });

  it('Trainer.step() with 0/1 labels equals micrograd’s ±1 labels to the bit', () => {
    const a = new Trainer(demoModel(), demoData()).step();
    const b = new Trainer(demoModel(), demoData01()).step();
    expect(b).toEqual(a);
  });

  it('Trainer.step() draws each minibatch as np.random.permutation(n)[:batchSize]', () => {
    const model = demoModel();
    const report = new Trainer(model, demoData(), { batchSize: 10 }).step();
    // restore the parameters the step started from, then measure the loss by its formula
    model.parameters().forEach((p, i) => {
      p.data = demo.initial_parameters[i] as number;
    });
    const batch = permutation1337.slice(0, 10);
    const hinge =
      batch.reduce((acc, i) => {
        const score = model.predict(demo.X[i] as number[])[0] as number;
        return acc + Math.max(0, 1 - (demo.y[i] as number) * score);
      }, 0) / 10;
    const reg = 1e-4 * demo.initial_parameters.reduce((acc, p) => acc + p * p, 0);
    expect(report.loss).toBeCloseTo(hinge + reg, 12);
    expect(report.dataLoss).toBeCloseTo(hinge, 12);
  });

  it('new Trainer() holds out ⌈fraction · n⌉ samples, as sklearn’s train_test_split', () => {
    const trainer = new Trainer(demoModel(), demoData(), { testFraction: 0.2 });
    const test = permutation1337.slice(0, 20);
    const rest = permutation1337.slice(20);
    expect(trainer.testSet.X).toEqual(test.map((i) => demo.X[i]));
    expect(trainer.testSet.y).toEqual(test.map((i) => demo.y[i]));
    expect(trainer.trainSet.X).toEqual(rest.map((i) => demo.X[i]));
    const report = trainer.step();
    expect(report.test).toEqual(
      evaluate(demoModel(), trainer.testSet, { loss: 'hinge', l2: 1e-4 }),
    );
  });

  it('Trainer.step() after the last step throws, naming the step count', () => {
    const trainer = new Trainer(new MLP(2, [2, 1]), demoData(), { steps: 1 });
    trainer.step();
    expect(trainer.done).toBe(true);
    expect(() => trainer.step()).toThrow('Trainer.step: all 1 steps are taken');
  });

  it('new Trainer() with steps Infinity and a constant schedule never finishes', () => {
    const trainer = new Trainer(new MLP(2, [2, 1]), demoData(), {
      steps: Number.POSITIVE_INFINITY,
      schedule: 'constant',
      learningRate: 0.1,
    });
    trainer.step();
    expect([trainer.done, trainer.step().learningRate]).toEqual([false, 0.1]);
  });
});

describe('train()', () => {
  it.each(['auto', 'tape', 'object'] as const)(
    'train() with engine %s reproduces micrograd’s 100-step demo',
    (engine) => {
      const { history, stoppedBy } = train(demoModel(), demoData(), { engine });
      expect(stoppedBy).toBe('steps');
      expect(history).toHaveLength(100);
      history.forEach((r, k) => {
        const want = demo.trajectory[k];
        if (!want) throw new Error(`no trajectory entry ${k}`);
        expect(r.step).toBe(k);
        expect(Math.abs(r.loss - want.loss) / want.loss, `loss at step ${k}`).toBeLessThanOrEqual(
          1e-9,
        );
        expect(r.accuracy, `accuracy at step ${k}`).toBe(want.accuracy);
        expect(r.learningRate).toBe(1.0 - (0.9 * k) / 100);
      });
      expect(history.at(-1)?.loss).toBeCloseTo(0.010978370135492717, 15);
      expect(history.at(-1)?.accuracy).toBe(1);
    },
    60_000,
  );

  it('train() gives the same bits on the tape as on the object engine, with a test set', () => {
    const options = {
      steps: 20,
      testFraction: 0.2,
      optimizer: 'adam',
      learningRate: 0.05,
    } as const;
    const onTape = train(demoModel(), demoData01(), { ...options, engine: 'tape' });
    const onObjects = train(demoModel(), demoData01(), { ...options, engine: 'object' });
    expect(onTape.history).toEqual(onObjects.history);
    expect(onTape.history[19]?.test).toBeDefined();
  });

  it('train() with engine tape refuses a loss compile() cannot record; auto trains it on lanes as the object engine does', () => {
    const data = { X: demo.X.slice(0, 12), y: demo.y.slice(0, 12).map((yi) => (yi + 1) / 2) };
    const options = { loss: 'cross-entropy', steps: 2 } as const;
    expect(() => train(new MLP(2, [4, 2]), data, { ...options, engine: 'tape' })).toThrow(
      /^Trainer: engine 'tape' cannot record loss cross-entropy: compile: /,
    );
    const auto = train(new MLP(2, [4, 2]), data, options);
    const object = train(new MLP(2, [4, 2]), data, { ...options, engine: 'object' });
    expect(auto.history).toEqual(object.history);
  });

  it('train() with engine tape refuses minibatches, naming the sizes; auto trains them', () => {
    const refusal =
      "Trainer: expected full batches for engine 'tape', which replays one graph, got batchSize 10 " +
      "of 100 training samples (use engine 'auto' or 'object')";
    expect(() => train(demoModel(), demoData(), { batchSize: 10, engine: 'tape' })).toThrow(
      refusal,
    );
    const auto = train(demoModel(), demoData(), { batchSize: 10, steps: 3 });
    expect(auto.history).toHaveLength(3);
  });

  it('train() stops when onStep returns false', () => {
    const seen: number[] = [];
    const { history, stoppedBy } = train(demoModel(), demoData(), {
      onStep: (r) => {
        seen.push(r.step);
        return r.step < 2;
      },
    });
    expect([seen, history.length, stoppedBy]).toEqual([[0, 1, 2], 3, 'callback']);
  });

  it('train() stops after the first step whose loss reaches targetLoss', () => {
    // micrograd's trajectory first goes below 0.5 at step 4 (0.369…)
    const { history, stoppedBy } = train(demoModel(), demoData(), { targetLoss: 0.5 });
    expect([history.length, stoppedBy]).toEqual([5, 'targetLoss']);
  });

  it('train() stops when the loss stops being finite', () => {
    const { history, stoppedBy } = train(new MLP(2, [4, 1], { seed: 2 }), demoData(), {
      loss: 'mse',
      learningRate: 1e100,
      schedule: 'constant',
    });
    expect(stoppedBy).toBe('diverged');
    expect(Number.isFinite(history.at(-1)?.loss)).toBe(false);
    expect(history.slice(0, -1).every((r) => Number.isFinite(r.loss))).toBe(true);
  });

  it('train() with bce and adam, and with cross-entropy on three classes, lowers the loss', () => {
    const bce = train(new MLP(2, [8, 1], { seed: 3 }), demoData01(), {
      loss: 'bce',
      optimizer: 'adam',
      learningRate: 0.05,
      schedule: 'cosine',
      steps: 30,
    }).history;
    expect(bce.at(-1)?.loss).toBeLessThan((bce[0]?.loss as number) / 2);

    const X = [
      [0, 0],
      [0.1, 0.2],
      [3, 3],
      [3.2, 2.9],
      [-3, 3],
      [-2.8, 3.1],
    ];
    const y = [0, 0, 1, 1, 2, 2];
    const ce = train(
      new MLP(2, [8, 3], { seed: 5 }),
      { X, y },
      {
        loss: 'cross-entropy',
        optimizer: 'momentum',
        learningRate: 0.05,
        schedule: 'constant',
        steps: 60,
        l2: 0,
      },
    ).history;
    expect(ce.at(-1)?.loss).toBeLessThan((ce[0]?.loss as number) / 4);
    expect(ce.at(-1)?.accuracy).toBe(1);
  });

  it('train() rejects unknown names, listing the valid choices', () => {
    const model = new MLP(2, [1]);
    expect(() => train(model, demoData(), { loss: 'svm' as 'hinge' })).toThrow(
      'train: expected loss to be one of hinge, mse, bce, cross-entropy, got string "svm"',
    );
    expect(() => train(model, demoData(), { optimizer: 'rmsprop' as 'sgd' })).toThrow(
      'train: expected optimizer to be one of sgd, momentum, adam, got string "rmsprop"',
    );
    expect(() => train(model, demoData(), { schedule: 'step' as 'linear' })).toThrow(
      'train: expected schedule to be one of constant, linear, cosine, got string "step"',
    );
    expect(() => train(model, demoData(), { engine: 'gpu' as 'tape' })).toThrow(
      'train: expected engine to be one of auto, tape, object, got string "gpu"',
    );
  });

  it('train() rejects bad numbers, labels and shapes, naming each', () => {
    const model = new MLP(2, [1]);
    const data = demoData01();
    expect(() => train(model, data, { steps: 0 })).toThrow(
      'train: expected steps to be a positive integer (Infinity only with schedule constant), got number 0',
    );
    expect(() => train(model, data, { learningRate: -1 })).toThrow(
      'expected learningRate to be a number > 0',
    );
    expect(() => train(model, data, { batchSize: 2.5 })).toThrow(
      'expected batchSize to be a positive integer',
    );
    expect(() => train(model, data, { testFraction: 1 })).toThrow(
      'expected testFraction to be in [0, 1)',
    );
    expect(() => train(model, { X: [[1, 2]], y: [2] })).toThrow(
      'train: expected label 0 to be 0 or 1 (or -1) for loss hinge, got number 2',
    );
    expect(() => train(model, { X: [[1, 2, 3]], y: [1] })).toThrow(
      'train: expected point 0 to be an array of 2 coordinates for MLP 2-1, got array of length 3',
    );
    expect(() => train(model, { X: [[1, 2]], y: [1, 0] })).toThrow(
      'train: expected one label per point, got 1 points and 2 labels',
    );
    expect(() => train(model, data, { loss: 'cross-entropy' })).toThrow(
      'train: expected a model with one output per class (at least 2) for loss cross-entropy, got MLP 2-1',
    );
    expect(() => train(new MLP(2, [3]), data)).toThrow(
      'train: expected a model with 1 output for loss hinge, got MLP 2-3',
    );
  });

  it('train() throws a TypeError for a wrong type and a RangeError for a number out of range', () => {
    const model = new MLP(2, [1]);
    const data = demoData01();
    // a string where a number belongs was a RangeError before
    expect(() => train(model, data, { steps: '5' as unknown as number })).toThrow(
      new TypeError(
        'train: expected steps to be a positive integer (Infinity only with schedule constant), got string "5"',
      ),
    );
    expect(() => train(model, data, { seed: 2 ** 32 })).toThrow(
      new RangeError(
        'train: expected seed to be an integer in [0, 2^32 - 1], got number 4294967296',
      ),
    );
    expect(() => train(model, { X: [[1, '2' as unknown as number]], y: [1] })).toThrow(TypeError);
    expect(() => train(model, { X: [[1, 2]], y: ['1' as unknown as number] })).toThrow(TypeError);
    expect(() => train(model, data, { testFraction: 0.999 })).toThrow(
      new RangeError(
        'Trainer: expected testFraction to leave at least one of the 100 samples for training, got number 0.999',
      ),
    );
  });

  it('train() reads alpha, the deprecated name of l2, and refuses both at once', () => {
    const options = { steps: 2, engine: 'object' } as const;
    const withL2 = train(demoModel(), demoData(), { ...options, l2: 0.01 }).history;
    const withAlpha = train(demoModel(), demoData(), { ...options, alpha: 0.01 }).history;
    expect(withAlpha).toEqual(withL2);
    expect(withL2).not.toEqual(train(demoModel(), demoData(), options).history);
    expect(() => train(demoModel(), demoData(), { l2: 0.01, alpha: 0.01 })).toThrow(
      'train: expected l2 or its deprecated alias alpha, not both, got l2 0.01 and alpha 0.01',
    );
  });

  it('trainDefaults are micrograd’s demo settings', () => {
    expect(trainDefaults).toEqual({
      loss: 'hinge',
      l2: 1e-4,
      optimizer: 'sgd',
      learningRate: 1,
      schedule: 'linear',
      steps: 100,
      testFraction: 0,
      seed: 1337,
      engine: 'auto',
    });
  });
});

describe('evaluate()', () => {
  it('evaluate() gives micrograd’s step-0 loss and accuracy without changing the model', () => {
    const model = demoModel();
    expect(evaluate(model, demoData())).toEqual({
      loss: demo.trajectory[0]?.loss,
      dataLoss: expect.any(Number),
      accuracy: 0.5,
    });
    expect(model.parameters().map((p) => p.data)).toEqual(demo.initial_parameters);
  });
});
