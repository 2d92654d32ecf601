import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The lessons are plain static files: a relative base lets app/dist work from any folder of any host.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
});
