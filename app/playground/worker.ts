// The training worker: runs gradient descent off the page's thread and sends snapshots to draw.
//
// Where the time goes (measured in Node on spiral, 2-16-16-1, 140 training points, a loaded
// machine): a step on the lane tape takes about 0.13 ms, the test set's forward pass 0.05 ms, and a
// snapshot's grid (every neuron at 2,500 points, on lanes too) about 2 ms, where the plain loop it
// replaced took 5; on 6×32, 3 ms a step and about 10 ms a grid of 1,296 points. Snapshots are
// spaced so that they take at most about a tenth of the worker's time, and at most ~10 a second.
import { type Domain, GridLanes, gridPoints } from './grid.ts';
import { pointGraph } from './point-graph.ts';
import type { Command, Measurement, NetworkNumbers, Report } from './protocol.ts';
import { TrainingSession } from './training-session.ts';

/** The shortest time between two snapshots while playing: about 10 pictures a second. */
const MIN_SLICE_MS = 100;
/** The longest time between two snapshots, so that Pause is heard soon. */
const MAX_SLICE_MS = 200;
/** While playing, the test set is measured every this many steps (a forward pass only). */
const TEST_EVERY = 10;
/** Snapshots may take about this share of the worker's time while playing. */
const SNAPSHOT_SHARE = 0.1;

/** The worker's whole state, changed only by the handlers below. */
const worker = {
  session: undefined as TrainingSession | undefined,
  /** The number of the latest reset, copied into every report. */
  run: 0,
  playing: false,
  /** Bumped by every Play, so that a loop left over from a quick Pause + Play ends itself. */
  loop: 0,
  pending: [] as Measurement[],
  grid: undefined as GridLanes | undefined,
  resolution: 0,
  /** How long the last snapshot took, which spaces the next one. */
  snapshotMs: 0,
};

function post(report: Report, transfer: Transferable[] = []): void {
  postMessage(report, { transfer });
}

/** Fewer grid points for large networks: the picture is interpolated anyway. */
function resolutionFor(session: TrainingSession): number {
  return session.model.parameters().length > 1500 ? 36 : 50;
}

function setGrid(session: TrainingSession, domain: Domain): void {
  const resolution = resolutionFor(session);
  const inputs = gridPoints(domain, resolution).map(([x1, x2]) => session.featuresOf(x1, x2));
  worker.grid = new GridLanes(session.model, inputs);
  worker.resolution = resolution;
}

function networkNumbers(session: TrainingSession): NetworkNumbers {
  const params = session.model.parameters();
  return {
    shape: session.model.layers.map((layer) => ({
      nin: (layer.neurons[0]?.w.length ?? 0) as number,
      nout: layer.neurons.length,
    })),
    params: Float64Array.from(params, (p) => p.data),
    grads: Float64Array.from(params, (p) => p.grad),
    outputGrads: Float64Array.from(session.probes.flat(), (p) => p.grad),
  };
}

function snapshot(): void {
  const { session } = worker;
  if (session === undefined) return;
  const start = performance.now();
  const last = worker.pending[worker.pending.length - 1];
  if (last !== undefined) Object.assign(last, session.measureTest());
  const maps = worker.grid?.evaluate() ?? [];
  const network = networkNumbers(session);
  post(
    {
      type: 'snapshot',
      run: worker.run,
      steps: session.stepCount,
      epoch: session.epoch,
      measurements: worker.pending,
      resolution: worker.resolution,
      maps,
      network,
    },
    [...maps.flat().map((m) => m.buffer), network.params.buffer, network.grads.buffer],
  );
  worker.pending = [];
  worker.snapshotMs = performance.now() - start;
}

/** Stops, and sends the page what went wrong. */
function fail(error: unknown): void {
  worker.playing = false;
  const message = error instanceof Error ? error.message : String(error);
  post({ type: 'error', run: worker.run, message });
}

/** Steps for one time slice, then a snapshot; yields to the message queue so Pause is heard. */
function play(token: number): void {
  const { session } = worker;
  if (!worker.playing || token !== worker.loop || session === undefined) return;
  const slice = Math.min(MAX_SLICE_MS, Math.max(MIN_SLICE_MS, worker.snapshotMs / SNAPSHOT_SHARE));
  const start = performance.now();
  try {
    do {
      const m = session.step();
      // the test loss now and then between snapshots too, so the test curve has its early shape
      if (session.stepCount % TEST_EVERY === 0) Object.assign(m, session.measureTest());
      worker.pending.push(m);
      if (!Number.isFinite(m.trainLoss)) {
        worker.playing = false; // diverged: nothing more to learn from NaN
        break;
      }
    } while (performance.now() - start < slice);
    snapshot();
  } catch (error) {
    fail(error);
  }
  setTimeout(() => play(token), 0);
}

const handlers: { [K in Command['type']]: (command: Extract<Command, { type: K }>) => void } = {
  reset({ run, state, data, domain }) {
    worker.run = run;
    // if the new settings are refused, nothing of the old run may keep going
    worker.session = undefined;
    worker.pending = [];
    const session = new TrainingSession(state, data);
    worker.session = session;
    setGrid(session, domain);
    post({ type: 'split', run, train: session.train, test: session.test });
    // the loss and the gradients at step 0, for the numbers and the diagram
    worker.pending.push({
      step: 0,
      ...session.gradients(),
      testLoss: Number.NaN,
      testAccuracy: Number.NaN,
    });
    snapshot();
  },
  settings({ settings }) {
    worker.session?.update(settings);
  },
  play() {
    if (worker.playing) return;
    worker.playing = true;
    play(++worker.loop);
  },
  pause() {
    worker.playing = false;
  },
  step() {
    if (worker.session === undefined) return;
    worker.pending.push(worker.session.step());
    snapshot();
  },
  'set-weight'({ param, value }) {
    const p = worker.session?.model.parameters()[param];
    if (p === undefined || worker.session === undefined) return;
    p.data = value;
    worker.session.gradients();
    snapshot();
  },
  'point-graph'({ index, neuron }) {
    if (worker.session === undefined) return;
    post({
      type: 'point-graph',
      run: worker.run,
      graph: pointGraph(worker.session, index, neuron),
    });
  },
};

addEventListener('message', (event: MessageEvent<Command>) => {
  const command = event.data;
  try {
    (handlers[command.type] as (c: Command) => void)(command);
  } catch (error) {
    fail(error);
  }
});
