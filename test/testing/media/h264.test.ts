import { describe, expect, it } from 'vitest';
import { encodeH264, squareAt, toYuv } from '../../../src/testing/media/h264.js';
import { createRaster, pixelAt } from '../../../src/testing/media/raster.js';
import { decodeH264, type Frame, nalUnits } from './decoders.js';

/** Luma of every macroblock's top-left pixel in a decoded frame. */
function lumaAt(frame: Frame, x: number, y: number): number {
  return frame.yuv[y * frame.width + x] ?? -1;
}

describe('encodeH264', () => {
  it('h264bsd decodes every frame, the first exactly the raster (PCM is lossless)', async () => {
    const raster = createRaster('waves\u00001\u00000', 64, 48);
    const { sps, pps, samples } = encodeH264(raster, 12);
    expect(samples).toHaveLength(12);
    const frames = await decodeH264([sps, pps, ...samples.flatMap(nalUnits)]);
    expect(frames).toHaveLength(12);
    const [first] = frames as [Frame];
    expect([first.width, first.height]).toEqual([64, 48]);
    const grid = { columns: 4, rows: 3 };
    const square = squareAt(grid, 0);
    for (let y = 0; y < 48; y++) {
      for (let x = 0; x < 64; x++) {
        const mb = Math.floor(y / 16) * 4 + Math.floor(x / 16);
        const expected = mb === square ? 230 : toYuv(pixelAt(raster, x, y))[0];
        expect(lumaAt(first, x, y)).toBe(expected);
      }
    }
  });

  it('moves the square and leaves the rest of the picture alone', async () => {
    const raster = createRaster('moving', 64, 48);
    const { sps, pps, samples } = encodeH264(raster, 10);
    const frames = await decodeH264([sps, pps, ...samples.flatMap(nalUnits)]);
    const grid = { columns: 4, rows: 3 };
    const last = frames.at(-1) as Frame;
    const where = squareAt(grid, 9);
    expect(where).not.toBe(squareAt(grid, 0));
    for (let mb = 0; mb < 12; mb++) {
      const x = (mb % 4) * 16;
      const y = Math.floor(mb / 4) * 16;
      const expected = mb === where ? 230 : toYuv(pixelAt(raster, x, y))[0];
      expect(lumaAt(last, x, y), `macroblock ${mb}`).toBe(expected);
    }
  });

  it('codes odd sizes with cropping and keeps skipped frames tiny', async () => {
    const raster = createRaster('crop', 100, 60);
    const { sps, pps, samples } = encodeH264(raster, 4);
    const frames = await decodeH264([sps, pps, ...samples.flatMap(nalUnits)]);
    // h264bsd returns the coded (uncropped) picture: 7×4 macroblocks.
    expect(frames.map((f) => [f.width, f.height])).toEqual(Array(4).fill([112, 64]));
    // Frame 1 holds the same square position as frame 0 (it moves every 3 frames): all skipped.
    expect(samples[1]?.length).toBeLessThan(16);
  });

  it('escapes start-code-like byte runs inside NAL units', () => {
    const { samples } = encodeH264(createRaster('escape', 320, 176), 2);
    for (const unit of samples.flatMap(nalUnits)) {
      for (let i = 2; i < unit.length; i++) {
        if (unit[i - 2] === 0 && unit[i - 1] === 0) expect(unit[i]).toBeGreaterThan(2);
      }
    }
  });
});
