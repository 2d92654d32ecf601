// What a check found: a verdict, the failed case (expected, actual, hint) or the error and its
// line, and the list of cases that passed.
import { escapeHtml } from '../html.ts';
import type { Outcome } from './protocol.ts';
import type { Step } from './steps/index.ts';

export class ResultView {
  constructor(private readonly element: HTMLElement) {}

  /** Before the first check of a step. */
  idle(step: Step, passedBefore: boolean): void {
    this.element.className = 'bd-result-body';
    this.element.innerHTML = passedBefore
      ? '<p class="bd-verdict bd-pass">✓ You passed this step before. Check again any time.</p>'
      : `<p class="bd-idle">Write the code, then press <b>Check</b>. ${
          step.uses.length > 0 ? 'It runs on the code you passed the earlier steps with.' : ''
        }</p>`;
  }

  running(): void {
    this.element.className = 'bd-result-body is-running';
    this.element.innerHTML =
      '<p class="bd-idle">Checking… <span class="bd-spinner" aria-hidden="true"></span></p>';
  }

  show(outcome: Outcome, stepTitles: (id: string) => string): void {
    this.element.className = `bd-result-body ${outcome.passed ? 'is-passed' : 'is-failed'}`;
    const parts = [
      `<p class="bd-verdict ${outcome.passed ? 'bd-pass' : 'bd-fail'}">${outcome.passed ? '✓' : '✗'} ${escapeHtml(outcome.summary)}</p>`,
    ];
    const { failure, error } = outcome;
    if (failure) {
      parts.push(`<dl class="bd-failure">
        <dt>Case</dt><dd class="bd-case">${escapeHtml(failure.case)}</dd>
        <dt>Expected</dt><dd class="mono bd-expected">${escapeHtml(failure.expected)}</dd>
        <dt>Got</dt><dd class="mono bd-actual">${escapeHtml(failure.actual)}</dd>
      </dl>`);
      if (failure.hint)
        parts.push(`<p class="bd-hint"><b>Hint</b> ${escapeHtml(failure.hint)}</p>`);
    }
    if (error) {
      const where =
        error.line === undefined
          ? ''
          : ` <span class="bd-where">line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`}${
              error.step === undefined ? '' : ` of ${escapeHtml(stepTitles(error.step))}`
            }</span>`;
      parts.push(`<p class="bd-error mono">${escapeHtml(error.message)}${where}</p>`);
    }
    if (outcome.cases.length > 0) {
      const items = outcome.cases.map((c) => `<li>${escapeHtml(c)}</li>`).join('');
      parts.push(`<details class="bd-cases" ${outcome.passed ? '' : 'open'}>
        <summary>${outcome.cases.length} case${outcome.cases.length === 1 ? '' : 's'} passed</summary><ul>${items}</ul></details>`);
    }
    this.element.innerHTML = parts.join('');
  }
}
