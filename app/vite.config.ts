import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The packages' names resolve to their TypeScript sources, as in the root tsconfig's `paths`.
const source = (path: string) => fileURLToPath(new URL(`../packages/${path}`, import.meta.url));

// The lessons are plain static files: a relative base lets app/dist work from any folder of any host.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [
      { find: /^backprop$/, replacement: source('backprop/src/index.ts') },
      { find: /^backprop-viz$/, replacement: source('backprop-viz/src/index.ts') },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
});
