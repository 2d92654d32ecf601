// The network's inputs: TensorFlow Playground's feature toggles, each a function of a point's
// (x1, x2). The network only ever sees these numbers; x1 and x2 themselves are two of them.

/** The features by name, in the menu's order. */
export const featureNames = ['x1', 'x2', 'x1_sq', 'x2_sq', 'x1x2', 'sin_x1', 'sin_x2'] as const;
export type FeatureName = (typeof featureNames)[number];

interface Feature {
  /** How the menu and the diagram write it. */
  readonly label: string;
  readonly compute: (x1: number, x2: number) => number;
}

export const features: Readonly<Record<FeatureName, Feature>> = {
  x1: { label: 'x₁', compute: (x1) => x1 },
  x2: { label: 'x₂', compute: (_, x2) => x2 },
  x1_sq: { label: 'x₁²', compute: (x1) => x1 * x1 },
  x2_sq: { label: 'x₂²', compute: (_, x2) => x2 * x2 },
  x1x2: { label: 'x₁·x₂', compute: (x1, x2) => x1 * x2 },
  sin_x1: { label: 'sin x₁', compute: (x1) => Math.sin(x1) },
  sin_x2: { label: 'sin x₂', compute: (_, x2) => Math.sin(x2) },
};

/** One point's inputs for the chosen features. */
export function featuresOf(chosen: readonly FeatureName[], x1: number, x2: number): number[] {
  return chosen.map((name) => features[name].compute(x1, x2));
}
