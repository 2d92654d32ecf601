// The settings form's HTML: one section per part of a run, every field labelled and, where a typed
// value can be wrong, an error line tied to it.
import { activations } from 'backprop';
import { escapeHtml } from '../html.ts';
import { featureNames, features } from './features.ts';
import { datasetNames, limits, lossNames, type NumberSetting, optimizerNames } from './state.ts';

const options = (names: readonly string[], labels: Record<string, string> = {}) =>
  names.map((n) => `<option value="${n}">${escapeHtml(labels[n] ?? n)}</option>`).join('');

const slider = (
  id: string,
  name: string,
  label: string,
  min: number,
  max: number,
  step: number,
) => `
  <div class="field generated"><label for="${id}">${label}</label>
    <div class="range"><input id="${id}" name="${name}" type="range" min="${min}" max="${max}" step="${step}" />
      <output for="${id}" aria-hidden="true"></output></div></div>`;

/** A typed number: checked on Enter or leaving the field, and marked with a message when wrong. */
const number = (name: NumberSetting, label: string, hint = '') => `
  <div class="field"><label for="pg-${name}">${label}</label>
    <input id="pg-${name}" name="${name}" type="text" inputmode="decimal" spellcheck="false" autocomplete="off"
      aria-describedby="pg-${name}-error${hint ? ` pg-${name}-hint` : ''}" /></div>
  ${hint ? `<p class="hint" id="pg-${name}-hint">${hint}</p>` : ''}
  <p class="field-error" id="pg-${name}-error" hidden></p>`;

export const controlsTemplate = `
<section class="panel" aria-labelledby="pg-data-title">
  <h2 id="pg-data-title">Data</h2>
  <div class="field"><label for="pg-dataset">Dataset</label>
    <select id="pg-dataset" name="dataset">${options(datasetNames, {
      plane: 'plane (regression)',
      gaussians: 'gaussians (regression)',
      custom: 'your own points',
    })}</select></div>
  ${slider('pg-samples', 'nSamples', 'Points', limits.nSamples.min, limits.nSamples.max, 10)}
  ${slider('pg-noise', 'noise', 'Noise', limits.noise.min, limits.noise.max, 0.01)}
  <div class="field"><label for="pg-test">Test share</label>
    <div class="range"><input id="pg-test" name="testFraction" type="range"
      min="${limits.testFraction.min}" max="${limits.testFraction.max}" step="0.05" />
      <output for="pg-test" aria-hidden="true"></output></div></div>
  ${number('dataSeed', 'Data seed')}
  <div class="pg-data-buttons">
    <button type="button" data-action="regenerate" title="New points from the next data seed">↻ Regenerate data</button>
    <label class="file-button">Load a CSV file…<input id="pg-csv" type="file" class="visually-hidden"
      accept=".csv,text/csv,text/plain" aria-describedby="pg-csv-hint pg-csv-error" /></label>
  </div>
  <p class="hint" id="pg-csv-hint">Lines of <code>x1,x2,label</code>, labels 0/1. Click the plot to add or remove points.</p>
  <p class="field-error" id="pg-csv-error" role="alert" hidden></p>
</section>
<section class="panel" aria-labelledby="pg-features-title">
  <h2 id="pg-features-title">Features</h2>
  <fieldset class="pg-features"><legend class="visually-hidden">Inputs the network sees</legend>
    ${featureNames
      .map(
        (n) =>
          `<label><input type="checkbox" name="feature" value="${n}" /> ${features[n].label}</label>`,
      )
      .join('')}
  </fieldset>
  <p class="field-error" id="pg-features-error" hidden>The network needs at least one input.</p>
</section>
<section class="panel" aria-labelledby="pg-net-title">
  <h2 id="pg-net-title">Architecture</h2>
  <div class="field"><label for="pg-layers">Hidden layers</label>
    <input id="pg-layers" name="layers" type="text" inputmode="numeric" spellcheck="false" autocomplete="off"
      aria-describedby="pg-layers-hint pg-layers-error" /></div>
  <p class="hint" id="pg-layers-hint">Neurons per layer, e.g. <code>8,8</code>; up to ${limits.layers.max} layers of ${limits.neurons.max}. Empty: a linear model.</p>
  <p class="field-error" id="pg-layers-error" hidden></p>
  <div class="field"><label for="pg-activation">Activation</label>
    <select id="pg-activation" name="activation">${options(Object.keys(activations))}</select></div>
  <div class="field pg-loss-field"><label for="pg-loss">Loss</label>
    <select id="pg-loss" name="loss">${options(lossNames, {
      hinge: 'hinge (micrograd)',
      mse: 'mean squared error',
      bce: 'binary cross-entropy',
      'cross-entropy': 'softmax cross-entropy',
    })}</select></div>
  <p class="hint" id="pg-loss-hint" hidden>Loss: the squared error, as regression always uses.</p>
</section>
<section class="panel" aria-labelledby="pg-train-title">
  <h2 id="pg-train-title">Training</h2>
  <p class="hint">These take effect at the next step, without a reset.</p>
  <div class="field"><label for="pg-optimizer">Optimizer</label>
    <select id="pg-optimizer" name="optimizer">${options(optimizerNames, {
      sgd: 'SGD',
      momentum: 'SGD + momentum',
      adam: 'Adam',
    })}</select></div>
  ${number('learningRate', 'Learning rate')}
  ${number('batchSize', 'Batch size', '0 uses every training point at each step (full batch).')}
  ${number('l2', 'L2 penalty')}
  ${number('l1', 'L1 penalty')}
  ${number('seed', 'Weight seed', 'Changing it starts over with new weights.')}
</section>`;
