// Lesson 2, wiring: settings in the URL, training in a worker, pictures redrawn as snapshots arrive.
import type { Dataset } from 'backprop';
import type { Lesson } from '../lesson.ts';
import { writeQuery } from '../url-state.ts';
import { BoundaryView } from './boundary-view.ts';
import { ControlsView } from './controls-view.ts';
import { CurveView } from './curve-view.ts';
import { datasetOf, pointsOf } from './data.ts';
import { domainOf } from './grid.ts';
import { NeuronView } from './neuron-view.ts';
import type { Command, Measurement, Report } from './protocol.ts';
import { limits, type PlaygroundState, type Point, readState, stateParams } from './state.ts';

const TRAIN_COLOR = '#2f62c9';
const TEST_COLOR = '#e07b00';
// Measurements kept for the curves; past this, every other one is dropped, keeping the newest.
const MAX_HISTORY = 4000;

const legend = `<div class="legend"><span><i style="color:${TRAIN_COLOR}"></i>train</span><span><i class="dashed" style="color:${TEST_COLOR}"></i>test</span></div>`;

const template = `
<div class="pg">
  <aside class="pg-side" aria-label="Settings"></aside>
  <div class="pg-center">
    <div class="pg-controls">
      <button type="button" data-action="reset" title="New weights, step 0">⟲ Reset</button>
      <button type="button" data-action="play" class="primary" aria-pressed="false">▶ Play</button>
      <button type="button" data-action="step" title="One step of gradient descent">Step</button>
      <div class="stats" aria-label="Training progress">
        <div><span>step</span><b data-stat="steps">0</b></div>
        <div><span>train loss</span><b data-stat="trainLoss">–</b></div>
        <div><span>test loss</span><b data-stat="testLoss">–</b></div>
        <div><span>train acc</span><b data-stat="trainAccuracy">–</b></div>
        <div><span>test acc</span><b data-stat="testAccuracy">–</b></div>
      </div>
    </div>
    <p class="status-line" role="status"></p>
    <div class="panel boundary">
      <div class="plot">
        <canvas tabindex="0" role="img" aria-describedby="pg-boundary-help"
          aria-label="Decision boundary: the model's prediction over the plane, with the data points"></canvas>
      </div>
      <div class="click-mode">
        <span><span class="swatch c0"></span> class 0 &nbsp;<span class="swatch c1"></span> class 1
          · ringed in black: test points</span>
        <label><input type="checkbox" name="pg-show-test" checked /> show test points</label>
      </div>
      <div class="click-mode">
        <fieldset>
          <legend>Click adds</legend>
          <label><input type="radio" name="pg-click" value="0" /> class 0</label>
          <label><input type="radio" name="pg-click" value="1" checked /> class 1</label>
          <label><input type="radio" name="pg-click" value="remove" /> removes</label>
        </fieldset>
        <span class="hint" id="pg-boundary-help">Keyboard: focus the picture, arrows move, Enter places.</span>
      </div>
    </div>
  </div>
  <div class="pg-right">
    <section class="panel chart">
      <h2 id="pg-loss-title">Loss</h2>
      <canvas class="loss" style="height: 150px" role="img" aria-label="Train and test loss over the steps"></canvas>
      ${legend}
    </section>
    <section class="panel chart">
      <h2 id="pg-acc-title">Accuracy</h2>
      <canvas class="accuracy" style="height: 120px" role="img" aria-label="Train and test accuracy over the steps"></canvas>
      ${legend}
    </section>
    <section class="panel" aria-labelledby="pg-neurons-title">
      <h2 id="pg-neurons-title">What each neuron computes</h2>
      <div class="neurons"></div>
    </section>
  </div>
</div>`;

