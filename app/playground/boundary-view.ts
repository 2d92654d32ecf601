import { classColor, valueColor, writeColor } from './colors.ts';
import type { Domain } from './grid.ts';
import { niceNumber } from './nice-number.ts';
import type { Point } from './state.ts';

const MARGIN = { left: 34, right: 8, top: 8, bottom: 24 };
/** Image pixels per grid cell along each axis. */
const UPSAMPLE = 5;

/**
 * The decision boundary: the model's score over the plane as a heatmap (blue where it predicts
 * class 0, red for class 1, white where it is undecided), with the data on top: training points
 * filled, test points ringed in black. Clicking (or Enter on the keyboard cursor) edits the data.
 */
export class BoundaryView {
  private domain: Domain = { xMin: -2, xMax: 2, yMin: -2, yMax: 2 };
  private train: readonly Point[] = [];
  private test: readonly Point[] = [];
  private showTest = true;
  private discretize = false;
  /** Regression: points are coloured by their target, on the heatmap's scale. */
  private regression = false;
  // The keyboard cursor, in data coordinates; drawn only while the canvas has focus.
  private cursor = { x: 0, y: 0 };
  // The heatmap, painted once per set of scores (its size is the grid's, not the canvas's), so
  // that redrawing for a cursor move or a resize only scales it.
  private readonly image = document.createElement('canvas');
  private hasScores = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onPick: (x: number, y: number) => void,
  ) {
    canvas.addEventListener('click', (event) => {
      const rect = canvas.getBoundingClientRect();
      const { x, y } = this.toData(event.clientX - rect.left, event.clientY - rect.top);
      if (this.inside(x, y)) onPick(x, y);
    });
    canvas.addEventListener('keydown', (event) => this.onKey(event));
    canvas.addEventListener('focus', () => this.draw());
    canvas.addEventListener('blur', () => this.draw());
    new ResizeObserver(() => this.resize()).observe(canvas.parentElement as HTMLElement);
  }

  setDomain(domain: Domain): void {
    this.domain = domain;
    this.cursor = { x: (domain.xMin + domain.xMax) / 2, y: (domain.yMin + domain.yMax) / 2 };
    this.draw();
  }

  setPoints(train: readonly Point[], test: readonly Point[]): void {
    this.train = train;
    this.test = test;
    this.draw();
  }

  /** Scores on the grid of `gridPoints(domain, resolution)`; undefined clears the heatmap. */
  setScores(scores: Float32Array | undefined, resolution: number): void {
    this.hasScores = scores !== undefined;
    if (scores !== undefined) this.paintScores(scores, resolution);
    this.draw();
  }

  /** Flat colours by the score's sign instead of a gradient (takes effect with the next scores). */
  setDiscretize(on: boolean): void {
    this.discretize = on;
  }

  setRegression(on: boolean): void {
    this.regression = on;
    this.draw();
  }

  setShowTest(show: boolean): void {
    this.showTest = show;
    this.draw();
  }

  private resize(): void {
    const box = (this.canvas.parentElement as HTMLElement).getBoundingClientRect();
    const size = Math.max(160, Math.floor(Math.min(box.width, box.height)));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.style.width = `${size}px`;
    this.canvas.style.height = `${size}px`;
    this.canvas.width = Math.round(size * dpr);
    this.canvas.height = Math.round(size * dpr);
    this.draw();
  }

  private get size(): number {
    return this.canvas.width / (window.devicePixelRatio || 1);
  }

  /** Pixel (in CSS pixels, from the canvas's top left) → data coordinates. */
  private toData(px: number, py: number) {
    const { xMin, xMax, yMin, yMax } = this.domain;
    const w = this.size - MARGIN.left - MARGIN.right;
    const h = this.size - MARGIN.top - MARGIN.bottom;
    return {
      x: xMin + ((px - MARGIN.left) / w) * (xMax - xMin),
      y: yMax - ((py - MARGIN.top) / h) * (yMax - yMin),
    };
  }

  private toPixel(x: number, y: number) {
    const { xMin, xMax, yMin, yMax } = this.domain;
    const w = this.size - MARGIN.left - MARGIN.right;
    const h = this.size - MARGIN.top - MARGIN.bottom;
    return {
      px: MARGIN.left + ((x - xMin) / (xMax - xMin)) * w,
      py: MARGIN.top + ((yMax - y) / (yMax - yMin)) * h,
    };
  }

  private inside(x: number, y: number): boolean {
    const { xMin, xMax, yMin, yMax } = this.domain;
    return x >= xMin && x <= xMax && y >= yMin && y <= yMax;
  }

  private onKey(event: KeyboardEvent): void {
    const { xMin, xMax, yMin, yMax } = this.domain;
    const dx = (xMax - xMin) / 40;
    const dy = (yMax - yMin) / 40;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-dx, 0],
      ArrowRight: [dx, 0],
      ArrowUp: [0, dy],
      ArrowDown: [0, -dy],
    };
    const move = moves[event.key];
    if (move) {
      this.cursor.x = Math.min(xMax, Math.max(xMin, this.cursor.x + move[0]));
      this.cursor.y = Math.min(yMax, Math.max(yMin, this.cursor.y + move[1]));
      this.draw();
    } else if (event.key === 'Enter' || event.key === ' ') {
      this.onPick(this.cursor.x, this.cursor.y);
    } else {
      return;
    }
    event.preventDefault();
  }

  draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const size = this.size;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size, size);
    const w = size - MARGIN.left - MARGIN.right;
    const h = size - MARGIN.top - MARGIN.bottom;

    ctx.fillStyle = '#fff';
    ctx.fillRect(MARGIN.left, MARGIN.top, w, h);
    if (this.hasScores) {
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.image, MARGIN.left, MARGIN.top, w, h);
    }
    this.drawAxes(ctx, w, h);
    for (const p of this.train) this.drawPoint(ctx, p, false);
    if (this.showTest) for (const p of this.test) this.drawPoint(ctx, p, true);
    if (document.activeElement === this.canvas) this.drawCursor(ctx);
  }

  /**
   * Paints the scores into an image `UPSAMPLE` times finer than the grid, interpolating the
   * scores (not the colours) between grid points: interpolated colours would mix blue and red
   * into grey, and the white line where the score is 0 would break into dots.
   */
  private paintScores(scores: Float32Array, resolution: number): void {
    const n = resolution * UPSAMPLE;
    this.image.width = n;
    this.image.height = n;
    const ctx = this.image.getContext('2d') as CanvasRenderingContext2D;
    const data = ctx.createImageData(n, n);
    const at = (i: number, j: number) =>
      scores[
        Math.min(resolution - 1, Math.max(0, i)) * resolution +
          Math.min(resolution - 1, Math.max(0, j))
      ] as number;
    for (let py = 0; py < n; py++) {
      // pixel centre in grid coordinates, where grid point k sits at k (cell centres)
      const gy = (py + 0.5) / UPSAMPLE - 0.5;
      const i = Math.floor(gy);
      const fy = gy - i;
      for (let px = 0; px < n; px++) {
        const gx = (px + 0.5) / UPSAMPLE - 0.5;
        const j = Math.floor(gx);
        const fx = gx - j;
        const top = at(i, j) * (1 - fx) + at(i, j + 1) * fx;
        const bottom = at(i + 1, j) * (1 - fx) + at(i + 1, j + 1) * fx;
        const score = top * (1 - fy) + bottom * fy;
        const t = this.discretize ? (score > 0 ? 1 : -1) : Math.tanh(score);
        writeColor(data.data, 4 * (py * n + px), t, 0.6);
      }
    }
    ctx.putImageData(data, 0, 0);
  }

  private drawAxes(ctx: CanvasRenderingContext2D, w: number, h: number): void {
    const { xMin, xMax, yMin, yMax } = this.domain;
    ctx.strokeStyle = '#8a93a3';
    ctx.lineWidth = 1;
    ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, w - 1, h - 1);
    ctx.fillStyle = '#5d6675';
    ctx.font = '11px "DejaVu Sans", sans-serif';
    const step = niceNumber((xMax - xMin) / 6); // about six ticks
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let x = Math.ceil(xMin / step) * step; x <= xMax; x += step) {
      const { px } = this.toPixel(x, yMin);
      ctx.fillRect(px, MARGIN.top + h, 1, 4);
      ctx.fillText(formatTick(x), px, MARGIN.top + h + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let y = Math.ceil(yMin / step) * step; y <= yMax; y += step) {
      const { py } = this.toPixel(xMin, y);
      ctx.fillRect(MARGIN.left - 4, py, 4, 1);
      ctx.fillText(formatTick(y), MARGIN.left - 6, py);
    }
  }

  private drawPoint(ctx: CanvasRenderingContext2D, p: Point, test: boolean): void {
    const { px, py } = this.toPixel(p.x, p.y);
    ctx.beginPath();
    ctx.arc(px, py, 4.5, 0, 2 * Math.PI);
    ctx.fillStyle = this.regression ? valueColor(p.label) : classColor(p.label);
    ctx.fill();
    ctx.lineWidth = test ? 2 : 1.2;
    ctx.strokeStyle = test ? '#111' : '#fff';
    ctx.stroke();
  }

  private drawCursor(ctx: CanvasRenderingContext2D): void {
    const { px, py } = this.toPixel(this.cursor.x, this.cursor.y);
    ctx.strokeStyle = '#1f2430';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px - 9, py);
    ctx.lineTo(px + 9, py);
    ctx.moveTo(px, py - 9);
    ctx.lineTo(px, py + 9);
    ctx.stroke();
  }
}

function formatTick(x: number): string {
  return String(Math.round(x * 100) / 100).replace('-', '−');
}
