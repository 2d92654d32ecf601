// The README's first example runs and prints exactly what the README says it prints.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README', () => {
  it('first example prints what the README shows', () => {
    const section = readme.slice(readme.indexOf('## First example'));
    const [, code, printed] = section.match(/```ts\n([\s\S]*?)```[\s\S]*?```\n([\s\S]*?)```/) ?? [];
    expect(code, 'a ts block followed by its output').toBeTruthy();
    const dir = mkdtempSync(join(tmpdir(), 'backprop-readme-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(
        file,
        (code as string).replace(
          `from 'backprop'`,
          `from '${root}/packages/backprop/src/index.ts'`,
        ),
      );
      const out = execFileSync(join(root, 'node_modules/.bin/tsx'), [file], { encoding: 'utf8' });
      expect(out).toBe(printed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
