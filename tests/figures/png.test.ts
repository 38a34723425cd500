import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { pngPixelSize, setPngDpi } from '../../src/figures/png';

function samplePng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    png.data[4 * i] = (i * 37) % 256;
    png.data[4 * i + 1] = (i * 11) % 256;
    png.data[4 * i + 2] = 200;
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** pHYs chunks as [x ppm, y ppm, unit], read straight from the bytes. */
function physChunks(buf: Buffer): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let pos = 8; pos + 12 <= buf.length; ) {
    const len = buf.readUInt32BE(pos);
    if (buf.toString('latin1', pos + 4, pos + 8) === 'pHYs') out.push([buf.readUInt32BE(pos + 8), buf.readUInt32BE(pos + 12), buf[pos + 16]]);
    pos += 12 + len;
  }
  return out;
}

describe('setPngDpi', () => {
  it('adds a valid pHYs chunk (pixels per metre) and leaves the pixels alone', () => {
    const src = samplePng(17, 9);
    const out = setPngDpi(src, 300);
    expect(physChunks(out)).toEqual([[11811, 11811, 1]]); // 300 / 0.0254 = 11811.02
    // pngjs checks every chunk's CRC while decoding.
    const decoded = PNG.sync.read(out, { checkCRC: true } as never);
    expect(decoded.width).toBe(17);
    expect(Buffer.compare(decoded.data, PNG.sync.read(src).data)).toBe(0);
    expect(pngPixelSize(out)).toEqual({ width: 17, height: 9 });
  });

  it('replaces an existing pHYs chunk', () => {
    const twice = setPngDpi(setPngDpi(samplePng(4, 4), 300), 150);
    expect(physChunks(twice)).toEqual([[5906, 5906, 1]]);
    expect(() => PNG.sync.read(twice)).not.toThrow();
  });

  it('rejects bad input', () => {
    expect(() => setPngDpi(Buffer.from('not a png'), 300)).toThrow(/not a PNG/);
    expect(() => setPngDpi(samplePng(2, 2), 0)).toThrow(/dpi/);
  });
});
