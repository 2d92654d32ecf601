// Lesson 2 in a real browser: training in the worker, the pictures, and the state in the URL.
import { expect, type Page, test } from '@playwright/test';
import { screenshot } from './screenshot.ts';

/** A statistic of the run as the page shows it (exact value, from its data attribute). */
async function stat(page: Page, name: string): Promise<number> {
  return Number(await page.locator(`[data-stat=${name}]`).getAttribute('data-value'));
}

const TRAINING_BUDGET_MS = 60_000;

test('lesson 2: trains on moons until test accuracy reaches 95% within a minute', async ({
  page,
}) => {
  await page.goto(
    './?lesson=playground&data=moons&n=200&noise=0.1&dseed=1&test=0.3&layers=8,8&act=tanh&loss=hinge&opt=adam&lr=0.03&batch=0&l2=0.0001&seed=1337',
  );
  // the worker splits 200 points into 140 to train on and 60 held out
  await expect(page.locator('[data-stat=steps]')).toHaveText('0');
  const start = Date.now();
  await page.getByRole('button', { name: '▶ Play' }).click();
  await expect(page.getByRole('button', { name: '❚❚ Pause' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect
    .poll(() => stat(page, 'testAccuracy'), { timeout: TRAINING_BUDGET_MS, intervals: [250] })
    .toBeGreaterThanOrEqual(0.95);
  const seconds = (Date.now() - start) / 1000;
  const steps = await stat(page, 'steps');
  console.log(`moons: test accuracy ≥ 95% after ${steps} steps, ${seconds.toFixed(1)} s`);

  // the page stays responsive while the worker trains: count animation frames for one second
  const fps = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let frames = 0;
        const start = performance.now();
        const tick = (now: number) => {
          frames++;
          if (now - start < 1000) requestAnimationFrame(tick);
          else resolve((frames * 1000) / (now - start));
        };
        requestAnimationFrame(tick);
      }),
  );
  console.log(`moons: ${fps.toFixed(0)} frames per second while training`);
  expect(fps).toBeGreaterThan(20);

  // the pictures are live: heatmap drawn, one small map per neuron (8 + 8 + output)
  await expect(page.locator('.neurons canvas')).toHaveCount(17);
  await page.waitForTimeout(1500);
  await screenshot(page, 'playground-moons');
  // Pause stops the worker within one time slice; Step then takes exactly one step
  await page.getByRole('button', { name: '❚❚ Pause' }).click();
  await page.waitForTimeout(300);
  const paused = await stat(page, 'steps');
  await page.waitForTimeout(500);
  expect(await stat(page, 'steps')).toBe(paused);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => stat(page, 'steps')).toBe(paused + 1);
});

test('lesson 2: the whole state lives in the URL; an edited URL reloads into that state', async ({
  page,
}) => {
  await page.goto(
    './?lesson=playground&data=circles&n=150&noise=0.05&dseed=3&test=0.2&layers=4,3&act=relu&loss=bce&opt=sgd&lr=0.1&batch=16&l2=0&seed=7',
  );
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('circles');
  await expect(page.getByLabel('Points', { exact: true })).toHaveValue('150');
  await expect(page.getByLabel('Hidden layers', { exact: true })).toHaveValue('4,3');
  await expect(page.getByLabel('Activation', { exact: true })).toHaveValue('relu');
  await expect(page.getByLabel('Loss', { exact: true })).toHaveValue('bce');
  await expect(page.getByLabel('Optimizer', { exact: true })).toHaveValue('sgd');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.1');
  await expect(page.getByLabel('Batch size', { exact: true })).toHaveValue('16');
  await expect(page.getByLabel('Weight seed', { exact: true })).toHaveValue('7');
  await expect(page.locator('.neurons canvas')).toHaveCount(4 + 3 + 1);

  // edit the URL by hand and load it (a new query string is a full page load)
  const url = new URL(page.url());
  url.searchParams.set('data', 'xor');
  url.searchParams.set('layers', '6');
  url.searchParams.set('act', 'sigmoid');
  url.searchParams.set('lr', '0.5');
  await page.goto(url.toString());
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('xor');
  await expect(page.getByLabel('Hidden layers', { exact: true })).toHaveValue('6');
  await expect(page.getByLabel('Activation', { exact: true })).toHaveValue('sigmoid');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.5');
  await expect(page.locator('.neurons canvas')).toHaveCount(6 + 1);

  // edits in the page go to the URL too, and survive a reload
  await page.getByLabel('Optimizer', { exact: true }).selectOption('momentum');
  await page.getByLabel('Hidden layers', { exact: true }).fill('5,5');
  await page.getByLabel('Hidden layers', { exact: true }).press('Enter');
  await expect(page).toHaveURL(/opt=momentum/);
  await expect(page).toHaveURL(/layers=5,5/);
  await page.reload();
  await expect(page.getByLabel('Optimizer', { exact: true })).toHaveValue('momentum');
  await expect(page.locator('.neurons canvas')).toHaveCount(5 + 5 + 1);

  // a malformed value is refused with a message, and the URL keeps the last good one
  await page.getByLabel('Hidden layers', { exact: true }).fill('5,x');
  await page.getByLabel('Hidden layers', { exact: true }).press('Enter');
  await expect(page.locator('#pg-layers-error')).toContainText('Expected whole numbers');
  await expect(page).toHaveURL(/layers=5,5/);

  // clicking the picture adds a point: the data becomes the user's own, in the URL
  const canvas = page.locator('.boundary canvas');
  const box = (await canvas.boundingBox()) as { x: number; y: number; width: number };
  await page.mouse.click(box.x + box.width / 2, box.y + box.width / 2);
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('custom');
  await expect(page).toHaveURL(/data=custom&points=/);
  const points = new URL(page.url()).searchParams.get('points')?.split(';') ?? [];
  expect(points).toHaveLength(151);
  await page.reload();
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('custom');
  await screenshot(page, 'playground-custom');
});

test('lesson 2: a CSV file of the user’s own loads, and a malformed one names its line', async ({
  page,
}) => {
  await page.goto('./?lesson=playground');
  const file = page.locator('#pg-csv');
  await file.setInputFiles({
    name: 'mine.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n'),
  });
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('custom');
  await expect(page).toHaveURL(/points=0,0,0;1,1,1;0,1,1;1,0,0/);
  await file.setInputFiles({
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('0,0,0\n1,oops,1\n'),
  });
  await expect(page.locator('#pg-csv-error')).toContainText('bad.csv: line 2');
  await expect(page).toHaveURL(/points=0,0,0;1,1,1;0,1,1;1,0,0/);
});

test('lesson 2: usable from the keyboard', async ({ page }) => {
  await page.goto('./?lesson=playground');
  // the tabs follow the ARIA pattern: arrows move between lessons
  await page.getByRole('tab', { name: /Training playground/ }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: /Backprop/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page).toHaveURL(/lesson=backprop/);
  await page.keyboard.press('ArrowRight');
  await expect(page).toHaveURL(/lesson=playground/);
  // Tab reaches the settings in order, then the run controls
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Dataset', { exact: true })).toBeFocused();
  // the picture takes points from the keyboard
  await page.locator('.boundary canvas').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/data=custom/);
  const controls = page.locator('#lesson-playground input, #lesson-playground select');
  for (const control of await controls.filter({ visible: true }).all()) {
    await expect(control).toHaveAccessibleName(/\S/);
  }
});
