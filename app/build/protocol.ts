// The messages between the lesson's page and the Web Worker that runs the learner's code.
import type { StepId } from './steps/index.ts';

/** One piece of the learner's code, already transpiled to JavaScript. */
export interface Source {
  step: StepId;
  js: string;
  /** The names it must define (a class, a function, a variable). */
  defines: readonly string[];
}

/** Page → worker: check a step. Earlier steps' code comes first, the step's own code last. */
export interface CheckRequest {
  step: StepId;
  sources: Source[];
}

/** A node of the learner's graph, flattened so it can cross to the page: children are indices. */
export interface GraphNode {
  data: number;
  grad: number;
  label: string;
  op: string;
  children: number[];
}

/** A decision boundary: the model's scores on a resolution × resolution grid, rows from the top. */
export interface Boundary {
  scores: number[];
  resolution: number;
}

/** A case that failed: what was checked, the oracle's answer, the learner's, and why it may differ. */
export interface Failure {
  case: string;
  expected: string;
  actual: string;
  hint: string;
}

/** An error the learner's code threw (or a syntax error the engine found), and where. */
export interface CodeError {
  message: string;
  /** The step whose code the line is in (an earlier step's class may throw). */
  step?: StepId;
  line?: number;
  column?: number;
}

export interface Outcome {
  passed: boolean;
  /** One sentence: what passed, or what went wrong. */
  summary: string;
  /** The cases that passed, in order (all of them when `passed`). */
  cases: string[];
  failure?: Failure;
  error?: CodeError;
  /** The graph to draw (root last). */
  graph?: GraphNode[];
  boundary?: Boundary;
  accuracy?: number;
}

/** Worker → page. Any message also tells the page's watchdog that the code is still making progress. */
export type WorkerMessage =
  | { kind: 'alive' }
  | { kind: 'loss'; step: number; loss: number }
  | { kind: 'boundary'; boundary: Boundary }
  | { kind: 'done'; outcome: Outcome };
