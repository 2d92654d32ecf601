import { randomBytes } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './usage-error.ts';

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
};

/**
 * Makes sure `--out` names a folder we can write into, creating it if needed, before any work is
 * done: a training run should not end in "cannot write" after it has finished. Writability is
 * tested the only reliable way, by creating (and removing) a file there: permission bits do not
 * tell about read-only mounts, and root passes them all.
 */
export async function prepareOutFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new UsageError(`--out ${path}: a file is in the way; expected a folder`);
    }
    throw new Error(
      `cannot create the folder ${path}: ${reasons[code] ?? (error as Error).message}`,
    );
  }
  const probe = join(path, `.backprop-write-test.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new Error(
      `cannot write to the folder ${path}: ${reasons[code] ?? (error as Error).message}`,
    );
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
}
