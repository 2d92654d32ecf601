// `backprop train`: micrograd's demo by default; every setting a flag.
import {
  type Activation,
  activations,
  type Dataset,
  type DatasetName,
  datasets,
  type EngineName,
  engines,
  type LossName,
  losses,
  MLP,
  modelToJSON,
  type OptimizerName,
  optimizers,
  parseCsv,
  type ScheduleName,
  type StepReport,
  schedules,
  train,
  trainDefaults,
} from 'backprop';
import { readText } from 'backprop/node';
import { decisionBoundarySvg, lossCurvesSvg, svgToPng } from 'backprop-viz';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import {
  fraction,
  layerSizes,
  nonNegativeNumber,
  positiveInteger,
  positiveNumber,
  seed,
} from './options.ts';
import { prepareOutFolder } from './out-folder.ts';
import { writeOutputSet } from './output-set.ts';
import { UsageError } from './usage-error.ts';

interface TrainFlags {
  dataset: DatasetName;
  data?: string;
  nSamples: number;
  noise: number;
  seed: number;
  hidden: number[];
  activation: Activation;
  loss: LossName;
  l2: number;
  optimizer: OptimizerName;
  learningRate: number;
  schedule: ScheduleName;
  steps: number;
  batchSize?: number;
  testFraction: number;
  engine: EngineName;
  json: boolean;
  out: string;
  // deprecated aliases, read for one more version
  samples?: number;
  lr?: number;
  testSplit?: number;
}

/** The old flags that still work for one version, and the names that replace them. */
const deprecated = {
  samples: ['--samples', 'nSamples', '--n-samples'],
  lr: ['--lr', 'learningRate', '--learning-rate'],
  testSplit: ['--test-split', 'testFraction', '--test-fraction'],
} as const;

/** A hidden flag that means the same as `replacement`, which it cannot be combined with. */
function alias(flags: string, replacement: string, parse: (text: string) => number): Option {
  return new Option(flags).argParser(parse).hideHelp().conflicts(replacement);
}

export function trainCommand(): Command {
  const choice = (flags: string, description: string, choices: object, value: string) =>
    new Option(flags, description).choices(Object.keys(choices)).default(value);
  // flags that shape generated data mean nothing with --data
  const generator = (option: Option) => option.conflicts('data');
  return new Command('train')
    .summary('train an MLP on two moons (or other data) and write plots and the model')
    .description(
      'Train an MLP and write its decision boundary, training curves and model to --out.\n' +
        'With no flags: micrograd’s demo (moons, 100 samples, MLP 2-16-16-1, hinge + 1e-4·L2, SGD, 100 steps).',
    )
    .addOption(generator(choice('--dataset <name>', 'dataset to generate', datasets, 'moons')))
    .option('--data <file.csv>', 'train on your own points instead: a CSV of x1,x2,label rows')
    .addOption(
      generator(
        new Option('--n-samples <n>', 'number of points to generate')
          .argParser(positiveInteger)
          .default(100),
      ),
    )
    .addOption(generator(alias('--samples <n>', 'nSamples', positiveInteger)))
    .addOption(
      generator(
        new Option('--noise <x>', 'noise added to the generated points')
          .argParser(nonNegativeNumber)
          .default(0.1),
      ),
    )
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
        .choices(Object.keys(activations))
        .default('relu'),
    )
    .addOption(choice('--loss <name>', 'loss function', losses, trainDefaults.loss))
    .option('--l2 <strength>', 'L2 regularisation strength', nonNegativeNumber, trainDefaults.l2)
    .addOption(choice('--optimizer <name>', 'optimizer', optimizers, trainDefaults.optimizer))
    .option(
      '--learning-rate <rate>',
      'base learning rate',
      positiveNumber,
      trainDefaults.learningRate,
    )
    .addOption(alias('--lr <rate>', 'learningRate', positiveNumber))
    .addOption(
      choice('--schedule <name>', 'learning-rate schedule', schedules, trainDefaults.schedule),
    )
    .option('--steps <n>', 'training steps', positiveInteger, trainDefaults.steps)
    .option('--batch-size <n>', 'samples per step (default: all of them)', positiveInteger)
    .option(
      '--test-fraction <fraction>',
      'fraction of the points held out for testing',
      fraction,
      trainDefaults.testFraction,
    )
    .addOption(alias('--test-split <fraction>', 'testFraction', fraction))
    .addOption(
      new Option(
        '--engine <name>',
        "auto: one sample's graph run across the batch as lanes (any --batch-size); tape: the whole batch's graph recorded once (full batches only); object: Values",
      )
        .choices(Object.keys(engines))
        .default(trainDefaults.engine),
    )
    .option('--json', 'print one JSON object per step on stdout instead of text', false)
    .option('--out <dir>', 'folder for the pictures and the model', 'out')
    .action(run);
}

