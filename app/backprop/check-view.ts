import { formatNumber } from '../number-format.ts';
import type { NumericCheck } from './session.ts';

/** Enough digits to see where the central difference stops agreeing. */
const CHECK_DIGITS = 8;

/** Picks a leaf, and shows backprop's grad beside the numerical estimate. */
export class CheckView {
  private readonly select: HTMLSelectElement;
  private readonly button: HTMLButtonElement;
  private readonly result: HTMLElement;

  constructor(element: HTMLElement, onCheck: (name: string) => void) {
    this.select = element.querySelector('select') as HTMLSelectElement;
    this.result = element.querySelector('.check-result') as HTMLElement;
    this.button = element.querySelector('button') as HTMLButtonElement;
    this.button.addEventListener('click', () => {
      if (this.select.value !== '') onCheck(this.select.value);
    });
  }

  /** Nothing to check while the expression does not parse. */
  setDisabled(disabled: boolean): void {
    this.select.disabled = disabled;
    this.button.disabled = disabled;
  }

  /** Offers these leaf names; keeps the choice if it is still there. */
  setLeaves(names: readonly string[]): void {
    const chosen = this.select.value;
    if ([...this.select.options].map((o) => o.value).join('\n') === names.join('\n')) return;
    this.select.replaceChildren(...names.map((name) => new Option(name, name)));
    if (names.includes(chosen)) this.select.value = chosen;
  }

  show({ name, analytic, numeric, h }: NumericCheck): void {
    const error = Math.abs(analytic - numeric) / Math.max(1, Math.abs(analytic), Math.abs(numeric));
    const agree = error < 1e-6;
    this.result.innerHTML = `
      backprop: ∂out/∂${name} = <b class="mono">${formatNumber(analytic, CHECK_DIGITS)}</b><br>
      numerical: (f(${name}+h) − f(${name}−h)) / 2h = <b class="mono">${formatNumber(numeric, CHECK_DIGITS)}</b>
      <span class="hint">(h = ${h})</span><br>
      <span class="${agree ? 'ok' : 'not-ok'}">${agree ? '✓ they agree' : '✗ they differ'}</span>
      <span class="hint">relative difference ${error.toExponential(1)}</span>`;
  }

  clear(): void {
    this.result.textContent = '';
  }
}
