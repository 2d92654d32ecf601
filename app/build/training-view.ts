// The training steps' pictures: a live loss chart (the learner's losses, and the lecture's for
// comparison) and, for the bonus, the decision boundary. Both views are the playground's.
import { BoundaryView } from '../playground/boundary-view.ts';
import { CurveView } from '../playground/curve-view.ts';
import { domainOf } from '../playground/grid.ts';
import type { Point } from '../playground/state.ts';
import type { Boundary } from './protocol.ts';

export class TrainingView {
  private readonly curve: CurveView;
  private readonly boundary: BoundaryView;
  private losses: number[] = [];
  private reference: readonly number[] = [];

  constructor(
    lossCanvas: HTMLCanvasElement,
    private readonly boundaryCanvas: HTMLCanvasElement,
    private readonly legend: HTMLElement,
  ) {
    this.curve = new CurveView(lossCanvas, { format: (y) => y.toFixed(y < 1 ? 2 : 1) });
    this.boundary = new BoundaryView(boundaryCanvas, () => {});
  }

  /** A new run: no losses yet; `reference` is drawn dashed beside them (the lecture's). */
  start(reference: readonly number[]): void {
    this.losses = [];
    this.reference = reference;
    this.legend.hidden = reference.length === 0;
    this.draw();
  }

  addLoss(loss: number): void {
    this.losses.push(loss);
    this.draw();
  }

  showPoints(points: readonly Point[]): void {
    this.boundary.setDomain(domainOf(points));
    this.boundary.setPoints(points, []);
  }

  /** Draws a boundary (undefined clears it); counts the pictures drawn in data-frames. */
  showBoundary(boundary: Boundary | undefined): void {
    const box = this.boundaryCanvas.parentElement as HTMLElement;
    box.dataset.frames = boundary === undefined ? '0' : String(Number(box.dataset.frames ?? 0) + 1);
    this.boundary.setScores(
      boundary && Float32Array.from(boundary.scores),
      boundary?.resolution ?? 0,
    );
  }

  private draw(): void {
    const n = Math.max(this.losses.length, this.reference.length);
    const steps = Array.from({ length: n }, (_, k) => k);
    const curves: { values: readonly number[]; color: string; dashed: boolean }[] = [
      { values: this.losses, color: '#2f62c9', dashed: false },
    ];
    if (this.reference.length > 0)
      curves.push({ values: this.reference, color: '#8a93a3', dashed: true });
    this.curve.show(steps, curves);
  }
}
