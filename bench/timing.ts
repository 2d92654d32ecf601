// Timing helpers for the benchmark: several short runs, interleaved, summarised by their median.

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Something to time: `step()` does one unit of work; `steps` of them make one run. */
export interface Contender {
  name: string;
  step: () => unknown;
  steps: number;
  /**
   * Steps to take before timing: the JIT compiles the code, and V8 grows its young generation
   * to fit what the object engine allocates (its first ~20 demo steps run several times slower).
   * @default steps
   */
  warmup?: number;
}

/**
 * Times `runs` runs of each contender, taking turns (A, B, C, A, B, C, …) so that a noisy
 * neighbour on a shared machine slows all of them alike, after each one's warm-up steps.
 * Returns, per contender, the milliseconds per step of each run.
 */
export function timeInTurns(contenders: readonly Contender[], runs: number): Map<string, number[]> {
  for (const c of contenders) for (let k = 0; k < (c.warmup ?? c.steps); k++) c.step();
  const perStep = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let run = 0; run < runs; run++) {
    for (const c of contenders) {
      const t0 = performance.now();
      for (let k = 0; k < c.steps; k++) c.step();
      perStep.get(c.name)?.push((performance.now() - t0) / c.steps);
    }
  }
  return perStep;
}
