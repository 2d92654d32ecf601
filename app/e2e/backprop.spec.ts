// Lesson 1 in a real browser. The oracle is the library's own engine, run here in Node: every grad
// the page shows must be the number Value computes, to the last bit.
import { expect, type Page, test } from '@playwright/test';
import { DOT_LAYOUT_BUDGET, dotLayoutCost, parseExpression, toDot, Value } from 'backprop';
import { examples as lessonExamples } from '../backprop/examples.ts';
import { formatNumber } from '../number-format.ts';
import { axeViolations } from './axe.ts';
import { PHONE, screenshot, screenshotBoth } from './screenshot.ts';

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

/** Waits until the newest drawing is on the page (the layout runs in a worker). */
async function graphDrawn(page: Page): Promise<void> {
  await expect(page.locator('#bp-graph')).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('#bp-graph svg')).toBeVisible();
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
  await graphDrawn(page);
  for (const [i, v] of topo.entries()) {
    const record = page.locator(`#bp-graph svg g#n${i}`);
    await expect(record).toContainText(`grad ${formatNumber(v.grad)}`);
  }
  await expect(page).toHaveURL(/step=\d+/);

  // the numerical check agrees with backprop for a leaf used twice
  await page.getByLabel('Leaf', { exact: true }).selectOption('a');
  await page.getByRole('button', { name: 'Check gradient' }).click();
  await expect(page.locator('.check-result')).toContainText('they agree');
  await expect(page.locator('.check-result')).toContainText(
    formatNumber((fullBackward.leaves.get('a') as Value).grad, 8),
  );

  await screenshotBoth(page, 'backprop-end', graphDrawn);
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
  // the old graph cannot be stepped while the text is broken: it belongs to other text
  for (const action of ['Reset', '◀ Back', 'Step ▶', 'Play', 'End ▶▶']) {
    await expect(page.getByRole('button', { name: action, exact: true })).toBeDisabled();
  }
  await page.getByRole('button', { name: 'Fit' }).focus();
  await page.keyboard.press('ArrowRight');
  expect(await shownNodes(page)).toEqual(rowsBefore);
  await expect(page.locator('.counter')).toHaveText('Step 2 of 5');
  await expect(page.locator('.step-text')).toContainText('At n4 = n3 + b');
  await expect(page.locator('input[type=number][data-leaf="b"]')).toBeDisabled();
  await expect(page.locator('#bp-graph')).toHaveClass(/is-stale/);
  await screenshotBoth(page, 'backprop-error');

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
  await expect(page.locator('.grads tr[data-node] td.data').first()).toHaveText('4');
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
  await screenshotBoth(page, 'backprop-step4', graphDrawn);
  // every control has an accessible name
  for (const control of await page
    .locator('#lesson-backprop input, #lesson-backprop select')
    .all()) {
    await expect(control).toHaveAccessibleName(/\S/);
  }
});

/** The URL of an expression with its values, as lesson 1 writes it. */
function lessonUrl(expr: string, set: Record<string, number>, step = 0): string {
  const assignments = Object.entries(set)
    .map(([name, x]) => `${name}=${x}`)
    .join(',');
  return `./?lesson=backprop&expr=${encodeURIComponent(expr)}&set=${assignments}&step=${step}`;
}

/** The topological index (drawing id n<i>) of the first node of `text` that `pick` accepts. */
function idOf(text: string, set: Record<string, number>, pick: (v: Value) => boolean): string {
  const topo = parseExpression(text, set).root.topologicalOrder();
  return `n${topo.findIndex(pick)}`;
}

