// The network drawn as TensorFlow Playground draws it: the inputs, then each neuron as a small live
// heatmap of what it computes, then the output, joined by one line per weight. A line's width
// follows |w| and its colour the sign of w; with "show gradients", the width follows |∂loss/∂w| and
// each neuron gets a ring for ∂loss/∂(its output).
import { writeColor } from './colors.ts';
import type { NetworkNumbers } from './protocol.ts';

const SVG = 'http://www.w3.org/2000/svg';
/** Past this many links, the lines are straight and drawn without smoothing. */
const DENSE_LINKS = 600;
/** A dense diagram's lines are redrawn at most this often (ms), its maps at every snapshot. */
const DENSE_REDRAW_MS = 600;
// the class colours of colors.ts: positive like class 1, negative like class 0
const POSITIVE = '#e45756';
const NEGATIVE = '#4c78a8';

/** What the page hears from the diagram. */
export interface NetworkEvents {
  /** The pointer is over neuron k of layer l (l = −1: input k), or over none (undefined). */
  hover(neuron: { layer: number; index: number } | undefined): void;
  /** A neuron was clicked: it becomes the one a large network's point graph shows. */
  select(neuron: { layer: number; index: number }): void;
  /** A link was clicked: weight `input` of neuron `index` in layer `layer`, parameter `param`. */
  pickLink(link: LinkRef): void;
  /** A layer's − or + button: one neuron fewer or more in hidden layer `layer`. */
  resizeLayer(layer: number, delta: number): void;
}

/** One weight, by where it sits and by its index in `model.parameters()`. */
export interface LinkRef {
  layer: number;
  index: number;
  input: number;
  param: number;
}

interface Layout {
  size: number;
  x: number[];
  y: (column: number, k: number) => number;
}

export class NetworkView {
  /** One drawing per gap between two columns, so that a change repaints only its own gap. */
  private svgs: SVGSVGElement[] = [];
  private readonly gaps: HTMLElement;
  /** Where each gap's links start in `links` and `refs`, and one past the last gap's. */
  private gapStart: number[] = [0];
  /** Gaps whose links still wait for their new widths (dense networks: one gap per frame). */
  private pendingGaps: number[] = [];
  private lastDenseDraw = 0;
  private readonly nodes: HTMLElement;
  private links: SVGPathElement[] = [];
  /** Each link's width (signed by the colour) as last set, so that unchanged links are not touched. */
  private drawn = new Float32Array(0);
  private refs: LinkRef[] = [];
  private canvases: HTMLCanvasElement[][] = [];
  private shape = '';
  private numbers: NetworkNumbers | undefined;
  /** The last maps shown, input features first, to repaint after a new layout. */
  private maps: { columns: readonly (readonly Float32Array[])[]; resolution: number } | undefined;
  private showGradients = false;
  private selected: { layer: number; index: number } | undefined;

  constructor(
    private readonly element: HTMLElement,
    private readonly inputLabels: () => readonly string[],
    private readonly events: NetworkEvents,
  ) {
    element.dataset.testid = 'network';
    this.gaps = document.createElement('div');
    this.gaps.className = 'pg-gaps';
    this.gaps.setAttribute('aria-hidden', 'true');
    this.nodes = document.createElement('div');
    this.nodes.className = 'pg-nodes';
    element.append(this.gaps, this.nodes);
    this.gaps.addEventListener('click', (event) => {
      const path = (event.target as Element).closest('path');
      const ref = path ? this.refs[this.links.indexOf(path)] : undefined;
      if (ref) this.events.pickLink(ref);
    });
    new ResizeObserver(() => this.build()).observe(element);
  }

  /** Weights (or gradients) and the maps of every neuron; `inputs` are the input features' maps. */
  show(
    numbers: NetworkNumbers,
    maps: readonly (readonly Float32Array[])[],
    inputs: readonly Float32Array[],
    resolution: number,
  ): void {
    this.numbers = numbers;
    const shape = numbers.shape.map((s) => `${s.nin}x${s.nout}`).join(',');
    if (shape !== this.shape) {
      this.shape = shape;
      this.build();
    }
    this.maps = { columns: [inputs, ...maps], resolution };
    this.paintMaps();
    this.drawLinks();
  }

