import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from '../../../src/testing/media/png.js';
import { createRaster, pixelAt } from '../../../src/testing/media/raster.js';
import { decodePng } from './decoders.js';

function expectPixelsOf(raster: ReturnType<typeof createRaster>, data: Uint8Array): void {
  let wrong = 0;
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      const [r, g, b] = pixelAt(raster, x, y);
      const i = (y * raster.width + x) * 4;
      if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b || data[i + 3] !== 255) wrong++;
    }
  }
  expect(wrong).toBe(0);
}

describe('encodePng', () => {
  it.each([
    [1, 1],
    [17, 9],
    [300, 200],
    [1024, 768],
  ])('decodes to exactly the raster at %i×%i', (width, height) => {
    const raster = createRaster(`seed ${width}`, width, height);
    const image = decodePng(encodePng(raster));
    expect([image.width, image.height]).toEqual([width, height]);
    expectPixelsOf(raster, image.data);
  });

  it('stays small and valid at 4096×4096 (shared blocks of repeated rows)', () => {
    const png = encodePng(createRaster('big', 4096, 4096));
    expect(png.length).toBeLessThan(400_000);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([4096, 4096]);
  });

  it('writes correct chunk CRCs and a zlib stream with a valid Adler-32', () => {
    const png = encodePng(createRaster('crc', 40, 30));
    let offset = 8;
    const types: string[] = [];
    const idat: Buffer[] = [];
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const type = png.toString('ascii', offset + 4, offset + 8);
      expect(png.readUInt32BE(offset + 8 + length)).toBe(
        crc32(png.subarray(offset + 4, offset + 8 + length)),
      );
      if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
      types.push(type);
      offset += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    // inflateSync checks the Adler-32 at the end of the stream.
    expect(inflateSync(Buffer.concat(idat)).length).toBe(30 * (1 + 40 * 3));
  });
});
