// Runs the learner's JavaScript inside the worker: each step's code becomes the body of a
// function whose parameters are what the harness provides (Value from an earlier step, random,
// report, the data), and which returns the names the step must define.
import type { CodeError, Source } from '../protocol.ts';
import type { StepId } from '../steps/index.ts';

/** Where a function body starts in the engine's line numbers (V8 adds a header line or two). */
const headerLines = (() => {
  try {
    new Function('throw new Error()\n//# sourceURL=probe.js')();
  } catch (e) {
    const match = /probe\.js:(\d+)/.exec(String((e as Error).stack));
    if (match) return Number(match[1]) - 1;
  }
  return 2;
})();

const fileOf = (step: StepId) => `step-${step}.js`;

/**
 * Runs one step's code with `scope` in view and returns the values of the names it defines
 * (undefined for a missing one). Throws what the code throws.
 */
export function run(source: Source, scope: Record<string, unknown>): Record<string, unknown> {
  const result = source.defines
    .map((name) => `${name}: typeof ${name} === 'undefined' ? undefined : ${name}`)
    .join(', ');
  const body = `${source.js}\n;return { ${result} };\n//# sourceURL=${fileOf(source.step)}`;
  const names = Object.keys(scope);
  const f = new Function(...names, body);
  return f(...names.map((name) => scope[name])) as Record<string, unknown>;
}

/** The message of an error the learner's code threw, and the learner's line it came from. */
export function describeError(e: unknown, steps: readonly StepId[]): CodeError {
  if (!(e instanceof Error)) return { message: `your code threw ${String(e)}` };
  let message = `${e.name}: ${e.message}`;
  if (e instanceof SyntaxError && /\b(import|export)\b/.test(e.message)) {
    message +=
      ' (no import or export here: the steps share one scope, and earlier classes are already in it)';
  }
  // the first frame in the learner's code: "at Value.add (step-ops.js:21:30)"
  for (const match of String(e.stack).matchAll(/step-([\w-]+)\.js:(\d+):(\d+)/g)) {
    const step = steps.find((s) => s === match[1]);
    if (step === undefined) continue;
    return { message, step, line: Number(match[2]) - headerLines, column: Number(match[3]) };
  }
  return { message };
}
