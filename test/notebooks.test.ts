// The notebooks, run as CI runs them: tools/run_notebooks.py type-checks their code cells, executes
// them with the project's Deno kernel and checks the outputs their cells declare (metadata.expect).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const notebooks = readdirSync(join(root, 'notebooks'))
  .filter((name) => name.endsWith('.ipynb'))
  .sort();
const python = '/usr/bin/python3';
const aptLine =
  'DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends python3-nbclient';

/** Why the notebooks cannot run here, or undefined when Debian's Jupyter is installed. */
async function jupyterMissing(): Promise<string | undefined> {
  const { status } = await run(python, ['-c', 'import nbclient, nbformat']);
  return status === 0 ? undefined : `${python} cannot import nbclient (Jupyter is not installed)`;
}

/** Runs a command in the project folder; resolves with its exit status and everything it printed. */
function run(command: string, args: string[]): Promise<{ status: number; output: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: root, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ status, output: `${stdout}${stderr}` });
    });
  });
}

interface Cell {
  id?: string;
  cell_type: string;
  metadata: { expect?: { mime?: string[]; text?: string[] } };
  outputs?: {
    output_type: string;
    name?: string;
    text?: string | string[];
    data?: Record<string, unknown>;
  }[];
}

const joined = (text: unknown) => (Array.isArray(text) ? text.join('') : String(text ?? ''));

describe('notebooks', () => {
  it('run_notebooks.py type-checks, executes and checks every notebook', {
    timeout: 900_000,
  }, async ({ skip }) => {
    const missing = await jupyterMissing();
    if (missing && process.env.CI) throw new Error(`${missing}. Install it with:\n  ${aptLine}`);
    if (missing) {
      // the default reporter does not print skip notes, so say it here too
      console.warn(`notebooks not run: ${missing}; install it with:\n  ${aptLine}`);
      skip(`${missing}; install it with: ${aptLine}`);
    }

    // Executed copies go to a temporary folder: the committed notebooks stay as they are.
    const out = mkdtempSync(join(tmpdir(), 'backprop-notebooks-'));
    try {
      const args = [
        'tools/run_notebooks.py',
        '--out',
        out,
        ...notebooks.map((n) => `notebooks/${n}`),
      ];
      const { status, output } = await run(python, args);
      expect(status, output).toBe(0);
      expect(readdirSync(out).sort()).toEqual(notebooks);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.each(notebooks)('%s is committed with the outputs its cells declare', (name) => {
    const nb = JSON.parse(readFileSync(join(root, 'notebooks', name), 'utf8')) as {
      cells: Cell[];
      metadata: { kernelspec?: { name?: string } };
    };
    expect(nb.metadata.kernelspec?.name).toBe('deno-local');
    let declared = 0;
    for (const cell of nb.cells) {
      expect(cell.id, `a ${cell.cell_type} cell has no id`).toBeTruthy();
      const outputs = cell.outputs ?? [];
      const mimes = outputs.flatMap((o) => Object.keys(o.data ?? {}));
      const printed = outputs
        .map((o) => joined(o.output_type === 'stream' ? o.text : o.data?.['text/plain']))
        .join('');
      if (outputs.length > 0) {
        expect(
          cell.metadata.expect,
          `cell "${cell.id}" shows output but declares none`,
        ).toBeDefined();
      }
      for (const mime of cell.metadata.expect?.mime ?? []) {
        declared++;
        expect(mimes, `cell "${cell.id}"`).toContain(mime);
      }
      for (const text of cell.metadata.expect?.text ?? []) {
        declared++;
        expect(printed, `cell "${cell.id}"`).toContain(text);
      }
    }
    expect(declared, 'expected outputs declared in cell metadata').toBeGreaterThan(0);
  });
});
