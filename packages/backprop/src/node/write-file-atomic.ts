// Writing a file so that readers see the old contents or the new ones, never half of the new.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` atomically: first to a temporary file in the same folder, flushed to
 * disk, then renamed over `path` (a rename within one file system replaces the target in one step).
 * If anything fails, the temporary file is removed and any existing file at `path` is untouched.
 *
 * @example
 * await writeFileAtomic('out/loss.svg', svg);
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`writeFileAtomic: expected a file path, got ${JSON.stringify(path)}`);
  }
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new TypeError(`writeFileAtomic: expected a string or Uint8Array to write to ${path}`);
  }
  // a hidden name beside the target, unique per process and call
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => {});
    await fs.rm(temp, { force: true });
    // the system's message would name the temporary file; a missing folder is the usual cause
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `the folder ${dirname(path)} does not exist`
        : error instanceof Error
          ? error.message
          : String(error);
    throw new Error(`could not write ${path}: ${reason}`, { cause: error });
  }
}
