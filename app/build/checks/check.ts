import type { GraphNode, Outcome, WorkerMessage } from '../protocol.ts';

/** What a check gets besides the learner's definitions. */
export interface CheckContext {
  /** The name of each case that passed, in order: the page lists them. */
  passed: string[];
  /** The losses the learner's code sent with report(k, loss), in order. */
  reported: { step: number; loss: number }[];
  /** Starts `random` again from seed 1337. */
  reseed(): void;
  /** Tells the page's watchdog that the check is still making progress. */
  alive(): void;
}

/** A check's result when every case passed. */
export type Passed = Omit<Outcome, 'passed' | 'cases' | 'failure' | 'error'> & {
  graph?: GraphNode[];
};

/**
 * Prepares a step's run: `scope` replaces names in the scope of the step's code (a class wrapped
 * to watch it), and `onReport` hears each report(k, loss) as it happens.
 */
export type Watcher = (
  defined: Record<string, unknown>,
  post: (message: WorkerMessage) => void,
) => { scope: Record<string, unknown>; onReport: (step: number) => void };

/** Checks one step's code; throws a CheckFailure (or the learner's own error) on the first failed case. */
export type Check = (defined: Record<string, unknown>, context: CheckContext) => Passed;
