// Every panel of lesson 1, and how a session is drawn onto them. lesson.ts connects the controls
// to the session; this file only shows what the session holds.
import { DOT_LAYOUT_BUDGET, dotLayoutCost, MAX_DOT_NODES, toDot } from 'backprop';
import { SIGNIFICANT_DIGITS } from '../number-format.ts';
import { CheckView } from './check-view.ts';
import type { Example } from './examples.ts';
import { ExpressionView } from './expression-view.ts';
import { GradsView } from './grads-view.ts';
import { GraphView } from './graph-view.ts';
import { LeavesView } from './leaves-view.ts';
import type { BackpropSession, NumericCheck } from './session.ts';
import { StepView } from './step-view.ts';
import { ToolbarView } from './toolbar-view.ts';

/** What the learner can do in the panels (the toolbar's buttons are wired in lesson.ts). */
export interface LessonControls {
  edit(text: string): void;
  pickExample(example: Example): void;
  setValue(name: string, x: number): void;
  check(name: string): NumericCheck;
  redraw(): void;
}

export class LessonViews {
  readonly expression: ExpressionView;
  readonly leaves: LeavesView;
  readonly check: CheckView;
  readonly toolbar: ToolbarView;
  readonly graph: GraphView;
  readonly step: StepView;
  readonly grads: GradsView;
  private readonly localGrads: HTMLInputElement;
  private readonly edgeNote: HTMLElement;

  constructor(panel: HTMLElement, examples: readonly Example[], controls: LessonControls) {
    const $ = <T extends HTMLElement>(selector: string) => panel.querySelector(selector) as T;
    this.expression = new ExpressionView(
      $('.expression'),
      examples,
      controls.edit,
      controls.pickExample,
    );
    this.leaves = new LeavesView($('.leaves'), controls.setValue);
    this.check = new CheckView($('.check'), (name) => this.check.show(controls.check(name)));
    this.toolbar = new ToolbarView($('.toolbar'));
    this.graph = new GraphView($('.graph-panel'));
    this.step = new StepView($('.step'));
    this.grads = new GradsView($('.grads-table'));
    this.localGrads = $('input[name=bp-local]');
    this.edgeNote = $('.edge-note');
    this.localGrads.addEventListener('change', controls.redraw);
  }

  /** Shows the session: the last good graph stays, greyed and frozen, while the text is broken. */
  render(session: BackpropSession, playing: boolean): void {
    const { graph, steppable } = session;
    this.expression.show(session);
    this.toolbar.show(graph?.stepper, playing, steppable);
    this.graph.markStale(!steppable);
    this.check.setDisabled(!steppable);
    if (graph === undefined) {
      this.graph.clear('Nothing to draw yet: the expression above does not parse.');
      this.leaves.clear('No inputs until the expression parses.');
      this.step.clear('No steps until the expression parses.');
      this.grads.clear('No nodes until the expression parses.');
      return;
    }
    const { stepper } = graph;
    const current = stepper.current ?? stepper.root;
    this.leaves.show(session.values);
    this.leaves.setDisabled(!steppable);
    this.check.setLeaves([...session.values.keys()]);
    if (stepper.topo.length > MAX_DOT_NODES) {
      // toDot refuses such a graph (Graphviz could not lay it out in reasonable time); the
      // tables below still step through every node
      this.graph.clear(
        `This graph has ${stepper.topo.length.toLocaleString('en')} values; drawings stop at ` +
          `${MAX_DOT_NODES.toLocaleString('en')}. The tables below still step through every node.`,
      );
    } else {
      // a graph too large for Graphviz's dot is placed in plain columns, with no room for edge
      // labels: the switch says so rather than staying on with nothing drawn
      const plain = tooLargeForEdgeLabels(stepper.root);
      this.localGrads.disabled = plain;
      this.edgeNote.hidden = !plain;
      const dot = toDot(stepper.root, {
        grads: 'show',
        highlight: current,
        localGrads: this.localGrads.checked && !plain,
        significant: SIGNIFICANT_DIGITS,
      });
      void this.graph.draw(dot, `n${stepper.topo.indexOf(current)}`);
    }
    this.step.show(graph, session.lastStep);
    this.grads.show(graph);
  }
}

// Whether toDot draws this graph in its plain layout when asked for edge labels; computed once
// per graph (a walk over it), not on every step.
const plainLayouts = new WeakMap<object, boolean>();
function tooLargeForEdgeLabels(root: Parameters<typeof dotLayoutCost>[0]): boolean {
  let plain = plainLayouts.get(root);
  if (plain === undefined) {
    plain = dotLayoutCost(root, { localGrads: true }) > DOT_LAYOUT_BUDGET;
    plainLayouts.set(root, plain);
  }
  return plain;
}
