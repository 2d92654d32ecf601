// Lesson 2's page: the run controls on top, then the settings, the network and the output.

export const TRAIN_COLOR = '#2f62c9';
export const TEST_COLOR = '#b55d00';

const curveLegend = `<div class="legend"><span><i style="color:${TRAIN_COLOR}"></i>train</span><span><i class="dashed" style="color:${TEST_COLOR}"></i>test</span></div>`;

export const lessonTemplate = `
<div class="playground">
  <div class="pg-bar panel">
    <button type="button" data-action="reset" title="New weights, step 0">⟲ Reset</button>
    <button type="button" data-action="play" class="primary" aria-pressed="false">▶ Play</button>
    <button type="button" data-action="step" title="One step of gradient descent">Step</button>
    <div class="pg-stats" aria-label="Training progress">
      <div><span>step</span><b data-testid="step-count" data-stat="steps">0</b></div>
      <div><span>epoch</span><b data-stat="epoch">0</b></div>
      <div><span>train loss</span><b data-stat="trainLoss">–</b></div>
      <div><span>test loss</span><b data-stat="testLoss">–</b></div>
      <div class="pg-acc"><span>train acc</span><b data-stat="trainAccuracy">–</b></div>
      <div class="pg-acc"><span>test acc</span><b data-stat="testAccuracy">–</b></div>
    </div>
  </div>
  <p class="pg-status" role="status"></p>
  <aside class="pg-settings" aria-label="Settings"></aside>
  <section class="pg-network panel" aria-labelledby="pg-network-title">
    <div class="pg-network-head">
      <h2 id="pg-network-title">Network</h2>
      <div class="pg-layer-buttons">
        <button type="button" data-action="remove-layer" aria-label="Remove the last hidden layer">−</button>
        <span data-stat="layers">2 hidden layers</span>
        <button type="button" data-action="add-layer" aria-label="Add a hidden layer">+</button>
      </div>
      <label class="pg-switch"><input type="checkbox" name="pg-show-gradients" /> show gradients</label>
      <span class="pg-phase" data-stat="phase" aria-live="polite"></span>
    </div>
    <div class="pg-diagram"></div>
    <p class="hint pg-diagram-hint">Each square is what a neuron computes over the plane; hover to see it large. Lines are weights: width |w|, <span class="pos">red +</span>, <span class="neg">blue −</span>. Click a line to read or edit it; click a neuron to choose it for a point's graph.</p>
    <div class="pg-link" hidden>
      <p class="pg-link-name"></p>
      <div class="pg-link-row">
        <label for="pg-weight">Weight</label>
        <input id="pg-weight" type="number" step="any" aria-describedby="pg-weight-grad" />
        <span id="pg-weight-grad" class="mono"></span>
        <button type="button" data-action="close-link" aria-label="Close the weight">×</button>
      </div>
    </div>
  </section>
  <div class="pg-output">
    <section class="panel chart">
      <h2>Loss</h2>
      <canvas class="loss" role="img" aria-label="Train and test loss over the steps"></canvas>
      ${curveLegend}
    </section>
    <section class="panel boundary" aria-labelledby="pg-output-title">
      <h2 id="pg-output-title">Output <span class="hint" data-stat="showing"></span></h2>
      <div class="plot">
        <canvas tabindex="0" role="img" aria-describedby="pg-boundary-help"
          aria-label="The model's output over the plane, with the data points"></canvas>
      </div>
      <div class="pg-legend" aria-hidden="true">
        <span class="pg-legend-low">−1</span><span class="pg-legend-bar"></span><span class="pg-legend-high">1</span>
      </div>
      <p class="hint pg-legend-text"></p>
      <div class="pg-options">
        <label><input type="checkbox" name="pg-show-test" checked /> test points</label>
        <label><input type="checkbox" name="pg-discretize" /> discretize output</label>
      </div>
      <fieldset class="pg-click">
        <legend>Click the plot to</legend>
        <label><input type="radio" name="pg-click" value="1" checked /> add class 1</label>
        <label><input type="radio" name="pg-click" value="0" /> add class 0</label>
        <label><input type="radio" name="pg-click" value="remove" /> remove</label>
        <label><input type="radio" name="pg-click" value="graph" /> open a point's graph</label>
      </fieldset>
      <span class="hint" id="pg-boundary-help">Keyboard: focus the plot, arrows move, Enter clicks.</span>
      <div class="pg-point">
        <label for="pg-point">Training point</label>
        <input id="pg-point" type="number" min="1" step="1" value="1" />
        <button type="button" data-action="point-graph">Open its graph in lesson 1</button>
      </div>
    </section>
    <section class="panel chart pg-acc">
      <h2>Accuracy</h2>
      <canvas class="accuracy" role="img" aria-label="Train and test accuracy over the steps"></canvas>
      ${curveLegend}
    </section>
  </div>
</div>`;
