import { renderGraphSvg } from '../../src/viz/graph-svg.ts';

const MAX_ZOOM = 1.25;

/**
 * The computation graph, drawn by Graphviz from `toDot` text. Drawing is asynchronous; when
 * requests overlap (a slider being dragged) only the newest one reaches the page.
 */
export class GraphView {
  private newest = 0;

  constructor(private readonly element: HTMLElement) {}

  async draw(dot: string): Promise<void> {
    const ticket = ++this.newest;
    const svg = await renderGraphSvg(dot);
    if (ticket !== this.newest) return;
    this.element.innerHTML = svg;
    const drawing = this.element.querySelector('svg');
    if (drawing === null) return;
    drawing.setAttribute('role', 'img');
    drawing.setAttribute('aria-label', 'Computation graph with data and grad on every node');
    // Shrink a large graph to fit, but enlarge a small one only a little: its text would be huge.
    const points = (name: string) => Number.parseFloat(drawing.getAttribute(name) ?? '') || 0;
    drawing.style.maxWidth = `${points('width') * MAX_ZOOM}pt`;
    drawing.style.maxHeight = `${points('height') * MAX_ZOOM}pt`;
    this.element.dataset.drawn = String(ticket);
  }

  /** Greys the drawing out while the expression above it does not parse. */
  markStale(stale: boolean): void {
    this.element.classList.toggle('is-stale', stale);
  }
}
