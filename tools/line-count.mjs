#!/usr/bin/env node
// Line counts, as tinygrad's sz.py keeps them: the lines of each source folder, and a failure when
// a file of the library's source (packages/backprop/src) is over the budget. A budget prompts a
// split into files named after their nouns; it is reviewed, not worked around.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const budget = 400; // lines per library source file
const library = 'packages/backprop/src';
const folders = [
  library,
  'packages/backprop-viz/src',
  'packages/backprop-cli/src',
  'app',
  'bench',
  'tools',
];
const source = /\.(ts|mjs|js|py|css|html)$/;
const skip = new Set(['node_modules', 'dist', 'e2e', 'test-results']);

/** Every source file under `dir`, with its line count. */
function files(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : files(path);
    if (!source.test(entry.name)) return [];
    const text = readFileSync(join(root, path), 'utf8');
    return [{ path, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) }];
  });
}

const over = [];
for (const folder of folders) {
  const found = files(folder);
  const total = found.reduce((sum, f) => sum + f.lines, 0);
  console.log(`${String(total).padStart(6)}  ${folder} (${found.length} files)`);
  if (folder === library) over.push(...found.filter((f) => f.lines > budget));
}
for (const f of over) {
  console.error(
    `line-count: ${relative(root, join(root, f.path))} has ${f.lines} lines; expected at most ${budget}`,
  );
}
process.exitCode = over.length > 0 ? 1 : 0;
