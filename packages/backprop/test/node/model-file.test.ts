// Oracle: the file system itself (what is on disk after each call) and the model's own weights.
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MLP } from '../../src/index.ts';
import { loadModel, saveModel } from '../../src/node/index.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'backprop-node-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('saveModel() and loadModel()', () => {
  it('loadModel() returns what saveModel() saved, to the bit', async () => {
    const path = join(dir, 'moons.json');
    const model = new MLP(2, [16, 16, 1], { seed: 42 });
    await saveModel(path, model);
    const back = await loadModel(path);
    expect(back.parameters().map((p) => p.data)).toEqual(model.parameters().map((p) => p.data));
    expect(String(back)).toBe(String(model));
  });

  it('saveModel() with a NaN weight throws and leaves the existing file untouched', async () => {
    const path = join(dir, 'moons.json');
    const model = new MLP(2, [4, 1]);
    await saveModel(path, model);
    const before = await fs.readFile(path, 'utf8');
    (model.parameters()[0] as { data: number }).data = Number.NaN;
    await expect(saveModel(path, model)).rejects.toThrow('weight 0 of MLP 2-4-1 is NaN');
    expect(await fs.readFile(path, 'utf8')).toBe(before);
    expect(await fs.readdir(dir)).toEqual(['moons.json']);
  });

  it('loadModel() of a truncated or mismatched file names the path and the problem', async () => {
    const path = join(dir, 'bad.json');
    await saveModel(path, new MLP(2, [16, 16, 1]));
    const text = await fs.readFile(path, 'utf8');
    await fs.writeFile(path, text.slice(0, 200));
    await expect(loadModel(path)).rejects.toThrow(
      `${path}: model file: not valid JSON (truncated?)`,
    );
    await fs.writeFile(path, text.replace('"nin": 2', '"nin": 3'));
    await expect(loadModel(path)).rejects.toThrow(
      `${path}: model file: expected 353 weights for MLP 3-16-16-1, got 337`,
    );
  });

  it('loadModel() of a missing file names the path', async () => {
    const path = join(dir, 'nope.json');
    await expect(loadModel(path)).rejects.toThrow(`cannot read ${path}: no such file`);
  });
});
