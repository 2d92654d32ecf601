// The lesson's state in the URL: `?lesson=backprop&expr=tanh(x*w)&set=x=2,w=-3&step=2`.
import { type Example, examples } from './examples.ts';

/** Everything needed to rebuild the page: the text, a value per name, and how far backward went. */
export interface BackpropState {
  text: string;
  values: Map<string, number>;
  step: number;
}

/** Reads the state from a query string; anything missing or unreadable falls back to the first example. */
export function readState(query: URLSearchParams): BackpropState {
  const example = examples[0] as Example;
  const text = query.get('expr') ?? example.text;
  const values = query.has('set')
    ? parseAssignments(query.get('set') ?? '')
    : new Map(Object.entries(text === example.text ? example.values : {}));
  const step = Number(query.get('step') ?? 0);
  return { text, values, step: Number.isInteger(step) && step > 0 ? step : 0 };
}

/** The query parameters for a state, in a fixed order. */
export function stateParams(state: BackpropState): [string, string][] {
  const set = [...state.values].map(([name, x]) => `${name}=${x}`).join(',');
  return [
    ['expr', state.text],
    ['set', set],
    ['step', String(state.step)],
  ];
}

/** `x1=2,w1=-3` → Map { x1 → 2, w1 → −3 }; entries that are not `name=finite number` are skipped. */
function parseAssignments(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const x = Number(value);
    if (/^[A-Za-z_]\w*$/.test(name) && value !== '' && Number.isFinite(x)) values.set(name, x);
  }
  return values;
}
