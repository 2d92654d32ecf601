// The benchmark's three contenders must do the same job: micrograd's step 0 on its demo data
// (fixtures/micrograd-demo.json, computed by micrograd itself) is the oracle. No timing here.
import { describe, expect, it } from 'vitest';
import { MlpJob, worstError } from '../../bench/mlp-job.ts';
import { Yardstick } from '../../bench/yardstick.ts';
import { microgradDemo as demo } from '../../fixtures/index.ts';

const loss0 = demo.trajectory[0]?.loss as number;

describe('bench', () => {
  it('worstError() is the largest |got − want| / max(1, |want|)', () => {
    expect(worstError([1, 2.5, -0.25], [1, 2, 0])).toBe(0.25);
    expect(worstError([3], [-2])).toBe(2.5);
    expect(() => worstError([1], [1, 2])).toThrow('worstError: 1 numbers against 2');
  });

  it('Yardstick.step() gives micrograd’s step-0 loss and gradients', () => {
    const yardstick = new Yardstick(
      [2, 16, 16, 1],
      demo.initial_parameters,
      Float64Array.from(demo.X.flat()),
      Float64Array.from(demo.y),
      1e-4,
    );
    expect(worstError([yardstick.step()], [loss0])).toBeLessThan(1e-12);
    expect(worstError(yardstick.grads, demo.grads_step0)).toBeLessThan(1e-12);
  });

  it('MlpJob: the object engine and the tape give micrograd’s step 0, and check() agrees', () => {
    const job = new MlpJob([2, 16, 16, 1], { X: demo.X, y: demo.y });
    const grads = () => job.model.parameters().map((p) => p.grad);
    for (const step of [() => job.objectStep(), () => job.tapeStep()]) {
      expect(worstError([step()], [loss0])).toBeLessThan(1e-12);
      expect(worstError(grads(), demo.grads_step0)).toBeLessThan(1e-12);
    }
    expect(job.check()).toBe(job.objectStep());
  });
});
