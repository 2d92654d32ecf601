import { niceNumber } from './nice-number.ts';

/** One line of a chart: train (solid) or test (dashed). */
interface Curve {
  /** The steps of this curve's values, when they are not the chart's own (a sparser test curve). */
  steps?: readonly number[];
  values: readonly number[];
  color: string;
  dashed: boolean;
}

const MARGIN = { left: 40, right: 8, top: 8, bottom: 20 };

/**
 * A line chart of a quantity over training steps (loss, or accuracy), redrawn as points arrive.
 * The y axis starts at 0 and ends at `yMax`, or at the largest value shown when it is not fixed.
 */
export class CurveView {
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly options: { yMax?: number; format: (y: number) => string },
  ) {
    new ResizeObserver(() => this.resize()).observe(canvas);
  }

  private steps: readonly number[] = [];
  private curves: readonly Curve[] = [];

  /** `steps[i]` is the step of each curve's value i, unless the curve has steps of its own. */
  show(steps: readonly number[], curves: readonly Curve[]): void {
    this.steps = steps;
    this.curves = curves;
    this.draw();
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const { width, height } = this.canvas.getBoundingClientRect();
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    this.draw();
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    const width = this.canvas.width / dpr;
    const height = this.canvas.height / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const w = width - MARGIN.left - MARGIN.right;
    const h = height - MARGIN.top - MARGIN.bottom;
    const { curves } = this;
    const stepsOf = (c: Curve) => c.steps ?? this.steps;
    const lastStep = Math.max(1, ...curves.map((c) => stepsOf(c)[stepsOf(c).length - 1] ?? 1));
    const finite = curves.flatMap((c) => c.values.filter(Number.isFinite));
    const yMax = this.options.yMax ?? (finite.length > 0 ? niceNumber(Math.max(...finite)) : 1);
    const px = (step: number) => MARGIN.left + (step / lastStep) * w;
    const py = (y: number) => MARGIN.top + h - (Math.min(y, yMax) / yMax) * h;

    ctx.font = '10.5px "DejaVu Sans", sans-serif';
    ctx.fillStyle = '#5d6675';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let k = 0; k <= 4; k++) {
      const y = (yMax * k) / 4;
      ctx.fillRect(MARGIN.left, Math.round(py(y)) + 0.5, w, 0.5);
      ctx.fillText(this.options.format(y), MARGIN.left - 5, py(y));
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(`step ${lastStep}`, MARGIN.left + w, MARGIN.top + h + 5);
    ctx.textAlign = 'left';
    ctx.fillText('0', MARGIN.left, MARGIN.top + h + 5);

    for (const curve of curves) {
      const steps = stepsOf(curve);
      ctx.strokeStyle = curve.color;
      ctx.lineWidth = 1.8;
      ctx.setLineDash(curve.dashed ? [5, 3] : []);
      ctx.beginPath();
      // about two points per pixel are enough; thousands more would only cost time. Points that
      // are not numbers (the test loss between two snapshots) are left out.
      const stride = Math.max(1, Math.floor(curve.values.length / (2 * w)));
      let started = false;
      const last = curve.values.length - 1;
      for (let i = 0; i <= last; i = i === last ? last + 1 : Math.min(last, i + stride)) {
        const y = curve.values[i] as number;
        if (!Number.isFinite(y)) continue;
        if (started) ctx.lineTo(px(steps[i] as number), py(y));
        else ctx.moveTo(px(steps[i] as number), py(y));
        started = true;
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
  }
}
