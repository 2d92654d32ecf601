// `backprop train`: micrograd's demo by default; every setting a flag.
import { join } from 'node:path';
import {
  type Activation,
  activations,
  type Dataset,
  type DatasetName,
  datasets,
  engines,
  type LossName,
  losses,
  MLP,
  type OptimizerName,
  optimizers,
  parseCsv,
  type ScheduleName,
  type StepReport,
  schedules,
  train,
  trainDefaults,
} from 'backprop';
import { readText, saveModel, writeFileAtomic } from 'backprop/node';
import { decisionBoundarySvg, lossCurvesSvg, svgToPng } from 'backprop-viz';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import {
  fraction,
  layerSizes,
  nonNegativeNumber,
  positiveInteger,
  positiveNumber,
  sampleCount,
  seed,
} from './options.ts';
import { prepareOutFolder } from './out-folder.ts';

interface TrainFlags {
  dataset: DatasetName;
  data?: string;
  samples: number;
  noise: number;
  seed: number;
  hidden: number[];
  activation: Activation;
  loss: LossName;
  l2: number;
  optimizer: OptimizerName;
  lr: number;
  schedule: ScheduleName;
  steps: number;
  batchSize?: number;
  testSplit: number;
  engine: (typeof engines)[number];
  json: boolean;
  out: string;
}

export function trainCommand(): Command {
  const choice = (flags: string, description: string, choices: object, value: string) =>
    new Option(flags, description).choices(Object.keys(choices)).default(value);
  return new Command('train')
    .summary('train an MLP on two moons (or other data) and write plots and the model')
    .description(
      'Train an MLP and write its decision boundary, training curves and model to --out.\n' +
        'With no flags: micrograd’s demo (moons, 100 samples, MLP 2-16-16-1, hinge + 1e-4·L2, SGD, 100 steps).',
    )
    .addOption(choice('--dataset <name>', 'dataset to generate', datasets, 'moons'))
    .option('--data <file.csv>', 'train on your own points instead: a CSV of x1,x2,label rows')
    .option('--samples <n>', 'number of points to generate', sampleCount, 100)
    .option('--noise <x>', 'noise added to the generated points', nonNegativeNumber, 0.1)
    .option(
      '--seed <n>',
      'seed for the data, the initial weights and the batches',
      seed,
      trainDefaults.seed,
    )
    .addOption(
      new Option('--hidden <sizes>', 'hidden layer sizes, comma-separated')
        .argParser(layerSizes)
        .default([16, 16], '16,16'),
    )
    .addOption(
      new Option('--activation <name>', 'activation of the hidden layers')
        .choices(activations)
        .default('relu'),
    )
    .addOption(choice('--loss <name>', 'loss function', losses, trainDefaults.loss))
    .option('--l2 <alpha>', 'L2 regularisation strength', nonNegativeNumber, trainDefaults.alpha)
    .addOption(choice('--optimizer <name>', 'optimizer', optimizers, trainDefaults.optimizer))
    .option('--lr <rate>', 'base learning rate', positiveNumber, trainDefaults.learningRate)
    .addOption(
      choice('--schedule <name>', 'learning-rate schedule', schedules, trainDefaults.schedule),
    )
    .option('--steps <n>', 'training steps', positiveInteger, trainDefaults.steps)
    .option('--batch-size <n>', 'samples per step (default: all of them)', positiveInteger)
    .option(
      '--test-split <fraction>',
      'fraction of the points held out for testing',
      fraction,
      trainDefaults.testFraction,
    )
    .addOption(
      new Option('--engine <name>', 'tape: record the graph once and replay it; object: Values')
        .choices(engines)
        .default(trainDefaults.engine),
    )
    .option('--json', 'print one JSON object per step on stdout instead of text', false)
    .option('--out <dir>', 'folder for the pictures and the model', 'out')
    .action(run);
}

