// Lesson 1 in a real browser. The oracle is the library's own engine, run here in Node: every grad
// the page shows must be the number Value computes, to the last bit.
import { expect, type Page, test } from '@playwright/test';
import { parseExpression, type Value } from 'backprop';
import { formatNumber } from '../number-format.ts';
import { screenshot } from './screenshot.ts';

const text = 'tanh(a*b + c) * f + a^2';
const values = { a: 2, b: -3, c: 6.5, f: -2 };

/** What the table shows for every node, by drawing id (n0, n1, …): exact data and grad. */
async function shownNodes(page: Page) {
  return page.locator('.grads tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      id: (row as HTMLElement).dataset.node as string,
      data: Number((row.querySelector('td.data') as HTMLElement).dataset.value),
      grad: Number((row.querySelector('td.grad') as HTMLElement).dataset.value),
      gradText: (row.querySelector('td.grad') as HTMLElement).textContent?.trim(),
    })),
  );
}

/** The engine's own grads after k chain-rule steps, in topological order (n0, n1, …). */
function expectedAfter(k: number): { topo: Value[]; grads: number[] } {
  const { root } = parseExpression(text, values);
  const topo = root.topologicalOrder();
  root.grad = 1;
  const order = topo.filter((v) => v.op !== '').reverse();
  for (const v of order.slice(0, k)) v._backward();
  return { topo, grads: topo.map((v) => v.grad) };
}

test('lesson 1: type an expression, step backward to the end, every grad is the engine’s', async ({
  page,
}) => {
  await page.goto('./?lesson=backprop');
  const expression = page.getByLabel('Expression');
  await expression.fill(text);
  for (const [name, x] of Object.entries(values)) {
    await page.locator(`input[type=number][data-leaf="${name}"]`).fill(String(x));
  }
  await expect(page.locator('#bp-expression-error')).toBeHidden();

  const fullBackward = parseExpression(text, values);
  fullBackward.root.backward();
  const total = fullBackward.root.topologicalOrder().filter((v) => v.op !== '').length;
  await expect(page.locator('.counter')).toHaveText(`Step 0 of ${total}`);

  for (let k = 0; k <= total; k++) {
    if (k > 0) await page.getByRole('button', { name: 'Step ▶' }).click();
    await expect(page.locator('.counter')).toHaveText(`Step ${k} of ${total}`);
    const { topo, grads } = expectedAfter(k);
    const shown = await shownNodes(page);
    expect(shown).toHaveLength(topo.length);
    for (const node of shown) {
      const i = Number(node.id.slice(1));
      expect(node.data, `data of ${node.id} at step ${k}`).toBe(topo[i]?.data);
      expect(node.grad, `grad of ${node.id} at step ${k}`).toBe(grads[i]);
      expect(node.gradText).toBe(formatNumber(grads[i] as number));
    }
  }
  await expect(page.getByRole('button', { name: 'Step ▶' })).toBeDisabled();

  // at the end, the page holds exactly what backward() computes, in the table and in the drawing
  const topo = fullBackward.root.topologicalOrder();
  const shown = await shownNodes(page);
  for (const node of shown) expect(node.grad).toBe(topo[Number(node.id.slice(1))]?.grad);
  for (const [i, v] of topo.entries()) {
    const record = page.locator(`#bp-graph svg g#n${i}`);
    await expect(record).toContainText(`grad ${v.grad.toFixed(4)}`);
  }
  await expect(page).toHaveURL(/step=\d+/);

  // the numerical check agrees with backprop for a leaf used twice
  await page.getByLabel('Leaf', { exact: true }).selectOption('a');
  await page.getByRole('button', { name: 'Check gradient' }).click();
  await expect(page.locator('.check-result')).toContainText('they agree');
  await expect(page.locator('.check-result')).toContainText(
    (fullBackward.leaves.get('a') as Value).grad.toFixed(6),
  );

  await screenshot(page, 'backprop-end');
});

test('lesson 1: a malformed expression shows the parser’s message inline, and the last good graph stays', async ({
  page,
}) => {
  await page.goto('./?lesson=backprop');
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await expect(page.locator('#bp-graph svg')).toBeVisible();
  const before = await page.locator('#bp-graph svg').innerHTML();
  const rowsBefore = await shownNodes(page);

  const expression = page.getByLabel('Expression');
  await expression.fill('tanh(x1*w1 + x2*w2 + b');
  const error = page.locator('#bp-expression-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText("expected ')' to close tanh(");
  // the caret line points at the end of the text, column 23
  const lines = ((await error.textContent()) ?? '').split('\n');
  expect(lines[1]).toBe('  tanh(x1*w1 + x2*w2 + b');
  expect(lines[2]).toBe(`  ${' '.repeat(22)}^`);
  await expect(expression).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#bp-graph svg')).toBeVisible();
  expect(await page.locator('#bp-graph svg').innerHTML()).toBe(before);
  expect(await shownNodes(page)).toEqual(rowsBefore);
  await screenshot(page, 'backprop-error');

  await expression.press('End');
  await expression.press(')');
  await expect(error).toBeHidden();
  await expect(expression).toHaveAttribute('aria-invalid', 'false');
});

test('lesson 1: the URL holds expression, values and step; a reload restores them', async ({
  page,
}) => {
  await page.goto('./?lesson=backprop&expr=(a*b%20%2B%20c)*f&set=a=2,b=-3,c=10,f=-2&step=2');
  await expect(page.getByLabel('Expression')).toHaveValue('(a*b + c)*f');
  await expect(page.locator('.counter')).toHaveText('Step 2 of 3');
  await expect(page.locator('input[type=number][data-leaf="c"]')).toHaveValue('10');

  // edit a value in the page: the URL follows, and a reload keeps it
  await page.locator('input[type=number][data-leaf="c"]').fill('4');
  await expect(page).toHaveURL(/set=a=2,b=-3,c=4,f=-2/);
  await page.reload();
  await expect(page.locator('input[type=number][data-leaf="c"]')).toHaveValue('4');
  // (a·b + c)·f = (2·(−3) + 4)·(−2) = 4
  await expect(page.locator('.grads tr[data-node] td.data').first()).toHaveText('4.0000');
});

test('lesson 1: usable from the keyboard', async ({ page }) => {
  await page.goto('./?lesson=backprop');
  // tab order: lesson tab, expression, example, the inputs …
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tab', { name: /Backprop/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Expression')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Example')).toBeFocused();
  // arrow keys step backward when the focus is not in a field
  await page.getByRole('button', { name: 'Step ▶' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.counter')).toHaveText('Step 2 of 5');
  await page.keyboard.press('End');
  await expect(page.locator('.counter')).toHaveText('Step 5 of 5');
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('.counter')).toHaveText('Step 4 of 5');
  await screenshot(page, 'backprop-step4');
  // every control has an accessible name
  for (const control of await page
    .locator('#lesson-backprop input, #lesson-backprop select')
    .all()) {
    await expect(control).toHaveAccessibleName(/\S/);
  }
});
