// The playground's pictures and numbers, drawn from the worker's snapshots: the output plot, the
// network diagram, the curves and the counters. Holds no settings; lesson.ts tells it what to draw.
import { BoundaryView } from './boundary-view.ts';
import { CurveView } from './curve-view.ts';
import { features } from './features.ts';
import { gridPoints } from './grid.ts';
import { TEST_COLOR, TRAIN_COLOR } from './lesson-template.ts';
import { type LinkRef, type NetworkEvents, NetworkView } from './network-view.ts';
import type { Measurement, Report } from './protocol.ts';
import type { RunState } from './run-state.ts';

export type Snapshot = Extract<Report, { type: 'snapshot' }>;

/** How long each layer of the Step animation stays lit, in ms. */
const SWEEP_MS = 350;

export class PageViews {
  readonly boundary: BoundaryView;
  readonly network: NetworkView;
  private readonly loss: CurveView;
  private readonly accuracy: CurveView;
  /** The snapshot on screen, and the input features' maps on its grid. */
  latest: Snapshot | undefined;
  private inputMaps: { key: string; maps: Float32Array[] } = { key: '', maps: [] };
  private animation = 0;
  /** Which parts of the newest snapshot (output, diagram, numbers) are not drawn yet. */
  private readonly dirty = [false, false, false];
  private nextPart = 0;
  /** The neuron under the pointer, whose map the big plot shows instead of the output. */
  private hovered: { layer: number; index: number } | undefined;

  constructor(
    private readonly panel: HTMLElement,
    private readonly run: RunState,
    onPick: (x: number, y: number) => void,
    events: NetworkEvents,
  ) {
    this.boundary = new BoundaryView(this.$('.boundary canvas'), onPick);
    this.loss = new CurveView(this.$('canvas.loss'), { format: formatLoss });
    this.accuracy = new CurveView(this.$('canvas.accuracy'), {
      yMax: 1,
      format: (y) => `${Math.round(y * 100)}%`,
    });
    const labels = () => run.state.features.map((name) => features[name].label);
    this.network = new NetworkView(this.$('.pg-diagram'), labels, events);
  }

  /**
   * Draws a snapshot: the output plot, the diagram and the numbers, each in its own animation
   * frame, in turn, so that a large network's redraw never holds up one frame with all of it.
   * Snapshots that arrive faster than that are drawn newest first: a part never waits for more
   * than two frames.
   */
  draw(snapshot: Snapshot): void {
    const idle = !this.dirty.includes(true);
    this.latest = snapshot;
    this.dirty.fill(true);
    if (idle) requestAnimationFrame(() => this.drawNext());
  }

  /** The next part of the newest snapshot still to draw, one per frame. */
  private drawNext(): void {
    const snapshot = this.latest;
    const parts = [
      () => this.showOutput(this.hovered),
      () =>
        snapshot &&
        this.network.show(
          snapshot.network,
          snapshot.maps,
          this.inputsOn(snapshot.resolution),
          snapshot.resolution,
        ),
      () => {
        this.drawStats();
        this.drawCurves();
      },
    ];
    for (let k = 0; k < parts.length; k++) {
      const i = (this.nextPart + k) % parts.length;
      if (!this.dirty[i]) continue;
      this.dirty[i] = false;
      parts[i]?.();
      this.nextPart = (i + 1) % parts.length;
      break;
    }
    if (this.dirty.includes(true)) requestAnimationFrame(() => this.drawNext());
  }

  /** Clears the pictures for a new run. */
  clear(): void {
    this.latest = undefined;
    this.hovered = undefined;
    this.dirty.fill(false);
    this.animation++;
    this.network.highlight(undefined);
    this.boundary.setScores(undefined, 0);
    this.drawStats();
    this.drawCurves();
  }

  get hoveredNeuron(): { layer: number; index: number } | undefined {
    return this.hovered;
  }

  /** The big plot shows the model's output, or (on hover) one neuron's map. */
  showOutput(neuron?: { layer: number; index: number }): void {
    this.hovered = neuron;
    const snapshot = this.latest;
    const caption = this.$('[data-stat=showing]');
    if (snapshot === undefined) return;
    const { maps, resolution } = snapshot;
    if (neuron !== undefined) {
      const map =
        neuron.layer < 0
          ? this.inputsOn(resolution)[neuron.index]
          : maps[neuron.layer]?.[neuron.index];
      if (map !== undefined) {
        this.boundary.setScores(scaled(map), resolution);
        caption.textContent =
          neuron.layer < 0
            ? `· input ${this.run.state.features[neuron.index]}`
            : `· layer ${neuron.layer + 1}, neuron ${neuron.index + 1}`;
        return;
      }
    }
    const out = maps[maps.length - 1] ?? [];
    const scores =
      out.length === 2 ? difference(out[1] as Float32Array, out[0] as Float32Array) : out[0];
    this.boundary.setScores(scores, resolution);
    caption.textContent = '';
  }

