// What the playground page remembers between events, and the named ways it changes. No DOM: the
// wiring in lesson.ts calls these transitions and redraws.
import type { Dataset } from 'backprop';
import { datasetOf, pointsOf } from './data.ts';
import { type Domain, domainOf } from './grid.ts';
import type { Measurement } from './protocol.ts';
import { isRegression, limits, type PlaygroundState, type Point, readState } from './state.ts';
import type { LiveSettings } from './training-session.ts';

/** Measurements kept for the curves; past this, every other one is dropped, keeping the newest. */
const MAX_HISTORY = 4000;

/** The settings a running network takes at its next step, without starting over. */
const liveKeys = ['learningRate', 'l2', 'l1', 'batchSize', 'optimizer'] as const;
/** Settings that only change the pictures. */
const viewKeys = ['discretize'] as const;
/** Settings that change the points (everything else changes the network and starts over). */
const dataKeys = ['dataset', 'nSamples', 'noise', 'dataSeed', 'points'] as const;

/**
 * What a change needs: `live` goes to the worker as is, `view` only redraws, `network` starts over
 * with new weights on the same points, `data` with new points too.
 */
export type ChangeKind = 'live' | 'view' | 'network' | 'data';

export class RunState {
  state: PlaygroundState;
  data: Dataset;
  /** The square shown; it changes with new data, but not while points are edited by clicking. */
  domain: Domain;
  /** What the URL asked for that could not be used, and what was used instead. */
  readonly notices: string[];
  playing = false;
  /** Numbers the resets, so that reports from an earlier run, still on their way, can be dropped. */
  run = 0;
  history: Measurement[] = [];
  steps = 0;
  epoch = 0;

  constructor(query: URLSearchParams) {
    const { state, notices } = readState(query);
    this.state = state;
    this.notices = notices;
    this.data = datasetOf(state);
    this.domain = domainOf(pointsOf(this.data));
  }

  get regression(): boolean {
    return isRegression(this.state);
  }

  get live(): LiveSettings {
    const { learningRate, l2, l1, batchSize, optimizer } = this.state;
    return { learningRate, l2, l1, batchSize, optimizer };
  }

  /** Merges a change of settings, makes new points when they changed, and says what else is needed. */
  apply(change: Partial<PlaygroundState>): ChangeKind {
    const keys = Object.keys(change);
    if (change.dataset === 'custom' && change.points === undefined) {
      change.points = pointsOf(this.data); // keep the points on screen, now editable
    }
    this.state = { ...this.state, ...change };
    if (this.state.dataset !== 'custom') this.state.points = [];
    if (keys.some((key) => (dataKeys as readonly string[]).includes(key))) {
      this.data = datasetOf(this.state);
      this.domain = domainOf(pointsOf(this.data, this.regression));
      return 'data';
    }
    if (keys.every((key) => (liveKeys as readonly string[]).includes(key))) return 'live';
    if (keys.every((key) => (viewKeys as readonly string[]).includes(key))) return 'view';
    return 'network';
  }

  /** Next data seed: the same kind of points, drawn afresh. */
  regenerate(): ChangeKind {
    return this.apply({ dataSeed: (this.state.dataSeed + 1) % (limits.dataSeed.max + 1) });
  }

  /** Adds a point of class `mode`, or removes the nearest one; false when nothing changed. */
  editPoints(x: number, y: number, mode: string): boolean {
    let points: Point[] = pointsOf(this.data);
    if (mode === 'remove') {
      const nearest = this.nearestPoint(points, x, y);
      if (nearest === -1 || points.length <= limits.points.min) return false;
      points = points.filter((_, i) => i !== nearest);
    } else {
      if (points.length >= limits.points.max) return false;
      points = [...points, { x, y, label: Number(mode) }];
    }
    this.state = { ...this.state, dataset: 'custom', points };
    this.data = datasetOf(this.state);
    return true;
  }

  /** The index of the point nearest (x, y) within reach of a click, or −1. */
  nearestPoint(points: readonly Point[], x: number, y: number): number {
    const { xMin, xMax } = this.domain;
    let best = -1;
    let bestDistance = ((xMax - xMin) / 30) ** 2;
    points.forEach((p, i) => {
      const d = (p.x - x) ** 2 + (p.y - y) ** 2;
      if (d < bestDistance) [best, bestDistance] = [i, d];
    });
    return best;
  }

  /** A new run: its number, with empty curves and the counters at 0. */
  startRun(): number {
    this.history = [];
    this.steps = 0;
    this.epoch = 0;
    return ++this.run;
  }

  /** Keeps a snapshot's measurements and counters; the newest measurement, if any. */
  record(
    measurements: readonly Measurement[],
    steps: number,
    epoch: number,
  ): Measurement | undefined {
    this.history.push(...measurements);
    if (this.history.length > MAX_HISTORY) {
      const last = this.history.length - 1;
      this.history = this.history.filter((_, i) => i % 2 === 0 || i === last);
    }
    this.steps = steps;
    this.epoch = epoch;
    return measurements[measurements.length - 1];
  }

  /** Changes one hidden layer's size, or adds or removes the last layer; false at a limit. */
  resizeLayers(layer: number | 'add' | 'remove', delta = 0): boolean {
    const layers = [...this.state.layers];
    if (layer === 'add') {
      if (layers.length >= limits.layers.max) return false;
      layers.push(layers[layers.length - 1] ?? 4);
    } else if (layer === 'remove') {
      if (layers.length === 0) return false;
      layers.pop();
    } else {
      const n = (layers[layer] ?? 0) + delta;
      if (n < limits.neurons.min || n > limits.neurons.max) return false;
      layers[layer] = n;
    }
    this.apply({ layers });
    return true;
  }
}
