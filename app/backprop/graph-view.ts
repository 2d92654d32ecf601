import { escapeHtml } from '../html.ts';
import { GraphLayout } from './layout.ts';

// At "fit", a graph shrinks to the panel but never so far that its nodes' text (data, grad, op)
// drops below MIN_TEXT_PX: past that it pans instead, keeping the current node in view. A small
// graph grows at most to MAX_FIT. The − and + buttons go further either way.
const MIN_TEXT_PX = 11;
const MAX_FIT = 1.25;
const ZOOM_STEP = 1.25;
const ZOOM_RANGE = [0.1, 4] as const;
const PX_PER_PT = 4 / 3; // Graphviz sizes its drawing in points

/**
 * The computation graph, drawn by Graphviz (in a worker) from `toDot` text, in a panel that pans
 * (drag, scroll bars, arrow keys once focused) and zooms (− + Fit, or the - + 0 keys). When
 * requests overlap (a slider being dragged) only the newest one reaches the page; while one is
 * being laid out the panel says so, and the page stays responsive.
 */
export class GraphView {
  private readonly layout = new GraphLayout();
  private readonly panel: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly status: HTMLElement;
  private newest = 0;
  private focus = '';
  private zoom = 1;
  /** True until the learner zooms by hand: the zoom then follows the panel's size. */
  private fitting = true;