  private paintMaps(): void {
    this.maps?.columns.forEach((column, c) => {
      column.forEach((map, k) => {
        const canvas = this.canvases[c]?.[k];
        if (canvas) paint(canvas, map, this.maps?.resolution ?? 0);
      });
    });
  }

  setShowGradients(on: boolean): void {
    this.showGradients = on;
    this.element.classList.toggle('pg-gradients', on);
    this.drawLinks();
  }

  /** Highlights the links into layer `layer` (and dims the rest), or none. For the Step animation. */
  highlight(layer: number | undefined): void {
    this.element.classList.toggle('pg-sweeping', layer !== undefined);
    this.refs.forEach((ref, i) => {
      this.links[i]?.classList.toggle('lit', ref.layer === layer);
    });
    this.canvases.forEach((column, c) => {
      for (const canvas of column) canvas.classList.toggle('lit', c - 1 === layer);
    });
  }

  select(neuron: { layer: number; index: number } | undefined): void {
    this.selected = neuron;
    this.canvases.forEach((column, c) => {
      column.forEach((canvas, k) => {
        canvas.classList.toggle('selected', neuron?.layer === c - 1 && neuron.index === k);
      });
    });
  }

  /** Lays out columns and rows for the element's current size, and makes one path per weight. */
  private build(): void {
    const numbers = this.numbers;
    // a hidden lesson has no size: lay out when it shows again (the ResizeObserver calls back)
    if (numbers === undefined || this.element.clientWidth === 0) return;
    const layout = this.layout(numbers);
    const height = this.element.clientHeight;
    const labels = this.inputLabels();
    const columns = [numbers.shape[0]?.nin ?? 0, ...numbers.shape.map((s) => s.nout)];
    this.canvases = columns.map((n, c) =>
      Array.from({ length: n }, (_, k) => this.node(layout, c, k, columns.length, labels[k])),
    );
    this.nodes.replaceChildren(
      ...this.canvases.flat().map((canvas) => canvas.parentElement as HTMLElement),
      ...columns.slice(1, -1).map((n, l) => this.layerHead(layout, l, n)),
    );
    const paths: SVGPathElement[] = [];
    const refs: LinkRef[] = [];
    const dense = numbers.shape.reduce((n, { nin, nout }) => n + nin * nout, 0) > DENSE_LINKS;
    let param = 0;
    const half = layout.size / 2;
    this.gapStart = [0];
    this.svgs = numbers.shape.map(({ nin, nout }, l) => {
      const left = (layout.x[l] as number) + half;
      const svg = document.createElementNS(SVG, 'svg');
      const gapWidth = Math.max(0, (layout.x[l + 1] as number) - half - left);
      svg.setAttribute('width', String(gapWidth));
      svg.setAttribute('height', String(height));
      svg.style.left = `${left}px`;
      for (let j = 0; j < nout; j++) {
        for (let i = 0; i < nin; i++) {
          const x0 = 0;
          const y0 = layout.y(l, i);
          const x1 = gapWidth;
          const y1 = layout.y(l + 1, j);
          const mid = (x0 + x1) / 2;
          const path = document.createElementNS(SVG, 'path');
          // a dense network's lines are straight: thousands of curves cost too much to paint
          const d = dense
            ? `M${x0},${y0}L${x1},${y1}`
            : `M${x0},${y0}C${mid},${y0} ${mid},${y1} ${x1},${y1}`;
          path.setAttribute('d', d);
          path.dataset.testid = 'link';
          paths.push(path);
          svg.append(path);
          refs.push({ layer: l, index: j, input: i, param: param + i });
        }
        param += nin + 1; // the neuron's weights, then its bias
      }
      this.gapStart.push(paths.length);
      return svg;
    });
    this.links = paths;
    this.refs = refs;
    this.gaps.replaceChildren(...this.svgs);
    this.element.classList.toggle('pg-dense', dense);
    this.drawn = new Float32Array(paths.length).fill(Number.NaN);
    this.select(this.selected);
    this.paintMaps();
    this.drawLinks();
  }

