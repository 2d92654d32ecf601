// Lesson 3 in a real browser: the learner's code runs in a Web Worker and is checked against the
// oracles. The expected numbers below come from the fixtures (PyTorch, the lecture's Python run).
import { expect, type Page, test } from '@playwright/test';
import { goldenCases, lectureMlp } from '../../fixtures/index.ts';
import { type Step, steps } from '../build/steps/index.ts';
import { screenshot } from './screenshot.ts';

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
  await screenshot(page, `${name}-390`);
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
