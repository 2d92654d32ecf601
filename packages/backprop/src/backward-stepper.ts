import type { Value } from './engine.ts';

/**
 * Backpropagation paused between nodes: the same two phases as `Value.backward()`, but the
 * second one runs one `_backward()` (the chain rule at one node) per call to `step()`.
 * Stepping back replays from the start, so every grad shown is the engine's own arithmetic.
 */
export class BackwardStepper {
  /** Every node of the graph, operands before results, ending with the root. */
  readonly topo: readonly Value[];
  /** The nodes whose `_backward()` runs, in the order backward() visits them: root first, no leaves. */
  readonly order: readonly Value[];
  /** How many nodes of `order` have passed their grad on. */
  private done = 0;
  /** For each node, the position in `order` of the last node that uses it; its grad is final after that step. */
  private readonly lastUse = new Map<Value, number>();

  constructor(readonly root: Value) {
    // topological order all of the children in the graph
    this.topo = root.topologicalOrder();
    this.order = this.topo.filter((v) => v.op !== '').reverse();
    this.order.forEach((v, i) => {
      for (const child of v.children) this.lastUse.set(child, i);
    });
    this.reset();
  }

  /** Steps taken so far, from 0 to `total`. */
  get stepsDone(): number {
    return this.done;
  }

  get total(): number {
    return this.order.length;
  }

  /** The node whose chain rule the last step applied; undefined before the first step. */
  get current(): Value | undefined {
    return this.order[this.done - 1];
  }

  /** Back to the start: every grad 0 except the root's, d(root)/d(root) = 1. */
  reset(): void {
    for (const v of this.topo) v.grad = 0;
    this.root.grad = 1;
    this.done = 0;
  }

  /** Applies the chain rule at the next node; false when there is none left. */
  step(): boolean {
    const node = this.order[this.done];
    if (node === undefined) return false;
    node._backward();
    this.done++;
    return true;
  }

  /** Undoes the last step by replaying all the steps before it. */
  back(): void {
    this.goTo(this.done - 1);
  }

  /** Runs backward to step k (clamped to 0…total), from the start. */
  goTo(k: number): void {
    const target = Math.max(0, Math.min(this.total, k));
    this.reset();
    while (this.done < target) this.step();
  }

  /** True once every node that uses `v` has passed its grad on: `v.grad` will not change any more. */
  isFinal(v: Value): boolean {
    if (v === this.root) return true;
    const last = this.lastUse.get(v);
    return last !== undefined && this.done > last;
  }
}
