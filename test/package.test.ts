// The package as a consumer installs it: `npm pack`, unpack into a fresh node_modules, import by name.
// Needs the build (`npm test` runs it first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
let dir: string;

beforeAll(() => {
  if (!existsSync(join(root, 'dist/index.js')))
    throw new Error('dist/ is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'backprop-consumer-'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
  const pkg = join(dir, 'node_modules/backprop');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', pkg, '--strip-components=1']);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('import { Value } from "backprop" works in plain Node', () => {
    const script = join(dir, 'consumer.mjs');
    writeFileSync(
      script,
      `import { Value } from 'backprop';
const a = new Value(2, 'a'), b = new Value(-3, 'b'), c = new Value(10, 'c'), f = new Value(-2, 'f');
const L = a.mul(b).add(c).mul(f);
L.backward();
console.log(JSON.stringify([L.data, a.grad, b.grad, c.grad, f.grad]));`,
    );
    const out = execFileSync('node', [script], { cwd: dir, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual([-8, 6, -4, -2, 4]);
  });

  it('ships type declarations that a TypeScript consumer can check against', () => {
    writeFileSync(
      join(dir, 'consumer.ts'),
      `import { Value } from 'backprop';
const v: Value = new Value(1).tanh();
const n: number = v.grad;
// @ts-expect-error: data must be a number
new Value('1');
export { n };`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
        },
        files: ['consumer.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/.bin/tsc');
    expect(() => execFileSync(tsc, ['-p', dir], { encoding: 'utf8' })).not.toThrow();
  });

  it('contains the built files but not the sources or tests', () => {
    const files = readdirSync(join(dir, 'node_modules/backprop'));
    expect(files).toContain('dist');
    expect(files).not.toContain('test');
    expect(files).not.toContain('node_modules');
  });
});
