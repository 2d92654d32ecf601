// The core runs in browsers as well as Node: it imports nothing but other core files.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = resolve(import.meta.dirname, '../src');
const coreFiles = readdirSync(src).filter((f) => f.endsWith('.ts'));

describe('the core (src/*.ts)', () => {
  it.each(coreFiles)('%s imports only relative core files', (file) => {
    const text = readFileSync(join(src, file), 'utf8');
    const specifiers = [
      ...text.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1] ?? m[2]);
    for (const s of specifiers) expect(s, `${file} imports ${s}`).toMatch(/^\.\/[\w.-]+\.ts$/);
  });

  it.each(coreFiles)('%s uses no DOM or Node-only globals', (file) => {
    const text = readFileSync(join(src, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    expect(text).not.toMatch(/\b(document|window|process|Buffer|require)\s*[.([]/);
  });
});
