import { parseCsv } from 'backprop';
import { controlsTemplate } from './controls-template.ts';
import { pointsOf } from './data.ts';
import type { FeatureName } from './features.ts';
import {
  isRegression,
  layersProblem,
  limits,
  type NumberSetting,
  numberProblem,
  type PlaygroundState,
  parseLayers,
} from './state.ts';

const numberSettings: NumberSetting[] = [
  'dataSeed',
  'learningRate',
  'batchSize',
  'l2',
  'l1',
  'seed',
];

/**
 * The settings form. It shows a state and reports edits as partial states; it never trains or
 * draws. Sliders report while they move, typed fields when committed (Enter or leaving them); a
 * typed value out of range is marked on its field with a message and not reported.
 */
export class ControlsView {
  private readonly csvError: HTMLElement;

  constructor(
    private readonly element: HTMLElement,
    private readonly onChange: (change: Partial<PlaygroundState>) => void,
  ) {
    element.innerHTML = controlsTemplate;
    this.csvError = this.$('#pg-csv-error');
    for (const name of ['nSamples', 'noise', 'testFraction']) {
      const input = this.field(name);
      input.addEventListener('input', () => {
        this.showOutputs();
        this.change({ [name]: input.valueAsNumber });
      });
    }
    for (const name of ['activation', 'loss', 'optimizer', 'dataset']) {
      const input = this.field(name);
      input.addEventListener('change', () => this.change({ [name]: input.value }));
    }
    for (const name of numberSettings) this.wireNumber(name);
    this.wireLayers();
    this.wireFeatures();
    this.wireCsv();
  }

  /** Puts a state into the form, leaving alone the field being edited. */
  show(state: PlaygroundState): void {
    const values: Record<string, string> = {
      dataset: state.dataset,
      nSamples: String(state.nSamples),
      noise: String(state.noise),
      testFraction: String(state.testFraction),
      dataSeed: String(state.dataSeed),
      layers: state.layers.join(','),
      activation: state.activation,
      loss: state.loss,
      optimizer: state.optimizer,
      learningRate: String(state.learningRate),
      batchSize: String(state.batchSize),
      l2: String(state.l2),
      l1: String(state.l1),
      seed: String(state.seed),
    };
    for (const [name, value] of Object.entries(values)) {
      const input = this.field(name);
      const editing = document.activeElement === input && input.type !== 'range';
      if (!editing && input.getAttribute('aria-invalid') !== 'true') input.value = value;
    }
    for (const box of this.element.querySelectorAll<HTMLInputElement>('input[name=feature]')) {
      box.checked = state.features.includes(box.value as FeatureName);
    }
    for (const row of this.element.querySelectorAll<HTMLElement>('.generated')) {
      row.hidden = state.dataset === 'custom';
    }
    const regression = isRegression(state);
    (this.field('loss').parentElement as HTMLElement).hidden = regression;
    this.$('#pg-loss-hint').hidden = !regression;
    this.showOutputs();
  }

  private change(change: Partial<PlaygroundState>): void {
    // a CSV error belongs to the data it was about: new data clears it
    if (['dataset', 'nSamples', 'noise', 'dataSeed', 'points'].some((key) => key in change)) {
      this.csvError.hidden = true;
    }
    this.onChange(change);
  }

  private wireNumber(name: NumberSetting): void {
    const input = this.field(name);
    const error = this.$(`#pg-${name}-error`);
    input.addEventListener('change', () => {
      const problem = numberProblem(name, input.value);
      error.hidden = problem === undefined;
      error.textContent =
        problem === undefined
          ? ''
          : `Not used: ${problem}. Still training with the last good value.`;
      input.setAttribute('aria-invalid', String(problem !== undefined));
      if (problem === undefined) this.change({ [name]: Number(input.value) });
    });
  }

  private wireLayers(): void {
    const layers = this.field('layers');
    const error = this.$('#pg-layers-error');
    layers.addEventListener('change', () => {
      const sizes = parseLayers(layers.value);
      error.hidden = sizes !== undefined;
      error.textContent =
        sizes === undefined ? `Expected ${layersProblem(layers.value).slice(9)}.` : '';
      layers.setAttribute('aria-invalid', String(sizes === undefined));
      if (sizes !== undefined) this.change({ layers: sizes });
    });
  }

  private wireFeatures(): void {
    const boxes = [...this.element.querySelectorAll<HTMLInputElement>('input[name=feature]')];
    const error = this.$('#pg-features-error');
    for (const box of boxes) {
      box.addEventListener('change', () => {
        const chosen = boxes.filter((b) => b.checked).map((b) => b.value as FeatureName);
        error.hidden = chosen.length > 0;
        if (chosen.length === 0)
          box.checked = true; // keep the last one: no inputs, no network
        else this.change({ features: chosen });
      });
    }
  }

  private wireCsv(): void {
    const csv = this.$<HTMLInputElement>('#pg-csv');
    csv.addEventListener('change', async () => {
      const file = csv.files?.[0];
      if (!file) return;
      try {
        const points = pointsOf(parseCsv(await file.text()));
        const { min, max } = limits.points;
        if (points.length < min || points.length > max) {
          throw new Error(`expected ${min} to ${max} points, got ${points.length}`);
        }
        this.change({ dataset: 'custom', points });
      } catch (error) {
        this.csvError.hidden = false;
        this.csvError.textContent = `${file.name}: ${error instanceof Error ? error.message : String(error)}`;
      }
      csv.value = '';
    });
  }

  private showOutputs(): void {
    for (const output of this.element.querySelectorAll('output')) {
      const input = this.$<HTMLInputElement>(`#${output.htmlFor.value}`);
      const text =
        input.name === 'testFraction' ? `${Math.round(input.valueAsNumber * 100)}%` : input.value;
      output.value = text;
      input.setAttribute('aria-valuetext', text);
    }
  }

  private field(name: string): HTMLInputElement {
    return this.$(`[name=${name}]`);
  }

  private $<T extends Element = HTMLElement>(selector: string): T {
    return this.element.querySelector(selector) as T;
  }
}
