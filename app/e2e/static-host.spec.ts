// `npm run build:app` makes plain static files: served from any folder of any static server, the
// page, its worker and the Graphviz module must all load (every URL in the build is relative).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';

const dist = join(import.meta.dirname, '..', 'dist');
const prefix = '/some/deep/folder/';
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

let server: Server;
let origin = '';

test.beforeAll(async () => {
  // a deliberately dumb static server: files under `prefix`, nothing else
  server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (!path.startsWith(prefix)) return response.writeHead(404).end();
    const file = normalize(join(dist, path.slice(prefix.length) || 'index.html'));
    try {
      const body = await readFile(file.startsWith(dist) ? file : dist);
      response.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('build:app output works from a sub-folder of a plain static server', async ({ page }) => {
  const failed: string[] = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${origin}${prefix}?lesson=backprop`);
  await expect(page.locator('#bp-graph svg g#n0')).toBeVisible();
  await page.getByRole('tab', { name: /Training playground/ }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(page.locator('[data-stat=steps]')).toHaveText('1');
  expect(failed).toEqual([]);
});
