// Lesson 3 in a real browser: the learner's code runs in a Web Worker and is checked against the
// oracles. The expected numbers below come from the fixtures (PyTorch, the lecture's Python run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { goldenCases, lectureMlp } from '../../fixtures/index.ts';
import { casesWith, reference } from '../build/checks/golden.ts';
import { lectureOutput, xs, ys } from '../build/checks/lecture.ts';
import { type Step, steps } from '../build/steps/index.ts';
import { axeViolations } from './axe.ts';
import { screenshot } from './screenshot.ts';
import { serveDist } from './static-server.ts';

const PROGRESS_KEY = 'backprop.build.v1';

/** A known mistake for each step, as an edit of its solution, and the hint it must produce. */
const mistakes: Record<string, { edits: [string, string][]; hint: string }> = {
  value: { edits: [['this.data * other.data', 'this.data + other.data']], hint: 'times, not plus' },
  'by-hand': {
    edits: [
      [
        'this.grad = other.data * out.grad;\n      other.grad = this.data * out.grad;',
        'this.grad = this.data * out.grad;\n      other.grad = other.data * out.grad;',
      ],
    ],
    hint: 'Swapped: for a·b, a gets b.data · out.grad',
  },
  backward: { edits: [['topo.reverse()', 'topo']], hint: 'walk topo in reverse' },
  accumulate: {
    edits: [
      ['this.grad += 1.0 * out.grad;', 'this.grad = 1.0 * out.grad;'],
      ['other.grad += 1.0 * out.grad;', 'other.grad = 1.0 * out.grad;'],
    ],
    hint: '= versus +=',
  },
  ops: {
    edits: [['(1 - t ** 2)', '(1 - this.data ** 2)']],
    hint: 't = out.data (the tanh, not x)',
  },
  mlp: {
    edits: [
      [
        '    for (let i = 0; i < nin; i++) this.w.push(new Value(random.uniform(-1, 1)));\n    this.b = new Value(random.uniform(-1, 1));',
        '    this.b = new Value(random.uniform(-1, 1));\n    for (let i = 0; i < nin; i++) this.w.push(new Value(random.uniform(-1, 1)));',
      ],
    ],
    hint: 'The bias was drawn before the weights',
  },
  train: {
    edits: [['  for (const p of n.parameters()) p.grad = 0;\n', '']],
    hint: "the lecture's bug",
  },
  moons: { edits: [['k < 60', 'k < 3']], hint: 'Train longer' },
};

/** The numbers a failure shows, where an oracle says what they must be. */
const shownNumbers: Record<string, () => { expected: number; actual: number }> = {
  // a + a: PyTorch's grad 2; with = the second use overwrites the first, leaving 1
  accumulate: () => ({
    expected: goldenCases.find((c) => c.id === 'hand-a-plus-a')?.grads.a as number,
    actual: 1,
  }),
  // without zeroing the grads the run is the lecture's buggy one: it first differs at step 2
  train: () => ({
    expected: lectureMlp.zero_grad.losses[2] as number,
    actual: lectureMlp.no_zero_grad.losses[2] as number,
  }),
};

async function expectShownNumbers(page: Page, id: string): Promise<void> {
  const want = shownNumbers[id]?.();
  if (want === undefined) return;
  const expected = Number(await page.locator('.bd-expected').textContent());
  const actual = Number(await page.locator('.bd-actual').textContent());
  expect(Math.abs(expected - want.expected)).toBeLessThanOrEqual(1e-9 * Math.abs(want.expected));
  expect(Math.abs(actual - want.actual)).toBeLessThanOrEqual(1e-6 * Math.abs(want.actual));
}

function wrong(step: Step): string {
  let code = step.solution;
  for (const [from, to] of (mistakes[step.id] as { edits: [string, string][] }).edits) {
    if (!code.includes(from))
      throw new Error(`mistake for ${step.id}: "${from}" is not in its solution`);
    code = code.replace(from, to);
  }
  return code;
}

