// Runs a check in a fresh Web Worker and watches it: if the worker goes LIMIT_MS without a sign of
// progress (a report, a case done), it is terminated and the check reported as not finishing.
import type { CheckRequest, Outcome, WorkerMessage } from './protocol.ts';

/** How long the learner's code may run without progress. */
export const LIMIT_MS = 2000;
/** How long a worker may take to load at all (a busy machine, a slow network). */
const LOAD_MS = 30_000;

/** The outcome when the code stops making progress; `more` says what counts as progress. */
const timedOut = (more: string): Outcome => {
  const message = `It ran for ${LIMIT_MS / 1000} s without progress and was stopped; the next check starts afresh.${more}`;
  return {
    passed: false,
    summary: 'Your code did not finish (an infinite loop?).',
    cases: [],
    error: { message },
  };
};

/**
 * Checks `request` in a new worker. `onProgress` receives each report(k, loss) and live picture
 * as they happen. When the step's code `trains`, a report at every training step is what progress means.
 */
export function runCheck(
  request: CheckRequest,
  onProgress: (message: WorkerMessage) => void,
  trains = false,
): Promise<Outcome> {
  const stalled = timedOut(
    trains ? ' A training loop must call report(k, loss.data) at every step.' : '',
  );
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./worker/check-worker.ts', import.meta.url), {
      type: 'module',
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(outcome);
    };
    const arm = (ms: number, outcome: Outcome) => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(outcome), ms);
    };
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.kind === 'done') return finish(message.outcome);
      onProgress(message);
      arm(LIMIT_MS, stalled);
    });
    worker.addEventListener('error', (event) => {
      const message = `The checker could not start: ${event.message || 'the worker failed to load'}.`;
      finish({ passed: false, summary: message, cases: [], error: { message } });
    });
    arm(LOAD_MS, { ...stalled, summary: 'The checker did not load.' });
    worker.postMessage(request);
  });
}