test('lesson 1: a broken expression in the URL shows the error, an empty state, and no live buttons', async ({
  page,
}) => {
  await page.goto('./?lesson=backprop&expr=(a*b');
  const error = page.locator('#bp-expression-error');
  await expect(error).toContainText("expected ')' to close the '(' at column 1");
  await expect(error).toContainText('Fix the expression, or pick an example');
  await expect(page.locator('#bp-graph')).toContainText('Nothing to draw yet');
  await expect(page.locator('#bp-graph svg')).toHaveCount(0);
  await expect(page.locator('.leaves')).toContainText('No inputs until the expression parses');
  await expect(page.locator('.counter')).toHaveText('No steps');
  for (const action of ['Reset', '◀ Back', 'Step ▶', 'Play', 'End ▶▶']) {
    await expect(page.getByRole('button', { name: action, exact: true })).toBeDisabled();
  }
  // a disabled Step looks disabled: not the blue of a live primary button
  const look = (name: string) =>
    page
      .getByRole('button', { name, exact: true })
      .evaluate((b) => getComputedStyle(b).backgroundColor);
  const disabledStep = await look('Step ▶');
  await screenshotBoth(page, 'backprop-broken-url');

  await page.getByLabel('Expression').fill('(a*b)');
  await graphDrawn(page);
  await expect(page.locator('.counter')).toHaveText('Step 0 of 1');
  await expect(page.getByRole('button', { name: 'Step ▶' })).toBeEnabled();
  expect(await look('Step ▶')).toBe('rgb(47, 98, 201)'); // --accent
  expect(disabledStep).not.toBe('rgb(47, 98, 201)');
});

test('lesson 1: a graph past the drawing limit says so, and its steps and tables still work', async ({
  page,
}) => {
  // x + x + … with 2,001 terms: the leaf x and 2,000 sums, one value more than toDot draws
  const expr = Array.from({ length: 2001 }, () => 'x').join('+');
  await page.goto(`./?lesson=backprop&expr=${encodeURIComponent(expr)}`);
  await expect(page.locator('#bp-graph')).toContainText(
    'This graph has 2,001 values; drawings stop at 2,000.',
  );
  await expect(page.locator('#bp-graph svg')).toHaveCount(0);
  await page.getByRole('button', { name: 'End ▶▶', exact: true }).click();
  await expect(page.locator('.counter')).toHaveText('Step 2000 of 2000');
  await screenshotBoth(page, 'backprop-too-big');
});

test('lesson 1: on a graph too large for edge labels, the local-derivative switch says so', async ({
  page,
}) => {
  const big = Array.from({ length: 200 }, () => 'x').join('+');
  const { root } = parseExpression(big, { x: 1 });
  expect(dotLayoutCost(root, { localGrads: true })).toBeGreaterThan(DOT_LAYOUT_BUDGET);
  await page.goto(`./?lesson=backprop&expr=${encodeURIComponent(big)}`);
  await graphDrawn(page);
  const local = page.getByLabel('local derivative on each edge');
  await expect(local).toBeDisabled();
  await expect(page.locator('.edge-note')).toBeVisible();
  await expect(page.locator('.edge-note')).toHaveText('(not drawn on a graph this large)');
  await screenshot(page, 'backprop-no-edge-labels');
  // a small graph has room for them again
  await page.getByLabel('Expression').fill('x*y + 1');
  await graphDrawn(page);
  await expect(local).toBeEnabled();
  await expect(page.locator('.edge-note')).toBeHidden();
});

test('lesson 1: significant digits with an exponent, in the graph and in the table', async ({
  page,
}) => {
  const expr = 'y*0.000001';
  const set = { y: 970330390.8196 };
  await page.goto(lessonUrl(expr, set, 1));
  await graphDrawn(page);
  const constant = idOf(expr, set, (v) => v.op === '' && v.label === '');
  const y = idOf(expr, set, (v) => v.label === 'y');
  const out = idOf(expr, set, (v) => v.op !== '');
  const row = (id: string) => page.locator(`.grads tr[data-node=${id}]`);
  // 970330390.8196 × 0.000001 = 970.3303908196; d(out)/dy = 0.000001, d(out)/dc = y
  await expect(row(constant).locator('td.data')).toHaveText('1e-6');
  await expect(row(y).locator('td.data')).toHaveText('9.703e+8');
  await expect(row(y).locator('td.grad')).toHaveText('1e-6');
  await expect(row(constant).locator('td.grad')).toHaveText('9.703e+8');
  await expect(row(out).locator('td.data')).toHaveText('970.3');
  const record = (id: string) => page.locator(`#bp-graph svg g#${id}`);
  await expect(record(y)).toContainText('data 9.703e+8');
  await expect(record(y)).toContainText('grad 1e-6');
  await expect(record(constant)).toContainText('data 1e-6');
  await expect(record(out)).toContainText('data 970.3');
  await expect(page.locator('.flows')).toContainText('1e-6');
});

