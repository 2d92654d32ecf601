// The training worker: runs gradient descent off the page's thread and sends snapshots to draw.
import type { Command, Measurement, Report } from './protocol.ts';
import { RESOLUTION, TrainingSession } from './training-session.ts';

/** How long to train between snapshots: short enough for ~20 pictures a second. */
const SLICE_MS = 45;

let session: TrainingSession | undefined;
// The number of the latest reset, copied into every report.
let currentRun = 0;
let playing = false;
// Bumped by every Play, so that a loop left over from before a quick Pause + Play ends itself.
let loop = 0;
let pending: Measurement[] = [];

function post(report: Report, transfer: Transferable[] = []): void {
  postMessage(report, { transfer });
}

function snapshot(): void {
  if (session === undefined) return;
  const { boundary, neurons } = session.evaluateGrid();
  post(
    {
      type: 'snapshot',
      run: currentRun,
      steps: session.trainer.stepCount,
      measurements: pending,
      resolution: RESOLUTION,
      boundary,
      neurons,
    },
    [boundary.buffer, ...neurons.flat().map((map) => map.buffer)],
  );
  pending = [];
}

/** Stops, and sends the page what went wrong. */
function fail(error: unknown): void {
  playing = false;
  const message = error instanceof Error ? error.message : String(error);
  post({ type: 'error', run: currentRun, message });
}

/** Steps for one time slice, then a snapshot; yields to the message queue so Pause is heard. */
function run(token: number): void {
  if (!playing || token !== loop || session === undefined) return;
  const start = performance.now();
  try {
    do {
      const m = session.step();
      pending.push(m);
      if (!Number.isFinite(m.trainLoss)) {
        playing = false; // diverged: nothing more to learn from NaN
        break;
      }
    } while (performance.now() - start < SLICE_MS);
  } catch (error) {
    fail(error);
  }
  snapshot();
  setTimeout(() => run(token), 0);
}

addEventListener('message', (event: MessageEvent<Command>) => {
  const command = event.data;
  try {
    switch (command.type) {
      case 'reset': {
        currentRun = command.run;
        // if the new settings are refused, nothing of the old run may keep going
        session = undefined;
        pending = [];
        session = new TrainingSession(command.state, command.data, command.domain);
        const { trainSet, testSet } = session.trainer;
        post({ type: 'split', run: currentRun, train: trainSet, test: testSet });
        snapshot();
        break;
      }
      case 'play':
        if (!playing) {
          playing = true;
          run(++loop);
        }
        break;
      case 'pause':
        playing = false;
        break;
      case 'step':
        if (session !== undefined) {
          pending.push(session.step());
          snapshot();
        }
        break;
    }
  } catch (error) {
    fail(error);
  }
});
