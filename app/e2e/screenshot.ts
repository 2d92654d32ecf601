import { join } from 'node:path';
import { type Page, test } from '@playwright/test';

/** Saves a screenshot of the page as test-results/screenshots/<name>.png, a test artifact to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(test.info().project.outputDir, 'screenshots', `${name}.png`),
  });
}

/** The laptop and phone sizes every state of a lesson is looked at in. */
export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/**
 * Screenshots the page as it is (`<name>.png`), then at phone size (`<name>-phone.png`), and puts
 * the size back. `ready` waits until the page has settled at the new size (e.g. a redrawn graph).
 */
export async function screenshotBoth(
  page: Page,
  name: string,
  ready: (page: Page) => Promise<void> = async () => {},
): Promise<void> {
  const size = page.viewportSize() ?? LAPTOP;
  await ready(page);
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await ready(page);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(size);
  await ready(page);
}
