// Lays out DOT text in a Web Worker (layout-worker.ts). Requests that arrive while a layout runs
// are coalesced: only the newest waits, the ones it replaces resolve to undefined, so dragging a
// slider over a big graph never queues a backlog of layouts.

export interface LayoutRequest {
  id: number;
  dot: string;
}

export type LayoutReply = { id: number; svg: string } | { id: number; error: string };

interface Waiting {
  dot: string;
  resolve: (svg: string | undefined) => void;
  reject: (error: Error) => void;
}

export class GraphLayout {
  private worker: Worker | undefined;
  private running: (Waiting & { id: number }) | undefined;
  private waiting: Waiting | undefined;
  private ids = 0;

  /** The SVG for `dot`, or undefined if a newer request replaced this one before it started. */
  layout(dot: string): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(undefined);
      this.waiting = { dot, resolve, reject };
      if (this.running === undefined) this.next();
    });
  }

  private next(): void {
    const job = this.waiting;
    this.waiting = undefined;
    if (job === undefined) return;
    this.running = { ...job, id: ++this.ids };
    this.start().postMessage({ id: this.ids, dot: job.dot } satisfies LayoutRequest);
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<LayoutReply>) => {
      const job = this.running;
      if (job === undefined || event.data.id !== job.id) return;
      this.running = undefined;
      if ('svg' in event.data) job.resolve(event.data.svg);
      else job.reject(new Error(event.data.error));
      this.next();
    });
    worker.addEventListener('error', (event) => {
      // the worker could not start (or crashed): fail this job, start afresh with the next one
      event.preventDefault();
      this.worker = undefined;
      const job = this.running;
      this.running = undefined;
      job?.reject(new Error(`Graphviz layout worker failed: ${event.message || 'no message'}`));
      this.next();
    });
    this.worker = worker;
    return worker;
  }
}