test('formatNumber() in the tables says what toDot({ significant: 4 }) says in the graph', () => {
  const values = [0, -0, 1, -3, 0.5, 2 / 3, 6.881373587019543, 1e-6, -1.5e-6, 0.001, 0.00099];
  values.push(12345, 99999, 100000, 970330390.8196, 1e21, 5e-324, Number.MAX_VALUE);
  for (const x of values) {
    const dot = toDot(new Value(x, 'v'), { grads: 'hide', significant: 4 });
    expect(formatNumber(x), String(x)).toBe(dot.match(/data (\S+) \}/)?.[1]);
  }
  // and by hand, where the rule matters most
  expect([1e-6, 970330390.8196, Math.SQRT1_2, 2, -0].map((x) => formatNumber(x))).toEqual([
    '1e-6',
    '9.703e+8',
    '0.7071',
    '2',
    '0',
  ]);
});

test('lesson 1: constants are labelled with their value in the graph', async ({ page }) => {
  for (const [expr, set, value] of [
    ['exp(x)*2', { x: 0.5 }, '2'],
    ['log(0 - x)', { x: -3 }, '0'],
  ] as const) {
    await page.goto(lessonUrl(expr, set));
    await graphDrawn(page);
    const id = idOf(expr, set, (v) => v.op === '' && v.label === '');
    // a record's first field is its label
    const label = page.locator(`#bp-graph svg g#${id} text`).first();
    await expect(label).toHaveText(value);
    await expect(page.locator(`.grads tr[data-node=${id}] th`)).toHaveText(value);
  }
  await screenshot(page, 'backprop-constants');
});

test('lesson 1: a + a shows the += : before → after, 0 → 1 then 1 → 2', async ({ page }) => {
  await page.goto(lessonUrl('a + a', { a: 3 }));
  await page.getByRole('button', { name: 'Step ▶' }).click();
  const cells = page.locator('.flows td.grad-change');
  await expect(cells).toHaveCount(2);
  // d(a + a)/da = 1 per use, times the root's grad 1: each use adds 1 to a.grad
  await expect(cells.nth(0)).toHaveText('0 → 1');
  await expect(cells.nth(1)).toHaveText('1 → 2');
  expect(
    await cells.evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.after)),
  ).toEqual(['1', '2']);
  await screenshotBoth(page, 'backprop-a-plus-a', graphDrawn);
});

test('lesson 1: a big expression gets room, pans and zooms, and its text stays readable at fit', async ({
  page,
}) => {
  const terms = [1, 2, 3, 4, 5, 6].map((i) => `x${i}*w${i}`);
  const expr = `tanh(${terms.join(' + ')})`;
  const set = Object.fromEntries(
    [1, 2, 3, 4, 5, 6].flatMap((i) => [
      [`x${i}`, i / 4],
      [`w${i}`, -i / 8],
    ]),
  );
  await page.goto(lessonUrl(expr, set));
  await graphDrawn(page);
  await expect(page.locator('input[type=number][data-leaf]')).toHaveCount(12);
  // the graph panel gets a fair share of the 768 px: at least 40%, where it had 160 px
  const panel = await page.locator('.graph-panel').boundingBox();
  expect(panel?.height).toBeGreaterThanOrEqual(0.4 * 768);
  // every node's text at fit is at least 11 px high
  const smallestText = () =>
    page.locator('#bp-graph svg').evaluate((svg) => {
      const scale =
        svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('g.node text')].map(
        (t) => Number.parseFloat(t.getAttribute('font-size') ?? '0') * scale,
      );
      return Math.min(...sizes);
    });
  expect(await smallestText()).toBeGreaterThanOrEqual(10.99);
  const graph = page.locator('#bp-graph');
  const zoom = async () => Number(await graph.getAttribute('data-zoom'));
  const fit = await zoom();
  // too wide to show whole at a readable size: it pans, from the keyboard and by dragging
  const scroll = () =>
    graph.evaluate((g) => ({ left: g.scrollLeft, width: g.scrollWidth - g.clientWidth }));
  expect((await scroll()).width).toBeGreaterThan(0);
  await graph.evaluate((g) => g.scrollTo(0, 0));
  await graph.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await scroll()).left).toBeGreaterThan(0);
  const box = (await graph.boundingBox()) as {
    x: number;
    y: number;
    width: number;
    height: number;
  };
  const before = (await scroll()).left;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  expect((await scroll()).left).toBeGreaterThan(before + 150);
  // − zooms out below the readable floor, for an overview; + zooms in; Fit goes back
  await page.getByRole('button', { name: 'Zoom out' }).click();
  expect(await zoom()).toBeCloseTo(fit / 1.25, 2);
  await page.keyboard.press('Escape');
  await graph.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  expect(await zoom()).toBeCloseTo(fit * 1.25, 2);
  await page.getByRole('button', { name: 'Fit' }).click();
  expect(await zoom()).toBeCloseTo(fit, 3);
  await screenshotBoth(page, 'backprop-big', graphDrawn);
});

