import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Inside the repository the packages' names resolve to their TypeScript sources, as the root
// tsconfig's `paths` do: tests need no build, and every package sees the same one `Value` class.
const source = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^backprop$/, replacement: source('backprop/src/index.ts') },
      { find: /^backprop\/node$/, replacement: source('backprop/src/node/index.ts') },
      { find: /^backprop-viz$/, replacement: source('backprop-viz/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
