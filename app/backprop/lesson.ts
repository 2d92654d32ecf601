// Lesson 1, wiring: an expression becomes a graph of Values, and backward runs one node at a time.
import { BackwardStepper, ParseError, parseExpression, toDot, type Value } from 'backprop';
import { escapeHtml } from '../html.ts';
import type { Lesson } from '../lesson.ts';
import { writeQuery } from '../url-state.ts';
import { CheckView } from './check-view.ts';
import { examples } from './examples.ts';
import { GradsView } from './grads-view.ts';
import { GraphView } from './graph-view.ts';
import { LeavesView } from './leaves-view.ts';
import { type NodeName, nameNodes } from './node-names.ts';
import { type BackpropState, readState, stateParams } from './state.ts';
import { StepView } from './step-view.ts';

const template = `
<div class="bp">
  <div class="bp-top">
    <div class="panel expression">
      <h2><label for="bp-expression">Expression</label></h2>
      <input id="bp-expression" type="text" spellcheck="false" autocomplete="off"
        aria-describedby="bp-expression-error bp-expression-hint" />
      <div id="bp-expression-error" class="parse-error" role="alert" hidden></div>
      <p class="hint" id="bp-expression-hint">Names, numbers, <code>+ - * / ^</code>, parentheses,
        <code>exp log tanh relu sigmoid</code>.</p>
      <div class="row">
        <label for="bp-example">Example</label>
        <select id="bp-example">
          <option value="">Pick an example…</option>
          ${examples.map((e, i) => `<option value="${i}">${escapeHtml(e.title)}</option>`).join('')}
        </select>
      </div>
    </div>
    <section class="panel" aria-labelledby="bp-leaves-title">
      <h2 id="bp-leaves-title">Inputs <span class="hint">· changing one re-runs the forward pass at once</span></h2>
      <div class="leaves"></div>
    </section>
    <section class="panel check" aria-labelledby="bp-check-title">
      <h2 id="bp-check-title">Numerical check</h2>
      <div class="row">
        <label for="bp-check-leaf">Leaf</label>
        <select id="bp-check-leaf"></select>
        <button type="button">Check gradient</button>
      </div>
      <p class="check-result" aria-live="polite"></p>
    </section>
  </div>
  <div class="toolbar" role="group" aria-label="Step through backward">
    <button type="button" data-action="reset" title="Back to the start (Home)">Reset</button>
    <button type="button" data-action="back" title="Undo one step (←)">◀ Back</button>
    <button type="button" data-action="step" class="primary" title="Chain rule at the next node (→)">Step ▶</button>
    <button type="button" data-action="play" aria-pressed="false">Play</button>
    <button type="button" data-action="end" title="Run backward to the end (End)">End ▶▶</button>
    <span class="counter" aria-live="polite"></span>
    <label class="edge-option"><input type="checkbox" name="bp-local" checked /> local derivative on each edge</label>
    <span class="keys"><kbd>←</kbd> <kbd>→</kbd> step · <kbd>Home</kbd> <kbd>End</kbd></span>
  </div>
  <div class="panel graph" id="bp-graph"></div>
  <div class="bp-bottom">
    <section class="panel" aria-labelledby="bp-step-title">
      <h2 id="bp-step-title">This step: the chain rule at one node</h2>
      <div class="step"></div>
    </section>
    <section class="panel" aria-labelledby="bp-grads-title">
      <h2 id="bp-grads-title">Every node <span class="hint">· grad grey: nothing yet, amber: more to come, bold: final</span></h2>
      <div class="grads-table"></div>
    </section>
  </div>
</div>`;

/** The value a new name starts with: 1, so that products do not vanish as they would at 0. */
const NEW_NAME_VALUE = 1;
const PLAY_INTERVAL_MS = 900;
const H = 1e-6;

