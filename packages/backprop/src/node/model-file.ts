// Saving and loading models as files: the core's JSON text plus Node's file system.
import { modelFromJSON, modelToJSON } from '../model-file.ts';
import type { MLP } from '../nn.ts';
import { readText } from './read-text.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/**
 * Saves `model` as JSON (see `modelToJSON`). The write is atomic: a failed save (a NaN weight, a
 * full disk, a missing folder) leaves any existing file at `path` as it was.
 *
 * @example
 * await saveModel('moons.json', model);
 */
export async function saveModel(path: string, model: MLP): Promise<void> {
  await writeFileAtomic(path, modelToJSON(model));
}

/**
 * Loads a model saved by `saveModel`. A missing, malformed, truncated or inconsistent file throws
 * an Error that names the path and the problem: `cannot read m.json: no such file`,
 * `m.json: modelFromJSON: …`.
 */
export async function loadModel(path: string): Promise<MLP> {
  const text = await readText(path);
  try {
    return modelFromJSON(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${path}: ${reason}`, { cause: error });
  }
}