/** Replaces the editor's text as a paste would (typing would trigger auto-indent and auto-close). */
async function setCode(page: Page, code: string): Promise<void> {
  await page.locator('.bd-editor .cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
  // the editor holds exactly this text: it is what the lesson saved
  const saved = await page.evaluate(
    (key) =>
      JSON.parse(localStorage.getItem(key) ?? '{}') as {
        current: string;
        code: Record<string, string>;
      },
    PROGRESS_KEY,
  );
  expect(saved.code[saved.current]).toBe(code);
}

async function check(page: Page, outcome: 'passed' | 'failed'): Promise<void> {
  await page.getByRole('button', { name: 'Check ▶' }).click();
  await expect(page.locator('.bd-result')).toHaveAttribute('data-outcome', outcome, {
    timeout: 60_000,
  });
}

/** Screenshots at the laptop size the tests run at, and at a phone's width. */
async function screenshots(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 390, height: 844 });
  // the phone layout is one long column: take all of it
  const path = join(test.info().project.outputDir, 'screenshots', `${name}-390.png`);
  await page.screenshot({ path, fullPage: true });
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('lesson 3: every step fails on its known mistake with its hint, and passes with its solution', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('./?lesson=build');
  for (const [i, step] of steps.entries()) {
    await expect(page.locator('#bd-step-title')).toContainText(step.title);
    await expect(page).toHaveURL(new RegExp(`lesson=build&step=${step.id}`));
    await setCode(page, wrong(step));
    await check(page, 'failed');
    await expect(page.locator('.bd-hint')).toContainText(
      (mistakes[step.id] as { hint: string }).hint,
    );
    await expectShownNumbers(page, step.id);
    await screenshots(page, `build-${i + 1}-${step.id}-failed`);

    await setCode(page, step.solution);
    await check(page, 'passed');
    await expect(page.locator('.bd-verdict')).toContainText('✓');
    await expect(page.locator(`.bd-steps button[data-step="${step.id}"]`)).toHaveAttribute(
      'data-state',
      'passed',
    );
    if (step.id !== 'train' && step.id !== 'moons') {
      await expect(page.locator('.bd-graph svg')).toBeVisible();
    }
    if (step.id === 'moons') {
      // the bonus: the harness classified the 100 points with scikit-learn's labels
      const accuracy = Number(await page.locator('.bd-result').getAttribute('data-accuracy'));
      expect(accuracy).toBeGreaterThanOrEqual(0.95);
      // the boundary was drawn while it trained, not only at the end
      const frames = Number(await page.locator('.bd-boundary').getAttribute('data-frames'));
      expect(frames).toBeGreaterThan(2);
    }
    await screenshots(page, `build-${i + 1}-${step.id}-passed`);
    const next = steps[i + 1];
    if (next) {
      await page.getByRole('button', { name: 'Next step ▶' }).click();
      await expect(page.locator(`.bd-steps button[data-step="${next.id}"]`)).toHaveAttribute(
        'aria-current',
        'step',
      );
    }
  }
});

test('lesson 3: an infinite loop is stopped, the page stays responsive, and the next check works', async ({
  page,
}) => {
  await page.goto('./?lesson=build');
  const valueStep = steps[0] as Step;
  await setCode(page, `while (true) {}\n${valueStep.solution}`);
  await page.getByRole('button', { name: 'Check ▶' }).click();
  await expect(page.locator('.bd-result')).toHaveAttribute('data-outcome', 'running');
  // the page answers while the worker spins: a click still changes the editor
  await page.getByRole('button', { name: 'Reset this step' }).click();
  await expect(page.locator('.bd-editor .cm-line').first()).toHaveText(
    valueStep.starter.split('\n')[0] as string,
  );
  await expect(page.locator('.bd-result')).toHaveAttribute('data-outcome', 'running');
  await expect(page.locator('.bd-result')).toHaveAttribute('data-outcome', 'failed', {
    timeout: 30_000,
  });
  await expect(page.locator('.bd-result')).toContainText('did not finish (an infinite loop?)');
  await screenshot(page, 'build-infinite-loop');

  await setCode(page, valueStep.solution);
  await check(page, 'passed');
});

