// The playground's settings and their place in the URL, so a configuration can be shared as a link:
// `?lesson=playground&data=moons&n=200&noise=0.1&layers=8,8&act=tanh&loss=hinge&opt=adam&lr=0.03`.
// No DOM here: the page, the worker and the tests all read the same definitions.
import {
  type Activation,
  activations,
  type DatasetName,
  datasets,
  type LossName,
  losses,
  type OptimizerName,
  optimizers,
} from 'backprop';

/** One labelled point, as drawn: class 0 or 1. */
export interface Point {
  x: number;
  y: number;
  label: number;
}

/** Everything that defines a training run. */
export interface PlaygroundState {
  /** A generator's name, or `custom` for points loaded from CSV or edited by clicking. */
  dataset: DatasetName | 'custom';
  /** The points of a `custom` dataset (generated datasets are rebuilt from their options). */
  points: Point[];
  samples: number;
  noise: number;
  /** Seeds the dataset and the train/test split. */
  dataSeed: number;
  /** The share of points held out to measure generalisation, 0 to 0.9. */
  testFraction: number;
  /** Neurons per hidden layer: `[8, 8]`. The output layer is added to fit the loss. */
  hidden: number[];
  activation: Activation;
  loss: LossName;
  optimizer: OptimizerName;
  learningRate: number;
  /** Points per step; 0 means the whole training set (full batch). */
  batchSize: number;
  /** The L2 penalty's alpha. */
  l2: number;
  /** Seeds the initial weights. */
  seed: number;
}

export const datasetNames = [...Object.keys(datasets), 'custom'] as (DatasetName | 'custom')[];
export const lossNames = Object.keys(losses) as LossName[];
export const optimizerNames = Object.keys(optimizers) as OptimizerName[];

export const defaults: Readonly<PlaygroundState> = {
  dataset: 'moons',
  points: [],
  samples: 200,
  noise: 0.1,
  dataSeed: 1,
  testFraction: 0.3,
  hidden: [8, 8],
  activation: 'tanh',
  loss: 'hinge',
  optimizer: 'adam',
  learningRate: 0.03,
  batchSize: 0,
  l2: 0.0001,
  seed: 1337,
};

/**
 * The range of every number setting, read by the URL parser, the form and the CSV loader alike, so
 * the page never runs a value its own URL cannot restore. The sizes keep a step quick enough to
 * watch: the engine is scalar, one Value per number.
 */
export const limits = {
  samples: { min: 10, max: 600 },
  noise: { min: 0, max: 0.5 },
  testFraction: { min: 0, max: 0.9 },
  layers: { max: 4 },
  neurons: { min: 1, max: 16 },
  learningRate: { min: 1e-5, max: 10 },
  /** 0 is the full batch; more than the points there are would be the full batch too. */
  batchSize: { min: 0, max: 1000 },
  l2: { min: 0, max: 1 },
  /** Both seeds, data and weights: any 32-bit unsigned integer. */
  seed: { min: 0, max: 0xffffffff },
  /** A custom dataset: two points at least, to have something to separate. */
  points: { min: 2, max: 1000 },
} as const;

interface Range {
  min: number;
  max: number;
}

/**
 * Reads settings from a query string. A value that is missing, malformed or out of range falls
 * back to its default, so any link opens a working playground.
 */
export function readState(query: URLSearchParams): PlaygroundState {
  const pick = <T extends string>(key: string, names: readonly T[], fallback: T): T => {
    const value = query.get(key) as T | null;
    return value !== null && names.includes(value) ? value : fallback;
  };
  const number = (key: string, fallback: number, { min, max }: Range, integer = false) => {
    const text = query.get(key);
    const x = text === null || text.trim() === '' ? Number.NaN : Number(text);
    const ok = Number.isFinite(x) && x >= min && x <= max && (!integer || Number.isInteger(x));
    return ok ? x : fallback;
  };
  const points = parsePoints(query.get('points') ?? '');
  let dataset = pick('data', datasetNames, defaults.dataset);
  if (dataset === 'custom' && points.length < limits.points.min) dataset = defaults.dataset;
  return {
    dataset,
    points: dataset === 'custom' ? points : [],
    samples: number('n', defaults.samples, limits.samples, true),
    noise: number('noise', defaults.noise, limits.noise),
    dataSeed: number('dseed', defaults.dataSeed, limits.seed, true),
    testFraction: number('test', defaults.testFraction, limits.testFraction),
    hidden: (query.has('layers') && parseLayers(query.get('layers') ?? '')) || [...defaults.hidden],
    activation: pick('act', Object.keys(activations) as Activation[], defaults.activation),
    loss: pick('loss', lossNames, defaults.loss),
    optimizer: pick('opt', optimizerNames, defaults.optimizer),
    learningRate: number('lr', defaults.learningRate, limits.learningRate),
    batchSize: number('batch', defaults.batchSize, limits.batchSize, true),
    l2: number('l2', defaults.l2, limits.l2),
    seed: number('seed', defaults.seed, limits.seed, true),
  };
}

/** The query parameters for a state, in a fixed order. */
export function stateParams(s: PlaygroundState): [string, string][] {
  const params: [string, string][] = [['data', s.dataset]];
  if (s.dataset === 'custom') {
    params.push([
      'points',
      s.points.map((p) => `${round(p.x)},${round(p.y)},${p.label}`).join(';'),
    ]);
  } else {
    params.push(['n', String(s.samples)], ['noise', String(s.noise)]);
  }
  params.push(
    ['dseed', String(s.dataSeed)],
    ['test', String(s.testFraction)],
    ['layers', s.hidden.join(',')],
    ['act', s.activation],
    ['loss', s.loss],
    ['opt', s.optimizer],
    ['lr', String(s.learningRate)],
    ['batch', String(s.batchSize)],
    ['l2', String(s.l2)],
    ['seed', String(s.seed)],
  );
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
