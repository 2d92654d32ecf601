import { mkdir } from 'node:fs/promises';
import { UsageError } from './usage-error.ts';

/**
 * Makes sure `--out` names a folder we can write into, creating it if needed, before any work is
 * done: a training run should not end in "cannot write" after it has finished.
 */
export async function prepareOutFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new UsageError(`--out ${path}: a file is in the way; expected a folder`);
    }
    const reason = code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new Error(`cannot create the folder ${path}: ${reason}`);
  }
}
