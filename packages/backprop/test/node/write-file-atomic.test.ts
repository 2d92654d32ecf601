// Oracle: the file system itself (what is on disk after each call).
import fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/node/index.ts';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'backprop-node-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic()', () => {
  it('writeFileAtomic() writes strings and bytes, replacing an existing file', async () => {
    const path = join(dir, 'a.txt');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, 'new text');
    expect(await fs.readFile(path, 'utf8')).toBe('new text');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...(await fs.readFile(path))]).toEqual([1, 2, 3]);
    expect(await fs.readdir(dir)).toEqual(['a.txt']);
  });

  it('writeFileAtomic() failing halfway through leaves the old file and no temporary file', async () => {
    const path = join(dir, 'model.json');
    await writeFileAtomic(path, 'the old contents');
    const realOpen = fs.open;
    vi.spyOn(fs, 'open').mockImplementation(async (...args: Parameters<typeof fs.open>) => {
      const handle = await realOpen(...args);
      // write half, then fail as a full disk would
      handle.writeFile = async (data) => {
        await handle.write(String(data).slice(0, 5));
        throw new Error('ENOSPC: no space left on device');
      };
      return handle;
    });
    await expect(writeFileAtomic(path, 'the new contents')).rejects.toThrow(
      `could not write ${path}: ENOSPC: no space left on device`,
    );
    expect(await fs.readFile(path, 'utf8')).toBe('the old contents');
    expect(await fs.readdir(dir)).toEqual(['model.json']);
  });

  it('writeFileAtomic() failing at the rename leaves the old file and no temporary file', async () => {
    const path = join(dir, 'plot.svg');
    await writeFileAtomic(path, '<svg/>');
    vi.spyOn(fs, 'rename').mockRejectedValue(new Error('EXDEV: cross-device link not permitted'));
    await expect(writeFileAtomic(path, '<svg>new</svg>')).rejects.toThrow('EXDEV');
    expect(await fs.readFile(path, 'utf8')).toBe('<svg/>');
    expect(await fs.readdir(dir)).toEqual(['plot.svg']);
  });

  it('writeFileAtomic() into a missing folder fails, naming the path and the folder', async () => {
    const path = join(dir, 'missing', 'x.txt');
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(
      `could not write ${path}: the folder ${join(dir, 'missing')} does not exist`,
    );
  });
});
