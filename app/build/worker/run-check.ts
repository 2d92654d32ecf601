// One check, start to finish, inside the worker: run each piece of the learner's code with what
// the harness provides in scope, then the step's check, and turn whatever happens into an Outcome.
import { PythonRandom } from 'backprop';
import { microgradDemo } from '../../../fixtures/index.ts';
import { CheckFailure, checks, watchers } from '../checks/index.ts';
import type { CheckRequest, Outcome, WorkerMessage } from '../protocol.ts';
import { describeError, run } from './sandbox.ts';

/** micrograd's seed: random.uniform draws what Python's random does after random.seed(1337). */
const SEED = 1337;

export function runCheck(request: CheckRequest, post: (message: WorkerMessage) => void): Outcome {
  const passed: string[] = [];
  const reported: { step: number; loss: number }[] = [];
  let rng = new PythonRandom(SEED);
  let onReport = (_step: number) => {};
  const scope: Record<string, unknown> = {
    // the shape of Python's random module, for the learner's Neuron
    random: { uniform: (a: number, b: number) => rng.uniform(a, b), random: () => rng.random() },
    report: (step: unknown, loss: unknown) => {
      reported.push({ step: Number(step), loss: Number(loss) });
      post({ kind: 'loss', step: Number(step), loss: Number(loss) });
      onReport(Number(step));
    },
    X: microgradDemo.X.map((x) => [...x]),
    y: [...microgradDemo.y],
  };
  const context = {
    passed,
    reported,
    reseed: () => {
      rng = new PythonRandom(SEED);
    },
    alive: () => post({ kind: 'alive' }),
  };
  try {
    const defined: Record<string, unknown> = {};
    for (const [i, source] of request.sources.entries()) {
      const last = i === request.sources.length - 1;
      const watch = last ? watchers[request.step]?.(defined, post) : undefined;
      if (watch) onReport = watch.onReport;
      Object.assign(defined, run(source, { ...scope, ...defined, ...watch?.scope }));
    }
    const result = checks[request.step](defined, context);
    return { passed: true, cases: passed, ...result };
  } catch (e) {
    if (e instanceof CheckFailure) {
      return {
        passed: false,
        summary: 'Not yet: one case differs.',
        cases: passed,
        failure: e.failure,
        ...e.extra,
      };
    }
    const error = describeError(
      e,
      request.sources.map((s) => s.step),
    );
    return { passed: false, summary: 'Your code threw an error.', cases: passed, error };
  }
}
