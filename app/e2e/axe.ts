// axe-core, run in the page: the accessibility audit every lesson's tests share.
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

interface Axe {
  run(context?: string): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
}

/**
 * Audits the page (or the part matching `context`, e.g. '#lesson-build') with axe-core, injected
 * once per page; returns one line per violation, `<rule>: <first three offending targets>`.
 */
export async function axeViolations(page: Page, context?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core') });
  }
  return page.evaluate(async (context) => {
    const { axe } = window as unknown as { axe: Axe };
    const { violations } = await (context === undefined ? axe.run() : axe.run(context));
    return violations.map(
      (v) =>
        `${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
  }, context);
}
