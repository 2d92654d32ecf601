// The list of steps: done ✓, open, or locked until the one before it passes.
import { escapeHtml } from '../html.ts';
import type { Step, StepId } from './steps/index.ts';

export type StepState = 'passed' | 'open' | 'locked';

export class StepListView {
  private readonly buttons: HTMLButtonElement[];

  constructor(
    private readonly element: HTMLElement,
    private readonly steps: readonly Step[],
    onPick: (id: StepId) => void,
  ) {
    element.innerHTML = steps
      .map(
        (s, i) => `<li><button type="button" data-step="${s.id}">
          <span class="bd-mark" aria-hidden="true"></span>
          <span class="bd-number">${s.bonus ? '★' : i + 1}</span>
          <span class="bd-title">${escapeHtml(s.title)}</span></button></li>`,
      )
      .join('');
    this.buttons = [...element.querySelectorAll('button')];
    for (const button of this.buttons) {
      button.addEventListener('click', () => onPick(button.dataset.step as StepId));
    }
  }

  show(current: StepId, state: (id: StepId) => StepState): void {
    for (const [i, button] of this.buttons.entries()) {
      const step = this.steps[i] as Step;
      const s = state(step.id);
      button.dataset.state = s;
      button.disabled = s === 'locked';
      const status = {
        passed: 'passed',
        open: 'not passed yet',
        locked: 'locked until the step before it passes',
      }[s];
      button.setAttribute(
        'aria-label',
        `Step ${step.bonus ? '(bonus)' : i + 1}: ${step.title}, ${status}`,
      );
      if (step.id === current) button.setAttribute('aria-current', 'step');
      else button.removeAttribute('aria-current');
    }
    // on a phone the list is one row that scrolls sideways: bring the current step into it
    const shown = this.buttons[this.steps.findIndex((s) => s.id === current)];
    const list = this.element;
    if (shown && list.scrollWidth > list.clientWidth) {
      const li = shown.parentElement as HTMLElement;
      list.scrollLeft = li.offsetLeft - list.offsetLeft - (list.clientWidth - li.offsetWidth) / 2;
    }
  }
}
