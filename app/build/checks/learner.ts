// The learner's objects, seen from the checks: nothing is trusted, every member is looked at
// before it is used, and a missing one fails with a hint instead of a TypeError.
import { fail, text } from './failure.ts';

/** A Value the learner's class made (only what the checks read; anything may be missing). */
export interface LearnerValue {
  data: unknown;
  grad: unknown;
  label: unknown;
  op: unknown;
  children: unknown;
  [member: string]: unknown;
}

export type ValueClass = new (data: number) => LearnerValue;

/** The learner's class Value, or a failure saying it is missing. */
export function valueClass(defined: Record<string, unknown>): ValueClass {
  const V = defined.Value;
  if (typeof V !== 'function') {
    fail('class Value', text('a class'), V, 'Define class Value in the editor (keep its name).');
  }
  return V as ValueClass;
}

/** A new leaf: `new Value(data)`, then its label. */
export function leaf(V: ValueClass, data: number, label: string): LearnerValue {
  const v = new V(data);
  if (typeof v !== 'object' || v === null) fail(`new Value(${data})`, text('a Value'), v, '');
  v.label = label;
  return v;
}

/** Calls `v.method(...args)` and checks that it returned a Value (an object with data). */
export function call(v: LearnerValue, method: string, args: unknown[], what: string): LearnerValue {
  const f = v[method];
  if (typeof f !== 'function') {
    fail(
      what,
      text(`a method ${method}`),
      f,
      `Value needs a method ${method}(). Is it written, and spelled ${method}?`,
    );
  }
  const out = (f as (...a: unknown[]) => unknown).apply(v, args);
  if (typeof out !== 'object' || out === null || !('data' in out)) {
    fail(
      what,
      text('a new Value'),
      out,
      `${method}() must return the new Value it made: return out;`,
    );
  }
  return out as LearnerValue;
}

/** The children of a learner's Value as a list, or a failure. */
export function childrenOf(v: LearnerValue, what: string): unknown[] {
  const c = v.children;
  if (c instanceof Set) return [...c];
  if (!Array.isArray(c)) {
    fail(
      `${what}.children`,
      text('a list of Values'),
      c,
      'Store the operands: this.children = children, and pass [this, other] from the op.',
    );
  }
  return c;
}

/** Runs `v.backward()`, or fails if there is none. */
export function backward(v: LearnerValue, what: string): void {
  if (typeof v.backward !== 'function') {
    fail(
      `${what}.backward()`,
      text('a method backward'),
      v.backward,
      'Value needs a method backward().',
    );
  }
  (v.backward as () => void).call(v);
}