/** Builds lesson 2 into `panel`, starting from the settings in `query`. */
export function createPlaygroundLesson(panel: HTMLElement, query: URLSearchParams): Lesson {
  panel.innerHTML = template;
  const $ = <T extends Element>(selector: string) => panel.querySelector(selector) as T;
  const button = (action: string) => $<HTMLButtonElement>(`[data-action=${action}]`);
  const status = $<HTMLElement>('.status-line');

  let state: PlaygroundState = readState(query);
  let data: Dataset = datasetOf(state);
  // The square shown; it changes with new data, but not while points are edited by clicking.
  let domain = domainOf(pointsOf(data));
  let playing = false;
  // Numbers the resets, so that reports from an earlier run, still on their way, can be dropped.
  let run = 0;
  let history: Measurement[] = [];
  // The newest snapshot not drawn yet: drawing waits for the next animation frame.
  let latest: Extract<Report, { type: 'snapshot' }> | undefined;

  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const send = (command: Command) => worker.postMessage(command);

  const controls = new ControlsView($('.pg-side'), (change) => {
    if (change.dataset === 'custom' && change.points === undefined) {
      change.points = pointsOf(data); // keep the points on screen, now editable
    }
    state = { ...state, ...change };
    if (state.dataset !== 'custom') state.points = [];
    reset({ newData: 'dataset' in change || 'points' in change || isDataChange(change) });
  });
  const boundary = new BoundaryView($('.boundary canvas'), (x, y) => editPoints(x, y));
  const lossChart = new CurveView($('canvas.loss'), { format: (y) => y.toFixed(2) });
  const accuracyChart = new CurveView($('canvas.accuracy'), {
    yMax: 1,
    format: (y) => `${Math.round(y * 100)}%`,
  });
  const neuronView = new NeuronView($('.neurons'));

  /** Starts over with new weights (and new data when the data settings changed). */
  function reset({ newData }: { newData: boolean }): void {
    if (newData) {
      data = datasetOf(state);
      domain = domainOf(pointsOf(data));
      boundary.setDomain(domain);
    }
    history = [];
    latest = undefined;
    boundary.setPoints(pointsOf(data), []);
    boundary.setScores(undefined, 0);
    neuronView.clear();
    status.textContent = '';
    controls.show(state);
    writeQuery('playground', stateParams(state));
    send({ type: 'reset', run: ++run, state, data, domain });
    if (playing) send({ type: 'play' });
    drawStats();
    drawCurves();
  }

  /** A click on the picture: add a point of the chosen class, or remove the nearest one. */
  function editPoints(x: number, y: number): void {
    const mode = $<HTMLInputElement>('input[name=pg-click]:checked').value;
    let points: Point[] = pointsOf(data);
    if (mode === 'remove') {
      const nearest = nearestPoint(points, x, y);
      if (nearest === -1 || points.length <= limits.points.min) return;
      points = points.filter((_, i) => i !== nearest);
    } else {
      if (points.length >= limits.points.max) return;
      points = [...points, { x, y, label: Number(mode) }];
    }
    state = { ...state, dataset: 'custom', points };
    data = datasetOf(state);
    reset({ newData: false });
  }

  function nearestPoint(points: readonly Point[], x: number, y: number): number {
    const { xMin, xMax } = domain;
    let best = -1;
    let bestDistance = ((xMax - xMin) / 30) ** 2; // only points within reach of the click
    points.forEach((p, i) => {
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bestDistance) [best, bestDistance] = [i, d];
    });
    return best;
  }

  function setPlaying(on: boolean): void {
    playing = on;
    send({ type: on ? 'play' : 'pause' });
    button('play').textContent = on ? '❚❚ Pause' : '▶ Play';
    button('play').setAttribute('aria-pressed', String(on));
  }

  worker.addEventListener('message', (event: MessageEvent<Report>) => {
    const report = event.data;
    if (report.run !== run) return;
    if (report.type === 'split') {
      boundary.setPoints(pointsOf(report.train), pointsOf(report.test));
    } else if (report.type === 'snapshot') {
      history.push(...report.measurements);
      if (history.length > MAX_HISTORY) {
        const last = history.length - 1;
        history = history.filter((_, i) => i % 2 === 0 || i === last);
      }
      // the worker stops by itself once the loss is no longer a number
      const newest = report.measurements[report.measurements.length - 1];
      if (playing && newest !== undefined && !Number.isFinite(newest.trainLoss)) {
        setPlaying(false);
        status.textContent =
          'Stopped: the loss is no longer a finite number. Try a smaller learning rate.';
      }
      if (latest === undefined) requestAnimationFrame(draw);
      latest = report;
    } else {
      setPlaying(false);
      status.textContent = report.message;
    }
  });

  function draw(): void {
    if (latest === undefined) return;
    const { boundary: scores, neurons, resolution } = latest;
    boundary.setScores(scores, resolution);
    const names = neurons.map((_, l) =>
      l === neurons.length - 1 ? 'output' : `hidden layer ${l + 1} · ${state.activation}`,
    );
    neuronView.show(neurons, resolution, names);
    drawStats(latest.steps);
    drawCurves();
    latest = undefined;
  }

  function drawStats(steps = 0): void {
    const last = history[history.length - 1];
    const stats: Record<string, [number, string]> = {
      steps: [steps, String(steps)],
      trainLoss: [last?.trainLoss ?? Number.NaN, last ? last.trainLoss.toFixed(3) : '–'],
      testLoss: [last?.testLoss ?? Number.NaN, last ? last.testLoss.toFixed(3) : '–'],
      trainAccuracy: [last?.trainAccuracy ?? Number.NaN, percent(last?.trainAccuracy)],
      testAccuracy: [last?.testAccuracy ?? Number.NaN, percent(last?.testAccuracy)],
    };
    for (const [name, [value, text]] of Object.entries(stats)) {
      const element = $<HTMLElement>(`[data-stat=${name}]`);
      element.textContent = text;
      element.dataset.value = String(value);
    }
  }

  function drawCurves(): void {
    const steps = history.map((m) => m.step);
    const curve = (key: keyof Measurement, color: string, dashed: boolean) => ({
      values: history.map((m) => m[key]),
      color,
      dashed,
    });
    lossChart.show(steps, [
      curve('trainLoss', TRAIN_COLOR, false),
      curve('testLoss', TEST_COLOR, true),
    ]);
    accuracyChart.show(steps, [
      curve('trainAccuracy', TRAIN_COLOR, false),
      curve('testAccuracy', TEST_COLOR, true),
    ]);
  }

  button('play').addEventListener('click', () => setPlaying(!playing));
  button('step').addEventListener('click', () => {
    setPlaying(false);
    send({ type: 'step' });
  });
  button('reset').addEventListener('click', () => reset({ newData: false }));
  $<HTMLInputElement>('input[name=pg-show-test]').addEventListener('change', (event) => {
    boundary.setShowTest((event.target as HTMLInputElement).checked);
  });

  boundary.setDomain(domain);
  reset({ newData: false });
  return {
    show: () => writeQuery('playground', stateParams(state)),
    hide: () => setPlaying(false),
  };
}

function isDataChange(change: Partial<PlaygroundState>): boolean {
  return ['samples', 'noise', 'dataSeed'].some((key) => key in change);
}

function percent(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}
