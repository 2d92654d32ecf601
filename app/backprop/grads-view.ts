import { escapeHtml } from '../html.ts';
import { formatNumber } from '../number-format.ts';
import type { Graph } from './session.ts';

/**
 * Every node's data and grad, output first. A grad is grey until some gradient reaches it, amber
 * while more is still to come (the node has other uses not yet processed), and bold once final.
 * Each row carries the node's drawing id (`n3`) and the exact numbers, for tests and tools.
 */
export class GradsView {
  constructor(private readonly element: HTMLElement) {}

  /** Says there is nothing to list yet. */
  clear(message: string): void {
    this.element.innerHTML = `<p class="step-text empty">${escapeHtml(message)}</p>`;
  }

  show({ stepper, names }: Graph): void {
    const rows = stepper.topo
      .map((v, i) => ({ v, id: `n${i}` }))
      .reverse()
      .map(({ v, id }) => {
        const status = stepper.isFinal(v) ? 'final' : v.grad === 0 ? 'pending' : 'partial';
        const current = v === stepper.current ? ' class="current"' : '';
        const name = names.get(v) ?? { name: '?', formula: '' };
        return `<tr data-node="${id}"${current}>
          <th scope="row"><code>${escapeHtml(name.name)}</code></th>
          <td class="formula"><code>${escapeHtml(name.formula)}</code></td>
          <td class="data" data-value="${v.data}">${formatNumber(v.data)}</td>
          <td class="grad ${status}" data-value="${v.grad}" title="${status}">${formatNumber(v.grad)}</td>
        </tr>`;
      });
    this.element.innerHTML = `
      <table class="grads">
        <thead><tr>
          <th scope="col">node</th><th scope="col" class="formula">computes</th>
          <th scope="col">data</th><th scope="col">grad</th>
        </tr></thead>
        <tbody>${rows.join('')}</tbody>
      </table>`;
  }
}
