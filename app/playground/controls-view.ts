import { activations, parseCsv } from 'backprop';
import { escapeHtml } from '../html.ts';
import { pointsOf } from './data.ts';
import {
  datasetNames,
  limits,
  lossNames,
  optimizerNames,
  type PlaygroundState,
  parseLayers,
} from './state.ts';

const options = (names: readonly string[], labels: Record<string, string> = {}) =>
  names.map((n) => `<option value="${n}">${escapeHtml(labels[n] ?? n)}</option>`).join('');

const template = `
<section class="panel" aria-labelledby="pg-data-title">
  <h2 id="pg-data-title">Data</h2>
  <div class="field"><label for="pg-dataset">Dataset</label>
    <select id="pg-dataset" name="dataset">${options(datasetNames, { custom: 'your own points' })}</select></div>
  <div class="field generated"><label for="pg-samples">Points</label>
    <div class="range"><input id="pg-samples" name="samples" type="range"
      min="${limits.samples.min}" max="${limits.samples.max}" step="10" /><output for="pg-samples" aria-hidden="true"></output></div></div>
  <div class="field generated"><label for="pg-noise">Noise</label>
    <div class="range"><input id="pg-noise" name="noise" type="range"
      min="${limits.noise.min}" max="${limits.noise.max}" step="0.01" /><output for="pg-noise" aria-hidden="true"></output></div></div>
  <div class="field"><label for="pg-test">Test share</label>
    <div class="range"><input id="pg-test" name="testFraction" type="range"
      min="${limits.testFraction.min}" max="${limits.testFraction.max}" step="0.05" />
      <output for="pg-test" aria-hidden="true"></output></div></div>
  <div class="field"><label for="pg-dseed">Data seed</label>
    <input id="pg-dseed" name="dataSeed" type="number" min="${limits.seed.min}" max="${limits.seed.max}" step="1" /></div>
  <div class="field"><span>Your data</span>
    <label class="file-button">Load a CSV file…<input id="pg-csv" type="file" class="visually-hidden"
      accept=".csv,text/csv,text/plain" aria-describedby="pg-csv-hint pg-csv-error" /></label></div>
  <p class="hint" id="pg-csv-hint">Lines of <code>x1,x2,label</code>, labels 0/1. Click the picture to add or remove points.</p>
  <p class="field-error" id="pg-csv-error" role="alert" hidden></p>
</section>
<section class="panel" aria-labelledby="pg-net-title">
  <h2 id="pg-net-title">Network</h2>
  <div class="field"><label for="pg-layers">Hidden layers</label>
    <input id="pg-layers" name="hidden" type="text" inputmode="numeric" spellcheck="false"
      aria-describedby="pg-layers-hint pg-layers-error" /></div>
  <p class="hint" id="pg-layers-hint">Neurons per layer, e.g. <code>8,8</code>; up to ${limits.layers.max} layers of ${limits.neurons.max}. Empty: a linear model.</p>
  <p class="field-error" id="pg-layers-error" role="alert" hidden></p>
  <div class="field"><label for="pg-activation">Activation</label>
    <select id="pg-activation" name="activation">${options(Object.keys(activations))}</select></div>
  <div class="field"><label for="pg-loss">Loss</label>
    <select id="pg-loss" name="loss">${options(lossNames, {
      hinge: 'hinge (micrograd)',
      mse: 'mean squared error',
      bce: 'binary cross-entropy',
      'cross-entropy': 'softmax cross-entropy',
    })}</select></div>
  <div class="field"><label for="pg-optimizer">Optimizer</label>
    <select id="pg-optimizer" name="optimizer">${options(optimizerNames, {
      sgd: 'SGD',
      momentum: 'SGD + momentum',
      adam: 'Adam',
    })}</select></div>
  <div class="field"><label for="pg-lr">Learning rate</label>
    <input id="pg-lr" name="learningRate" type="number" min="${limits.learningRate.min}"
      max="${limits.learningRate.max}" step="any" /></div>
  <div class="field"><label for="pg-batch">Batch size</label>
    <input id="pg-batch" name="batchSize" type="number" min="${limits.batchSize.min}" max="${limits.batchSize.max}" step="1"
      aria-describedby="pg-batch-hint" /></div>
  <p class="hint" id="pg-batch-hint">0 uses every training point at each step (full batch).</p>
  <div class="field"><label for="pg-l2">L2 penalty</label>
    <input id="pg-l2" name="l2" type="number" min="${limits.l2.min}" max="${limits.l2.max}" step="any" /></div>
  <div class="field"><label for="pg-seed">Weight seed</label>
    <input id="pg-seed" name="seed" type="number" min="${limits.seed.min}" max="${limits.seed.max}" step="1" /></div>
</section>`;