async function run(given: TrainFlags): Promise<void> {
  const flags = readAliases(given);
  const data = flags.data === undefined ? generate(flags) : await load(flags.data);
  checkFit(flags, data);
  await prepareOutFolder(flags.out);
  warnDeprecated(flags);
  const loss = losses[flags.loss];
  const model = new MLP(2, [...flags.hidden, loss.outputCount(2)], {
    seed: flags.seed,
    activation: flags.activation,
  });
  const progress = progressReporter(flags);
  const { history, stoppedBy } = train(model, data, {
    loss: flags.loss,
    l2: flags.l2,
    optimizer: flags.optimizer,
    learningRate: flags.learningRate,
    schedule: flags.schedule,
    steps: flags.steps,
    testFraction: flags.testFraction,
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
      `training diverged at step ${last.step}: the loss is ${last.loss}; nothing written (try a smaller --learning-rate)`,
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

/** The flags with each deprecated alias read into its new name. */
function readAliases(flags: TrainFlags): TrainFlags {
  const read = { ...flags };
  for (const [key, [, name]] of Object.entries(deprecated)) {
    const value = flags[key as keyof typeof deprecated];
    if (value !== undefined) read[name] = value;
  }
  return read;
}

/** One line on stderr per deprecated flag used, once the run is known to start. */
function warnDeprecated(flags: TrainFlags): void {
  for (const [key, [old, , replacement]] of Object.entries(deprecated)) {
    if (flags[key as keyof typeof deprecated] !== undefined) {
      console.error(`backprop: ${old} is deprecated; use ${replacement}`);
    }
  }
}

/** The flag the user typed for an option: the deprecated alias if that was it. */
function typed(flags: TrainFlags, key: keyof typeof deprecated): string {
  const [old, , replacement] = deprecated[key];
  return flags[key] === undefined ? replacement : old;
}

/**
 * Usage errors that depend on the data's size, caught before any work and named by their flags:
 * a test fraction that leaves nothing to train on, a minibatch the tape cannot replay.
 */
function checkFit(flags: TrainFlags, data: Dataset): void {
  const n = data.y.length;
  const source =
    flags.data === undefined ? `${typed(flags, 'samples')} ${n}` : `--data ${flags.data}`;
  // train() holds out the first ⌈fraction · n⌉ samples of a permutation
  const nTest = Math.ceil(flags.testFraction * n);
  if (nTest >= n) {
    throw new UsageError(
      `${typed(flags, 'testSplit')} ${flags.testFraction} holds out all ${n} samples of ${source}; ` +
        `expected a fraction <= ${(n - 1) / n}`,
    );
  }
  const nTrain = n - nTest;
  if (flags.engine === 'tape' && flags.batchSize !== undefined && flags.batchSize < nTrain) {
    throw new UsageError(
      `--engine tape replays one graph, so it needs full batches; --batch-size ${flags.batchSize} ` +
        `is less than the ${nTrain} training samples (use --engine auto or object, or no --batch-size)`,
    );
  }
}

function generate(flags: TrainFlags): Dataset {
  return datasets[flags.dataset]({
    nSamples: flags.nSamples,
    noise: flags.noise,
    seed: flags.seed,
  });
}

/** The user's CSV; a malformed one is a usage error naming the flag and the file. */
async function load(path: string): Promise<Dataset> {
  const text = await readText(path);
  try {
    return parseCsv(text);
  } catch (error) {
    const message = (error as Error).message.replace(/^parseCsv: /, '');
    throw new UsageError(`--data ${path}: ${message}`);
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

/**
 * Draws, then writes the pictures and the model as one set: a kill at any moment leaves the
 * previous run's files or all of these (see OutputSet). Returns the files written, pictures first.
 */
async function writeResults(
  flags: TrainFlags,
  model: MLP,
  data: Dataset,
  history: StepReport[],
): Promise<string[]> {
  const { score } = losses[flags.loss];
  const boundary = decisionBoundarySvg({
    // one score per point, positive for class 1, as the loss reads the model's outputs
    predict: (x1, x2) => score(model.predict([x1, x2])),
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
  return writeOutputSet(flags.out, [...pictures, ['model.json', modelToJSON(model)]]);
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}
