import type { Value } from 'backprop';
import { escapeHtml } from '../html.ts';
import { formatNumber } from '../number-format.ts';
import type { Graph, LastStep } from './session.ts';

/**
 * What the last step did, in words and numbers: at the current node, each operand receives
 * local derivative × upstream grad, added to the grad it already had: before → after, so that
 * an operand used twice (`a + a`) shows its grad growing 0 → 1, then 1 → 2.
 */
export class StepView {
  constructor(private readonly element: HTMLElement) {}

  /** Says there is nothing to step through yet. */
  clear(message: string): void {
    this.element.innerHTML = `<p class="step-text empty">${escapeHtml(message)}</p>`;
  }

  show({ stepper, names }: Graph, last: LastStep | undefined): void {
    const name = (v: Value) => `<code>${escapeHtml(names.get(v)?.name ?? '?')}</code>`;
    const root = name(stepper.root);
    if (last === undefined) {
      this.element.innerHTML = `<p class="step-text">Backprop starts at the output:
        ${root}.grad = 1, since ∂out/∂out = 1. Every other grad starts at 0.
        Press <b>Step</b> to apply the chain rule at ${root}: it passes its grad to each operand,
        times the local derivative.</p>`;
      return;
    }
    const { node, before } = last;
    const done = stepper.stepsDone === stepper.total;
    // the grads as the step's `+=` lines leave them, one operand after the other
    const running = new Map<Value, number>();
    const rows = node.children.map((child, j) => {
      const local = node.localGrads[j] as number;
      const from = running.get(child) ?? (before[j] as number);
      const to = from + local * node.grad;
      running.set(child, to);
      return `<tr>
        <td>${name(child)}</td>
        <td>${formatNumber(local)}</td>
        <td>× ${formatNumber(node.grad)}</td>
        <td class="product">= ${formatNumber(local * node.grad)}</td>
        <td class="grad-change" data-before="${from}" data-after="${to}">${formatNumber(from)} → <b class="after">${formatNumber(to)}</b></td>
      </tr>`;
    });
    const formula = escapeHtml(names.get(node)?.formula ?? '');
    this.element.innerHTML = `
      <p class="step-text">At ${name(node)} = <code>${formula}</code> with grad
        <b>${formatNumber(node.grad)}</b>, each operand gets
        <i>local derivative × upstream grad</i>, added to its grad (<code>+=</code>).
        ${done ? `<br><b>Done:</b> every grad is now ∂out/∂node, what <code>backward()</code> computes.` : ''}</p>
      <table class="flows">
        <thead><tr>
          <th scope="col">operand</th>
          <th scope="col">local ∂${escapeHtml(names.get(node)?.name ?? '')}/∂operand</th>
          <th scope="col">upstream grad</th>
          <th scope="col">adds</th>
          <th scope="col">its grad: before → after</th>
        </tr></thead>
        <tbody>${rows.join('')}</tbody>
      </table>
      <p class="hint">Local derivative of <code>${escapeHtml(node.op)}</code>: ${derivativeRule(node.op)}</p>`;
  }
}

/** The textbook rule behind an op's local derivatives, in words a learner can check by hand. */
function derivativeRule(op: string): string {
  if (op.startsWith('**')) {
    const k = Number(op.slice(2));
    return `∂(x<sup>${k}</sup>)/∂x = ${k}·x<sup>${k - 1}</sup>`;
  }
  const rules: Record<string, string> = {
    '+': '∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1: a sum passes its grad through unchanged',
    '-': '∂(a − b)/∂a = 1 and ∂(a − b)/∂b = −1',
    '*': '∂(a·b)/∂a = b and ∂(a·b)/∂b = a: each operand gets the other one',
    '/': '∂(a/b)/∂a = 1/b and ∂(a/b)/∂b = −a/b²',
    neg: '∂(−x)/∂x = −1',
    exp: '∂exp(x)/∂x = exp(x), the output itself',
    log: '∂log(x)/∂x = 1/x',
    tanh: '∂tanh(x)/∂x = 1 − tanh(x)², from the output t as 1 − t²',
    relu: '∂relu(x)/∂x = 1 where x > 0, else 0',
    sigmoid: '∂σ(x)/∂x = σ(x)·(1 − σ(x)), from the output s as s·(1 − s)',
  };
  return rules[op] ?? '';
}
