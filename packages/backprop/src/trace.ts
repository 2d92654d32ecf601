// The graph behind a Value: its nodes in topological order and one edge per use of an operand.
// toDot draws it; it takes the library's Value or any object shaped like one.

/**
 * What toDot draws: the library's `Value`, or any object shaped like one, such as the `Value` a
 * learner writes in the build-micrograd notebook or lesson.
 */
export interface ValueLike {
  readonly data: number;
  /** Missing on a learner's first Value, before the lecture adds gradients. */
  readonly grad?: number | undefined;
  readonly label?: string | undefined;
  /** The op that made it (`'+'`, `'tanh'`, …); `''` or missing for a leaf. */
  readonly op?: string | undefined;
  /** Its operands, in order (an array, or any iterable such as micrograd's set). */
  readonly children: Iterable<ValueLike>;
  /** d(this)/d(children[i]); drawn on the edges with `localGrads: true` when present. */
  readonly localGrads?: readonly number[] | undefined;
}

/** One use of an operand: `from` is operand number `operand` of `to`'s op. */
export interface Edge<T extends ValueLike = ValueLike> {
  from: T;
  to: T;
  operand: number;
}

/**
 * Every node `root` depends on, in topological order (operands first, `root` last), and one
 * edge per use of an operand: `a.add(a)` has two edges from `a`, where micrograd's set keeps one.
 * The walk is iterative (an explicit stack), so graphs a million nodes deep work.
 */
export function trace<T extends ValueLike>(root: T): { nodes: T[]; edges: Edge<T>[] } {
  const nodes: T[] = [];
  const seen = new Set<T>([root]);
  const stack = [{ node: root, children: childrenOf(root), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    // descend into the first operand not yet reached; once there is none, the node is placed
    const child = top.children[top.next++];
    if (child === undefined) {
      stack.pop();
      nodes.push(top.node);
    } else if (!seen.has(child)) {
      seen.add(child);
      stack.push({ node: child, children: childrenOf(child), next: 0 });
    }
  }
  const edges = nodes.flatMap((to) =>
    childrenOf(to).map((from, operand) => ({ from, to, operand })),
  );
  return { nodes, edges };
}

function childrenOf<T extends ValueLike>(v: T): T[] {
  const shaped =
    typeof v === 'object' &&
    v !== null &&
    typeof v.data === 'number' &&
    typeof (v.children as Iterable<T> | undefined)?.[Symbol.iterator] === 'function';
  if (!shaped) {
    throw new TypeError(
      `toDot: expected a Value-shaped object ({ data: number, children: [...] }), got ${describe(v)}`,
    );
  }
  return Array.from(v.children as Iterable<T>);
}

function describe(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  const keys = Object.keys(v);
  return keys.length === 0 ? 'an object with no fields' : `an object with ${keys.join(', ')}`;
}
