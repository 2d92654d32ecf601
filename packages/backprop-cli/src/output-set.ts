// A run's output files, replaced as a set: after a crash or a kill at any moment, the folder shows
// the previous run's files or this run's, never some of each.
//
// How. The files live in a hidden generation folder, <out>/.backprop/<generation>/, and each name
// in <out> is a symbolic link through <out>/.backprop/current, itself a link to a generation:
//
//   out/model.json  ->  .backprop/current/model.json      (made once, then never changed)
//   out/.backprop/current  ->  g-…                         (the one link a run changes)
//
// A run fills a new generation, then renames a new `current` link over the old one. That rename is
// the moment the whole set changes, and a rename is atomic. Before it, nothing visible has
// changed; after it, only leftovers remain (the old generation, links to names the new set lacks),
// which are removed, and which the next run removes if this one was killed first. Files in <out>
// that the run does not write are never touched. Where links cannot be made (Windows without
// developer mode, FAT drives), the files are renamed into place one at a time instead.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { join, sep } from 'node:path';

/** The hidden folder inside `--out` that holds the generations. */
export const STATE_FOLDER = '.backprop';

const hex = () => randomBytes(4).toString('hex');

export class OutputSet {
  private readonly names = new Set<string>();
  private steps = 0;

  private constructor(
    readonly folder: string,
    private readonly generation: string,
  ) {}

  /** Starts a new set in `folder` (which must exist), removing what killed runs left behind. */
  static async open(folder: string): Promise<OutputSet> {
    const state = join(folder, STATE_FOLDER);
    await fs.mkdir(state, { recursive: true });
    const current = await readLink(join(state, 'current'));
    for (const entry of await fs.readdir(state)) {
      if (entry !== 'current' && entry !== current) {
        await fs.rm(join(state, entry), { recursive: true, force: true });
      }
    }
    const generation = `g-${Date.now().toString(36)}-${hex()}`;
    await fs.mkdir(join(state, generation));
    return new OutputSet(folder, generation);
  }

  /** Writes one file of the set, flushed to disk; nothing is visible in the folder yet. */
  async add(name: string, data: string | Uint8Array): Promise<void> {
    if (name === '' || name.startsWith('.') || name.includes('/') || name.includes(sep)) {
      throw new RangeError(
        `OutputSet.add: expected a plain file name, got ${JSON.stringify(name)}`,
      );
    }
    const handle = await fs.open(this.path(this.generation, name), 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.names.add(name);
    await this.checkpoint();
  }

  /** Makes the set visible in one step; returns the paths of its files. */
  async commit(): Promise<string[]> {
    const state = join(this.folder, STATE_FOLDER);
    await syncFolder(join(state, this.generation));
    if (!(await this.canLink())) return this.commitOneByOne();
    let old = await readLink(join(state, 'current'));
    if (old === undefined) {
      // the first set written this way: an empty generation stands for "before"
      old = `g-0-${hex()}`;
      await fs.mkdir(join(state, old));
      await replaceWithLink(state, join(state, 'current'), old);
    }
    // every name becomes a link through `current` before the switch; a plain file already there
    // (from an older version of backprop) moves into the old generation, so it reads the same
    for (const name of this.names) {
      const visible = join(this.folder, name);
      const target = join(STATE_FOLDER, 'current', name);
      const stat = await fs.lstat(visible).catch(() => undefined);
      if (stat?.isDirectory()) {
        throw new Error(`cannot write ${visible}: a folder is in the way; expected a file`);
      }
      if (stat !== undefined && (await readLink(visible)) === target) continue;
      if (stat !== undefined) {
        const copy = this.path(old, `.${name}.${hex()}.tmp`);
        // (a link of the user's that leads nowhere has nothing to keep)
        const copied = await fs.copyFile(visible, copy).then(
          () => true,
          () => false,
        );
        if (copied) await fs.rename(copy, this.path(old, name));
      }
      await replaceWithLink(state, visible, target);
      await this.checkpoint();
    }
    await syncFolder(this.folder);
    // the switch: one rename, and the new set is what every name shows
    await replaceWithLink(state, join(state, 'current'), this.generation);
    await syncFolder(state);
    await this.checkpoint();
    // leftovers: links to names the new set lacks, and the old generation
    for (const entry of await fs.readdir(this.folder)) {
      const link = await readLink(join(this.folder, entry));
      const prefix = join(STATE_FOLDER, 'current') + sep;
      if (link?.startsWith(prefix) && !this.names.has(link.slice(prefix.length))) {
        await fs.rm(join(this.folder, entry), { force: true });
        await this.checkpoint();
      }
    }
    await fs.rm(join(state, old), { recursive: true, force: true });
    return [...this.names].map((name) => join(this.folder, name));
  }

  /** Throws the set away: nothing visible changes. */
  async discard(): Promise<void> {
    await fs.rm(join(this.folder, STATE_FOLDER, this.generation), { recursive: true, force: true });
  }

  private path(generation: string, name: string): string {
    return join(this.folder, STATE_FOLDER, generation, name);
  }

  private async canLink(): Promise<boolean> {
    const probe = join(this.folder, STATE_FOLDER, `.link-test.${hex()}`);
    try {
      await fs.symlink(this.generation, probe);
      return true;
    } catch {
      return false;
    } finally {
      await fs.rm(probe, { force: true });
    }
  }

  /** Without links: each file renamed over its name, one at a time (a kill can leave a mix). */
  private async commitOneByOne(): Promise<string[]> {
    for (const name of this.names) {
      await fs.rename(this.path(this.generation, name), join(this.folder, name));
      await this.checkpoint();
    }
    await this.discard();
    return [...this.names].map((name) => join(this.folder, name));
  }

  /**
   * A point between two steps of writing the set. For the kill test: with the environment variable
   * BACKPROP_TEST_CRASH_AT=k, the process kills itself (SIGKILL: nothing runs after it) at point k.
   */
  private async checkpoint(): Promise<void> {
    this.steps++;
    if (process.env.BACKPROP_TEST_CRASH_AT === String(this.steps)) {
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {}); // the signal arrives asynchronously: never go on
    }
  }
}

/** Writes `files` into `folder` as one set (see OutputSet); returns their paths. */
export async function writeOutputSet(
  folder: string,
  files: Iterable<[string, string | Uint8Array]>,
): Promise<string[]> {
  const set = await OutputSet.open(folder);
  try {
    for (const [name, data] of files) await set.add(name, data);
    return await set.commit();
  } catch (error) {
    await set.discard().catch(() => {});
    throw error;
  }
}

/** Where a symbolic link points; undefined for anything else, or nothing. */
async function readLink(path: string): Promise<string | undefined> {
  return fs.readlink(path).catch(() => undefined);
}

/** Puts a link at `path` pointing to `target`, replacing what is there in one rename. */
async function replaceWithLink(state: string, path: string, target: string): Promise<void> {
  // made in the hidden folder (a killed run leaves it there, where the next run removes it)
  const temp = join(state, `.link.${process.pid}.${hex()}.tmp`);
  await fs.symlink(target, temp);
  try {
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Flushes a folder's entries (new names, renames) to disk, where the system allows it. */
async function syncFolder(path: string): Promise<void> {
  const handle = await fs.open(path, 'r').catch(() => undefined);
  await handle?.sync().catch(() => {});
  await handle?.close();
}
