// The notebooks as they are committed: with the outputs their cells declare, and with pictures that
// Debian's `jupyter nbconvert --to html` (default settings) exports as visible images. Executing
// them is a step of its own (`npm run test:notebooks`, tools/run_notebooks.py --test), which prints
// its progress cell by cell.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const notebooks = readdirSync(join(root, 'notebooks'))
  .filter((name) => name.endsWith('.ipynb'))
  .sort();
const python = '/usr/bin/python3';
const aptLine =
  'DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends python3-nbclient jupyter-nbconvert';
/** The notebook column the pictures must fit without being scaled down, in CSS pixels. */
const COLUMN = 900;

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  metadata?: Record<string, { width?: number; height?: number }>;
}
interface Cell {
  id?: string;
  cell_type: string;
  metadata: { expect?: { mime?: string[]; text?: string[] } };
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string } };
}

const read = (name: string) =>
  JSON.parse(readFileSync(join(root, 'notebooks', name), 'utf8')) as Notebook;
const joined = (text: unknown) => (Array.isArray(text) ? text.join('') : String(text ?? ''));
const pictures = (nb: Notebook) =>
  nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => Object.keys(o.data ?? {}).some((m) => m.startsWith('image/')));

/** Runs a command in the project folder; resolves with its exit status and what it printed. */
function run(
  command: string,
  args: string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(command, args, { cwd: root, maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ status, stdout, stderr });
    });
  });
}

/**
 * Decodes an 8-bit, non-interlaced PNG (what resvg writes) to its pixels and returns the share of
 * them that differ from the top-left pixel (the background): 0 for a blank picture.
 */
function inkShare(png: Buffer): { width: number; height: number; ink: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect(body[8], 'bit depth').toBe(8);
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[body[9] as number] ?? 0;
      expect(channels, `colour type ${body[9]}`).toBeGreaterThan(0);
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  // undo each row's filter (PNG spec, section 9): none, sub, up, average, Paeth
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x] as number;
      const a = x >= channels ? (pixels[row + x - channels] as number) : 0;
      const b = y > 0 ? (pixels[row - stride + x] as number) : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const c = x >= channels && y > 0 ? (pixels[row - stride + x - channels] as number) : 0;
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[row + x] = (byte + predictor) & 0xff;
    }
  }
  let ink = 0;
  for (let i = 0; i < pixels.length; i += channels) {
    for (let k = 0; k < channels; k++) {
      if (pixels[i + k] !== pixels[k]) {
        ink++;
        break;
      }
    }
  }
  return { width, height, ink: ink / (width * height) };
}

let exports: Promise<{ folder: string } | { missing: string }> | undefined;
/**
 * Exports every notebook to HTML with Debian's nbconvert and its default settings, once, in one
 * process (its start-up is most of the time): resolves with the folder, or with why it cannot run.
 */
function exportAll(): Promise<{ folder: string } | { missing: string }> {
  exports ??= (async () => {
    const probe = await run(python, ['-c', 'import nbconvert']);
    if (probe.status !== 0) {
      return { missing: `${python} cannot import nbconvert (jupyter-nbconvert is not installed)` };
    }
    const folder = mkdtempSync(join(tmpdir(), 'backprop-html-'));
    const paths = notebooks.map((n) => `notebooks/${n}`);
    const exported = await run(python, [
      '-m',
      'nbconvert',
      '--to',
      'html',
      '--output-dir',
      folder,
      ...paths,
    ]);
    if (exported.status !== 0) throw new Error(`nbconvert failed:\n${exported.stderr}`);
    return { folder };
  })();
  return exports;
}
afterAll(async () => {
  const result = await exports;
  if (result && 'folder' in result) rmSync(result.folder, { recursive: true, force: true });
});

describe.concurrent('notebooks', () => {
  it.each(notebooks)('%s is committed with the outputs its cells declare', (name) => {
    const nb = read(name);
    expect(nb.metadata.kernelspec?.name).toBe('deno-local');
    let declared = 0;
    for (const cell of nb.cells) {
      expect(cell.id, `a ${cell.cell_type} cell has no id`).toBeTruthy();
      const outputs = cell.outputs ?? [];
      const mimes = outputs.flatMap((o) => Object.keys(o.data ?? {}));
      const printed = outputs
        .map((o) => joined(o.output_type === 'stream' ? o.text : o.data?.['text/plain']))
        .join('');
      if (outputs.length > 0) {
        expect(
          cell.metadata.expect,
          `cell "${cell.id}" shows output but declares none`,
        ).toBeDefined();
      }
      for (const mime of cell.metadata.expect?.mime ?? []) {
        declared++;
        expect(mimes, `cell "${cell.id}"`).toContain(mime);
      }
      for (const text of cell.metadata.expect?.text ?? []) {
        declared++;
        expect(printed, `cell "${cell.id}"`).toContain(text);
      }
    }
    expect(declared, 'expected outputs declared in cell metadata').toBeGreaterThan(0);
  });

  it('02-build-micrograd shows at least six pictures', () => {
    expect(pictures(read('02-build-micrograd.ipynb')).length).toBeGreaterThanOrEqual(6);
  });

  it.for(notebooks)(
    '%s exports to HTML (nbconvert, default settings) with every picture visible',
    {
      timeout: 120_000,
    },
    async (name, { skip }) => {
      const result = await exportAll();
      if ('missing' in result) {
        if (process.env.CI) throw new Error(`${result.missing}. Install it with:\n  ${aptLine}`);
        console.warn(
          `notebook HTML export not tested: ${result.missing}; install it with:\n  ${aptLine}`,
        );
        skip(`${result.missing}; install it with: ${aptLine}`);
        return;
      }
      const html = readFileSync(join(result.folder, name.replace(/\.ipynb$/, '.html')), 'utf8');

      const expected = pictures(read(name)).length;
      expect(expected, 'pictures in the notebook').toBeGreaterThan(0);
      // what nbconvert 6.5 strips: an inline <svg> output, which it leaves as an empty element
      expect(html).not.toMatch(/<div class="jp-RenderedSVG/);
      const images = [...html.matchAll(/<img src="data:image\/png;base64,([^"]+)"([^>]*)>/g)];
      expect(images.length, 'pictures exported as <img>').toBe(expected);
      for (const [, base64, attributes] of images) {
        const shown = Number(/width=(\d+)/.exec(attributes as string)?.[1]);
        const { width, height, ink } = inkShare(Buffer.from(base64 as string, 'base64'));
        expect(width * height, 'picture size').toBeGreaterThan(0);
        expect(ink, 'share of pixels that are not background').toBeGreaterThan(0.005);
        expect(shown, 'width hint (CSS pixels)').toBeGreaterThan(0);
        expect(shown, `width hint within a ${COLUMN} px column`).toBeLessThanOrEqual(COLUMN);
        expect(
          Math.abs(width - 2 * shown),
          'PNG drawn at twice its shown size',
        ).toBeLessThanOrEqual(2);
      }
    },
  );
});
