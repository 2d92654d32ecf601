// `backprop graph "<expression>"`: evaluate, backpropagate and draw, like micrograd's draw_dot.
import { basename, dirname, extname, join } from 'node:path';
import {
  BackwardStepper,
  detectAnomaly,
  MAX_DOT_NODES,
  parseDecimal,
  parseExpression,
  toDot,
  trace,
  type Value,
} from 'backprop';
import { writeFileAtomic } from 'backprop/node';
import { renderGraphSvg, svgToPng } from 'backprop-viz';
import { Command, InvalidArgumentError, Option } from 'commander';
import { prepareOutFolder } from './out-folder.ts';
import { OutputSet } from './output-set.ts';
import { UsageError } from './usage-error.ts';

interface GraphFlags {
  set?: Map<string, number>;
  out: string;
  png: boolean;
  backwardSteps: boolean;
  steps?: boolean;
}

/** `--backward-steps` writes one picture per backward step; past this many steps it refuses. */
export const MAX_BACKWARD_STEPS = 500;

export function graphCommand(): Command {
  return (
    new Command('graph')
      .summary('compute an expression, backpropagate and draw its graph')
      .description(
        'Compute an expression, run backward() and draw its graph with every data and grad.\n' +
          'Example: backprop graph "tanh(x1*w1 + x2*w2 + b)" --set x1=2,x2=0,w1=-3,w2=1,b=6.8813735870195432',
      )
      .argument('<expression>', 'numbers, names, + - * / ^, parentheses, exp log tanh relu sigmoid')
      .option('--set <name=value,...>', 'a value for every name in the expression', assignments)
      .option(
        '--out <path>',
        'a folder for the pictures (graph.svg, …), or a file ending in .svg or .png',
        'out',
      )
      .option('--png', 'also write PNG pictures', false)
      .option(
        '--backward-steps',
        'also write one picture per backward step, to page through the chain rule',
        false,
      )
      // renamed: train's --steps is a number, so graph's switch has a name of its own
      .addOption(new Option('--steps').hideHelp())
      .action(run)
  );
}

/** Leaf values for an expression: `x1=2,w1=-3`. Numbers as in a CSV file (see parseDecimal). */
function assignments(text: string, previous = new Map<string, number>()): Map<string, number> {
  const values = new Map(previous);
  for (const part of text.split(',')) {
    const match = part.trim().match(/^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/);
    const x = parseDecimal(match?.[2] ?? '');
    if (!match || !Number.isFinite(x)) {
      throw new InvalidArgumentError(
        `Expected name=number pairs such as x1=2,w1=-3, got "${part}".`,
      );
    }
    values.set(match[1] as string, x);
  }
  return values;
}

async function run(expression: string, flags: GraphFlags): Promise<void> {
  if (flags.steps) {
    throw new UsageError(
      "graph's --steps is now --backward-steps (train's --steps is the number of training steps)",
    );
  }
  const set = flags.set ?? new Map<string, number>();
  // names first (all 0), so that a --set for a name the expression lacks is found before values
  const names = [...parseExpression(expression).leaves.keys()];
  const unused = [...set.keys()].filter((name) => !names.includes(name));
  if (unused.length > 0) {
    const has = names.length === 0 ? 'it has no names' : `its names are ${names.join(', ')}`;
    throw new UsageError(
      `--set ${unused.join(', ')}: the expression does not use ${unused.length === 1 ? 'this name' : 'these names'}; ${has}`,
    );
  }
  // fromEntries defines own properties, so __proto__ is a name like any other (where an
  // assignment values[name] = x would have set the object's prototype)
  const values = Object.fromEntries(set) as Record<string, number>;
  const { root } = parseExpression(expression, values);
  const size = trace(root).nodes.length;
  if (size > MAX_DOT_NODES) {
    throw new UsageError(`the expression has ${size} values; graph draws at most ${MAX_DOT_NODES}`);
  }
  const target = outTarget(flags.out);
  await prepareOutFolder(target.folder);
  root.backward();
  const anomaly = firstAnomaly(root, expression, values);

  // the graph, then (with --backward-steps) backward() one node at a time: first the root's grad
  // set to 1, then after each node's chain-rule step, that node highlighted and each edge
  // labelled with its local derivative
  // (the stepper starts from zero grads, so the graph's DOT is made first)
  const graph = toDot(root);
  const pictures: [string, () => string][] = [[target.name, () => graph]];
  if (flags.backwardSteps) {
    const stepper = new BackwardStepper(root);
    if (stepper.total > MAX_BACKWARD_STEPS) {
      throw new UsageError(
        `--backward-steps: the expression has ${stepper.total} backward steps; ` +
          `graph draws at most ${MAX_BACKWARD_STEPS}`,
      );
    }
    const count = stepper.total + 1;
    console.error(
      `drawing ${count + 1} pictures: the graph, then backward() step by step in ${count}`,
    );
    // as many digits as the last step has, so that the files sort in step order
    const digits = Math.max(2, String(count - 1).length);
    const draw = (node: Value) => toDot(root, { grads: 'show', highlight: node, localGrads: true });
    for (let k = 0; k < count; k++) {
      pictures.push([
        `${target.name}-step-${String(k).padStart(digits, '0')}`,
        () => {
          if (k > 0) stepper.step();
          return draw(k === 0 ? root : (stepper.current as Value));
        },
      ]);
    }
  }
  const written = await drawAll(pictures, target, flags.png);

  console.log(`${expression} = ${root.data}`);
  if (anomaly !== undefined) {
    console.error(`backprop: warning: ${anomaly}; drawn anyway`);
  }
  console.log(
    `wrote ${written.length === 1 ? written[0] : `${written.length} files to ${target.folder}`}`,
  );
}