test('every lesson on a phone: no sideways scrolling, the header wraps, every tab on screen', async ({
  page,
}) => {
  await page.setViewportSize(PHONE);
  for (const lesson of ['backprop', 'playground', 'build']) {
    await page.goto(`./?lesson=${lesson}`);
    await expect(page.locator(`#lesson-${lesson}`)).toBeVisible();
    if (lesson === 'backprop') await graphDrawn(page);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth, `${lesson} at 390 px`).toBeLessThanOrEqual(clientWidth);
    // every tab is on screen
    for (const tab of await page.getByRole('tab').all()) {
      const box = await tab.boundingBox();
      expect((box?.x ?? -1) + (box?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
      expect(box?.x).toBeGreaterThanOrEqual(0);
    }
  }
  // the graph fits the phone's width, panning inside its own panel
  await page.goto('./?lesson=backprop');
  await graphDrawn(page);
  const panel = await page.locator('.graph-panel').boundingBox();
  expect((panel?.x ?? 0) + (panel?.width ?? 0)).toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, 'backprop-phone');
  // the header holds the title and every tab: no tab below another's row or cut off
  const header = await page.locator('header.top').boundingBox();
  expect(header?.height).toBeLessThan(140);
});

test('lesson 1: the smaller rough edges', async ({ page }) => {
  await page.goto('./?lesson=backprop');
  await graphDrawn(page);
  // the b field shows its whole value, 6.881373587019543
  const b = page.locator('input[type=number][data-leaf="b"]');
  await expect(b).toHaveValue('6.881373587019543');
  expect(await b.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  // every example's title fits in the menu
  const menu = page.getByLabel('Example');
  for (const option of await menu.locator('option').all()) {
    await menu.selectOption({ label: (await option.textContent()) ?? '' });
    const fits = await menu.evaluate((select: HTMLSelectElement) => {
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(select).font;
      probe.style.position = 'absolute';
      probe.textContent = select.selectedOptions[0]?.textContent ?? '';
      document.body.append(probe);
      const text = probe.getBoundingClientRect().width;
      probe.remove();
      return text + 28 <= select.clientWidth; // 28 px: padding and the arrow
    });
    expect(fits, (await option.textContent()) ?? '').toBe(true);
  }
  // the counter stays put when Play becomes Pause
  await page.goto('./?lesson=backprop');
  const counter = page.locator('.counter');
  const x = (await counter.boundingBox())?.x;
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  expect((await counter.boundingBox())?.x).toBe(x);
  await page.getByRole('button', { name: 'Pause' }).click();
  // log of a negative number: the page says which op produced NaN
  await page.goto(lessonUrl('log(x) * y', { x: -2, y: 3 }));
  const anomaly = page.locator('#bp-anomaly');
  await expect(anomaly).toBeVisible();
  await expect(anomaly).toContainText('n1 = log(x): log produced NaN from -2');
  await screenshotBoth(page, 'backprop-nan', graphDrawn);
});

/**
 * The lowest WCAG contrast ratio among the elements matching `selector`: text colour against the
 * first opaque background up the tree. (axe-core skips one-character texts such as a grad of `0`.)
 */
async function lowestContrast(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluateAll((elements) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = (css: string) => {
      const [r = 0, g = 0, b = 0] = rgb(css).map((c) => {
        const x = c / 255;
        return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const background = (el: Element | null): string => {
      for (let e = el; e !== null; e = e.parentElement) {
        const css = getComputedStyle(e).backgroundColor;
        if (rgb(css)[3] !== 0 && css !== 'transparent') return css;
      }
      return 'rgb(255, 255, 255)';
    };
    const ratios = elements.map((el) => {
      const [a, b] = [luminance(getComputedStyle(el).color), luminance(background(el))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
    return Math.min(...ratios);
  });
}

test('lesson 1: axe-core finds no violations, in each state a learner reaches', async ({
  page,
}) => {
  const states: [string, (page: Page) => Promise<void>][] = [
    ['start', async () => {}],
    [
      'mid-way',
      async (p) => {
        // after a^2 passes its grad on, a is amber (its use in a*b is still to come)
        await p.goto(lessonUrl(text, values, 2));
        await graphDrawn(p);
      },
    ],
    [
      'broken',
      async (p) => {
        await p.getByLabel('Expression').fill('tanh(x1*w1 +');
      },
    ],
    [
      'NaN',
      async (p) => {
        await p.getByLabel('Expression').fill('log(x1 - 5)');
      },
    ],
  ];
  for (const [name, reach] of states) {
    await page.goto('./?lesson=backprop');
    await graphDrawn(page);
    await reach(page);
    await expect(page.locator('#bp-graph')).toHaveAttribute('aria-busy', 'false');
    expect(await axeViolations(page), name).toEqual([]);
    if (name === 'mid-way') {
      // grey pending grads, amber partial grads and the amber "adds" column: at least 4.5:1
      for (const selector of [
        '.grads td.grad.pending',
        '.grads td.grad.partial',
        '.flows td.product',
      ]) {
        await expect(page.locator(selector).first()).toBeVisible();
        expect(await lowestContrast(page, selector), selector).toBeGreaterThanOrEqual(4.5);
      }
    }
  }
  // and on a phone, where the header wraps and the panels stack
  await page.setViewportSize(PHONE);
  await page.goto('./?lesson=backprop');
  await graphDrawn(page);
  expect(await axeViolations(page), 'phone').toEqual([]);
});

test('lesson 1: while Graphviz lays out, the panel says so and the lesson still steps', async ({
  page,
}) => {
  // hold the layout worker's script: the first layout cannot finish until it is released
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/layout-worker[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('./?lesson=backprop');
  const status = page.locator('.graph-status');
  await expect(status).toHaveText('Laying out the graph…');
  await expect(page.locator('#bp-graph')).toHaveAttribute('aria-busy', 'true');
  await expect(page.locator('#bp-graph svg')).toHaveCount(0);
  // the message fades in (a quick layout never flashes it): look once it has
  await expect.poll(() => status.evaluate((el) => getComputedStyle(el).opacity)).toBe('1');
  await screenshot(page, 'backprop-laying-out');
  await page.getByRole('button', { name: 'Step ▶' }).click();
  await expect(page.locator('.counter')).toHaveText('Step 1 of 5');
  await expect(page.locator('.grads tr.current')).toHaveCount(1);
  release();
  await graphDrawn(page);
  await expect(status).toHaveText('');
  // the drawing is the newest request's: step 1 highlights the root (tanh), drawn in amber
  const [first] = lessonExamples;
  const { root } = parseExpression(first?.text ?? '', first?.values);
  const rootId = `n${root.topologicalOrder().length - 1}`;
  await expect(page.locator(`#bp-graph svg g#${rootId} polygon[fill="#ffe08a"]`)).toHaveCount(1);
});

test('lesson 1: backprop:open-expression opens a point’s loss term, and the playground keeps its state', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?lesson=playground');
  const playground = page.locator('#lesson-playground');
  await playground.getByRole('button', { name: 'Step', exact: true }).click();
  const steps = playground.locator('[data-testid=step-count], [data-stat=steps]').first();
  await expect(steps).toHaveText('1');

  // a hinge loss term max(0, 1 − y·score) through a 2-2-1 tanh network, as the playground builds it
  const expression =
    'relu(1 - y*(v1*tanh(x1*w11 + x2*w21 + b1) + v2*tanh(x1*w12 + x2*w22 + b2) + c))';
  const values = {
    x1: 0.5,
    x2: -1.2,
    y: -1,
    w11: 0.3,
    w21: -0.8,
    b1: 0.1,
    w12: 0.6,
    w22: 0.2,
    b2: -0.4,
    v1: 1.1,
    v2: -0.7,
    c: 0.05,
  };
  const note = 'the loss term of point #12 through the current network';
  await page.evaluate(
    (detail) => window.dispatchEvent(new CustomEvent('backprop:open-expression', { detail })),
    { expression, values, note },
  );
  await expect(page.getByRole('tab', { name: /Backprop/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.locator('#lesson-backprop')).toBeVisible();
  await expect(playground).toBeHidden();
  await expect(page.getByLabel('Expression')).toHaveValue(expression);
  await expect(page.locator('.bp-note')).toHaveText(note);
  await graphDrawn(page);
  await page.getByRole('button', { name: 'End ▶▶' }).click();

  // the oracle: the engine's backward() on the same expression, in Node
  const parsed = parseExpression(expression, values);
  parsed.root.backward();
  const topo = parsed.root.topologicalOrder();
  const shown = await shownNodes(page);
  expect(shown).toHaveLength(topo.length);
  for (const node of shown) {
    const v = topo[Number(node.id.slice(1))] as Value;
    expect(node.data, node.id).toBe(v.data);
    expect(node.grad, node.id).toBe(v.grad);
  }
  for (const [name, leaf] of parsed.leaves) {
    await expect(page.locator(`input[type=number][data-leaf="${name}"]`)).toHaveValue(
      String(values[name as keyof typeof values]),
    );
    expect(leaf.grad).not.toBeNaN();
  }
  await graphDrawn(page);
  await screenshotBoth(page, 'backprop-opened', graphDrawn);

  // back to the playground: as it was, step 1, not rebuilt
  await page.getByRole('tab', { name: /playground/i }).click();
  await expect(playground).toBeVisible();
  await expect(steps).toHaveText('1');

  // a malformed request is refused with a TypeError naming the field
  await page.evaluate(() =>
    window.dispatchEvent(
      new CustomEvent('backprop:open-expression', { detail: { expression: 3, values: {} } }),
    ),
  );
  await expect
    .poll(() => errors)
    .toContainEqual(
      'backprop:open-expression: expected detail.expression to be a string, got number 3',
    );
  await expect(playground).toBeVisible();
});

test('shared styles: the playground’s controls and stats row stay put when Play becomes Pause', async ({
  page,
}) => {
  await page.goto('./?lesson=playground');
  const playground = page.locator('#lesson-playground');
  const positions = () =>
    playground
      .locator('.pg-controls button, .stats > div')
      .evaluateAll((elements) => elements.map((e) => Math.round(e.getBoundingClientRect().x)));
  const before = await positions();
  await playground.getByRole('button', { name: /Play/ }).click();
  await expect(playground.getByRole('button', { name: /Pause/ })).toBeVisible();
  // training has started: the stats hold numbers where they held dashes
  const steps = playground.locator('[data-testid=step-count], [data-stat=steps]').first();
  await expect.poll(async () => Number(await steps.textContent())).toBeGreaterThanOrEqual(10);
  expect(await positions()).toEqual(before);
  await playground.getByRole('button', { name: /Pause/ }).click();
  expect(await positions()).toEqual(before);
});
