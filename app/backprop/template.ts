// Lesson 1's markup, one template per panel. The views find their parts by class and data-*.
import { escapeHtml } from '../html.ts';
import type { Example } from './examples.ts';

function expressionPanel(examples: readonly Example[]): string {
  const options = examples.map((e, i) => `<option value="${i}">${escapeHtml(e.title)}</option>`);
  return `
    <div class="panel expression">
      <h2><label for="bp-expression">Expression</label></h2>
      <input id="bp-expression" type="text" spellcheck="false" autocomplete="off"
        aria-describedby="bp-expression-error bp-anomaly bp-expression-hint" />
      <div id="bp-expression-error" class="parse-error" role="alert" hidden></div>
      <p id="bp-anomaly" class="anomaly" role="status" hidden></p>
      <p class="bp-note" role="status" hidden></p>
      <p class="hint" id="bp-expression-hint">Names, numbers, <code>+ - * / ^</code>, parentheses,
        <code>exp log tanh relu sigmoid</code>.</p>
      <div class="row">
        <label for="bp-example">Example</label>
        <select id="bp-example">
          <option value="">Pick an example…</option>
          ${options.join('')}
        </select>
      </div>
    </div>`;
}

const inputsPanel = `
    <section class="panel inputs" aria-labelledby="bp-leaves-title">
      <h2 id="bp-leaves-title">Inputs <span class="hint">· changing one re-runs the forward pass at once</span></h2>
      <div class="leaves"></div>
    </section>`;

const checkPanel = `
    <section class="panel check" aria-labelledby="bp-check-title">
      <h2 id="bp-check-title">Numerical check</h2>
      <div class="row">
        <label for="bp-check-leaf">Leaf</label>
        <select id="bp-check-leaf"></select>
        <button type="button">Check gradient</button>
      </div>
      <p class="check-result" aria-live="polite"></p>
    </section>`;

const toolbar = `
  <div class="toolbar" role="group" aria-label="Step through backward">
    <button type="button" data-action="reset" title="Back to the start (Home)">Reset</button>
    <button type="button" data-action="back" title="Undo one step (←)">◀ Back</button>
    <button type="button" data-action="step" class="primary" title="Chain rule at the next node (→)">Step ▶</button>
    <button type="button" data-action="play" aria-pressed="false">Play</button>
    <button type="button" data-action="end" title="Run backward to the end (End)">End ▶▶</button>
    <span class="counter" aria-live="polite"></span>
    <label class="edge-option"><input type="checkbox" name="bp-local" checked /> local derivative on each edge<span class="edge-note" hidden> (not drawn on a graph this large)</span></label>
    <span class="keys"><kbd>←</kbd> <kbd>→</kbd> step · <kbd>Home</kbd> <kbd>End</kbd></span>
  </div>`;

const graphPanel = `
  <section class="panel graph-panel" aria-label="Computation graph">
    <div class="graph-tools" role="group" aria-label="Zoom the graph">
      <p class="graph-status" role="status" data-state="idle"></p>
      <button type="button" data-zoom="out" aria-label="Zoom out" title="Zoom out (−)">−</button>
      <button type="button" data-zoom="in" aria-label="Zoom in" title="Zoom in (+)">+</button>
      <button type="button" data-zoom="fit" title="Fit the graph to the panel (0)">Fit</button>
    </div>
    <div class="graph" id="bp-graph" tabindex="0" role="region"
      aria-label="Computation graph: drag or use the arrow keys to pan, + and − to zoom, 0 to fit"></div>
  </section>`;

const bottomPanels = `
  <div class="bp-bottom">
    <section class="panel" aria-labelledby="bp-step-title" tabindex="0">
      <h2 id="bp-step-title">This step: the chain rule at one node</h2>
      <div class="step"></div>
    </section>
    <section class="panel" aria-labelledby="bp-grads-title" tabindex="0">
      <h2 id="bp-grads-title">Every node <span class="hint">· grad grey: nothing yet, amber: more to come, bold: final</span></h2>
      <div class="grads-table"></div>
    </section>
  </div>`;

/** The whole lesson: expression, inputs and check on top, the step toolbar, the graph, the tables. */
export function lessonTemplate(examples: readonly Example[]): string {
  return `
<div class="bp">
  <div class="bp-top">${expressionPanel(examples)}${inputsPanel}${checkPanel}
  </div>${toolbar}${graphPanel}${bottomPanels}
</div>`;
}