/** Where the pictures go: `--out g.svg` or `g.png` is that file, anything else a folder. */
function outTarget(out: string): { folder: string; name: string; svg: boolean; png: boolean } {
  const extension = extname(out).toLowerCase();
  if (extension === '.svg' || extension === '.png') {
    return {
      folder: dirname(out),
      name: basename(out, extname(out)),
      svg: extension === '.svg',
      png: extension === '.png',
    };
  }
  return { folder: out, name: 'graph', svg: true, png: false };
}

/**
 * Renders the pictures in order (each DOT text made just before it is drawn, since a step's
 * picture shows the grads as they are at that step) and writes them: one file in one atomic
 * write, several as a set that replaces the previous run's in one step (see OutputSet).
 */
async function drawAll(
  pictures: [string, () => string][],
  target: { folder: string; svg: boolean; png: boolean },
  png: boolean,
): Promise<string[]> {
  const files: [string, () => Promise<string | Uint8Array>][] = [];
  for (const [name, dot] of pictures) {
    let svg: Promise<string> | undefined;
    const render = () => {
      svg ??= renderGraphSvg(dot());
      return svg;
    };
    if (target.svg) files.push([`${name}.svg`, render]);
    if (target.png || png) files.push([`${name}.png`, async () => pngOf(await render())]);
  }
  if (files.length === 1) {
    const [[name, content]] = files as [[string, () => Promise<string | Uint8Array>]];
    const path = join(target.folder, name);
    await writeFileAtomic(path, await content());
    return [path];
  }
  // on a terminal, say how far it has got when there are many pictures
  const progress = files.length > 20 && process.stderr.isTTY;
  const set = await OutputSet.open(target.folder);
  try {
    for (const [k, [name, content]] of files.entries()) {
      await set.add(name, await content());
      if (progress) process.stderr.write(`\rfile ${k + 1} of ${files.length}`);
    }
    if (progress) process.stderr.write('\n');
    return await set.commit();
  } catch (error) {
    await set.discard().catch(() => {});
    throw error;
  }
}

/** PNG pictures have at most this many pixels; a larger graph's PNG is scaled down to fit. */
const MAX_PNG_PIXELS = 16e6;

/**
 * The PNG of a graph's SVG: twice its size (sharp on high-density screens) up to MAX_PNG_PIXELS,
 * past which resvg would take tens of seconds and a gigabyte; the SVG keeps every detail.
 */
function pngOf(svg: string): Uint8Array {
  // Graphviz gives the size in points (1 pt = 4/3 px)
  const size = (name: string) =>
    Number(svg.match(new RegExp(`<svg[^>]*\\s${name}="([\\d.]+)pt"`))?.[1]) * (4 / 3);
  const [w, h] = [size('width'), size('height')];
  const scale = Math.min(2, Math.sqrt(MAX_PNG_PIXELS / (w * h)));
  return Number.isFinite(scale) && scale < 2
    ? svgToPng(svg, { width: Math.max(1, Math.floor(w * scale)) })
    : svgToPng(svg);
}

/**
 * When a value or grad is NaN or infinite, which op first produced one: the graph is built again
 * under detectAnomaly, which stops at that op and names it.
 */
function firstAnomaly(
  root: Value,
  expression: string,
  values: Record<string, number>,
): string | undefined {
  const finite = trace(root).nodes.every((v) => Number.isFinite(v.data) && Number.isFinite(v.grad));
  if (finite) return undefined;
  try {
    detectAnomaly(() => parseExpression(expression, values).root.backward());
  } catch (error) {
    if (error instanceof RangeError) return error.message;
    throw error;
  }
  return undefined;
}
