// The playground's settings and their place in the URL, so a configuration can be shared as a link:
// `?lesson=playground&dataset=moons&nSamples=200&noise=0.1&layers=8,8&activation=tanh&learningRate=0.03`.
// The keys are the library's option names; the keys of earlier versions (`data`, `n`, `lr`, …) are
// still read. No DOM here: the page, the worker and the tests all read the same definitions.
import {
  type Activation,
  activations,
  type DatasetName,
  datasets,
  type OptimizerName,
  optimizers,
} from 'backprop';
import { type FeatureName, featureNames } from './features.ts';

/** One labelled point, as drawn: class 0 or 1, or a real target for a regression problem. */
export interface Point {
  x: number;
  y: number;
  label: number;
}

/** The two regression problems (after TensorFlow Playground): a target for every point. */
export const regressionNames = ['plane', 'gaussians'] as const;
export type RegressionName = (typeof regressionNames)[number];
export type ProblemName = DatasetName | RegressionName | 'custom';

/** The losses the playground offers for classification; regression always uses `mse`. */
export const lossNames = ['hinge', 'mse', 'bce', 'cross-entropy'] as const;
export type PlaygroundLoss = (typeof lossNames)[number];

/** Everything that defines a training run. */
export interface PlaygroundState {
  /** A generator's name, or `custom` for points loaded from CSV or edited by clicking. */
  dataset: ProblemName;
  /** The points of a `custom` dataset (generated datasets are rebuilt from their options). */
  points: Point[];
  nSamples: number;
  noise: number;
  /** Seeds the dataset and the train/test split. */
  dataSeed: number;
  /** The share of points held out to measure generalisation, 0 to 0.9. */
  testFraction: number;
  /** The inputs the network sees, computed from each point's (x1, x2). */
  features: FeatureName[];
  /** Neurons per hidden layer: `[8, 8]`. The output layer is added to fit the loss. */
  layers: number[];
  activation: Activation;
  loss: PlaygroundLoss;
  optimizer: OptimizerName;
  learningRate: number;
  /** Points per step; 0 means the whole training set (full batch). */
  batchSize: number;
  /** The L2 penalty's strength: + l2 · Σ w². */
  l2: number;
  /** The L1 penalty's strength: + l1 · Σ |w|. */
  l1: number;
  /** Seeds the initial weights. */
  seed: number;
  /** Draw the output as two flat colours (its sign) instead of a gradient. */
  discretize: boolean;
}

export const datasetNames: ProblemName[] = [
  ...(Object.keys(datasets) as DatasetName[]),
  ...regressionNames,
  'custom',
];
export const optimizerNames = Object.keys(optimizers) as OptimizerName[];

export function isRegression(state: Pick<PlaygroundState, 'dataset'>): boolean {
  return (regressionNames as readonly string[]).includes(state.dataset);
}

export const defaults: Readonly<PlaygroundState> = {
  dataset: 'moons',
  points: [],
  nSamples: 200,
  noise: 0.1,
  dataSeed: 1,
  testFraction: 0.3,
  features: ['x1', 'x2'],
  layers: [8, 8],
  activation: 'tanh',
  loss: 'hinge',
  optimizer: 'adam',
  learningRate: 0.03,
  batchSize: 0,
  l2: 0.0001,
  l1: 0,
  seed: 1337,
  discretize: false,
};

