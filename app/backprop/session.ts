// Lesson 1's state and the moves a learner makes on it. No DOM here: the views read a session and
// the wiring in lesson.ts calls its transitions.
import { BackwardStepper, detectAnomaly, ParseError, parseExpression, type Value } from 'backprop';
import { type NodeName, nameNodes } from './node-names.ts';
import type { BackpropState } from './state.ts';

/** The value a new name starts with: 1, so that products do not vanish as they would at 0. */
const NEW_NAME_VALUE = 1;
/** The step of the numerical check's central difference. */
const H = 1e-6;

/** An expression that parsed: its graph, stepped backward up to `stepper.stepsDone`. */
export interface Graph {
  text: string;
  stepper: BackwardStepper;
  names: Map<Value, NodeName>;
  /** The engine's word on the first op whose result or gradient is not a finite number. */
  anomaly: string | undefined;
}

/** What the last step did: the node whose chain rule ran, and its operands' grads just before. */
export interface LastStep {
  node: Value;
  before: number[];
}

/** The outcome of comparing backprop's grad of one leaf with a central difference. */
export interface NumericCheck {
  name: string;
  /** The grad backward() computed. */
  analytic: number;
  /** (f(x + h) − f(x − h)) / 2h. */
  numeric: number;
  h: number;
}

export class BackpropSession {
  text: string;
  values: Map<string, number>;
  step: number;
  /** The last expression that parsed; it stays on screen, greyed, while the text is broken. */
  graph: Graph | undefined;
  /** Why the current text does not parse; undefined when it does. */
  error: ParseError | undefined;
  /** Where the expression came from, when someone else opened it (the playground). */
  note: string | undefined;
  lastStep: LastStep | undefined;

  constructor({ text, values, step }: BackpropState) {
    this.text = text;
    this.values = values;
    this.step = step;
    this.rebuild();
  }

  /** True when Step, Back, Play and End mean something: the text parses. */
  get steppable(): boolean {
    return this.graph !== undefined && this.error === undefined;
  }

  get state(): BackpropState {
    return { text: this.text, values: this.values, step: this.step };
  }

  /** The learner typed: backward starts over on the new text. */
  edit(text: string): void {
    this.text = text;
    this.step = 0;
    this.note = undefined;
    this.rebuild();
  }

  /** A new value for one name: the forward pass re-runs, backward replays to the same step. */
  setValue(name: string, x: number): void {
    this.values.set(name, x);
    this.rebuild();
  }

  /** A whole new expression with its values: an example, or one the playground opens. */
  load(text: string, values: Readonly<Record<string, number>>, note?: string): void {
    this.text = text;
    this.values = new Map(Object.entries(values));
    this.step = 0;
    this.note = note;
    this.rebuild();
  }

  /** Runs backward to step k (clamped to 0…total); nothing while the text is broken. */
  goTo(k: number): void {
    if (!this.steppable || this.graph === undefined) return;
    this.replay(this.graph.stepper, k);
  }

  /** Backprop's grad of one leaf (a full backward()) beside a central difference. */
  check(name: string): NumericCheck {
    const f = (shift: number) => {
      const values = Object.fromEntries(this.values);
      values[name] = (values[name] as number) + shift;
      return parseExpression(this.graph?.text ?? this.text, values);
    };
    const { root, leaves } = f(0);
    root.backward();
    const numeric = (f(H).root.data - f(-H).root.data) / (2 * H);
    return { name, analytic: leaves.get(name)?.grad ?? Number.NaN, numeric, h: H };
  }

  /** Parses the text with the current values and runs backward up to `step`. */
  private rebuild(): void {
    try {
      // a first parse only discovers the names; new names get a starting value
      const { leaves } = parseExpression(this.text);
      const values = new Map<string, number>();
      for (const name of leaves.keys()) {
        values.set(name, this.values.get(name) ?? NEW_NAME_VALUE);
      }
      const { root } = parseExpression(this.text, Object.fromEntries(values));
      this.values = values;
      const stepper = new BackwardStepper(root);
      const names = nameNodes(stepper.topo);
      const anomaly = anomalyOf(this.text, values, stepper.topo, names);
      this.graph = { text: this.text, stepper, names, anomaly };
      this.error = undefined;
      this.replay(stepper, this.step);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      // the last good graph, and the step it is at, stay as they were
      this.error = e;
    }
  }

  /** Steps `stepper` to k, remembering the operands' grads before the last step. */
  private replay(stepper: BackwardStepper, k: number): void {
    const target = Math.max(0, Math.min(stepper.total, k));
    stepper.goTo(target - 1);
    const node = stepper.order[target - 1];
    const before = node?.children.map((c) => c.grad) ?? [];
    if (node !== undefined) stepper.step();
    this.step = stepper.stepsDone;
    this.lastStep = node === undefined ? undefined : { node, before };
  }
}

/**
 * Re-runs forward and backward under detectAnomaly, which stops at the first op whose result or
 * gradient is NaN or ±Infinity and names it, and says which node of ours that is:
 * `n2 = log(n1): log produced NaN from -3`. Undefined when every number is finite.
 */
function anomalyOf(
  text: string,
  values: ReadonlyMap<string, number>,
  topo: readonly Value[],
  names: ReadonlyMap<Value, NodeName>,
): string | undefined {
  try {
    detectAnomaly(() => parseExpression(text, Object.fromEntries(values)).root.backward());
    return undefined;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const reason = e.message.replace(/^anomaly: /, '');
    const node = topo.find((v) => !Number.isFinite(v.data));
    const name = node === undefined ? undefined : names.get(node);
    return name === undefined ? reason : `${name.name} = ${name.formula}: ${reason}`;
  }
}
