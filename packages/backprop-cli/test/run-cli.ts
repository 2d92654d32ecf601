// Runs the built `backprop` binary as a user runs it (needs `npm run build`; `npm test` does it).
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const bin = resolve(import.meta.dirname, '../dist/main.js');

export function assertBuilt(): void {
  if (!existsSync(bin))
    throw new Error('packages/backprop-cli/dist/main.js is missing: run `npm run build` first');
}

/** Runs `backprop ...args` in `cwd`; `options` may set e.g. the environment or the user. */
export function runCli(cwd: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync('node', [bin, ...args], {
    cwd,
    encoding: 'utf8',
    ...options,
    env: { ...process.env, CI: '1', ...options.env },
  });
  return { status: r.status, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
}
