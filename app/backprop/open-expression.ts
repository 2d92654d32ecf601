// The contract by which another lesson opens an expression in lesson 1:
//   window.dispatchEvent(new CustomEvent('backprop:open-expression', {
//     detail: { expression: 'tanh(x*w + b)', values: { x: 2, w: -3, b: 1 }, note: '…' } }));
// main.ts switches to lesson 1 and hands it the checked detail.
import type { OpenExpression } from './lesson.ts';

export const OPEN_EXPRESSION_EVENT = 'backprop:open-expression';

/** Checks an event's detail; a TypeError names the field that is wrong and what it got. */
export function readOpenExpression(detail: unknown): OpenExpression {
  const where = `${OPEN_EXPRESSION_EVENT}: expected`;
  if (typeof detail !== 'object' || detail === null) {
    throw new TypeError(`${where} detail to be an object, got ${kindOf(detail)}`);
  }
  const { expression, values, note } = detail as Record<string, unknown>;
  if (typeof expression !== 'string') {
    throw new TypeError(`${where} detail.expression to be a string, got ${kindOf(expression)}`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new TypeError(`${where} detail.values to be an object of numbers, got ${kindOf(values)}`);
  }
  for (const [name, x] of Object.entries(values)) {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new TypeError(`${where} detail.values.${name} to be a finite number, got ${kindOf(x)}`);
    }
  }
  if (note !== undefined && typeof note !== 'string') {
    throw new TypeError(`${where} detail.note to be a string, got ${kindOf(note)}`);
  }
  const checked = { expression, values: { ...(values as Record<string, number>) } };
  return note === undefined ? checked : { ...checked, note };
}

function kindOf(x: unknown): string {
  if (x === null || x === undefined) return String(x);
  if (typeof x === 'string') return `string ${JSON.stringify(x.slice(0, 40))}`;
  if (typeof x === 'number') return `number ${x}`;
  if (Array.isArray(x)) return `array of length ${x.length}`;
  return typeof x;
}
