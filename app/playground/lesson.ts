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
import { type Point, stateParams } from './state.ts';

/** Builds lesson 2 into `panel`, starting from the settings in `query`. */
export function createPlaygroundLesson(panel: HTMLElement, query: URLSearchParams): Lesson {
  panel.innerHTML = lessonTemplate;
  const page = new Playground(panel, new RunState(query));
  const on = (selector: string, event: string, handler: (input: HTMLInputElement) => void) => {
    const element = panel.querySelector(selector) as HTMLInputElement;
    element.addEventListener(event, () => handler(element));
  };
  on('[data-action=play]', 'click', () => page.setPlaying(!page.run.playing));
  on('[data-action=step]', 'click', () => page.step());
  on('[data-action=reset]', 'click', () => page.reset(false));
  on('[data-action=regenerate]', 'click', () => page.afterChange(page.run.regenerate()));
  on('[data-action=add-layer]', 'click', () => page.resize('add'));
  on('[data-action=remove-layer]', 'click', () => page.resize('remove'));
  on('[data-action=point-graph]', 'click', () => page.openPointGraph());
  on('[data-action=close-link]', 'click', () => page.views.showLink(undefined));
  on('input[name=pg-show-test]', 'change', (box) => page.views.boundary.setShowTest(box.checked));
  on('input[name=pg-show-gradients]', 'change', (box) =>
    page.views.network.setShowGradients(box.checked),
  );
  on('input[name=pg-discretize]', 'change', (box) =>
    page.afterChange(page.run.apply({ discretize: box.checked })),
  );
  on('#pg-weight', 'change', (input) => page.setWeight(input));
  page.start();
  return {
    show: () => writeQuery('playground', stateParams(page.run.state)),
    hide: () => page.setPlaying(false),
  };
}

/** The page's behaviour: each method is one thing a learner does, or one report from the worker. */
class Playground {
  readonly views: PageViews;
  private readonly controls: ControlsView;
  private readonly worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  /** The neuron a large network's point graph shows. */
  private selected: { layer: number; index: number } | undefined;
  /** The points trained on, as the worker split them. */
  private train: Point[] = [];
  /** A Step taken while paused is drawn as an animation; everything else as it arrives. */
  private animateNext = false;

  constructor(
    private readonly panel: HTMLElement,
    readonly run: RunState,
  ) {
    this.views = new PageViews(panel, run, (x, y) => this.onPlotClick(x, y), {
      hover: (neuron) => this.views.showOutput(neuron),
      select: (neuron) => {
        this.selected = neuron;
        this.views.network.select(neuron);
      },
      pickLink: (link) => this.views.showLink(link),
      resizeLayer: (layer, delta) => this.resize(layer, delta),
    });
    this.controls = new ControlsView(this.$('.pg-settings'), (change) =>
      this.afterChange(run.apply(change)),
    );
    this.worker.addEventListener('message', ({ data }: MessageEvent<Report>) =>
      this.onReport(data),
    );
  }

  start(): void {
    this.$<HTMLInputElement>('input[name=pg-discretize]').checked = this.run.state.discretize;
    this.views.boundary.setDomain(this.run.domain);
    this.afterChange('data');
    if (this.run.notices.length > 0) this.status(this.run.notices.join(' '), 'notice');
  }

  /** Sends the worker what a change needs, and redraws. */
  afterChange(kind: ChangeKind): void {
    writeQuery('playground', stateParams(this.run.state));
    this.controls.show(this.run.state);
    if (kind === 'live') {
      this.send({ type: 'settings', settings: this.run.live });
    } else if (kind === 'view') {
      this.views.boundary.setDiscretize(this.run.state.discretize);
      this.views.showOutput(this.views.hoveredNeuron);
    } else {
      this.reset(kind === 'data');
    }
  }

  /** Starts over with new weights (and, after a data change, a new square to show). */
  reset(newData: boolean): void {
    const { run, views } = this;
    if (newData) views.boundary.setDomain(run.domain);
    views.boundary.setRegression(run.regression);
    views.boundary.setDiscretize(run.state.discretize);
    views.boundary.setPoints(pointsOf(run.data, run.regression), []);
    this.$('.playground').classList.toggle('regression', run.regression);
    this.$('.pg-legend-text').textContent = run.regression
      ? 'The network’s output: blue below 0, red above; points coloured by their target.'
      : 'The score: blue for class 0, red for class 1; the white line is the decision boundary.';
    this.selected = undefined;
    views.showLink(undefined);
    this.status('');
    this.send({
      type: 'reset',
      run: run.startRun(),
      state: run.state,
      data: run.data,
      domain: run.domain,
    });
    views.clear();
    if (run.playing) this.send({ type: 'play' });
  }