test('lesson 3: a syntax error is marked at its line; a thrown error names its line', async ({
  page,
}) => {
  await page.goto('./?lesson=build');
  const valueStep = steps[0] as Step;
  const lines = valueStep.solution.split('\n');
  const at = lines.findIndex((l) => l.includes('return new Value(this.data * other.data'));
  // line `at + 1` (1-based) loses its closing parenthesis
  const broken = [...lines];
  broken[at] = (broken[at] as string).replace("'*');", "'*';");
  await setCode(page, broken.join('\n'));
  await page.getByRole('button', { name: 'Check ▶' }).click();
  await expect(page.locator('.bd-result')).toHaveAttribute('data-outcome', 'failed');
  await expect(page.locator('.bd-editor')).toHaveAttribute('data-error-line', String(at + 1));
  await expect(page.locator('.bd-error')).toContainText('SyntaxError');
  await expect(page.locator('.bd-error')).toContainText(`line ${at + 1}`);
  await expect(page.locator('.bd-editor .cm-lintRange-error')).toBeVisible();
  await expect(
    page.locator('.bd-editor .cm-line', { has: page.locator('.cm-lintRange-error') }),
  ).toContainText("'*';");
  await screenshot(page, 'build-syntax-error');

  // a runtime error: the message, and the learner's line it was thrown from
  const throwing = [...lines];
  throwing[at] = "    throw new Error('mul is not written yet');";
  await setCode(page, throwing.join('\n'));
  await check(page, 'failed');
  await expect(page.locator('.bd-error')).toContainText('Error: mul is not written yet');
  await expect(page.locator('.bd-error')).toContainText(`line ${at + 1}`);
  await expect(page.locator('.bd-editor')).toHaveAttribute('data-error-line', String(at + 1));
  await screenshot(page, 'build-thrown-error');
});

test('lesson 3: a reload keeps progress and code; start over clears them', async ({ page }) => {
  await page.goto('./?lesson=build');
  await setCode(page, (steps[0] as Step).solution);
  await check(page, 'passed');
  await page.getByRole('button', { name: 'Next step ▶' }).click();
  const mine = `// my own attempt\n${(steps[1] as Step).starter}`;
  await setCode(page, mine);

  await page.reload();
  const second = page.locator('.bd-steps button[data-step="by-hand"]');
  await expect(second).toHaveAttribute('aria-current', 'step');
  await expect(page.locator('.bd-steps button[data-step="value"]')).toHaveAttribute(
    'data-state',
    'passed',
  );
  await expect(page.locator('.bd-editor .cm-line').first()).toHaveText('// my own attempt');
  // a passed step can be reopened, with the code it passed with
  await page.locator('.bd-steps button[data-step="value"]').click();
  await expect(page.locator('.bd-result')).toContainText('You passed this step before');
  await expect(page.locator('.bd-steps button[data-step="backward"]')).toBeDisabled();

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.locator('.bd-steps button[data-step="value"]')).toHaveAttribute(
    'data-state',
    'open',
  );
  await expect(second).toBeDisabled();
  await expect(page.locator('.bd-editor .cm-line').first()).toHaveText(
    (steps[0] as Step).starter.split('\n')[0] as string,
  );
  await page.reload();
  await expect(second).toBeDisabled();
});

