import { describe, expect, it } from 'vitest';
import { createRaster, pixelAt } from '../../../src/testing/media/raster.js';
import { encodeWebp } from '../../../src/testing/media/webp.js';
import { decodeWebp } from './decoders.js';

describe('encodeWebp', () => {
  it.each([
    [1, 1],
    [17, 9],
    [300, 200],
    [5000, 300],
    [2048, 2048],
  ])('libwebp decodes it losslessly at %i×%i', async (width, height) => {
    const raster = createRaster(`seed ${width}`, width, height);
    const image = await decodeWebp(encodeWebp(raster));
    expect([image.width, image.height]).toEqual([width, height]);
    let wrong = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const [r, g, b] = pixelAt(raster, x, y);
        const i = (y * width + x) * 4;
        const d = image.data;
        if (d[i] !== r || d[i + 1] !== g || d[i + 2] !== b || d[i + 3] !== 255) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it('is a RIFF/WEBP file with one VP8L chunk and even padding', () => {
    const webp = encodeWebp(createRaster('riff', 33, 7));
    expect(webp.toString('ascii', 0, 4)).toBe('RIFF');
    expect(webp.readUInt32LE(4)).toBe(webp.length - 8);
    expect(webp.toString('ascii', 8, 16)).toBe('WEBPVP8L');
    expect(webp[20]).toBe(0x2f);
    expect(webp.length % 2).toBe(0);
  });

  it('stays small for large pictures', () => {
    expect(encodeWebp(createRaster('big', 4096, 4096)).length).toBeLessThan(200_000);
  });
});