/** A number setting's range, and whether it must be whole. */
export interface Range {
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

/**
 * The range of every number setting, read by the URL parser, the form and the CSV loader alike, so
 * the page never runs a value its own URL cannot restore.
 */
export const limits = {
  nSamples: { min: 10, max: 600, integer: true },
  noise: { min: 0, max: 0.5 },
  testFraction: { min: 0, max: 0.9 },
  layers: { min: 0, max: 6 },
  neurons: { min: 1, max: 32 },
  learningRate: { min: 1e-5, max: 10 },
  /** 0 is the full batch; more than the points there are would be the full batch too. */
  batchSize: { min: 0, max: 1000, integer: true },
  l2: { min: 0, max: 1 },
  l1: { min: 0, max: 1 },
  /** Both seeds, data and weights: any 32-bit unsigned integer. */
  seed: { min: 0, max: 0xffffffff, integer: true },
  dataSeed: { min: 0, max: 0xffffffff, integer: true },
  /** A custom dataset: two points at least, to have something to separate. */
  points: { min: 2, max: 1000 },
} as const satisfies Record<string, Range>;

/** The number settings, by name. */
export type NumberSetting =
  | 'nSamples'
  | 'noise'
  | 'testFraction'
  | 'learningRate'
  | 'batchSize'
  | 'l2'
  | 'l1'
  | 'seed'
  | 'dataSeed';

/**
 * Why `text` is not a valid value for a number setting (undefined when it is): the message a
 * field or the URL notice shows, `expected …, got …`.
 */
export function numberProblem(name: NumberSetting, text: string): string | undefined {
  const range: Range = limits[name];
  const x = text.trim() === '' ? Number.NaN : Number(text);
  const whole = range.integer ? 'a whole number' : 'a number';
  const expected = `${whole} from ${range.min} to ${range.max}`;
  if (
    !Number.isFinite(x) ||
    x < range.min ||
    x > range.max ||
    (range.integer && !Number.isInteger(x))
  ) {
    return `expected ${expected}, got ${text.trim() === '' ? 'nothing' : `"${text}"`}`;
  }
  return undefined;
}

/** Where each setting lives in the URL: its key, then the keys of earlier versions. */
const keys: Record<Exclude<keyof PlaygroundState, 'points'>, readonly string[]> = {
  dataset: ['dataset', 'data'],
  nSamples: ['nSamples', 'n', 'samples'],
  noise: ['noise'],
  dataSeed: ['dataSeed', 'dseed'],
  testFraction: ['testFraction', 'test'],
  features: ['features'],
  layers: ['layers'],
  activation: ['activation', 'act'],
  loss: ['loss'],
  optimizer: ['optimizer', 'opt'],
  learningRate: ['learningRate', 'lr'],
  batchSize: ['batchSize', 'batch'],
  l2: ['l2', 'alpha'],
  l1: ['l1'],
  seed: ['seed'],
  discretize: ['discretize'],
};

/** A state read from a URL, and a sentence for each value that was replaced. */
export interface ReadResult {
  state: PlaygroundState;
  notices: string[];
}

/**
 * Reads settings from a query string. A value that is malformed or out of range falls back to its
 * default, and a notice says what it was replaced with, so any link opens a working playground.
 */
export function readState(query: URLSearchParams): ReadResult {
  const notices: string[] = [];
  const raw = (name: keyof typeof keys): [string, string] | undefined => {
    for (const key of keys[name]) {
      const value = query.get(key);
      if (value !== null) return [key, value];
    }
    return undefined;
  };
  const replaced = (key: string, value: string, why: string, fallback: unknown) =>
    notices.push(`${key}=${value}: ${why}; using ${String(fallback)} instead.`);
  const pick = <T extends string>(name: keyof typeof keys, names: readonly T[], fallback: T): T => {
    const found = raw(name);
    if (found === undefined) return fallback;
    if (names.includes(found[1] as T)) return found[1] as T;
    replaced(found[0], found[1], `expected one of ${names.join(', ')}`, fallback);
    return fallback;
  };
  const number = (name: NumberSetting) => {
    const found = raw(name);
    const fallback = defaults[name];
    if (found === undefined) return fallback;
    const problem = numberProblem(name, found[1]);
    if (problem === undefined) return Number(found[1]);
    replaced(found[0], found[1], problem, fallback);
    return fallback;
  };
  const points = parsePoints(query.get('points') ?? '');
  let dataset = pick('dataset', datasetNames, defaults.dataset);
  if (dataset === 'custom' && points.length < limits.points.min) {
    notices.push(
      `dataset=custom needs at least ${limits.points.min} points; using ${defaults.dataset} instead.`,
    );
    dataset = defaults.dataset;
  }
  const layersText = raw('layers');
  let layers = [...defaults.layers];
  if (layersText !== undefined) {
    const parsed = parseLayers(layersText[1]);
    if (parsed === undefined)
      replaced('layers', layersText[1], layersProblem(layersText[1]), layers.join(','));
    else layers = parsed;
  }
  const featuresText = raw('features');
  let features = [...defaults.features];
  if (featuresText !== undefined) {
    const parsed = parseFeatures(featuresText[1]);
    if (parsed === undefined) {
      replaced(
        'features',
        featuresText[1],
        `expected some of ${featureNames.join(',')}`,
        features.join(','),
      );
    } else features = parsed;
  }
  const state: PlaygroundState = {
    dataset,
    points: dataset === 'custom' ? points : [],
    nSamples: number('nSamples'),
    noise: number('noise'),
    dataSeed: number('dataSeed'),
    testFraction: number('testFraction'),
    features,
    layers,
    activation: pick('activation', Object.keys(activations) as Activation[], defaults.activation),
    loss: pick('loss', lossNames, defaults.loss),
    optimizer: pick('optimizer', optimizerNames, defaults.optimizer),
    learningRate: number('learningRate'),
    batchSize: number('batchSize'),
    l2: number('l2'),
    l1: number('l1'),
    seed: number('seed'),
    discretize: raw('discretize')?.[1] === 'true',
  };
  return { state, notices };
}

/** The query parameters for a state, in a fixed order. */
export function stateParams(s: PlaygroundState): [string, string][] {
  const params: [string, string][] = [['dataset', s.dataset]];
  if (s.dataset === 'custom') {
    params.push([
      'points',
      s.points.map((p) => `${round(p.x)},${round(p.y)},${p.label}`).join(';'),
    ]);
  } else {
    params.push(['nSamples', String(s.nSamples)], ['noise', String(s.noise)]);
  }
  params.push(
    ['dataSeed', String(s.dataSeed)],
    ['testFraction', String(s.testFraction)],
    ['features', s.features.join(',')],
    ['layers', s.layers.join(',')],
    ['activation', s.activation],
    ['loss', s.loss],
    ['optimizer', s.optimizer],
    ['learningRate', String(s.learningRate)],
    ['batchSize', String(s.batchSize)],
    ['l2', String(s.l2)],
    ['l1', String(s.l1)],
    ['seed', String(s.seed)],
  );
  if (s.discretize) params.push(['discretize', 'true']);
  return params;
}

/**
 * `8,8` → [8, 8]; `''` or `0` → [] (no hidden layer: a linear model). Undefined when the text is
 * not a list of whole numbers within the limits, so a form can say what is wrong.
 */
export function parseLayers(text: string): number[] | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0') return [];
  const sizes = trimmed.split(/\s*,\s*/).map(Number);
  const { neurons, layers } = limits;
  const ok =
    sizes.length <= layers.max &&
    sizes.every((n) => Number.isInteger(n) && n >= neurons.min && n <= neurons.max);
  return ok ? sizes : undefined;
}

/** The message for a layers text that `parseLayers` refuses. */
export function layersProblem(text: string): string {
  const { neurons, layers } = limits;
  return `expected whole numbers from ${neurons.min} to ${neurons.max}, separated by commas, at most ${layers.max} of them; got "${text}"`;
}

/** `x1,x2,sin_x1` → the features; undefined for an unknown name or none at all. */
function parseFeatures(text: string): FeatureName[] | undefined {
  const names = text.split(',').map((s) => s.trim());
  if (!names.every((n) => (featureNames as readonly string[]).includes(n))) return undefined;
  // in the menu's order, each once
  const chosen = featureNames.filter((n) => names.includes(n));
  return chosen.length > 0 ? chosen : undefined;
}

/** `x,y,label;x,y,label` → points; malformed entries are dropped. */
function parsePoints(text: string): Point[] {
  const points: Point[] = [];
  for (const entry of text.split(';')) {
    const [x, y, label] = entry.split(',').map(Number);
    if (Number.isFinite(x) && Number.isFinite(y) && (label === 0 || label === 1)) {
      points.push({ x: x as number, y: y as number, label });
    }
    if (points.length === limits.points.max) break;
  }
  return points;
}

/** Three decimals are finer than a click can place a point. */
function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
