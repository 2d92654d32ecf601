// Lesson 1, wiring: an expression becomes a graph of Values, and backward runs one node at a time.
// The state and its transitions live in session.ts, the markup in template.ts, the panels in
// lesson-views.ts; this file connects the learner's moves to the session.
import type { Lesson } from '../lesson.ts';
import { writeQuery } from '../url-state.ts';
import { Deferred } from './deferred.ts';
import { examples } from './examples.ts';
import { LessonViews } from './lesson-views.ts';
import { Player } from './player.ts';
import { BackpropSession } from './session.ts';
import { readState, stateParams } from './state.ts';
import { lessonTemplate } from './template.ts';
import type { ToolbarView } from './toolbar-view.ts';

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

// A long expression makes history.replaceState slow (75 ms for a network's loss term), so the URL
// follows the state once things settle rather than on every step of Play or every slider move.
const URL_DELAY_MS = 150;

/** Builds lesson 1 into `panel`, starting from the state in `query`. */
export function createBackpropLesson(panel: HTMLElement, query: URLSearchParams): BackpropLesson {
  panel.innerHTML = lessonTemplate(examples);
  const session = new BackpropSession(readState(query));
  const player = new Player(() => go(session.step + 1));
  const url = new Deferred(URL_DELAY_MS, () => writeQuery('backprop', stateParams(session.state)));
  const render = () => {
    const { graph, steppable } = session;
    if (player.playing && (!steppable || session.step === graph?.stepper.total)) player.stop();
    views.render(session, player.playing);
    url.schedule();
  };
  const go = (step: number) => {
    session.goTo(step);
    render();
  };
  // new text or values: the last numerical check no longer holds
  const change = (transition: () => void) => {
    transition();
    views.check.clear();
    render();
  };
  const load = (text: string, values: Record<string, number>, note?: string) => {
    player.stop();
    change(() => session.load(text, values, note));
  };
  const views = new LessonViews(panel, examples, {
    edit: (text) => change(() => session.edit(text)),
    pickExample: (example) => load(example.text, example.values),
    setValue: (name, x) => change(() => session.setValue(name, x)),
    check: (name) => session.check(name),
    redraw: render,
  });
  wireButtons(views.toolbar, player, session, go, render);
  wireKeys(panel, () => session.step, go);
  render();
  return {
    // Nothing changes while the tab is hidden (the GraphView refits itself when shown again),
    // so showing only puts this lesson's state back in the URL.
    show: () => url.now(),
    hide: () => {
      url.cancel(); // the next lesson's state goes in the URL now, not ours a moment later
      player.stop();
      views.toolbar.show(session.graph?.stepper, false, session.steppable);
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
