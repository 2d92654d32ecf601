// `backprop graph "<expression>"`: evaluate, backpropagate and draw, like micrograd's draw_dot.
import { join } from 'node:path';
import { BackwardStepper, parseExpression, toDot, type Value } from 'backprop';
import { writeFileAtomic } from 'backprop/node';
import { renderGraphSvg, svgToPng } from 'backprop-viz';
import { Command } from 'commander';
import { assignments } from './options.ts';
import { prepareOutFolder } from './out-folder.ts';

interface GraphFlags {
  set: Record<string, number>;
  out: string;
  png: boolean;
  steps: boolean;
}

export function graphCommand(): Command {
  return new Command('graph')
    .summary('compute an expression, backpropagate and draw its graph')
    .description(
      'Compute an expression, run backward() and draw its graph with every data and grad.\n' +
        'Example: backprop graph "tanh(x1*w1 + x2*w2 + b)" --set x1=2,x2=0,w1=-3,w2=1,b=6.8813735870195432',
    )
    .argument('<expression>', 'numbers, names, + - * / ^, parentheses, exp log tanh relu sigmoid')
    .option('--set <name=value,...>', 'a value for every name in the expression', assignments, {})
    .option('--out <dir>', 'folder for the pictures', 'out')
    .option('--png', 'also write PNG pictures', false)
    .option(
      '--steps',
      'also write one picture per backward step, to page through the chain rule',
      false,
    )
    .action(run);
}

async function run(expression: string, flags: GraphFlags): Promise<void> {
  const { root } = parseExpression(expression, flags.set);
  await prepareOutFolder(flags.out);
  root.backward();
  const written = await draw(toDot(root), join(flags.out, 'graph'), flags.png);
  if (flags.steps) {
    const dots = backwardStepDots(root);
    // as many digits as the last step has, so that the files sort in step order
    const digits = Math.max(2, String(dots.length - 1).length);
    for (const [k, dot] of dots.entries()) {
      const name = join(flags.out, `graph-step-${String(k).padStart(digits, '0')}`);
      written.push(...(await draw(dot, name, flags.png)));
    }
  }
  console.log(`${expression} = ${root.data}`);
  console.log(
    `wrote ${written.length === 1 ? written[0] : `${written.length} files to ${flags.out}`}`,
  );
}

async function draw(dot: string, basename: string, png: boolean): Promise<string[]> {
  const svg = await renderGraphSvg(dot);
  await writeFileAtomic(`${basename}.svg`, svg);
  if (!png) return [`${basename}.svg`];
  await writeFileAtomic(`${basename}.png`, svgToPng(svg));
  return [`${basename}.svg`, `${basename}.png`];
}

/**
 * The drawings of backward() one node at a time: first the root's grad set to 1, then after each
 * node's chain-rule step, that node highlighted and each edge labelled with its local derivative.
 */
function backwardStepDots(root: Value): string[] {
  const stepper = new BackwardStepper(root);
  const draw = (node: Value) => toDot(root, { grads: 'show', highlight: node, localGrads: true });
  const dots = [draw(root)];
  while (stepper.step()) dots.push(draw(stepper.current as Value));
  return dots;
}
