// The learner's progress, kept in localStorage so that a reload resumes where they were: the text
// of each step's editor, and the code each passed step passed with (later steps run on it).
import type { StepId } from './steps/index.ts';

const KEY = 'backprop.build.v1';

export interface Progress {
  /** The step last opened. */
  current: StepId | undefined;
  /** Each step's editor text, as last typed. */
  code: Partial<Record<StepId, string>>;
  /** The code each passed step passed with. */
  passed: Partial<Record<StepId, string>>;
}

export function loadProgress(): Progress {
  const empty: Progress = { current: undefined, code: {}, passed: {} };
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Progress> | null;
    if (saved === null || typeof saved !== 'object') return empty;
    return { current: saved.current, code: { ...saved.code }, passed: { ...saved.passed } };
  } catch {
    return empty; // unreadable (or storage disabled): start fresh
  }
}

export function saveProgress(progress: Progress): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(progress));
  } catch {
    // storage full or disabled: the lesson still works, it just won't survive a reload
  }
}

export function clearProgress(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {}
}
