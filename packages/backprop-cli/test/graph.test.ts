// `backprop graph`, run from the built binary. Oracles: the lecture's grads for the tanh neuron
// (x1 −1.5, w1 1, x2 0.5, w2 0), counts of nodes and steps made by hand, and the messages the
// README documents.
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_DOT_NODES } from 'backprop';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BACKWARD_STEPS } from '../src/graph.ts';
import { pngSize, svgSize } from './picture-size.ts';
import { assertBuilt, runCli } from './run-cli.ts';

let cwd: string;
beforeAll(() => {
  assertBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'backprop-graph-'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const backprop = (...args: string[]) => runCli(cwd, args);
const read = (path: string) => readFileSync(join(cwd, path), 'utf8').replaceAll('&#45;', '-');
/** The files a user sees in a folder (not the hidden ones). */
const visible = (folder: string) =>
  readdirSync(join(cwd, folder))
    .filter((f) => !f.startsWith('.'))
    .sort();

const neuron = 'tanh(x1*w1 + x2*w2 + b)';
const values = 'x1=2,x2=0,w1=-3,w2=1,b=6.8813735870195432';
const terms = (n: number, term = 'x') => Array.from({ length: n }, () => term).join('+');

describe('backprop graph', () => {
  it('computes the value, runs backward and draws every node with data and grad', () => {
    const r = backprop('graph', neuron, '--set', values, '--png', '--out', 'g');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^tanh\(x1\*w1 \+ x2\*w2 \+ b\) = 0\.70710678118654\d*\n/);
    const svg = read('g/graph.svg');
    for (const name of ['x1', 'x2', 'w1', 'w2', 'b', 'tanh']) expect(svg).toContain(`>${name}<`);
    for (const grad of ['grad -1.5000', 'grad 1.0000', 'grad 0.5000', 'grad 0.0000'])
      expect(svg).toContain(grad);
    const [w, h] = svgSize(join(cwd, 'g/graph.svg'));
    const [width, height] = pngSize(join(cwd, 'g/graph.png'));
    expect(Math.abs(width - 2 * w)).toBeLessThanOrEqual(2);
    expect(Math.abs(height - 2 * h)).toBeLessThanOrEqual(2);
  }, 60_000);

  it('--backward-steps writes one picture per backward step, and says how many first', () => {
    const r = backprop('graph', neuron, '--set', values, '--backward-steps', '--out', 's');
    expect(r.status, r.stderr).toBe(0);
    // the root's grad set to 1, then one step per op node: *, *, +, +, tanh; plus the graph
    expect(r.stderr).toBe('drawing 7 pictures: the graph, then backward() step by step in 6\n');
    const steps = visible('s').filter((f) => f.startsWith('graph-step-'));
    expect(steps).toEqual([0, 1, 2, 3, 4, 5].map((k) => `graph-step-0${k}.svg`));
    expect(read('s/graph-step-05.svg')).toContain('grad -1.5000');
    // the first step's picture has only the root's grad: x1's is still 0
    expect(read('s/graph-step-00.svg')).not.toContain('grad -1.5000');
    expect(r.stdout).toContain('wrote 7 files to s');
  }, 60_000);

  it("graph's old --steps switch is a usage error that names --backward-steps", () => {
    const r = backprop('graph', 'x', '--set', 'x=1', '--steps', '--out', 'never');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "backprop: graph's --steps is now --backward-steps (train's --steps is the number of training steps)\n",
    );
    expect(existsSync(join(cwd, 'never'))).toBe(false);
  });

  it('a malformed expression is a usage error that shows the expression and a caret', () => {
    const r = backprop('graph', 'tanh(x1*', '--out', 'never');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "backprop: expected a number, a name, '(' or '-', got end of input at column 9\n" +
        '  tanh(x1*\n' +
        '          ^\n',
    );
    expect(existsSync(join(cwd, 'never'))).toBe(false);
  });

  it('--set with a value that is not a decimal number is a usage error, hex included', () => {
    for (const value of ['abc', '0x10', '1e309', '']) {
      const r = backprop('graph', 'x*2', '--set', `x=${value}`, '--out', 'never');
      expect(r.status, value).toBe(2);
      expect(r.stderr).toBe(
        `backprop: option '--set <name=value,...>' argument 'x=${value}' is invalid. Expected name=number pairs such as x1=2,w1=-3, got "x=${value}".\n`,
      );
    }
    expect(existsSync(join(cwd, 'never'))).toBe(false);
  });

  it('--set for a name the expression does not use is a usage error listing its names', () => {
    const r = backprop('graph', 'x*y', '--set', 'x=1,y=2,c=4', '--out', 'never');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'backprop: --set c: the expression does not use this name; its names are x, y\n',
    );
    const none = backprop('graph', '2*3', '--set', 'a=1,b=2', '--out', 'never');
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      'backprop: --set a, b: the expression does not use these names; it has no names\n',
    );
    expect(existsSync(join(cwd, 'never'))).toBe(false);
  });

  it('--set __proto__=5 sets the name __proto__ like any other', () => {
    const r = backprop('graph', '__proto__*2 + constructor', '--set', '__proto__=5,constructor=1');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^__proto__\*2 \+ constructor = 11\n/);
  });

  it('a leaf without a value is reported by name', () => {
    const r = backprop('graph', 'x*y + z', '--set', 'x=1', '--out', 'never');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('backprop: no value for y, z\n  x*y + z\n    ^\n');
  });

  it('a NaN says which op first produced it, and the graph is still drawn', () => {
    const r = backprop('graph', 'log(x) + 1', '--set', 'x=-1', '--out', 'nan');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^log\(x\) \+ 1 = NaN\n/);
    // ln(−1) is not a real number: log is the first op with a non-finite result
    expect(r.stderr).toBe('backprop: warning: anomaly: log produced NaN from -1; drawn anyway\n');
    expect(read('nan/graph.svg')).toContain('data NaN');
    const fine = backprop('graph', 'log(x)', '--set', 'x=1', '--out', 'nan');
    expect(fine.stderr).toBe('');
  });

  it('--out g.svg writes that file, --out g.png a PNG; a folder keeps graph.svg', () => {
    const svg = backprop('graph', 'x*2', '--set', 'x=1', '--out', 'pics/g.svg');
    expect(svg.status, svg.stderr).toBe(0);
    expect(svg.stdout).toContain(`wrote ${join('pics', 'g.svg')}\n`);
    expect(lstatSync(join(cwd, 'pics/g.svg')).isFile()).toBe(true);
    expect(read('pics/g.svg')).toMatch(/^<svg/);
    const png = backprop('graph', 'x*2', '--set', 'x=1', '--out', 'pics/g.png');
    expect(png.status, png.stderr).toBe(0);
    expect(pngSize(join(cwd, 'pics/g.png'))[0]).toBeGreaterThan(0);
    expect(visible('pics')).toEqual(['g.png', 'g.svg']);
    const folder = backprop('graph', 'x*2', '--set', 'x=1', '--out', 'pics/more');
    expect(folder.status, folder.stderr).toBe(0);
    expect(visible('pics/more')).toEqual(['graph.svg']);
  }, 60_000);

  it('--help says --out takes a folder or a .svg/.png file, and shows no default for --set', () => {
    const r = backprop('graph', '--help');
    expect(r.status).toBe(0);
    const entry = (flag: string) =>
      (r.stdout.slice(r.stdout.indexOf(`${flag} `)).split(/\n {2}-/)[0] as string).replace(
        /\s+/g,
        ' ',
      );
    expect(entry('--out')).toContain('a folder for the pictures');
    expect(entry('--out')).toContain('or a file ending in .svg or .png');
    expect(entry('--set')).not.toContain('default');
    expect(entry('--backward-steps')).toContain('one picture per backward step');
    expect(r.stdout).not.toMatch(/--steps\b/);
  });

  it('draws x+x+…+x with 200 terms and x*1+…+x*100, which reuse one name far apart', () => {
    for (const text of [
      terms(200),
      Array.from({ length: 100 }, (_, i) => `x*${i + 1}`).join('+'),
    ]) {
      const r = backprop('graph', text, '--set', 'x=1', '--out', 'big');
      expect(r.status, r.stderr).toBe(0);
      // 200 uses of x, each adding its grad: 200; the products: 1 + 2 + … + 100 = 5050
      expect(read('big/graph.svg')).toContain(
        text.includes('*') ? 'data 5050.0000' : 'grad 200.0000',
      );
    }
  }, 60_000);

  it(`refuses more than ${MAX_DOT_NODES} values, naming the limit and the size`, () => {
    const r = backprop('graph', terms(MAX_DOT_NODES + 5), '--set', 'x=1', '--out', 'never');
    expect(r.status).toBe(2);
    // n terms: x and n − 1 sums
    expect(r.stderr).toBe(
      `backprop: the expression has ${MAX_DOT_NODES + 5} values; graph draws at most ${MAX_DOT_NODES}\n`,
    );
    expect(existsSync(join(cwd, 'never'))).toBe(false);
  });

  it(`--backward-steps refuses more than ${MAX_BACKWARD_STEPS} steps, before drawing`, () => {
    // n terms: n − 1 sums, one backward step each
    const n = MAX_BACKWARD_STEPS + 2;
    const r = backprop('graph', terms(n), '--set', 'x=1', '--backward-steps', '--out', 'never');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `backprop: --backward-steps: the expression has ${n - 1} backward steps; graph draws at most ${MAX_BACKWARD_STEPS}\n`,
    );
  });
});
