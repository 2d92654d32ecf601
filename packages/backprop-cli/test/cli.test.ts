// The built `backprop` binary, run as a user runs it (needs `npm run build`; `npm test` does it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microgradDemo as demo } from '../../../fixtures/index.ts';
import { pngSize, svgSize } from './picture-size.ts';

const bin = resolve(import.meta.dirname, '../dist/main.js');

let cwd: string;
beforeAll(() => {
  if (!existsSync(bin))
    throw new Error('packages/backprop-cli/dist/main.js is missing: run `npm run build` first');
  cwd = mkdtempSync(join(tmpdir(), 'backprop-cli-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function backprop(...args: string[]) {
  const r = spawnSync('node', [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `--json` output: one JSON object per line. */
const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

describe('backprop train', () => {
  it('--json reproduces micrograd’s 100-step trajectory', () => {
    const r = backprop('train', '--json', '--out', 'json-out');
    expect(r.status, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(100);
    lines.forEach((line, k) => {
      const want = demo.trajectory[k] as { step: number; loss: number; accuracy: number };
      expect(Object.keys(line)).toEqual(['step', 'loss', 'accuracy']);
      expect(line.step).toBe(want.step);
      expect(Math.abs(line.loss - want.loss) / want.loss).toBeLessThanOrEqual(1e-9);
      expect(line.accuracy).toBe(want.accuracy);
    });
    expect(Math.abs(lines[99].loss - 0.010978370135492717)).toBeLessThan(1e-9 * 0.011);
    expect(lines[99].accuracy).toBe(1);
  }, 120_000);

  it('with no flags trains the demo, reports as it goes and writes plots and the model', () => {
    const r = backprop('train');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('step 0  loss 0.895844  accuracy 50.0%');
    expect(r.stdout).toContain('step 99  loss 0.010978  accuracy 100.0%');
    expect(r.stdout).toContain('final loss 0.010978, accuracy 100.0%');
    expect(lines.at(-1)).toMatch(/^wrote out\/decision-boundary\.svg, .*out\/model\.json$/);
    // (the hidden .backprop folder holds the files; see output-set.test.ts)
    const shown = readdirSync(join(cwd, 'out')).filter((f) => !f.startsWith('.'));
    expect(shown.sort()).toEqual([
      'decision-boundary.png',
      'decision-boundary.svg',
      'model.json',
      'training.png',
      'training.svg',
    ]);
    for (const name of ['decision-boundary', 'training']) {
      const [w, h] = svgSize(join(cwd, 'out', `${name}.svg`));
      // PNGs are rendered at twice the SVG's size
      expect(pngSize(join(cwd, 'out', `${name}.png`))).toEqual([2 * w, 2 * h]);
    }
    const boundary = readFileSync(join(cwd, 'out/decision-boundary.svg'), 'utf8');
    expect(boundary).toContain('MLP 2-16-16-1 on moons, after 100 steps');
    expect((boundary.match(/<circle/g) ?? []).length).toBeGreaterThanOrEqual(100);
    const modelText = readFileSync(join(cwd, 'out/model.json'), 'utf8');
    expect(JSON.parse(modelText).weights).toHaveLength(337);
    expect(modelText.endsWith('}\n') && !modelText.endsWith('\n\n')).toBe(true);
  }, 120_000);

  it('a run whose loss diverges exits 1 with one line, and writes nothing', () => {
    const r = backprop('train', '--learning-rate', '1e6', '--steps', '20', '--out', 'diverged-out');
    expect(r.status).toBe(1);
    const lastStep = r.stdout.trim().split('\n').at(-1) as string;
    const [, step, loss] = lastStep.match(/^step (\d+) {2}loss (\S+)/) ?? [];
    expect(Number.isFinite(Number(loss))).toBe(false);
    expect(r.stderr).toBe(
      `backprop: training diverged at step ${step}: the loss is ${loss}; nothing written (try a smaller --learning-rate)\n`,
    );
    expect(readdirSync(join(cwd, 'diverged-out'))).toEqual([]);
  });

  it('--engine object gives the same trajectory as the tape', () => {
    // the default engine, auto, runs lanes: the same up to the last bits, not bit for bit
    const tape = backprop('train', '--json', '--steps', '10', '--engine', 'tape', '--out', 'e1');
    const object = backprop(
      'train',
      '--json',
      '--steps',
      '10',
      '--engine',
      'object',
      '--out',
      'e2',
    );
    expect(object.status, object.stderr).toBe(0);
    expect(object.stdout).toBe(tape.stdout);
  }, 60_000);

  it('flags change the configuration', () => {
    const r = backprop(
      'train',
      '--dataset',
      'circles',
      '--n-samples',
      '60',
      '--hidden',
      '8',
      '--optimizer',
      'adam',
      '--learning-rate',
      '0.05',
      '--schedule',
      'constant',
      '--steps',
      '5',
      '--test-fraction',
      '0.25',
      '--loss',
      'bce',
      '--json',
      '--out',
      'flags-out',
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(5);
    expect(Object.keys(lines[0])).toEqual(['step', 'loss', 'accuracy', 'testLoss', 'testAccuracy']);
    // 45 training points: accuracy is a multiple of 1/45
    for (const l of lines)
      expect(Math.abs(l.accuracy * 45 - Math.round(l.accuracy * 45))).toBeLessThan(1e-9);
    expect(r.stderr).toContain('MLP 2-8-1 on circles: 5 steps');
  }, 60_000);

  it('the deprecated --samples, --lr and --test-split still work, with a warning each', () => {
    const args = ['--json', '--steps', '3', '--dataset', 'circles', '--loss', 'bce'];
    const old = ['--samples', '40', '--lr', '0.05', '--test-split', '0.25'];
    const now = ['--n-samples', '40', '--learning-rate', '0.05', '--test-fraction', '0.25'];
    const a = backprop('train', ...args, ...old, '--out', 'old-flags');
    const b = backprop('train', ...args, ...now, '--out', 'new-flags');
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stderr).toContain('backprop: --samples is deprecated; use --n-samples\n');
    expect(a.stderr).toContain('backprop: --lr is deprecated; use --learning-rate\n');
    expect(a.stderr).toContain('backprop: --test-split is deprecated; use --test-fraction\n');
    expect(b.stderr).not.toContain('deprecated');
  }, 60_000);

  it('trains on a CSV file of the user’s points', () => {
    const rows = ['x1,x2,label'];
    for (let i = 0; i < 20; i++) rows.push(`${i / 10 - 1},${(i % 5) / 5},${i < 10 ? 0 : 1}`);
    writeFileSync(join(cwd, 'points.csv'), `${rows.join('\n')}\n`);
    const r = backprop('train', '--data', 'points.csv', '--steps', '3', '--out', 'csv-out');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('on points.csv: 3 steps');
  }, 60_000);

  it.each([
    [
      ['--loss', 'svm'],
      "option '--loss <name>' argument 'svm' is invalid. Allowed choices are hinge, mse, bce, cross-entropy.",
    ],
    [['--dataset', 'swirl'], 'Allowed choices are moons, circles, blobs, spiral, xor.'],
    [['--optimizer', 'rmsprop'], 'Allowed choices are sgd, momentum, adam.'],
    // a capital after commander's full stop
    [
      ['--steps', 'ten'],
      "option '--steps <n>' argument 'ten' is invalid. Expected a positive integer.",
    ],
    [['--learning-rate', '-1'], 'Expected a number > 0.'],
    [['--lr', '-1'], "option '--lr <rate>' argument '-1' is invalid. Expected a number > 0."],
    [['--hidden', '16,x'], 'Expected comma-separated positive integers'],
    [['--test-fraction', '1'], 'Expected a fraction from 0 up to (not including) 1.'],
    [
      ['--n-samples', '0'],
      "option '--n-samples <n>' argument '0' is invalid. Expected a positive integer.",
    ],
    [['--seed', '4294967296'], 'Expected an integer in [0, 2^32 - 1].'],
    // conflicting or unused flags
    [
      ['--dataset', 'spiral', '--data', 'points.csv'],
      "option '--dataset <name>' cannot be used with option '--data <file.csv>'",
    ],
    [
      ['--n-samples', '50', '--data', 'points.csv'],
      "option '--n-samples <n>' cannot be used with option '--data <file.csv>'",
    ],
    [
      ['--samples', '50', '--data', 'points.csv'],
      "option '--samples <n>' cannot be used with option '--data <file.csv>'",
    ],
    [
      ['--noise', '0.2', '--data', 'points.csv'],
      "option '--noise <x>' cannot be used with option '--data <file.csv>'",
    ],
    [
      ['--lr', '0.1', '--learning-rate', '0.2'],
      "option '--lr <rate>' cannot be used with option '--learning-rate <rate>'",
    ],
    // usage errors that depend on the data's size name the flags, not the library's options
    [
      ['--engine', 'tape', '--batch-size', '10'],
      'backprop: --engine tape replays one graph, so it needs full batches; --batch-size 10 is less than the 100 training samples',
    ],
    [
      ['--test-split', '0.99', '--samples', '10'],
      'backprop: --test-split 0.99 holds out all 10 samples of --samples 10; expected a fraction <= 0.9\n',
    ],
    [
      ['--test-fraction', '0.99', '--n-samples', '10'],
      'backprop: --test-fraction 0.99 holds out all 10 samples of --n-samples 10; expected a fraction <= 0.9\n',
    ],
    [
      ['--data', 'empty.csv'],
      'backprop: --data empty.csv: expected lines of x1,x2,label, got no data rows\n',
    ],
    [['--engine', 'gpu'], 'Allowed choices are auto, tape, object.'],
    [['--frobnicate'], "unknown option '--frobnicate'; expected one of --dataset, --data,"],
  ])('%j is a usage error: one line naming the choices, exit 2', (args, message) => {
    writeFileSync(join(cwd, 'points.csv'), 'x1,x2,label\n0,0,0\n1,1,1\n');
    writeFileSync(join(cwd, 'empty.csv'), 'x1,x2,label\n');
    const r = backprop('train', ...args, '--out', 'never');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, 'never'))).toBe(false);
  });

  it('a malformed CSV is a usage error naming --data and its line number, and writes nothing', () => {
    writeFileSync(join(cwd, 'bad.csv'), 'x1,x2,label\n0.5,0.5,1\n0.1,abc,0\n');
    const r = backprop('train', '--data', 'bad.csv', '--out', 'bad-out');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'backprop: --data bad.csv: line 3: expected x2 to be a finite decimal number, got "abc"\n',
    );
    expect(existsSync(join(cwd, 'bad-out'))).toBe(false);
  });

  it('--out naming a file is a usage error, found before training, and the file is kept', () => {
    writeFileSync(join(cwd, 'taken'), 'keep me');
    const r = backprop('train', '--out', 'taken');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('backprop: --out taken: a file is in the way; expected a folder\n');
    expect(readFileSync(join(cwd, 'taken'), 'utf8')).toBe('keep me');
  });

  it('a missing CSV file is named', () => {
    const r = backprop('train', '--data', 'nowhere.csv');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('backprop: cannot read nowhere.csv: no such file\n');
  });
});

// backprop graph: see graph.test.ts

describe('backprop --help', () => {
  it('documents every train flag with its default', () => {
    const r = backprop('train', '--help');
    expect(r.status).toBe(0);
    for (const [flag, def] of [
      ['--dataset', '"moons"'],
      ['--n-samples', '100'],
      ['--noise', '0.1'],
      ['--seed', '1337'],
      ['--hidden', '16,16'],
      ['--activation', '"relu"'],
      ['--loss', '"hinge"'],
      ['--l2', '0.0001'],
      ['--optimizer', '"sgd"'],
      ['--learning-rate', '1'],
      ['--schedule', '"linear"'],
      ['--steps', '100'],
      ['--batch-size', 'all of them'],
      ['--test-fraction', '0'],
      ['--engine', '"auto"'],
      ['--out', '"out"'],
    ]) {
      const entry = r.stdout.slice(r.stdout.indexOf(`${flag} `)).split(/\n {2}--/)[0] as string;
      expect(entry.replace(/\s+/g, ' '), flag).toContain(`default: ${def}`);
    }
    // the deprecated aliases work but are not advertised
    for (const old of ['--samples', '--lr', '--test-split']) expect(r.stdout).not.toContain(old);
  });

  it('lists the commands', () => {
    const r = backprop('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/train \[options\]/);
    expect(r.stdout).toMatch(/graph \[options\] <expression>/);
  });

  it('an unknown command names the valid ones', () => {
    const r = backprop('trian');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("backprop: unknown command 'trian'; expected one of train, graph\n");
  });
});
