// `--out` is checked before any work (issue 15 item 8): a folder the run cannot write into fails
// at once, with exit 1 and one line naming the folder, before a single training step.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from './run-cli.ts';

let cwd: string;
beforeAll(() => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'backprop-out-folder-'));
  chmodSync(cwd, 0o755);
  mkdirSync(join(cwd, 'ro'));
  chmodSync(join(cwd, 'ro'), 0o555);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

// root may write anywhere: run as nobody then, for whom a folder with mode 555 is read-only
const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

describe('--out', () => {
  it('train into a read-only folder fails before training, with one line naming it', () => {
    // 3,000 steps would take a while: no step may be reported
    const r = runCli(cwd, ['train', '--steps', '3000', '--out', 'ro'], asUser);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('backprop: cannot write to the folder ro: permission denied\n');
    expect(readdirSync(join(cwd, 'ro'))).toEqual([]);
  });

  it('graph into a folder inside a read-only one fails alike, naming the folder it could not make', () => {
    const r = runCli(cwd, ['graph', 'x', '--set', 'x=1', '--out', 'ro/sub'], asUser);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('backprop: cannot create the folder ro/sub: permission denied\n');
    const file = runCli(cwd, ['graph', 'x', '--set', 'x=1', '--out', 'ro/g.svg'], asUser);
    expect(file.status).toBe(1);
    expect(file.stderr).toBe('backprop: cannot write to the folder ro: permission denied\n');
  });
});
