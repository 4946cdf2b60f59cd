import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../../src/testing/media/jpeg.js';
import { createRaster, pixelAt } from '../../../src/testing/media/raster.js';
import { decodeJpeg } from './decoders.js';

/** Mean absolute difference per channel between the decoded image and the raster. */
function meanError(raster: ReturnType<typeof createRaster>, data: Uint8Array): number {
  let sum = 0;
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      const pixel = pixelAt(raster, x, y);
      const i = (y * raster.width + x) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs((data[i + c] ?? 0) - (pixel[c] ?? 0));
    }
  }
  return sum / (raster.width * raster.height * 3);
}

function markers(jpeg: Buffer): number[] {
  const found: number[] = [];
  let at = 2;
  while (at < jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1] ?? 0;
    found.push(marker);
    if (marker === 0xda) break;
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  return found;
}

describe('encodeJpeg', () => {
  it.each([
    [1, 1],
    [17, 9],
    [300, 200],
    [1280, 720],
    [2048, 1536],
  ])('decodes to the raster at %i×%i within JPEG error', (width, height) => {
    const raster = createRaster(`seed ${width}`, width, height);
    const image = decodeJpeg(encodeJpeg(raster));
    expect([image.width, image.height]).toEqual([width, height]);
    // Large pictures are made of flat 8×8 blocks (only rounding error); small ones have edges.
    expect(meanError(raster, image.data)).toBeLessThan(width >= 512 ? 1.5 : 6);
  });

  it('is a baseline JFIF file: SOI, APP0, DQT, SOF0, DHT, SOS … EOI', () => {
    const jpeg = encodeJpeg(createRaster('markers', 64, 48));
    expect([...jpeg.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(markers(jpeg)).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
    expect(jpeg.toString('ascii', 6, 10)).toBe('JFIF');
  });

  it('keeps more detail at higher quality', () => {
    const raster = createRaster('quality', 96, 96);
    const low = meanError(raster, decodeJpeg(encodeJpeg(raster, 30)).data);
    const high = meanError(raster, decodeJpeg(encodeJpeg(raster, 95)).data);
    expect(high).toBeLessThan(low);
  });
});
