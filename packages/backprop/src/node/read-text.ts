// Reading a text file for a loader: one readable line when the file cannot be read.
import { readFile } from 'node:fs/promises';

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a folder',
};

/** The file's text; or an Error `cannot read <path>: no such file` (or the system's reason). */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const reason = reasons[code] ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`cannot read ${path}: ${reason}`, { cause: error });
  }
}
