// Steps per second and frames per second of the playground while it trains, this checkout against
// an older build (main by default), side by side in one run: the two builds take turns, so a busy
// machine slows both alike. Not a test: it prints the numbers.
//
//   npx tsx app/e2e/playground-perf.ts [--baseline main] [--layers 16,16] [--dataset spiral]
//                                      [--seconds 5] [--rounds 3] [--port 4303]
//
// `--baseline <rev>` is any git revision: issue 14 compares with 9bd6e83, the commit before the
// playground's rework (`--baseline 9bd6e83`; its playground allows at most 4 layers of 16, so 6×32
// is compared with main). `--baseline none` measures this checkout alone. The two builds are
// served on --port and --port + 1.
// The last line is one JSON object: medians of the rounds, and the median of the rounds' ratios.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';

const { values: flags } = parseArgs({
  options: {
    baseline: { type: 'string', default: 'main' },
    layers: { type: 'string', default: '16,16' },
    dataset: { type: 'string', default: 'spiral' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    port: { type: 'string', default: process.env.E2E_PORT ?? '4303' },
  },
});
const root = resolve(import.meta.dirname, '../..');
const work = join(tmpdir(), 'backprop-playground-perf');

/** Builds the app of this checkout, or of a git ref (unpacked with `git archive`), into a folder. */
async function buildApp(ref: string | undefined): Promise<string> {
  const outDir = join(work, ref === undefined ? 'current' : `ref-${ref.replace(/\W/g, '_')}`);
  let source = root;
  if (ref !== undefined) {
    source = join(work, 'src', ref.replace(/\W/g, '_'));
    rmSync(source, { recursive: true, force: true });
    mkdirSync(source, { recursive: true });
    execSync(`git -C ${root} archive ${ref} | tar -x -C ${source}`);
    if (!existsSync(join(source, 'node_modules')))
      symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'));
  }
  await build({
    root: join(source, 'app'),
    configFile: join(source, 'app/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Trains for `seconds` after a second of warm-up: steps per second and animation frames per second. */
async function measure(page: Page, url: string, seconds: number) {
  await page.goto(url);
  const counter = page.locator('[data-testid=step-count], [data-stat=steps]').first();
  const steps = async () => Number((await counter.textContent())?.replace(/\D/g, '') || 0);
  await page.getByRole('button', { name: /Play/ }).click();
  await page.waitForTimeout(1000);
  const before = await steps();
  const started = Date.now();
  // a string, not a function: tsx would add helpers to a function that the page does not have
  const fps: number = await page.evaluate(`new Promise((done) => {
    let frames = 0;
    const start = performance.now();
    const tick = (now) => {
      frames++;
      if (now - start < ${seconds * 1000}) requestAnimationFrame(tick);
      else done((frames * 1000) / (now - start));
    };
    requestAnimationFrame(tick);
  })`);
  const after = await steps();
  return { stepsPerSecond: ((after - before) * 1000) / (Date.now() - started), fps };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const names = flags.baseline === 'none' ? ['current'] : ['baseline', 'current'];
const builds: Record<string, string> = {};
for (const name of names)
  builds[name] = await buildApp(name === 'current' ? undefined : flags.baseline);
const port = Number(flags.port);
const servers = await Promise.all(
  names.map((name, i) =>
    preview({
      root: join(root, 'app'),
      build: { outDir: builds[name] as string },
      preview: { host: '127.0.0.1', port: port + i, strictPort: true },
      logLevel: 'warn',
    }),
  ),
);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
  ],
});
const query = `?lesson=playground&data=${flags.dataset}&dataset=${flags.dataset}&layers=${flags.layers}`;
const results: Record<string, { stepsPerSecond: number[]; fps: number[] }> = {
  baseline: { stepsPerSecond: [], fps: [] },
  current: { stepsPerSecond: [], fps: [] },
};
try {
  for (let round = 0; round < Number(flags.rounds); round++) {
    for (const [i, name] of names.entries()) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const m = await measure(page, `http://127.0.0.1:${port + i}/${query}`, Number(flags.seconds));
      await page.close();
      results[name]?.stepsPerSecond.push(m.stepsPerSecond);
      results[name]?.fps.push(m.fps);
      console.log(
        `round ${round + 1} ${name.padEnd(8)} ${m.stepsPerSecond.toFixed(0).padStart(6)} steps/s ${m.fps.toFixed(1).padStart(5)} fps`,
      );
    }
  }
} finally {
  await browser.close();
  for (const s of servers) await new Promise((done) => s.httpServer.close(done));
}
const summary = Object.fromEntries(
  Object.entries(results)
    .filter(([name]) => names.includes(name))
    .map(([name, r]) => [
      name,
      {
        stepsPerSecond: Math.round(median(r.stepsPerSecond)),
        fps: Number(median(r.fps).toFixed(1)),
      },
    ]),
);
console.log(
  `${flags.dataset} ${flags.layers}: baseline ${flags.baseline} vs this checkout, medians of ${flags.rounds} rounds of ${flags.seconds} s`,
);
if (flags.baseline === 'none') {
  console.log(JSON.stringify(summary));
} else {
  // each round's two builds ran back to back, under the same load: their ratio is the fair figure
  const ratios = (results.current?.stepsPerSecond ?? []).map(
    (c, i) => c / (results.baseline?.stepsPerSecond[i] ?? 1),
  );
  console.log(JSON.stringify({ ...summary, ratio: Number(median(ratios).toFixed(2)) }));
}
