import { inflateSync } from 'node:zlib';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decodes a PNG far enough to prove it is one: the signature, the IHDR header and the image data,
 * inflated, of exactly the size the header announces (8-bit, non-palette, non-interlaced images).
 */
export function readPng(bytes: Uint8Array): { width: number; height: number; colorType: number } {
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error('not a PNG: bad signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colorType: number } | undefined;
  const data: Uint8Array[] = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      const h = new DataView(body.buffer, body.byteOffset, body.byteLength);
      header = {
        width: h.getUint32(0),
        height: h.getUint32(4),
        bitDepth: body[8] as number,
        colorType: body[9] as number,
      };
    } else if (type === 'IDAT') {
      data.push(body);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  if (header === undefined) throw new Error('not a PNG: no IHDR chunk');
  const channels = CHANNELS[header.colorType];
  if (header.bitDepth !== 8 || channels === undefined) throw new Error('unexpected PNG format');
  const pixels = inflateSync(Buffer.concat(data));
  // each row: one filter-type byte, then the pixels
  const expected = header.height * (1 + header.width * channels);
  if (pixels.length !== expected)
    throw new Error(`PNG data is ${pixels.length} bytes, expected ${expected}`);
  return { width: header.width, height: header.height, colorType: header.colorType };
}