  drawStats(): void {
    const { run } = this;
    const last = run.history[run.history.length - 1];
    const test = [...run.history].reverse().find((m) => Number.isFinite(m.testLoss));
    const stats: Record<string, [number, string]> = {
      steps: [run.steps, String(run.steps)],
      epoch: [run.epoch, String(run.epoch)],
      trainLoss: [last?.trainLoss ?? Number.NaN, formatLoss(last?.trainLoss)],
      testLoss: [test?.testLoss ?? Number.NaN, formatLoss(test?.testLoss)],
      trainAccuracy: [last?.trainAccuracy ?? Number.NaN, percent(last?.trainAccuracy)],
      testAccuracy: [test?.testAccuracy ?? Number.NaN, percent(test?.testAccuracy)],
    };
    for (const [name, [value, text]] of Object.entries(stats)) {
      const element = this.$(`[data-stat=${name}]`);
      element.textContent = text;
      element.dataset.value = String(value);
    }
    const n = run.state.layers.length;
    this.$('[data-stat=layers]').textContent = `${n} hidden layer${n === 1 ? '' : 's'}`;
  }

  drawCurves(): void {
    const { history } = this.run;
    const tested = history.filter((m) => Number.isFinite(m.testLoss));
    const curve = (
      points: Measurement[],
      key: keyof Measurement,
      color: string,
      dashed: boolean,
    ) => ({
      steps: points.map((m) => m.step),
      values: points.map((m) => m[key]),
      color,
      dashed,
    });
    this.loss.show(
      [],
      [
        curve(history, 'trainLoss', TRAIN_COLOR, false),
        curve(tested, 'testLoss', TEST_COLOR, true),
      ],
    );
    this.accuracy.show(
      [],
      [
        curve(history, 'trainAccuracy', TRAIN_COLOR, false),
        curve(tested, 'testAccuracy', TEST_COLOR, true),
      ],
    );
  }

  /** A link's weight and gradient in the panel under the diagram. */
  showLink(link: LinkRef | undefined): void {
    const box = this.$('.pg-link');
    box.hidden = link === undefined;
    const numbers = this.latest?.network;
    if (link === undefined || numbers === undefined) return;
    const from =
      link.layer === 0 ? this.run.state.features[link.input] : `h${link.layer}_${link.input + 1}`;
    const to =
      link.layer === numbers.shape.length - 1
        ? `output ${link.index + 1}`
        : `h${link.layer + 1}_${link.index + 1}`;
    this.$('.pg-link-name').textContent =
      `w${link.layer + 1}_${link.index + 1}_${link.input + 1}: from ${from} to ${to}`;
    const input = this.$<HTMLInputElement>('#pg-weight');
    input.value = String(Number((numbers.params[link.param] as number).toPrecision(6)));
    input.dataset.param = String(link.param);
    this.$('#pg-weight-grad').textContent =
      `∂loss/∂w = ${(numbers.grads[link.param] as number).toPrecision(4)}`;
  }

  /**
   * One step made visible: the forward sweep lights the layers from the inputs to the output
   * (old weights), the backward sweep shows the gradients from the output back to the inputs,
   * then the update draws the new weights.
   */
  async animateStep(next: Snapshot, gradientsShown: boolean): Promise<void> {
    const token = ++this.animation;
    const phase = this.$('[data-stat=phase]');
    const layers = next.network.shape.length;
    const wait = () => new Promise((done) => setTimeout(done, SWEEP_MS));
    for (let l = 0; l < layers; l++) {
      phase.textContent = `forward: layer ${l + 1} of ${layers}`;
      this.network.highlight(l);
      await wait();
      if (token !== this.animation) return;
    }
    const old = this.latest;
    this.network.setShowGradients(true);
    if (old)
      this.network.show(next.network, old.maps, this.inputsOn(old.resolution), old.resolution);
    for (let l = layers - 1; l >= 0; l--) {
      phase.textContent = `backward: ∂loss/∂w, layer ${l + 1}`;
      this.network.highlight(l);
      await wait();
      if (token !== this.animation) return;
    }
    phase.textContent = 'update: w ← w − η·∂loss/∂w';
    this.network.highlight(undefined);
    this.network.setShowGradients(gradientsShown);
    this.draw(next);
    await wait();
    if (token === this.animation) phase.textContent = '';
  }

  /** Stops an animation under way (a new step, Play or a reset). */
  stopAnimation(): void {
    this.animation++;
    this.network.highlight(undefined);
    this.$('[data-stat=phase]').textContent = '';
  }

  /** The input features on the grid of this resolution, computed once per grid. */
  private inputsOn(resolution: number): Float32Array[] {
    const { features: chosen } = this.run.state;
    const domain = this.run.domain;
    const key = `${chosen.join()}|${resolution}|${Object.values(domain).join()}`;
    if (this.inputMaps.key !== key) {
      const points = gridPoints(domain, resolution);
      const maps = chosen.map((name) =>
        Float32Array.from(points, ([x1, x2]) => features[name].compute(x1, x2)),
      );
      this.inputMaps = { key, maps };
    }
    return this.inputMaps.maps;
  }

  private $<T extends Element = HTMLElement>(selector: string): T {
    return this.panel.querySelector(selector) as T;
  }
}

/** A map divided by its largest magnitude, so the plot shows its shape whatever its scale. */
function scaled(map: Float32Array): Float32Array {
  let largest = 1e-12;
  for (const v of map) largest = Math.max(largest, Math.abs(v));
  return map.map((v) => (2 * v) / largest);
}

function difference(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => v - (b[i] as number));
}

/** Three significant digits, with an exponent for tiny values: 0.0123, 1.23e-5. */
export function formatLoss(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (x === 0) return '0';
  return Math.abs(x) < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(3)));
}

function percent(x: number | undefined): string {
  return x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}
