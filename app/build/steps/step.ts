/** One step of the lesson: what it teaches, the code it starts from, and a solution. */
export interface Step {
  /** Its name in the URL and in localStorage: `?lesson=build&step=ops`. */
  id: StepId;
  title: string;
  /** The explanation above the editor (trusted HTML, written here). */
  explain: string;
  /** The editor's text when the step is opened for the first time or reset. */
  starter: string;
  /** What "show solution" puts in the editor: the lecture's code, in TypeScript. */
  solution: string;
  /**
   * Earlier steps whose code runs before this one, so that their classes are in scope: the code
   * the learner passed them with, not the solution.
   */
  uses: readonly StepId[];
  /** The names this step's code must define; the check receives them. */
  defines: readonly string[];
  /** Its code trains a model, calling report(k, loss) at every training step. */
  trains?: boolean;
  /** The bonus step is not needed to finish the lesson. */
  bonus?: boolean;
}

export type StepId =
  | 'value'
  | 'by-hand'
  | 'backward'
  | 'accumulate'
  | 'ops'
  | 'mlp'
  | 'train'
  | 'moons';
