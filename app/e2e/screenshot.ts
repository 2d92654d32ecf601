import { join } from 'node:path';
import { type Page, test } from '@playwright/test';

/** Saves a screenshot of the page as test-results/screenshots/<name>.png, a test artifact to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(test.info().project.outputDir, 'screenshots', `${name}.png`),
  });
}