/**
 * The settings form. It shows a state and reports edits as partial states; it never trains or
 * draws. Sliders report while they move, number fields when committed (Enter or leaving them).
 */
export class ControlsView {
  constructor(
    private readonly element: HTMLElement,
    onChange: (change: Partial<PlaygroundState>) => void,
  ) {
    element.innerHTML = template;
    const field = (name: string) => element.querySelector(`[name=${name}]`) as HTMLInputElement;
    for (const name of ['samples', 'noise', 'testFraction']) {
      field(name).addEventListener('input', () => {
        this.showOutputs();
        onChange({ [name]: field(name).valueAsNumber });
      });
    }
    for (const name of ['activation', 'loss', 'optimizer', 'dataset']) {
      field(name).addEventListener('change', () => onChange({ [name]: field(name).value }));
    }
    for (const name of ['dataSeed', 'learningRate', 'batchSize', 'l2', 'seed']) {
      const input = field(name);
      input.addEventListener('change', () => {
        if (input.checkValidity() && input.value !== '') onChange({ [name]: input.valueAsNumber });
      });
    }
    const layers = field('hidden');
    const layersError = element.querySelector('#pg-layers-error') as HTMLElement;
    layers.addEventListener('change', () => {
      const hidden = parseLayers(layers.value);
      layersError.hidden = hidden !== undefined;
      layersError.textContent =
        hidden === undefined
          ? `Expected whole numbers from ${limits.neurons.min} to ${limits.neurons.max}, separated by commas, at most ${limits.layers.max} of them; got "${layers.value}".`
          : '';
      layers.setAttribute('aria-invalid', String(hidden === undefined));
      if (hidden !== undefined) onChange({ hidden });
    });
    const csv = element.querySelector('#pg-csv') as HTMLInputElement;
    const csvError = element.querySelector('#pg-csv-error') as HTMLElement;
    csv.addEventListener('change', async () => {
      const file = csv.files?.[0];
      if (!file) return;
      try {
        const points = pointsOf(parseCsv(await file.text()));
        const { min, max } = limits.points;
        if (points.length < min || points.length > max) {
          throw new Error(`${points.length} points; the playground takes ${min} to ${max}`);
        }
        csvError.hidden = true;
        onChange({ dataset: 'custom', points });
      } catch (error) {
        csvError.hidden = false;
        csvError.textContent = `${file.name}: ${error instanceof Error ? error.message : String(error)}`;
      }
      csv.value = '';
    });
  }

  /** Puts a state into the form, leaving alone the field being edited. */
  show(state: PlaygroundState): void {
    const values: Record<string, string> = {
      dataset: state.dataset,
      samples: String(state.samples),
      noise: String(state.noise),
      testFraction: String(state.testFraction),
      dataSeed: String(state.dataSeed),
      hidden: state.hidden.join(','),
      activation: state.activation,
      loss: state.loss,
      optimizer: state.optimizer,
      learningRate: String(state.learningRate),
      batchSize: String(state.batchSize),
      l2: String(state.l2),
      seed: String(state.seed),
    };
    for (const [name, value] of Object.entries(values)) {
      const input = this.element.querySelector(`[name=${name}]`) as HTMLInputElement;
      if (document.activeElement !== input || input.type === 'range') input.value = value;
    }
    for (const row of this.element.querySelectorAll<HTMLElement>('.generated')) {
      row.hidden = state.dataset === 'custom';
    }
    this.showOutputs();
  }

  private showOutputs(): void {
    for (const output of this.element.querySelectorAll('output')) {
      const input = this.element.querySelector(`#${output.htmlFor.value}`) as HTMLInputElement;
      const text =
        input.name === 'testFraction' ? `${Math.round(input.valueAsNumber * 100)}%` : input.value;
      output.value = text;
      input.setAttribute('aria-valuetext', text);
    }
  }
}
