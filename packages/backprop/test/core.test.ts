// The core runs in browsers as well as Node: it imports nothing but other core files.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../src');
// src/*.ts and the stage folders (src/compile/), but not src/node/
const coreFiles = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.startsWith('node'))
  .sort();

describe('the core (src/*.ts)', () => {
  it.each(coreFiles)('%s imports only relative core files', (file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const specifiers = [
      ...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1] ?? m[2]);
    for (const s of specifiers) {
      expect(s, `${file} imports ${s}`).toMatch(/^\.\.?\/[\w./-]+\.ts$/);
      const target = relative(src, resolve(src, dirname(file), s as string));
      expect(coreFiles, `${file} imports ${s}`).toContain(target);
    }
  });

  it.each(coreFiles)('%s uses no DOM or Node-only globals', (file) => {
    const text = readFileSync(join(src, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    expect(text).not.toMatch(/\b(document|window|process|Buffer|require)\s*[.([]/);
  });
});
