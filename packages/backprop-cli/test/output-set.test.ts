// A run's files are replaced as a set (issue 15 item 9): the process is killed at every step of
// writing them, and at random moments, and after each kill the folder must show the previous
// run's files or the new run's, all of them, never some of each; a file of the user's in the
// folder is never touched; nothing half-written is visible. Oracle: the two sets as complete runs
// write them, read back file by file.
import { spawn } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputSet, STATE_FOLDER } from '../src/output-set.ts';
import { assertBuilt, bin, runCli } from './run-cli.ts';

let cwd: string;
beforeAll(() => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'backprop-output-set-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const NOTE = 'my own notes, not written by backprop';

/** Name → contents of every file the folder shows (a link leading nowhere shows nothing). */
function shown(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder).sort()) {
    if (name.startsWith('.')) continue;
    try {
      files.set(name, readFileSync(join(folder, name), 'latin1'));
    } catch {
      // a dangling link: the name of a file the new set does not have, removed after the switch
    }
  }
  return files;
}

/** Which set a folder shows, after setting the user's note aside (which must be unchanged). */
function whichSet(folder: string, sets: Record<string, Map<string, string>>): string {
  const files = shown(folder);
  expect(files.get('notes.txt')).toBe(NOTE);
  files.delete('notes.txt');
  const names = readdirSync(folder).filter((n) => !n.startsWith('.') && n !== 'notes.txt');
  const known = new Set(Object.values(sets).flatMap((s) => [...s.keys()]));
  // nothing visible that neither set has: no temporary files
  for (const name of names) expect(known, name).toContain(name);
  const match = Object.entries(sets).find(
    ([, set]) =>
      set.size === files.size && [...set].every(([name, data]) => files.get(name) === data),
  );
  if (match === undefined) {
    throw new Error(`${folder} shows a mix: ${[...files.keys()].join(', ')}`);
  }
  return match[0];
}

/** A folder holding the user's note and what `args` writes, as a template to copy. */
function template(name: string, args: string[] | undefined): string {
  const folder = join(cwd, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'notes.txt'), NOTE);
  if (args !== undefined) {
    const r = runCli(cwd, [...args, '--out', folder]);
    expect(r.status, r.stderr).toBe(0);
  }
  return folder;
}

describe('a run’s output files', () => {
  // the previous run drew the backward steps too (more files); the new one draws one graph
  const oldRun = ['graph', 'x*2', '--set', 'x=1', '--png', '--backward-steps'];
  const newRun = ['graph', 'x*2', '--set', 'x=3', '--png'];

  it('graph killed at every step of writing its files leaves the old set or the new one', () => {
    const sets = {
      old: shown(template('ref-old', oldRun)),
      new: shown(template('ref-new', newRun)),
    };
    sets.old.delete('notes.txt');
    sets.new.delete('notes.txt');
    expect([...sets.old.keys()]).toEqual([
      'graph-step-00.png',
      'graph-step-00.svg',
      'graph-step-01.png',
      'graph-step-01.svg',
      'graph.png',
      'graph.svg',
    ]);
    // the old set as this version writes it, and as plain files (an older version, or a copy):
    // plain files are the run's only where it writes those names, so that old set is the two
    // files the new run replaces
    const previous = template('previous', oldRun);
    const plain = template('plain', undefined);
    const plainSets = {
      old: new Map([...sets.old].filter(([name]) => sets.new.has(name))),
      new: sets.new,
    };
    for (const [name, data] of plainSets.old) writeFileSync(join(plain, name), data, 'latin1');

    for (const start of [previous, plain]) {
      const expected = start === plain ? plainSets : sets;
      const seen = new Set<string>();
      for (let k = 1; ; k++) {
        const folder = join(cwd, `kill-${k}-${start === plain ? 'plain' : 'set'}`);
        cpSync(start, folder, { recursive: true, verbatimSymlinks: true });
        const r = runCli(cwd, [...newRun, '--out', folder], {
          env: { BACKPROP_TEST_CRASH_AT: String(k) },
        });
        const finished = r.status === 0;
        if (!finished) expect(r.signal, r.stderr).toBe('SIGKILL');
        seen.add(whichSet(folder, expected));
        if (finished) {
          expect(whichSet(folder, expected)).toBe('new');
          // and the names only the old set had are gone, not left as links that lead nowhere
          expect(readdirSync(folder).filter((n) => !n.startsWith('.'))).toEqual(
            [...expected.new.keys(), 'notes.txt'].sort(),
          );
          // what a killed run left behind is removed by the next run: one generation remains
          const again = join(cwd, `again-${k}`);
          cpSync(folder, again, { recursive: true, verbatimSymlinks: true });
          expect(runCli(cwd, [...newRun, '--out', again]).status).toBe(0);
          expect(readdirSync(join(again, STATE_FOLDER)).length).toBe(2);
          expect(k).toBeGreaterThan(3); // it was killed at several points before this
          break;
        }
      }
      // kills before the switch kept the old set, those after it show the new one
      expect([...seen].sort()).toEqual(['new', 'old']);
    }
  }, 180_000);

  it('train killed at random moments leaves the old set or the new one', async () => {
    const train = (seed: number) => ['train', '--steps', '2', '--seed', String(seed)];
    const sets = {
      old: shown(template('train-old', train(1))),
      new: shown(template('train-new', train(2))),
    };
    sets.old.delete('notes.txt');
    sets.new.delete('notes.txt');
    expect(sets.old.size).toBe(5);
    expect(sets.old.get('model.json')).not.toBe(sets.new.get('model.json'));
    const seen: string[] = [];
    for (const delay of [300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2700, 3000]) {
      const folder = join(cwd, `train-kill-${delay}`);
      cpSync(join(cwd, 'train-old'), folder, { recursive: true, verbatimSymlinks: true });
      const child = spawn('node', [bin, ...train(2), '--out', folder], {
        cwd,
        stdio: 'ignore',
        env: { ...process.env, CI: '1' },
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      await new Promise((done) => child.on('exit', done));
      clearTimeout(timer);
      seen.push(whichSet(folder, sets));
    }
    // the slowest machines may not finish any run in time, the fastest all of them: only the
    // consistency checks above must hold
    expect(seen).toHaveLength(10);
  }, 180_000);

  it('OutputSet.add() takes plain file names only', async () => {
    const folder = join(cwd, 'names');
    mkdirSync(folder);
    const set = await OutputSet.open(folder);
    for (const name of ['', '.hidden', 'a/b', '../up']) {
      await expect(set.add(name, 'x')).rejects.toThrow(
        `OutputSet.add: expected a plain file name, got ${JSON.stringify(name)}`,
      );
    }
    await set.discard();
    expect(readdirSync(join(folder, STATE_FOLDER))).toEqual([]);
  });
});