  private layout(numbers: NetworkNumbers): Layout {
    const columns = [numbers.shape[0]?.nin ?? 0, ...numbers.shape.map((s) => s.nout)];
    const most = Math.max(...columns);
    const width = this.element.clientWidth;
    const height = this.element.clientHeight;
    const top = 32; // room for the layers' − n + buttons
    const size = Math.max(
      9,
      Math.min(40, (height - top - 8) / (most * 1.25), width / (columns.length * 2.2)),
    );
    const left = size / 2 + 34;
    const right = width - size / 2 - 6;
    const x = columns.map((_, c) => left + ((right - left) * c) / Math.max(1, columns.length - 1));
    const gap = Math.min(size * 1.6, (height - top - size) / Math.max(1, most - 1));
    const y = (c: number, k: number) => {
      const n = columns[c] as number;
      const block = (n - 1) * gap;
      return top + size / 2 + (height - top - size - block) / 2 + k * gap;
    };
    return { size, x, y };
  }

  /** The − n + buttons above hidden layer `l`. */
  private layerHead(layout: Layout, l: number, n: number): HTMLElement {
    const head = document.createElement('div');
    head.className = 'pg-layer-head';
    head.style.left = `${layout.x[l + 1] as number}px`;
    const button = (text: string, label: string, delta: number) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.addEventListener('click', () => this.events.resizeLayer(l, delta));
      return b;
    };
    const count = document.createElement('span');
    count.textContent = String(n);
    head.append(
      button('−', `One neuron fewer in hidden layer ${l + 1}`, -1),
      count,
      button('+', `One neuron more in hidden layer ${l + 1}`, 1),
    );
    return head;
  }

  /** A neuron's box: its heatmap, and events for hover and selection. */
  private node(
    layout: Layout,
    c: number,
    k: number,
    columns: number,
    label: string | undefined,
  ): HTMLCanvasElement {
    const box = document.createElement('div');
    box.className = c === 0 ? 'pg-node input' : c === columns - 1 ? 'pg-node output' : 'pg-node';
    const { size } = layout;
    box.style.left = `${(layout.x[c] as number) - size / 2}px`;
    box.style.top = `${layout.y(c, k) - size / 2}px`;
    box.style.width = `${size}px`;
    box.style.height = `${size}px`;
    const canvas = document.createElement('canvas');
    canvas.dataset.testid = 'neuron';
    box.append(canvas);
    if (c === 0 && label !== undefined) {
      const text = document.createElement('span');
      text.className = 'pg-input-label';
      text.textContent = label;
      box.append(text);
    }
    const neuron = { layer: c - 1, index: k };
    box.addEventListener('pointerenter', () => this.events.hover(neuron));
    box.addEventListener('pointerleave', () => this.events.hover(undefined));
    if (c > 0) box.addEventListener('click', () => this.events.select(neuron));
    const name =
      c === 0
        ? `input ${label ?? k + 1}`
        : c === columns - 1
          ? `output ${k + 1}`
          : `layer ${c}, neuron ${k + 1}`;
    box.title = name;
    box.dataset.name = name;
    return canvas;
  }

  /**
   * Sets every link's width and colour from the weights, or from the gradients. A dense network
   * gets one gap per animation frame: each gap is its own drawing, so a frame repaints only one.
   */
  private drawLinks(): void {
    const numbers = this.numbers;
    if (numbers === undefined) return;
    const gaps = numbers.shape.map((_, l) => l);
    if (!this.element.classList.contains('pg-dense')) {
      for (const l of gaps) this.drawGap(l);
    } else {
      // thousands of lines: at most every DENSE_REDRAW_MS, one gap per frame
      const idle = this.pendingGaps.length === 0;
      this.pendingGaps = gaps;
      const wait = Math.max(0, this.lastDenseDraw + DENSE_REDRAW_MS - performance.now());
      if (idle) setTimeout(() => requestAnimationFrame(() => this.drawPendingGap()), wait);
    }
    this.drawOutputGrads(numbers);
  }

  private drawPendingGap(): void {
    this.lastDenseDraw = performance.now();
    const l = this.pendingGaps.shift();
    if (l !== undefined) this.drawGap(l);
    if (this.pendingGaps.length > 0) requestAnimationFrame(() => this.drawPendingGap());
  }

  /** The links into layer `l`. */
  private drawGap(l: number): void {
    const numbers = this.numbers;
    if (numbers === undefined) return;
    const values = this.showGradients ? numbers.grads : numbers.params;
    // px per unit of |w|, thinner where many lines cross
    const most = Math.max(...numbers.shape.map((s) => s.nout));
    const thin = Math.min(1, 10 / most);
    let scale = 2.2 * thin;
    if (this.showGradients) {
      let largest = 1e-12;
      for (const ref of this.refs)
        largest = Math.max(largest, Math.abs(values[ref.param] as number));
      scale = (5 * thin) / largest;
    }
    const steps = this.element.classList.contains('pg-dense') ? 5 : 20;
    const end = this.gapStart[l + 1] ?? 0;
    for (let i = this.gapStart[l] ?? 0; i < end; i++) {
      const v = values[(this.refs[i] as LinkRef).param] as number;
      // widths in steps of 0.05 px (0.2 px when dense): finer changes are invisible, and each
      // change costs a repaint
      const width = Math.round(Math.min(7, 0.35 + Math.abs(v) * scale) * steps) / steps;
      const signed = v >= 0 ? width : -width;
      if (this.drawn[i] === signed) continue;
      this.drawn[i] = signed;
      const path = this.links[i] as SVGPathElement;
      path.setAttribute('stroke-width', width.toFixed(2));
      path.setAttribute('stroke', v >= 0 ? POSITIVE : NEGATIVE);
    }
  }

  /** In gradient view, a ring on each neuron: its width ∝ |∂loss/∂output|, its colour the sign. */
  private drawOutputGrads(numbers: NetworkNumbers): void {
    let largest = 1e-12;
    for (const g of numbers.outputGrads) largest = Math.max(largest, Math.abs(g));
    let n = 0;
    this.canvases.slice(1).forEach((column) => {
      for (const canvas of column) {
        const g = numbers.outputGrads[n++] ?? 0;
        const box = canvas.parentElement as HTMLElement;
        box.dataset.grad = String(g);
        // with weights shown, the rings are off: nothing to restyle at each snapshot
        if (!this.showGradients && box.style.getPropertyValue('--ring') === '0px') continue;
        const ring = this.showGradients
          ? `${(1 + (4 * Math.abs(g)) / largest).toFixed(1)}px`
          : '0px';
        box.style.setProperty('--ring', ring);
        box.style.setProperty('--ring-color', g >= 0 ? POSITIVE : NEGATIVE);
        const name = box.dataset.name ?? '';
        box.title = this.showGradients ? `${name}: ∂loss/∂output = ${g.toPrecision(3)}` : name;
      }
    });
  }
}

/** A map scaled by its largest magnitude: red positive, blue negative, white 0. */
function paint(canvas: HTMLCanvasElement, map: Float32Array, resolution: number): void {
  if (canvas.width !== resolution) {
    canvas.width = resolution;
    canvas.height = resolution;
  }
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const image = ctx.createImageData(resolution, resolution);
  let largest = 1e-12;
  for (const v of map) largest = Math.max(largest, Math.abs(v));
  for (let i = 0; i < map.length; i++)
    writeColor(image.data, 4 * i, (map[i] as number) / largest, 0.9);
  ctx.putImageData(image, 0, 0);
}