  /** A layer's +/− buttons, or adding and removing a hidden layer. */
  resize(layer: number | 'add' | 'remove', delta = 0): void {
    if (this.run.resizeLayers(layer, delta)) this.afterChange('network');
  }

  setPlaying(on: boolean): void {
    this.run.playing = on;
    this.send({ type: on ? 'play' : 'pause' });
    const play = this.$<HTMLButtonElement>('[data-action=play]');
    play.textContent = on ? '❚❚ Pause' : '▶ Play';
    play.setAttribute('aria-pressed', String(on));
    if (on) this.views.stopAnimation();
  }

  /** One step; while paused it is animated layer by layer. */
  step(): void {
    const wasPlaying = this.run.playing;
    this.setPlaying(false);
    this.views.stopAnimation();
    this.animateNext = !wasPlaying;
    this.send({ type: 'step' });
  }

  /** The weight field under the diagram: a finite number goes to the network. */
  setWeight(input: HTMLInputElement): void {
    const value = Number(input.value);
    const ok = Number.isFinite(value) && input.value.trim() !== '';
    input.setAttribute('aria-invalid', String(!ok));
    if (ok) this.send({ type: 'set-weight', param: Number(input.dataset.param), value });
  }

  /** Pauses and asks the worker for the chosen training point's graph. */
  openPointGraph(): void {
    this.setPlaying(false);
    const index = Number(this.$<HTMLInputElement>('#pg-point').value) - 1;
    if (!(Number.isInteger(index) && index >= 0 && index < this.train.length)) {
      this.status(`Training point: expected a whole number from 1 to ${this.train.length}.`);
      return;
    }
    this.send({ type: 'point-graph', index, neuron: this.selected });
  }

  private onPlotClick(x: number, y: number): void {
    const mode = this.$<HTMLInputElement>('input[name=pg-click]:checked').value;
    if (mode !== 'graph') {
      if (this.run.editPoints(x, y, mode)) this.afterChange('network');
      return;
    }
    const nearest = this.run.nearestPoint(this.train, x, y);
    if (nearest === -1) {
      this.status('No training point there: click on a filled dot.', 'notice');
      return;
    }
    this.$<HTMLInputElement>('#pg-point').value = String(nearest + 1);
    this.openPointGraph();
  }

  private onReport(report: Report): void {
    if (report.run !== this.run.run) return;
    if (report.type === 'split') {
      this.train = pointsOf(report.train, this.run.regression);
      this.views.boundary.setPoints(this.train, pointsOf(report.test, this.run.regression));
      this.$<HTMLInputElement>('#pg-point').max = String(this.train.length);
    } else if (report.type === 'snapshot') {
      this.onSnapshot(report);
    } else if (report.type === 'point-graph') {
      const point = this.$<HTMLInputElement>('#pg-point').value;
      if (!Object.values(report.graph.values).every(Number.isFinite)) {
        this.status(
          `Training point ${point}: the network's numbers are no longer finite; reset it first.`,
        );
        return;
      }
      dispatchPointGraph(report.graph);
      this.status(`Opened the graph of training point ${point} in lesson 1.`, 'notice');
    } else {
      this.setPlaying(false);
      this.status(report.message);
    }
  }

  private onSnapshot(report: Snapshot): void {
    const newest = this.run.record(report.measurements, report.steps, report.epoch);
    if (this.run.playing && newest !== undefined && !Number.isFinite(newest.trainLoss)) {
      this.setPlaying(false);
      this.status('Stopped: the loss is no longer a finite number. Try a smaller learning rate.');
    }
    if (!this.animateNext) {
      this.views.draw(report);
      return;
    }
    this.animateNext = false;
    const gradients = this.$<HTMLInputElement>('input[name=pg-show-gradients]').checked;
    void this.views.animateStep(report, gradients);
  }

  private status(text: string, kind: 'error' | 'notice' = 'error'): void {
    const line = this.$('.pg-status');
    line.textContent = text;
    line.className = `pg-status ${kind}`;
  }

  private send(command: Command): void {
    this.worker.postMessage(command);
  }

  private $<T extends Element = HTMLElement>(selector: string): T {
    return this.panel.querySelector(selector) as T;
  }
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