  constructor(panel: HTMLElement) {
    this.panel = panel;
    this.scroller = panel.querySelector('.graph') as HTMLElement;
    this.status = panel.querySelector('.graph-status') as HTMLElement;
    for (const button of panel.querySelectorAll<HTMLButtonElement>('[data-zoom]')) {
      button.addEventListener('click', () => this.zoomBy(button.dataset.zoom as string));
    }
    this.scroller.addEventListener('keydown', (event) => {
      const action = { '+': 'in', '=': 'in', '-': 'out', '0': 'fit' }[event.key];
      if (action === undefined || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      this.zoomBy(action);
    });
    dragToPan(this.scroller);
    new ResizeObserver(() => this.fitting && this.fit()).observe(this.scroller);
  }

  /** Draws DOT text and scrolls the node with id `focus` (`n3`) into view. */
  async draw(dot: string, focus: string): Promise<void> {
    const ticket = ++this.newest;
    this.setStatus('Laying out the graph…', 'busy');
    if (this.scroller.querySelector('svg') === null) {
      this.scroller.innerHTML = '<p class="graph-empty">Graphviz is laying out the graph…</p>';
    }
    let svg: string | undefined;
    try {
      svg = await this.layout.layout(dot);
    } catch (e) {
      if (ticket === this.newest)
        this.setStatus(e instanceof Error ? e.message : String(e), 'error');
      return;
    }
    if (svg === undefined || ticket !== this.newest) return;
    this.scroller.innerHTML = svg;
    this.focus = focus;
    const drawing = this.scroller.querySelector('svg');
    if (drawing === null) return;
    drawing.setAttribute('role', 'img');
    drawing.setAttribute('aria-label', 'Computation graph with data and grad on every node');
    // remember Graphviz's size before the zoom overrides it
    drawing.dataset.width = String(Number.parseFloat(drawing.getAttribute('width') ?? '') || 1);
    drawing.dataset.height = String(Number.parseFloat(drawing.getAttribute('height') ?? '') || 1);
    this.claimRoom(drawing);
    if (this.fitting) this.fit();
    else this.apply();
    this.setStatus('', 'idle');
    this.showZoom(true);
    this.scroller.dataset.drawn = String(ticket);
  }

  /** No graph: says why, and what to do. */
  clear(message: string): void {
    ++this.newest;
    this.scroller.innerHTML = `<p class="graph-empty">${escapeHtml(message)}</p>`;
    this.setStatus('', 'idle');
    this.showZoom(false);
  }

  /** Greys the drawing out while the expression above it does not parse. */
  markStale(stale: boolean): void {
    this.scroller.classList.toggle('is-stale', stale);
  }

  /** The smallest zoom at which the nodes' text is MIN_TEXT_PX high (edge labels are smaller). */
  private readableZoom(drawing: SVGSVGElement): number {
    if (drawing.dataset.readable === undefined) {
      let smallest = 14;
      for (const text of drawing.querySelectorAll('g.node text')) {
        smallest = Math.min(
          smallest,
          Number.parseFloat(text.getAttribute('font-size') ?? '') || 14,
        );
      }
      drawing.dataset.readable = String(MIN_TEXT_PX / (smallest * PX_PER_PT));
    }
    return Number(drawing.dataset.readable);
  }

  /** A big graph asks for up to 70% of the window's height, pushing the tables below down. */
  private claimRoom(drawing: SVGSVGElement): void {
    const needed = Number(drawing.dataset.height) * PX_PER_PT * this.readableZoom(drawing) + 24;
    this.panel.style.minHeight = `${Math.round(Math.min(needed + 32, 0.7 * innerHeight))}px`;
  }

  private zoomBy(action: string): void {
    const drawing = this.scroller.querySelector('svg');
    if (drawing === null) return;
    if (action === 'fit') {
      this.fitting = true;
      this.fit();
      return;
    }
    this.fitting = false;
    const factor = action === 'in' ? ZOOM_STEP : 1 / ZOOM_STEP;
    this.zoom = Math.max(ZOOM_RANGE[0], Math.min(ZOOM_RANGE[1], this.zoom * factor));
    // keep the point at the centre of the panel where it was
    const s = this.scroller;
    const cx = (s.scrollLeft + s.clientWidth / 2) / Math.max(1, s.scrollWidth);
    const cy = (s.scrollTop + s.clientHeight / 2) / Math.max(1, s.scrollHeight);
    this.apply();
    s.scrollLeft = cx * s.scrollWidth - s.clientWidth / 2;
    s.scrollTop = cy * s.scrollHeight - s.clientHeight / 2;
  }

  private fit(): void {
    const drawing = this.scroller.querySelector('svg');
    if (drawing === null) return;
    const width = Number(drawing.dataset.width) * PX_PER_PT;
    const height = Number(drawing.dataset.height) * PX_PER_PT;
    const room = Math.min(
      (this.scroller.clientWidth - 24) / width,
      (this.scroller.clientHeight - 24) / height,
    );
    this.zoom = Math.max(this.readableZoom(drawing), Math.min(MAX_FIT, room));
    this.apply();
    if (this.zoom > room) this.scrollToFocus();
  }

  private apply(): void {
    const drawing = this.scroller.querySelector('svg');
    if (drawing === null) return;
    const width = Number(drawing.dataset.width) * PX_PER_PT * this.zoom;
    const height = Number(drawing.dataset.height) * PX_PER_PT * this.zoom;
    drawing.setAttribute('width', `${width}px`);
    drawing.setAttribute('height', `${height}px`);
    this.scroller.dataset.zoom = this.zoom.toFixed(3);
  }

  private scrollToFocus(): void {
    const node = this.scroller.querySelector(`g#${this.focus}`);
    if (node === null) return;
    const box = this.scroller.getBoundingClientRect();
    const r = node.getBoundingClientRect();
    this.scroller.scrollBy({
      left: r.left + r.width / 2 - (box.left + box.width / 2),
      top: r.top + r.height / 2 - (box.top + box.height / 2),
    });
  }

  /** The − + Fit buttons, only while there is a drawing to zoom. */
  private showZoom(shown: boolean): void {
    for (const button of this.panel.querySelectorAll<HTMLButtonElement>('[data-zoom]')) {
      button.hidden = !shown;
    }
  }

  private setStatus(text: string, state: 'busy' | 'error' | 'idle'): void {
    this.status.textContent = text;
    this.status.dataset.state = state;
    this.scroller.setAttribute('aria-busy', String(state === 'busy'));
  }
}

/** Dragging the drawing with the mouse scrolls it, as a finger already does. */
function dragToPan(element: HTMLElement): void {
  let last: { x: number; y: number } | undefined;
  element.addEventListener('pointerdown', (event) => {
    if (event.pointerType !== 'mouse' || event.button !== 0) return; // touch scrolls natively
    last = { x: event.clientX, y: event.clientY };
    element.setPointerCapture(event.pointerId);
    element.classList.add('is-panning');
  });
  element.addEventListener('pointermove', (event) => {
    if (last === undefined) return;
    element.scrollBy(last.x - event.clientX, last.y - event.clientY);
    last = { x: event.clientX, y: event.clientY };
  });
  const stop = () => {
    last = undefined;
    element.classList.remove('is-panning');
  };
  element.addEventListener('pointerup', stop);
  element.addEventListener('pointercancel', stop);
}
