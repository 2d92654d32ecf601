// Graphviz (1.3 MB of WebAssembly) is loaded on first use, in its own chunk, so the page and the
// playground do not wait for it. (The backprop/viz barrel also brings Observable Plot into that
// chunk, ~90 kB gzipped that this page does not use.)
const graphviz = () => import('backprop-viz');

// A large graph shrinks to fit, but never below MIN_ZOOM, where its text would be unreadable: it
// scrolls instead, keeping the current node in view. A small graph grows at most to MAX_ZOOM.
const MIN_ZOOM = 0.6;
const MAX_ZOOM = 1.25;

/**
 * The computation graph, drawn by Graphviz from `toDot` text. Drawing is asynchronous; when
 * requests overlap (a slider being dragged) only the newest one reaches the page.
 */
export class GraphView {
  private newest = 0;
  private focus = '';

  constructor(private readonly element: HTMLElement) {
    new ResizeObserver(() => this.fit()).observe(element);
  }

  /** Draws DOT text and scrolls the node with id `focus` (`n3`) into view. */
  async draw(dot: string, focus: string): Promise<void> {
    const ticket = ++this.newest;
    const { renderGraphSvg } = await graphviz();
    const svg = await renderGraphSvg(dot);
    if (ticket !== this.newest) return;
    this.element.innerHTML = svg;
    this.focus = focus;
    const drawing = this.element.querySelector('svg');
    if (drawing === null) return;
    drawing.setAttribute('role', 'img');
    drawing.setAttribute('aria-label', 'Computation graph with data and grad on every node');
    // Graphviz sizes the drawing in points; remember that size before fit() overrides it
    drawing.dataset.width = String(Number.parseFloat(drawing.getAttribute('width') ?? '') || 1);
    drawing.dataset.height = String(Number.parseFloat(drawing.getAttribute('height') ?? '') || 1);
    this.fit();
    this.element.dataset.drawn = String(ticket);
  }

  /** Greys the drawing out while the expression above it does not parse. */
  markStale(stale: boolean): void {
    this.element.classList.toggle('is-stale', stale);
  }

  private fit(): void {
    const drawing = this.element.querySelector('svg');
    if (drawing === null) return;
    const pt = 4 / 3; // CSS pixels per point
    const width = Number(drawing.dataset.width) * pt;
    const height = Number(drawing.dataset.height) * pt;
    const box = this.element.getBoundingClientRect();
    const room = Math.min((box.width - 24) / width, (box.height - 24) / height);
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, room));
    drawing.setAttribute('width', `${width * zoom}px`);
    drawing.setAttribute('height', `${height * zoom}px`);
    const node = drawing.querySelector(`g#${this.focus}`);
    if (node !== null && zoom > room) {
      const r = node.getBoundingClientRect();
      this.element.scrollBy({
        left: r.left + r.width / 2 - (box.left + box.width / 2),
        top: r.top + r.height / 2 - (box.top + box.height / 2),
        behavior: 'smooth',
      });
    }
  }
}
