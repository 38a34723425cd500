/** PNG metadata: the pHYs chunk that tells image software (and journals' checks) the resolution in DPI. */
import { crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height in pixels, read from the IHDR chunk. */
export function pngPixelSize(png: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(SIGNATURE) || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file (no PNG signature followed by IHDR)');
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * Returns a copy of `png` whose pHYs chunk says `dpi` dots per inch (stored as pixels per metre,
 * rounded), replacing any pHYs chunk already there. Pixels are unchanged.
 */
export function setPngDpi(png: Uint8Array, dpi: number): Buffer {
  if (!(dpi > 0) || !Number.isFinite(dpi)) throw new Error(`dpi must be a positive number (got ${dpi})`);
  pngPixelSize(png);
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const ppm = Math.round(dpi / 0.0254);
  const body = Buffer.alloc(13);
  body.write('pHYs', 0, 'latin1');
  body.writeUInt32BE(ppm, 4);
  body.writeUInt32BE(ppm, 8);
  body.writeUInt8(1, 12); // unit: metre
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body) >>> 0, 17);

  const parts: Buffer[] = [buf.subarray(0, 8)];
  let pos = 8;
  let inserted = false;
  while (pos + 12 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + len;
    if (type !== 'pHYs') parts.push(buf.subarray(pos, end));
    if (type === 'IHDR' && !inserted) {
      parts.push(chunk);
      inserted = true;
    }
    pos = end;
  }
  return Buffer.concat(parts);
}
