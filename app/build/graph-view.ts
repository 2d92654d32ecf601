// The learner's graph, drawn as lesson 1 draws its graphs: toDot from the library, rendered by
// Graphviz (backprop-viz, loaded on first use). The learner's nodes arrive flattened from the
// worker; they are turned back into Value-shaped objects for toDot.
import { toDot, Value } from 'backprop';
import type { GraphNode } from './protocol.ts';

const viz = () => import('backprop-viz');
const MIN_ZOOM = 0.55;
const MAX_HEIGHT = 440;

/** The learner's nodes as library Values with the learner's numbers, labels and ops. */
function rebuild(nodes: readonly GraphNode[]): Value {
  const values: Value[] = [];
  for (const n of nodes) {
    const [a, b] = n.children.map((i) => values[i] as Value);
    const v = new Value(
      Number.isFinite(n.data) ? n.data : Number.NaN,
      n.label,
      n.op || (a ? '?' : ''),
      a,
      b,
    );
    v.grad = n.grad;
    values.push(v);
  }
  return values[values.length - 1] as Value;
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
    const dot = toDot(rebuild(nodes), { grads: grads ? 'show' : 'hide', rankdir: 'TB' });
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