/** Builds lesson 1 into `panel`, starting from the state in `query`. */
export function createBackpropLesson(panel: HTMLElement, query: URLSearchParams): Lesson {
  panel.innerHTML = template;
  const $ = <T extends Element>(selector: string) => panel.querySelector(selector) as T;
  const input = $<HTMLInputElement>('#bp-expression');
  const error = $<HTMLElement>('#bp-expression-error');
  const exampleSelect = $<HTMLSelectElement>('#bp-example');
  const counter = $<HTMLElement>('.counter');
  const localOption = $<HTMLInputElement>('input[name=bp-local]');
  const button = (action: string) => $<HTMLButtonElement>(`[data-action=${action}]`);

  const graphView = new GraphView($('#bp-graph'));
  const stepView = new StepView($('.step'));
  const gradsView = new GradsView($('.grads-table'));
  const checkView = new CheckView($('.check'), (name) => checkView.show(numericCheck(name)));
  const leavesView = new LeavesView($('.leaves'), (name, x) => {
    state.values.set(name, x);
    rebuild();
  });

  const state: BackpropState = readState(query);
  // The last expression that parsed: it stays on screen while the text is broken.
  let good: { text: string; stepper: BackwardStepper; names: Map<Value, NodeName> } | undefined;
  let player: ReturnType<typeof setInterval> | undefined;

  /** Parses the text with the current values and runs backward up to `state.step`. */
  function rebuild(): void {
    try {
      // a first parse only discovers the names; new names get a starting value
      const { leaves } = parseExpression(state.text);
      const values = new Map<string, number>();
      for (const name of leaves.keys()) {
        values.set(name, state.values.get(name) ?? NEW_NAME_VALUE);
      }
      const { root } = parseExpression(state.text, Object.fromEntries(values));
      state.values = values;
      const stepper = new BackwardStepper(root);
      stepper.goTo(state.step);
      state.step = stepper.stepsDone;
      good = { text: state.text, stepper, names: nameNodes(stepper.topo) };
      showError(undefined);
      leavesView.show(values);
      checkView.setLeaves([...values.keys()]);
      checkView.clear(); // new values: the last check's numbers no longer hold
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      showError(e);
    }
    render();
  }

  function showError(e: ParseError | undefined): void {
    error.hidden = e === undefined;
    // the summary wraps; the text and the caret under it keep their columns
    const [summary = '', ...caret] = (e?.message ?? '').split('\n');
    const lines = document.createElement('pre');
    lines.textContent = caret.join('\n');
    error.replaceChildren(`${summary}\n`, lines);
    input.setAttribute('aria-invalid', String(e !== undefined));
    graphView.markStale(e !== undefined);
  }

  function render(): void {
    if (good === undefined) return;
    const { stepper, names } = good;
    const current = stepper.current ?? stepper.root;
    const dot = toDot(stepper.root, {
      grads: 'show',
      highlight: current,
      localGrads: localOption.checked,
    });
    void graphView.draw(dot, `n${stepper.topo.indexOf(current)}`);
    stepView.show(stepper, names);
    gradsView.show(stepper, names);
    counter.textContent = `Step ${stepper.stepsDone} of ${stepper.total}`;
    const atStart = stepper.stepsDone === 0;
    const atEnd = stepper.stepsDone === stepper.total;
    button('reset').disabled = atStart;
    button('back').disabled = atStart;
    button('step').disabled = atEnd;
    button('end').disabled = atEnd;
    if (atEnd) stopPlaying();
    writeQuery('backprop', stateParams(state));
  }

  function goTo(step: number): void {
    if (good === undefined) return;
    good.stepper.goTo(step);
    state.step = good.stepper.stepsDone;
    render();
  }

  function stopPlaying(): void {
    clearInterval(player);
    player = undefined;
    button('play').textContent = 'Play';
    button('play').setAttribute('aria-pressed', 'false');
  }

  function togglePlay(): void {
    if (player !== undefined || good === undefined) {
      stopPlaying();
      return;
    }
    if (good.stepper.stepsDone === good.stepper.total) goTo(0);
    button('play').textContent = 'Pause';
    button('play').setAttribute('aria-pressed', 'true');
    player = setInterval(() => goTo(state.step + 1), PLAY_INTERVAL_MS);
  }

  /** Backprop's grad of one leaf (a full backward()) beside a central difference. */
  function numericCheck(name: string) {
    const f = (shift: number) => {
      const values = Object.fromEntries(state.values);
      values[name] = (values[name] as number) + shift;
      return parseExpression(good?.text ?? state.text, values);
    };
    const { root, leaves } = f(0);
    root.backward();
    const numeric = (f(H).root.data - f(-H).root.data) / (2 * H);
    return { name, analytic: leaves.get(name)?.grad ?? Number.NaN, numeric, h: H };
  }

  input.value = state.text;
  const shown = examples.findIndex((e) => e.text === state.text);
  exampleSelect.value = shown === -1 ? '' : String(shown);
  input.addEventListener('input', () => {
    state.text = input.value;
    state.step = 0;
    exampleSelect.value = '';
    stopPlaying();
    rebuild();
  });
  exampleSelect.addEventListener('change', () => {
    const example = examples[Number(exampleSelect.value)];
    if (exampleSelect.value === '' || example === undefined) return;
    state.text = input.value = example.text;
    state.values = new Map(Object.entries(example.values));
    state.step = 0;
    stopPlaying();
    rebuild();
  });
  button('reset').addEventListener('click', () => goTo(0));
  button('back').addEventListener('click', () => goTo(state.step - 1));
  button('step').addEventListener('click', () => goTo(state.step + 1));
  button('end').addEventListener('click', () => goTo(Number.POSITIVE_INFINITY));
  button('play').addEventListener('click', togglePlay);
  localOption.addEventListener('change', render);
  // Arrow keys step, wherever the focus is, except in fields where arrows already mean something.
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (panel.hidden || target.matches('input, select, textarea, [role=tab]')) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const to = { ArrowLeft: state.step - 1, ArrowRight: state.step + 1, Home: 0, End: Infinity }[
      event.key
    ];
    if (to === undefined) return;
    event.preventDefault();
    goTo(to);
  });

  rebuild();
  return {
    // Nothing changes while the tab is hidden (the GraphView refits itself when shown again),
    // so showing only puts this lesson's state back in the URL.
    show: () => writeQuery('backprop', stateParams(state)),
    hide: stopPlaying,
  };
}