async function run(flags: TrainFlags): Promise<void> {
  const data = flags.data === undefined ? generate(flags) : await load(flags.data);
  await prepareOutFolder(flags.out);
  const classes = losses[flags.loss].kind === 'multiclass' ? 2 : 1;
  const model = new MLP(2, [...flags.hidden, classes], {
    seed: flags.seed,
    activation: flags.activation,
  });
  const progress = progressReporter(flags);
  const { history, stoppedBy } = train(model, data, {
    loss: flags.loss,
    alpha: flags.l2,
    optimizer: flags.optimizer,
    learningRate: flags.lr,
    schedule: flags.schedule,
    steps: flags.steps,
    testFraction: flags.testSplit,
    seed: flags.seed,
    engine: flags.engine,
    ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
    onStep: progress.step,
  });
  progress.stop();
  const last = history.at(-1) as StepReport;
  if (stoppedBy === 'diverged') {
    // a model with infinite weights can be neither drawn nor saved
    throw new Error(
      `training diverged at step ${last.step}: the loss is ${last.loss}; nothing written (try a smaller --lr)`,
    );
  }

  const files = await writeResults(flags, model, data, history);
  const summary = [
    `${model.architecture} on ${flags.data ?? flags.dataset}: ${history.length} steps`,
    `final loss ${last.loss.toFixed(6)}, accuracy ${percent(last.accuracy)}`,
    last.test ? `test accuracy ${percent(last.test.accuracy)}` : '',
  ].filter(Boolean);
  // with --json, stdout carries only the per-step objects
  const say = flags.json ? console.error : console.log;
  say(summary.join(', '));
  say(`wrote ${files.join(', ')}`);
}

function generate(flags: TrainFlags): Dataset {
  return datasets[flags.dataset]({ nSamples: flags.samples, noise: flags.noise, seed: flags.seed });
}

async function load(path: string): Promise<Dataset> {
  const text = await readText(path);
  try {
    return parseCsv(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** A progress bar with the current loss on a terminal; plain lines elsewhere; JSON with --json. */
function progressReporter(flags: TrainFlags) {
  if (flags.json) {
    return {
      step: (r: StepReport) => {
        const line: Record<string, number> = { step: r.step, loss: r.loss, accuracy: r.accuracy };
        if (r.test) Object.assign(line, { testLoss: r.test.loss, testAccuracy: r.test.accuracy });
        process.stdout.write(`${JSON.stringify(line)}\n`);
      },
      stop: () => {},
    };
  }
  if (process.stderr.isTTY && !process.env.CI) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'train |{bar}| {value}/{total} steps  loss {loss}  accuracy {accuracy}',
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(flags.steps, 0, { loss: '-', accuracy: '-' });
    return {
      step: (r: StepReport) =>
        bar.update(r.step + 1, { loss: r.loss.toFixed(4), accuracy: percent(r.accuracy) }),
      stop: () => bar.stop(),
    };
  }
  // not a terminal (a pipe, a log, CI): about 100 plain lines at most
  const every = Math.max(1, Math.ceil(flags.steps / 100));
  return {
    step: (r: StepReport) => {
      if (r.step % every !== 0 && r.step !== flags.steps - 1) return;
      const test = r.test ? `  test accuracy ${percent(r.test.accuracy)}` : '';
      console.log(
        `step ${r.step}  loss ${r.loss.toFixed(6)}  accuracy ${percent(r.accuracy)}${test}`,
      );
    },
    stop: () => {},
  };
}

/** Saves the model, then draws; returns the files written, pictures first. */
async function writeResults(
  flags: TrainFlags,
  model: MLP,
  data: Dataset,
  history: StepReport[],
): Promise<string[]> {
  // the model first: a picture that fails to draw does not lose the trained weights
  await saveModel(join(flags.out, 'model.json'), model);
  const multiclass = losses[flags.loss].kind === 'multiclass';
  const boundary = decisionBoundarySvg({
    // one score per point: its logit, or for two classes the difference of their logits
    predict: (x1, x2) => {
      const out = model.predict([x1, x2]);
      return multiclass ? (out[1] as number) - (out[0] as number) : (out[0] as number);
    },
    X: data.X,
    y: data.y,
    title: `${model.architecture} on ${flags.data ?? flags.dataset}, after ${history.length} steps`,
  });
  const curves = lossCurvesSvg(history, { title: `Training ${model.architecture}` });
  const pictures: [string, string | Uint8Array][] = [
    ['decision-boundary.svg', boundary],
    ['decision-boundary.png', svgToPng(boundary)],
    ['training.svg', curves],
    ['training.png', svgToPng(curves)],
  ];
  for (const [name, content] of pictures) await writeFileAtomic(join(flags.out, name), content);
  return [...pictures.map(([name]) => name), 'model.json'].map((name) => join(flags.out, name));
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
