// Lesson 2, wiring: settings in the URL, training in a worker, pictures redrawn as snapshots arrive.
import './playground.css';
import type { Lesson } from '../lesson.ts';
import { writeQuery } from '../url-state.ts';
import { ControlsView } from './controls-view.ts';
import { pointsOf } from './data.ts';
import { lessonTemplate } from './lesson-template.ts';
import { PageViews, type Snapshot } from './page-views.ts';
import type { Command, PointGraph, Report } from './protocol.ts';
import { type ChangeKind, RunState } from './run-state.ts';
import { stateParams } from './state.ts';

/** Builds lesson 2 into `panel`, starting from the settings in `query`. */
export function createPlaygroundLesson(panel: HTMLElement, query: URLSearchParams): Lesson {
  panel.innerHTML = lessonTemplate;
  const $ = <T extends Element = HTMLElement>(selector: string) =>
    panel.querySelector(selector) as T;
  const run = new RunState(query);
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const send = (command: Command) => worker.postMessage(command);
  const status = (text: string, kind: 'error' | 'notice' = 'error') => {
    $('.pg-status').textContent = text;
    $('.pg-status').className = `pg-status ${kind}`;
  };
  let selected: { layer: number; index: number } | undefined;
  let train = pointsOf({ X: [], y: [] });
  // a Step taken while paused is drawn as an animation; everything else as it arrives
  let animateNext = false;
  const gradientsShown = () => $<HTMLInputElement>('input[name=pg-show-gradients]').checked;

  const views = new PageViews(panel, run, (x, y) => onPlotClick(x, y), {
    hover: (neuron) => views.showOutput(neuron),
    select: (neuron) => {
      selected = neuron;
      views.network.select(neuron);
    },
    pickLink: (link) => views.showLink(link),
    resizeLayer: (layer, delta) => run.resizeLayers(layer, delta) && afterChange('network'),
  });
  const controls = new ControlsView($('.pg-settings'), (change) => afterChange(run.apply(change)));

  /** Sends the worker what a change needs, and redraws. */
  function afterChange(kind: ChangeKind): void {
    writeQuery('playground', stateParams(run.state));
    controls.show(run.state);
    if (kind === 'live') send({ type: 'settings', settings: run.live });
    else if (kind === 'view') views.boundary.setDiscretize(run.state.discretize);
    if (kind === 'view') views.showOutput();
    else if (kind !== 'live') reset(kind === 'data');
  }

  /** Starts over with new weights (and, after a data change, a new square to show). */
  function reset(newData: boolean): void {
    if (newData) views.boundary.setDomain(run.domain);
    views.boundary.setRegression(run.regression);
    views.boundary.setDiscretize(run.state.discretize);
    views.boundary.setPoints(pointsOf(run.data, run.regression), []);
    panel.querySelector('.playground')?.classList.toggle('regression', run.regression);
    $('.pg-legend-text').textContent = run.regression
      ? 'The network’s output: blue below 0, red above; points coloured by their target.'
      : 'The score: blue for class 0, red for class 1; the white line is the decision boundary.';
    selected = undefined;
    views.showLink(undefined);
    status('');
    send({
      type: 'reset',
      run: run.startRun(),
      state: run.state,
      data: run.data,
      domain: run.domain,
    });
    views.clear();
    if (run.playing) send({ type: 'play' });
  }

  function onPlotClick(x: number, y: number): void {
    const mode = $<HTMLInputElement>('input[name=pg-click]:checked').value;
    if (mode !== 'graph') {
      if (run.editPoints(x, y, mode)) afterChange('network');
      return;
    }
    const nearest = run.nearestPoint(train, x, y);
    if (nearest === -1) {
      status('No training point there: click on a filled dot.', 'notice');
      return;
    }
    $<HTMLInputElement>('#pg-point').value = String(nearest + 1);
    openPointGraph();
  }

  function openPointGraph(): void {
    setPlaying(false);
    const index = Number($<HTMLInputElement>('#pg-point').value) - 1;
    if (!(Number.isInteger(index) && index >= 0 && index < train.length)) {
      status(`Training point: expected a whole number from 1 to ${train.length}.`);
      return;
    }
    send({ type: 'point-graph', index, neuron: selected });
  }

  function setPlaying(on: boolean): void {
    run.playing = on;
    send({ type: on ? 'play' : 'pause' });
    const play = $<HTMLButtonElement>('[data-action=play]');
    play.textContent = on ? '❚❚ Pause' : '▶ Play';
    play.setAttribute('aria-pressed', String(on));
    if (on) views.stopAnimation();
  }

  worker.addEventListener('message', ({ data: report }: MessageEvent<Report>) => {
    if (report.run !== run.run) return;
    if (report.type === 'split') {
      train = pointsOf(report.train, run.regression);
      views.boundary.setPoints(train, pointsOf(report.test, run.regression));
      $<HTMLInputElement>('#pg-point').max = String(train.length);
    } else if (report.type === 'snapshot') {
      onSnapshot(report);
    } else if (report.type === 'point-graph') {
      dispatchPointGraph(report.graph);
      status(
        `Opened the graph of training point ${$<HTMLInputElement>('#pg-point').value} in lesson 1.`,
        'notice',
      );
    } else {
      setPlaying(false);
      status(report.message);
    }
  });

  function onSnapshot(report: Snapshot): void {
    const newest = run.record(report.measurements, report.steps, report.epoch);
    if (run.playing && newest !== undefined && !Number.isFinite(newest.trainLoss)) {
      setPlaying(false);
      status('Stopped: the loss is no longer a finite number. Try a smaller learning rate.');
    }
    if (animateNext) {
      animateNext = false;
      void views.animateStep(report, gradientsShown());
      return;
    }
    views.draw(report);
  }

  wireButtons();
  function wireButtons(): void {
    const on = (selector: string, event: string, handler: () => void) =>
      $(selector).addEventListener(event, handler);
    on('[data-action=play]', 'click', () => setPlaying(!run.playing));
    on('[data-action=step]', 'click', () => {
      const wasPlaying = run.playing;
      setPlaying(false);
      views.stopAnimation();
      animateNext = !wasPlaying;
      send({ type: 'step' });
    });
    on('[data-action=reset]', 'click', () => reset(false));
    on('[data-action=regenerate]', 'click', () => afterChange(run.regenerate()));
    on('[data-action=add-layer]', 'click', () => run.resizeLayers('add') && afterChange('network'));
    on(
      '[data-action=remove-layer]',
      'click',
      () => run.resizeLayers('remove') && afterChange('network'),
    );
    on('[data-action=point-graph]', 'click', openPointGraph);
    on('[data-action=close-link]', 'click', () => views.showLink(undefined));
    on('input[name=pg-show-test]', 'change', () =>
      views.boundary.setShowTest($<HTMLInputElement>('input[name=pg-show-test]').checked),
    );
    on('input[name=pg-show-gradients]', 'change', () =>
      views.network.setShowGradients(gradientsShown()),
    );
    on('input[name=pg-discretize]', 'change', () =>
      afterChange(
        run.apply({ discretize: $<HTMLInputElement>('input[name=pg-discretize]').checked }),
      ),
    );
    on('#pg-weight', 'change', () => {
      const input = $<HTMLInputElement>('#pg-weight');
      const value = Number(input.value);
      input.setAttribute(
        'aria-invalid',
        String(!Number.isFinite(value) || input.value.trim() === ''),
      );
      if (Number.isFinite(value) && input.value.trim() !== '') {
        send({ type: 'set-weight', param: Number(input.dataset.param), value });
      }
    });
  }

  $<HTMLInputElement>('input[name=pg-discretize]').checked = run.state.discretize;
  views.boundary.setDomain(run.domain);
  afterChange('data');
  if (run.notices.length > 0) status(run.notices.join(' '), 'notice');
  return {
    show: () => writeQuery('playground', stateParams(run.state)),
    hide: () => setPlaying(false),
  };
}

/**
 * Hands a point's graph to lesson 1, which opens it (main.ts and lesson 1 own the receiving end).
 * `gradients` and `loss` are the playground's own numbers for the point, for anyone who checks.
 */
function dispatchPointGraph(graph: PointGraph): void {
  const { expression, values, note, gradients, loss } = graph;
  window.dispatchEvent(
    new CustomEvent('backprop:open-expression', {
      detail: { expression, values, note, gradients, loss },
    }),
  );
}
