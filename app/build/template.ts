// The lesson's page structure; build-lesson.ts fills it in.
export const template = `
<div class="bd">
  <nav class="panel bd-nav" aria-label="Steps of the lesson">
    <h2>Build micrograd <span class="hint">step by step, each step checked against PyTorch</span></h2>
    <ol class="bd-steps"></ol>
    <button type="button" class="bd-start-over">Start over</button>
    <details class="bd-oracles">
      <summary>Where the expected numbers come from</summary>
      <p>From PyTorch's autograd (float64 golden cases), the lecture's own code run under CPython
        (its weights after <code>random.seed(1337)</code> and its 20 losses), scikit-learn's
        <code>make_moons</code>, formulas and finite differences: never from an engine on this
        page. The data is in the repository's <code>fixtures/</code> folder.</p>
    </details>
  </nav>
  <section class="bd-work" aria-labelledby="bd-step-title">
    <div class="panel bd-explain">
      <h2 id="bd-step-title" tabindex="-1"><span class="bd-step-number"></span> <span class="bd-step-name"></span></h2>
      <div class="bd-text"></div>
    </div>
    <div class="panel bd-code">
      <div class="bd-editor"></div>
      <div class="bd-toolbar" role="group" aria-label="This step">
        <button type="button" class="primary" data-action="check">Check ▶</button>
        <button type="button" data-action="solution">Show solution</button>
        <button type="button" data-action="reset">Reset this step</button>
        <span class="hint bd-keys"><kbd>Ctrl</kbd>+<kbd>Enter</kbd> check ·
          <kbd>Esc</kbd> <kbd>Tab</kbd> leave the editor</span>
      </div>
    </div>
  </section>
  <section class="bd-side" aria-label="Result">
    <div class="panel bd-result">
      <h2>Check</h2>
      <div class="bd-result-body" aria-live="polite"></div>
      <button type="button" class="primary bd-next" hidden>Next step ▶</button>
    </div>
    <div class="panel bd-visual">
      <h2 class="bd-visual-title">Your graph</h2>
      <div class="bd-graph"></div>
      <div class="bd-training" hidden>
        <canvas class="bd-loss" aria-label="Your loss at each training step"></canvas>
        <p class="legend hint"><i></i> your loss <span class="bd-reference"><i class="dashed"></i> the
          lecture's, run in Python</span></p>
        <div class="bd-boundary"><canvas aria-label="Your model's decision boundary over the moons"></canvas></div>
      </div>
    </div>
  </section>
</div>`;
