import { createRandom, type Random } from '../ids.js';

/**
 * A picture made of square cells of one colour each: what every image and video frame the
 * simulator produces shows. Rows inside one cell row are identical, which keeps the encoders
 * cheap at any size (a 4096×4096 image has at most a few hundred distinct rows).
 */
export interface Raster {
  readonly width: number;
  readonly height: number;
  /** Side of a cell in pixels. */
  readonly cell: number;
  /** Cells per row (`ceil(width / cell)`). */
  readonly columns: number;
  /** Cell rows (`ceil(height / cell)`). */
  readonly rows: number;
  /** RGB of every cell, row-major, 3 bytes each. */
  readonly cells: Uint8Array;
}

/** An RGB colour, 0–255 per channel. */
export type Rgb = readonly [number, number, number];

/**
 * A 53-bit hash of a string (two FNV-1a lanes), to seed a {@link Random}.
 */
export function hashSeed(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * An HSV colour (hue in turns, saturation and value 0–1) as RGB bytes.
 *
 * @example
 * ```ts
 * hsv(0, 1, 1); // [255, 0, 0]
 * ```
 */
export function hsv(hue: number, saturation: number, value: number): Rgb {
  const h = (((hue % 1) + 1) % 1) * 6;
  const sector = Math.floor(h);
  const f = h - sector;
  const p = value * (1 - saturation);
  const q = value * (1 - saturation * f);
  const t = value * (1 - saturation * (1 - f));
  const table: Rgb[] = [
    [value, t, p],
    [q, value, p],
    [p, value, t],
    [p, q, value],
    [t, p, value],
    [value, p, q],
  ];
  const [r, g, b] = table[sector] ?? [value, t, p];
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

/**
 * The cell side for a picture: about 128 cells across the short side, and a multiple of 8 from
 * 512 px up so every 8×8 JPEG block lies inside one cell.
 *
 * @example
 * ```ts
 * cellSize(1024, 1024); // 8
 * ```
 */
export function cellSize(width: number, height: number): number {
  const short = Math.min(width, height);
  if (short >= 512) return 8 * Math.max(1, Math.round(short / 1024));
  return Math.max(1, Math.floor(short / 64));
}

interface Disc {
  x: number;
  y: number;
  radius: number;
  ring: boolean;
  colour: Rgb;
}

function mix(a: Rgb, b: Rgb, t: number): [number, number, number] {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/**
 * Draws the picture for `seed` at `width`×`height`: a diagonal two-colour gradient, soft stripes
 * and a few discs and rings, every colour and position drawn from the seed. The same seed and
 * size always give the same picture.
 */
export function createRaster(seed: string, width: number, height: number): Raster {
  const cell = cellSize(width, height);
  const columns = Math.ceil(width / cell);
  const rows = Math.ceil(height / cell);
  const random: Random = createRandom(hashSeed(seed));
  const hue = random.next();
  const from = hsv(hue, 0.55, 0.95);
  const to = hsv(hue + 0.35 + random.next() * 0.3, 0.7, 0.55);
  const angle = random.next() * Math.PI * 2;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const stripeAngle = angle + Math.PI / 2 + (random.next() - 0.5);
  const sx = Math.cos(stripeAngle);
  const sy = Math.sin(stripeAngle);
  const stripes = 6 + Math.floor(random.next() * 10);
  const aspect = width / height;
  const discs: Disc[] = Array.from({ length: 3 + Math.floor(random.next() * 3) }, () => ({
    x: 0.1 + random.next() * 0.8,
    y: 0.1 + random.next() * 0.8,
    radius: 0.08 + random.next() * 0.2,
    ring: random.next() < 0.3,
    colour: hsv(hue + 0.5 + (random.next() - 0.5) * 0.6, 0.75, 0.9),
  }));
  const cells = new Uint8Array(columns * rows * 3);
  for (let gy = 0; gy < rows; gy++) {
    const v = (gy + 0.5) / rows;
    for (let gx = 0; gx < columns; gx++) {
      const u = (gx + 0.5) / columns;
      const along = Math.min(1, Math.max(0, 0.5 + ((u - 0.5) * dx + (v - 0.5) * dy) * 0.9));
      let colour = mix(from, to, along);
      const phase = ((u * aspect * sx + v * sy) * stripes) % 1;
      if ((phase + 1) % 1 < 0.5) colour = mix(colour, [0, 0, 0], 0.12);
      for (const disc of discs) {
        const distance = Math.hypot((u - disc.x) * aspect, v - disc.y) / disc.radius;
        const inside = disc.ring ? distance > 0.7 && distance <= 1 : distance <= 1;
        if (inside) colour = mix(colour, disc.colour, disc.ring ? 0.9 : 0.8 - distance * 0.25);
      }
      const offset = (gy * columns + gx) * 3;
      cells[offset] = Math.round(colour[0]);
      cells[offset + 1] = Math.round(colour[1]);
      cells[offset + 2] = Math.round(colour[2]);
    }
  }
  return { width, height, cell, columns, rows, cells };
}

/**
 * Writes row `y` of the picture into `out` as RGB bytes (`width * 3`).
 */
export function fillRow(raster: Raster, y: number, out: Uint8Array): void {
  const { width, cell, columns, cells } = raster;
  const base = Math.floor(y / cell) * columns * 3;
  let x = 0;
  for (let gx = 0; gx < columns; gx++) {
    const from = base + gx * 3;
    const r = cells[from] ?? 0;
    const g = cells[from + 1] ?? 0;
    const b = cells[from + 2] ?? 0;
    const end = Math.min(width, x + cell);
    for (; x < end; x++) {
      out[x * 3] = r;
      out[x * 3 + 1] = g;
      out[x * 3 + 2] = b;
    }
  }
}

/**
 * The RGB of pixel (`x`, `y`).
 *
 * @example
 * ```ts
 * pixelAt(raster, 0, 0); // [r, g, b]
 * ```
 */
export function pixelAt(raster: Raster, x: number, y: number): Rgb {
  const offset = (Math.floor(y / raster.cell) * raster.columns + Math.floor(x / raster.cell)) * 3;
  return [raster.cells[offset] ?? 0, raster.cells[offset + 1] ?? 0, raster.cells[offset + 2] ?? 0];
}
