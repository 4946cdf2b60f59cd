import { describe, expect, it } from 'vitest';
import {
  cellSize,
  createRaster,
  fillRow,
  hashSeed,
  hsv,
  pixelAt,
} from '../../../src/testing/media/raster.js';

describe('raster', () => {
  it('is the same picture for the same seed and size, and differs with the seed', () => {
    const a = createRaster('a lighthouse\u00007\u00000', 256, 128);
    const b = createRaster('a lighthouse\u00007\u00000', 256, 128);
    const c = createRaster('a lighthouse\u00008\u00000', 256, 128);
    expect(Buffer.from(a.cells).equals(Buffer.from(b.cells))).toBe(true);
    expect(Buffer.from(a.cells).equals(Buffer.from(c.cells))).toBe(false);
  });

  it('is not a flat colour: many distinct colours and a visible spread of brightness', () => {
    const raster = createRaster('a red fox', 512, 512);
    const colours = new Set<number>();
    let darkest = 255;
    let brightest = 0;
    for (let i = 0; i < raster.cells.length; i += 3) {
      const [r, g, b] = [raster.cells[i] ?? 0, raster.cells[i + 1] ?? 0, raster.cells[i + 2] ?? 0];
      colours.add((r << 16) | (g << 8) | b);
      const luma = 0.3 * r + 0.59 * g + 0.11 * b;
      darkest = Math.min(darkest, luma);
      brightest = Math.max(brightest, luma);
    }
    expect(colours.size).toBeGreaterThan(100);
    expect(brightest - darkest).toBeGreaterThan(40);
  });

  it('covers the whole picture with cells and fills rows from them', () => {
    const raster = createRaster('x', 1000, 601);
    expect(raster.cell).toBe(8);
    expect(raster.columns * raster.cell).toBeGreaterThanOrEqual(1000);
    expect(raster.rows * raster.cell).toBeGreaterThanOrEqual(601);
    const row = new Uint8Array(1000 * 3);
    fillRow(raster, 600, row);
    for (const x of [0, 7, 8, 999]) {
      expect([row[x * 3], row[x * 3 + 1], row[x * 3 + 2]]).toEqual(pixelAt(raster, x, 600));
    }
  });

  it('uses 8-pixel multiples for cells from 512 px up, smaller cells below', () => {
    expect(cellSize(1024, 1024)).toBe(8);
    expect(cellSize(2048, 2048)).toBe(16);
    expect(cellSize(4096, 2304)).toBe(16);
    expect(cellSize(1280, 720)).toBe(8);
    expect(cellSize(300, 200)).toBe(3);
    expect(cellSize(10, 10)).toBe(1);
  });

  it('hashes strings to safe integers and converts HSV', () => {
    expect(Number.isSafeInteger(hashSeed('anything'))).toBe(true);
    expect(hashSeed('a')).not.toBe(hashSeed('b'));
    expect(hsv(0, 1, 1)).toEqual([255, 0, 0]);
    expect(hsv(1 / 3, 1, 1)).toEqual([0, 255, 0]);
    expect(hsv(0.5, 0, 0.5)).toEqual([128, 128, 128]);
  });
});
