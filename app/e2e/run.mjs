// `npm run test:e2e`: runs the browser suite with Debian's Chromium, never a downloaded browser.
// Without /usr/bin/chromium it fails on CI and skips elsewhere, naming the package to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const chromium = '/usr/bin/chromium';
const install = 'apt-get -o DPkg::Lock::Timeout=300 install -y chromium fonts-dejavu-core';

if (!existsSync(chromium)) {
  const ci = process.env.CI;
  if (ci && ci !== 'false' && ci !== '0') {
    console.error(`test:e2e: FAILED, ${chromium} is missing. Install it with: ${install}`);
    process.exit(1);
  }
  console.log(`test:e2e: skipped, ${chromium} is missing. To run the browser tests: ${install}`);
  process.exit(0);
}

const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const config = fileURLToPath(new URL('../../playwright.config.ts', import.meta.url));
const args = [cli, 'test', '--config', config, ...process.argv.slice(2)];
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
