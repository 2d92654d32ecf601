// The learner's graph, drawn as lesson 1 draws its graphs: toDot from the library, rendered by
// Graphviz (backprop-viz, loaded on first use). The learner's nodes arrive flattened from the
// worker and are linked up again as the Value-shaped objects toDot draws.
import { toDot, type ValueLike } from 'backprop';
import type { GraphNode } from './protocol.ts';

const viz = () => import('backprop-viz');
const MIN_ZOOM = 0.55;
const MAX_HEIGHT = 440;

/** The learner's nodes, each with its children again (the last node is the root). */
function relink(nodes: readonly GraphNode[]): ValueLike {
  const values: ValueLike[] = [];
  for (const { data, grad, label, op, children } of nodes) {
    values.push({ data, grad, label, op, children: children.map((i) => values[i] as ValueLike) });
  }
  return values[values.length - 1] as ValueLike;
}

export class LearnerGraphView {
  private newest = 0;

  constructor(private readonly element: HTMLElement) {}

  async draw(nodes: readonly GraphNode[] | undefined, grads = true): Promise<void> {
    const ticket = ++this.newest;
    if (nodes === undefined || nodes.length === 0) {
      this.element.replaceChildren();
      return;
    }
    const dot = toDot(relink(nodes), { grads: grads ? 'show' : 'hide', rankdir: 'TB' });
    const { renderGraphSvg } = await viz();
    const svg = await renderGraphSvg(dot);
    if (ticket !== this.newest) return;
    this.element.innerHTML = svg;
    const drawing = this.element.querySelector('svg');
    if (drawing === null) return;
    drawing.setAttribute('role', 'img');
    drawing.setAttribute('aria-label', 'Your computation graph, with data and grad on every node');
    this.fit(drawing);
    this.element.dataset.drawn = String(ticket);
  }

  /**
   * Shrinks the drawing to the panel's width and to MAX_HEIGHT, but not below MIN_ZOOM, where its
   * text would be unreadable: a bigger graph scrolls instead.
   */
  private fit(drawing: SVGSVGElement): void {
    const pt = 4 / 3; // CSS pixels per point
    const width = (Number.parseFloat(drawing.getAttribute('width') ?? '') || 1) * pt;
    const height = (Number.parseFloat(drawing.getAttribute('height') ?? '') || 1) * pt;
    const room = Math.min((this.element.clientWidth - 8) / width, MAX_HEIGHT / height);
    const zoom = Math.max(MIN_ZOOM, Math.min(1, room));
    drawing.setAttribute('width', `${width * zoom}px`);
    drawing.setAttribute('height', `${height * zoom}px`);
  }

  clear(): void {
    this.newest++;
    this.element.replaceChildren();
  }
}
