import type { Example } from './examples.ts';
import type { BackpropSession } from './session.ts';

/**
 * The expression field, the parser's message under it (with a caret under the problem), the
 * engine's word when an op produced NaN or ±Infinity, where the expression came from, and the
 * Example menu.
 */
export class ExpressionView {
  private readonly input: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly anomaly: HTMLElement;
  private readonly note: HTMLElement;
  private readonly menu: HTMLSelectElement;

  constructor(
    element: HTMLElement,
    private readonly examples: readonly Example[],
    onEdit: (text: string) => void,
    onExample: (example: Example) => void,
  ) {
    const $ = <T extends Element>(selector: string) => element.querySelector(selector) as T;
    this.input = $('#bp-expression');
    this.error = $('#bp-expression-error');
    this.anomaly = $('#bp-anomaly');
    this.note = $('.bp-note');
    this.menu = $('#bp-example');
    this.input.addEventListener('input', () => {
      this.menu.value = '';
      onEdit(this.input.value);
    });
    this.menu.addEventListener('change', () => {
      const example = examples[Number(this.menu.value)];
      if (this.menu.value !== '' && example !== undefined) onExample(example);
    });
  }

  show({ text, error, graph, note, steppable }: BackpropSession): void {
    if (this.input.value !== text) this.input.value = text;
    const shown = this.examples.findIndex((e) => e.text === text);
    this.menu.value = shown === -1 ? '' : String(shown);
    this.input.setAttribute('aria-invalid', String(error !== undefined));
    this.error.hidden = error === undefined;
    // the summary wraps; the text and the caret under it keep their columns
    const [summary = '', ...caret] = (error?.message ?? '').split('\n');
    const lines = document.createElement('pre');
    lines.textContent = caret.join('\n');
    const advice = graph === undefined ? 'Fix the expression, or pick an example below.' : '';
    this.error.replaceChildren(`${summary}\n`, lines, advice);
    const anomaly = steppable ? graph?.anomaly : undefined;
    this.anomaly.hidden = anomaly === undefined;
    this.anomaly.textContent = anomaly === undefined ? '' : `⚠ Not a number: ${anomaly}.`;
    this.note.hidden = note === undefined;
    this.note.textContent = note ?? '';
  }
}
