// Lesson 1, wiring: an expression becomes a graph of Values, and backward runs one node at a time.
// The state and its transitions live in session.ts, the markup in template.ts, each panel in a view.
import { toDot } from 'backprop';
import type { Lesson } from '../lesson.ts';
import { SIGNIFICANT_DIGITS } from '../number-format.ts';
import { writeQuery } from '../url-state.ts';
import { CheckView } from './check-view.ts';
import { examples } from './examples.ts';
import { ExpressionView } from './expression-view.ts';
import { GradsView } from './grads-view.ts';
import { GraphView } from './graph-view.ts';
import { LeavesView } from './leaves-view.ts';
import { Player } from './player.ts';
import { BackpropSession } from './session.ts';
import { readState, stateParams } from './state.ts';
import { StepView } from './step-view.ts';
import { lessonTemplate } from './template.ts';
import { ToolbarView } from './toolbar-view.ts';

/** An expression another lesson asks lesson 1 to open (the playground's `backprop:open-expression`). */
export interface OpenExpression {
  expression: string;
  values: Record<string, number>;
  /** Where it came from, shown above the graph: "the loss term of point #12 …". */
  note?: string;
}

export interface BackpropLesson extends Lesson {
  /** Loads an expression with its values, from step 0. */
  open(request: OpenExpression): void;
}

const EMPTY = 'Nothing to draw yet: the expression above does not parse.';

/** Builds lesson 1 into `panel`, starting from the state in `query`. */
export function createBackpropLesson(panel: HTMLElement, query: URLSearchParams): BackpropLesson {
  panel.innerHTML = lessonTemplate(examples);
  const $ = <T extends HTMLElement>(selector: string) => panel.querySelector(selector) as T;
  const session = new BackpropSession(readState(query));
  const player = new Player(() => go(session.step + 1));
  const localOption = $<HTMLInputElement>('input[name=bp-local]');
  const changed = (change: () => void) => () => {
    change();
    checkView.clear(); // new text or values: the last check's numbers no longer hold
    render();
  };
  const load = (text: string, values: Record<string, number>, note?: string) => {
    player.stop();
    changed(() => session.load(text, values, note))();
  };
  const expressionView = new ExpressionView(
    $('.expression'),
    examples,
    (text) => changed(() => session.edit(text))(),
    (example) => load(example.text, example.values),
  );
  const leavesView = new LeavesView($('.leaves'), (name, x) =>
    changed(() => session.setValue(name, x))(),
  );
  const checkView = new CheckView($('.check'), (name) => checkView.show(session.check(name)));
  const toolbar = new ToolbarView($('.toolbar'));
  const graphView = new GraphView($('.graph-panel'));
  const stepView = new StepView($('.step'));
  const gradsView = new GradsView($('.grads-table'));

  function render(): void {
    const { graph, steppable } = session;
    if (player.playing && (!steppable || session.step === graph?.stepper.total)) player.stop();
    expressionView.show(session);
    graphView.markStale(!steppable);
    toolbar.show(steppable ? graph?.stepper : undefined, player.playing);
    writeQuery('backprop', stateParams(session.state));
    if (graph === undefined) {
      graphView.clear(EMPTY);
      leavesView.clear('No inputs until the expression parses.');
      stepView.clear('No steps until the expression parses.');
      gradsView.clear('No nodes until the expression parses.');
      return;
    }
    const { stepper } = graph;
    const current = stepper.current ?? stepper.root;
    leavesView.show(session.values);
    leavesView.setDisabled(!steppable);
    checkView.setLeaves([...session.values.keys()]);
    const options = { grads: 'show', highlight: current, localGrads: localOption.checked } as const;
    const dot = toDot(stepper.root, { ...options, significant: SIGNIFICANT_DIGITS });
    void graphView.draw(dot, `n${stepper.topo.indexOf(current)}`);
    stepView.show(graph, session.lastStep);
    gradsView.show(graph);
  }

  function go(step: number): void {
    session.goTo(step);
    render();
  }

  wireButtons(toolbar, player, session, go, render);
  localOption.addEventListener('change', render);
  wireKeys(panel, () => session.step, go);
  render();
  return {
    // Nothing changes while the tab is hidden (the GraphView refits itself when shown again),
    // so showing only puts this lesson's state back in the URL.
    show: () => writeQuery('backprop', stateParams(session.state)),
    hide: () => {
      player.stop();
      toolbar.show(session.steppable ? session.graph?.stepper : undefined, false);
    },
    open: ({ expression, values, note }) => load(expression, values, note),
  };
}

function wireButtons(
  toolbar: ToolbarView,
  player: Player,
  session: BackpropSession,
  go: (step: number) => void,
  render: () => void,
): void {
  toolbar.button('reset').addEventListener('click', () => go(0));
  toolbar.button('back').addEventListener('click', () => go(session.step - 1));
  toolbar.button('step').addEventListener('click', () => go(session.step + 1));
  toolbar.button('end').addEventListener('click', () => go(Number.POSITIVE_INFINITY));
  toolbar.button('play').addEventListener('click', () => {
    if (player.playing) player.stop();
    else {
      if (session.step === session.graph?.stepper.total) session.goTo(0);
      player.start();
    }
    render();
  });
}

/**
 * Arrow keys step, wherever the focus is, except in fields where arrows already mean something
 * and in the graph, where they pan.
 */
function wireKeys(panel: HTMLElement, step: () => number, go: (step: number) => void): void {
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (panel.hidden || target.closest('input, select, textarea, [role=tab], .graph')) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const to = { ArrowLeft: step() - 1, ArrowRight: step() + 1, Home: 0, End: Infinity }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    go(to);
  });
}
