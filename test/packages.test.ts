// The three packages as a user installs them. Each is packed from a copy of its sources (so its
// `prepack` build must work from nothing, as in a clean clone), the tarballs are installed into a
// fresh project, and that project runs the README's examples, type-checks a strict consumer and
// runs the installed `backprop` command. The registry is the only network used (npm's own cache
// first), as for any user.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const names = ['backprop', 'backprop-viz', 'backprop-cli'] as const;
const bin = (name: string) => join(root, 'node_modules/.bin', name);
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

let dir: string;
let sources: string;
const tarballs = new Map<string, string>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backprop-packages-'));
  sources = join(dir, 'sources');
  // the packages' own files, without anything built: what a clean clone has
  for (const name of names) {
    for (const entry of ['package.json', 'README.md', 'tsconfig.json', 'src']) {
      cpSync(join(root, 'packages', name, entry), join(sources, 'packages', name, entry), {
        recursive: true,
      });
    }
  }
  cpSync(join(root, 'tsconfig.base.json'), join(sources, 'tsconfig.base.json'));
  // the build tools and the packages' dependencies from the repository's install, but the
  // workspace links pointing at the copies
  const modules = join(sources, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if ((names as readonly string[]).includes(entry)) continue;
    symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  for (const name of names) symlinkSync(join(sources, 'packages', name), join(modules, name));
  for (const name of names) {
    const packed = JSON.parse(
      npm(['pack', '--json', '--pack-destination', dir], join(sources, 'packages', name)),
    ) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
    const { filename, size, unpackedSize, entryCount } = packed[0] as (typeof packed)[number];
    tarballs.set(name, join(dir, filename));
    console.log(
      `${name}: tarball ${(size / 1024).toFixed(1)} kB, ${entryCount} files, ` +
        `${(unpackedSize / 1024).toFixed(1)} kB unpacked`,
    );
  }
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A new, empty npm project in the temporary folder. */
function freshProject(name: string): string {
  const project = join(dir, name);
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name, private: true, type: 'module' }),
  );
  return project;
}

const installed = (project: string) =>
  readdirSync(join(project, 'node_modules')).filter((e) => !e.startsWith('.'));

describe('npm run build', () => {
  it('rebuilds a package whose dist/ was deleted (its build record lives in dist/ too)', () => {
    const core = join(sources, 'packages/backprop');
    expect(existsSync(join(core, 'dist/index.js'))).toBe(true); // left by its prepack
    rmSync(join(core, 'dist'), { recursive: true });
    execFileSync(bin('tsc'), ['-b', core], { encoding: 'utf8' });
    expect(existsSync(join(core, 'dist/index.js'))).toBe(true);
  }, 60_000);
});

describe('npm install backprop', () => {
  it('installs exactly one package: the engine has no dependencies', () => {
    const project = freshProject('engine-alone');
    npm(['install', tarballs.get('backprop') as string], project);
    expect(installed(project)).toEqual(['backprop']);
  }, 120_000);
});

describe('the three packages installed together', () => {
  let project: string;
  beforeAll(() => {
    project = freshProject('user');
    npm(['install', ...names.map((n) => tarballs.get(n) as string)], project);
  }, 180_000);

  it('each tarball holds its build and README, and no sources or tests', () => {
    for (const name of names) {
      const files = execFileSync('tar', ['-tzf', tarballs.get(name) as string], {
        encoding: 'utf8',
      }).split('\n');
      expect(files, name).toContain('package/dist/index.js');
      expect(files, name).toContain('package/dist/index.d.ts');
      expect(files, name).toContain('package/README.md');
      expect(
        files.filter((f) => f.includes('/src/') || f.includes('/test/')),
        name,
      ).toEqual([]);
    }
  });

  it("runs the README's examples as written", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const readmes = [
      readme,
      ...names.map((n) => readFileSync(join(root, 'packages', n, 'README.md'), 'utf8')),
    ];
    const blocks = readmes.flatMap((text) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)]);
    const examples = blocks
      .map((m) => m[1] as string)
      .filter((code) => /from 'backprop/.test(code));
    expect(examples.length).toBeGreaterThanOrEqual(6);
    const outputs = examples.map((code, i) => {
      const file = join(project, `example-${i}.ts`);
      writeFileSync(file, code);
      return execFileSync(bin('tsx'), [file], { cwd: project, encoding: 'utf8' });
    });
    // the engine's own README says what its first example prints
    expect(outputs).toContain('-8 6 -4\n');
    // the first example prints what the README shows under it
    const printed = /## First example[\s\S]*?```ts\n[\s\S]*?```[\s\S]*?```\n([\s\S]*?)```/.exec(
      readme,
    )?.[1];
    const out = execFileSync(bin('tsx'), [join(project, 'example-0.ts')], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(out).toBe(printed);
    // the pictures example writes the picture it describes
    const png = readFileSync(join(project, 'neuron-graph.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);

  it('type-checks a strict nodenext consumer of all three, without skipLibCheck', () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { MLP, makeMoons, toDot, train, Value, type ValueLike } from 'backprop';
import { loadModel, saveModel } from 'backprop/node';
import { decisionBoundarySvg, lossCurvesSvg, renderGraphSvg, svgToPng } from 'backprop-viz';
import { graphCommand, trainCommand } from 'backprop-cli';

const v: Value = new Value(1).tanh();
const grad: number = v.grad;
const drawn: ValueLike = v;
// @ts-expect-error: data must be a number
new Value('1');
const data = makeMoons({ nSamples: 20, noise: 0.1, seed: 1 });
const model = new MLP(2, [4, 1]);
const { history } = train(model, data, { steps: 2 });
const pictures: Promise<string> = renderGraphSvg(toDot(drawn));
const boundary: string = decisionBoundarySvg({
  predict: (a, b) => model.predict([a, b])[0] ?? 0,
  ...data,
});
const curves: string = lossCurvesSvg(history);
const png: Uint8Array = svgToPng(curves);
const files: [Promise<void>, Promise<MLP>] = [saveModel('m.json', model), loadModel('m.json')];
const commands: string[] = [trainCommand().name(), graphCommand().name()];
export { boundary, commands, files, grad, pictures, png };
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    const check = spawnSync(bin('tsc'), ['-p', project], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 60_000);

  it('the installed `backprop` command prints its help and trains', () => {
    const backprop = join(project, 'node_modules/.bin/backprop');
    const help = execFileSync(backprop, ['--help'], { cwd: project, encoding: 'utf8' });
    expect(help).toMatch(/Usage: backprop/);
    expect(help).toMatch(/train/);
    execFileSync(backprop, ['train', '--out', 'o'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    const written = readdirSync(join(project, 'o')).sort();
    for (const file of ['decision-boundary.png', 'model.json', 'training.png']) {
      expect(written).toContain(file);
    }
    expect(existsSync(join(project, 'node_modules/backprop-cli/dist/main.js'))).toBe(true);
  }, 120_000);
});
