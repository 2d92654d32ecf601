// `npm run build:app` makes plain static files: served from any folder of any static server, the
// page, its worker and the Graphviz module must all load (every URL in the build is relative).
import { expect, test } from '@playwright/test';
import { serveDist } from './static-server.ts';

let server: Awaited<ReturnType<typeof serveDist>>;

test.beforeAll(async () => {
  server = await serveDist('/some/deep/folder/');
});

test.afterAll(() => server.close());

test('build:app output works from a sub-folder of a plain static server', async ({ page }) => {
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${server.url}?lesson=backprop`);
  await expect(page.locator('#bp-graph svg g#n0')).toBeVisible();
  await page.getByRole('tab', { name: /Training playground/ }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.locator('[data-stat=steps]')).toHaveText('1');
  expect(failed).toEqual([]);
});