test('lesson 3: its code (editor, transpiler, checks) loads only when its tab opens', async ({
  page,
}) => {
  const scripts: { url: string; body: string }[] = [];
  page.on('response', async (response) => {
    if (!response.url().endsWith('.js')) return;
    scripts.push({ url: response.url(), body: await response.text().catch(() => '') });
  });
  // what only lesson 3's code holds: CodeMirror's class names and sucrase's options (the main
  // bundle names the lesson's chunk, to import it later, but holds none of its code)
  const withCode = (pattern: RegExp) => scripts.filter((s) => pattern.test(s.body));
  const lessonCode = /cm-editor|disableESTransforms/;
  const lessonChunks = () => scripts.filter((s) => /build-lesson|check-worker/.test(s.url));

  await page.goto('./?lesson=backprop');
  await expect(page.locator('#bp-graph svg')).toBeVisible();
  await page.getByRole('tab', { name: /Training playground/ }).click();
  await expect(page.locator('#lesson-playground canvas').first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(scripts.length).toBeGreaterThan(0);
  expect(withCode(lessonCode).map((s) => s.url)).toEqual([]);
  expect(lessonChunks().map((s) => s.url)).toEqual([]);

  await page.getByRole('tab', { name: /Build it yourself/ }).click();
  await expect(page.locator('.bd-editor .cm-content')).toBeVisible();
  await expect.poll(() => withCode(/cm-editor/).length).toBeGreaterThan(0);
  await expect.poll(() => withCode(/disableESTransforms/).length).toBeGreaterThan(0);
  await expect.poll(() => lessonChunks().length).toBeGreaterThan(0);
  await expect(page).toHaveURL(/lesson=build/);
});

test('lesson 3: the editor is usable from the keyboard, and axe finds nothing to fix', async ({
  page,
}) => {
  await page.goto('./?lesson=build');
  const editor = page.getByRole('textbox', { name: 'Your code for this step' });
  await expect(editor).toBeVisible();
  // Tab indents inside the editor …
  await editor.click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Tab');
  await expect(page.locator('.bd-editor .cm-line').first()).toHaveText(
    `  ${(steps[0] as Step).starter.split('\n')[0]}`,
  );
  await expect(editor).toBeFocused();
  // … and Escape then Tab leaves it, to the Check button
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Check ▶' })).toBeFocused();
  // Ctrl+Enter in the editor checks
  await editor.click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.locator('.bd-result')).toHaveAttribute('data-outcome', 'failed');

  expect(await axeViolations(page, '#lesson-build')).toEqual([]);
  // and once a check has passed, with the learner's graph drawn
  await setCode(page, (steps[0] as Step).solution);
  await check(page, 'passed');
  await expect(page.locator('.bd-graph svg')).toBeVisible();
  expect(await axeViolations(page, '#lesson-build')).toEqual([]);
});

test('lesson 3 works from a sub-folder of a plain static server: chunk, worker and checks', async ({
  page,
}) => {
  const server = await serveDist('/any/folder/');
  try {
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${server.url}?lesson=build`);
    await setCode(page, (steps[0] as Step).solution);
    await check(page, 'passed');
    await expect(page.locator('.bd-graph svg')).toBeVisible();
    expect(failed).toEqual([]);
  } finally {
    await server.close();
  }
});

test('lesson 3: its formula oracles agree with the fixtures they stand beside', () => {
  // the network as a formula, with the lecture's initial weights, gives the lecture's first loss
  const loss = xs.reduce((sum, x, i) => sum + (lectureOutput(x) - (ys[i] as number)) ** 2, 0);
  expect(Math.abs(loss - (lectureMlp.zero_grad.losses[0] as number))).toBeLessThan(1e-12);
  // the plain-number chain rule (used for intermediate nodes) gives PyTorch's leaf grads
  const cases = casesWith(['add', 'sub', 'mul', 'div', 'neg', 'pow', 'exp', 'tanh']);
  expect(cases.length).toBeGreaterThan(10);
  for (const c of cases) {
    const { values, grads } = reference(c);
    expect(Math.abs((values.get(c.out) as number) - c.value)).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(c.value)),
    );
    for (const [name, want] of Object.entries(c.grads)) {
      const got = grads.get(name) as number;
      expect(Math.abs(got - want), `${c.id}: ${name}`).toBeLessThanOrEqual(
        1e-9 * Math.max(1, Math.abs(want)),
      );
    }
  }
});

test('lesson 3: every solution is valid TypeScript, type-checked with what the harness provides', () => {
  // the harness's names, declared as the worker provides them
  const provided = [
    'declare const random: { uniform(a: number, b: number): number };',
    'declare function report(k: number, loss: number): void;',
    'declare const X: number[][];',
    'declare const y: number[];',
    'export {};',
  ].join('\n');
  const folder = mkdtempSync(join(tmpdir(), 'build-solutions-'));
  const solution = (id: string) => (steps.find((s) => s.id === id) as Step).solution;
  const files = steps.map((step) => {
    const file = join(folder, `${step.id}.ts`);
    writeFileSync(file, [provided, ...step.uses.map(solution), step.solution].join('\n'));
    return file;
  });
  const tsc = join(import.meta.dirname, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022', '--ignoreConfig'];
  const run = spawnSync(process.execPath, [tsc, ...args, ...files], { encoding: 'utf8' });
  expect(run.stdout + run.stderr).toBe('');
  expect(run.status).toBe(0);
});
