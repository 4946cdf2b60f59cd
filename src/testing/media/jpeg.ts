import { MsbBitWriter } from './bits.js';
import { canonicalCodes, huffmanLengths } from './huffman.js';
import type { Raster } from './raster.js';

/** Zigzag position → natural (row-major) index in an 8×8 block. */
const ZIGZAG: readonly number[] = (() => {
  const order: number[] = [];
  for (let sum = 0; sum < 15; sum++) {
    const cells: number[] = [];
    for (let row = Math.max(0, sum - 7); row <= Math.min(7, sum); row++) {
      cells.push(row * 8 + (sum - row));
    }
    // Odd diagonals run top-right to bottom-left, even ones the other way.
    order.push(...(sum % 2 === 1 ? cells : cells.reverse()));
  }
  return order;
})();

// ITU T.81 Annex K.1 tables, in natural order.
const LUMA_BASE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_BASE = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...new Array<number>(32).fill(99),
];

/** AAN output scale per frequency (cos(kπ/16)·√2, 1 for k = 0). */
const AAN_SCALE = [
  1, 1.387039845, 1.306562965, 1.175875602, 1, 0.785694958, 0.5411961, 0.275899379,
];

function scaledTable(base: readonly number[], quality: number): Uint8Array {
  const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  return Uint8Array.from(base, (q) =>
    Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))),
  );
}

/**
 * One 8-point AAN forward DCT pass (as in libjpeg's float DCT) over `data[at + k·step]`, in place.
 * The outputs carry the AAN scale factors; {@link divisors} takes them out with the quantizer.
 */
function dctPass(data: Float64Array, at: number, step: number): void {
  const d0 = data[at] ?? 0;
  const d1 = data[at + step] ?? 0;
  const d2 = data[at + 2 * step] ?? 0;
  const d3 = data[at + 3 * step] ?? 0;
  const d4 = data[at + 4 * step] ?? 0;
  const d5 = data[at + 5 * step] ?? 0;
  const d6 = data[at + 6 * step] ?? 0;
  const d7 = data[at + 7 * step] ?? 0;
  const t0 = d0 + d7;
  const t7 = d0 - d7;
  const t1 = d1 + d6;
  const t6 = d1 - d6;
  const t2 = d2 + d5;
  const t5 = d2 - d5;
  const t3 = d3 + d4;
  const t4 = d3 - d4;
  // Even part.
  const e10 = t0 + t3;
  const e13 = t0 - t3;
  const e11 = t1 + t2;
  const e12 = t1 - t2;
  data[at] = e10 + e11;
  data[at + 4 * step] = e10 - e11;
  const z1 = (e12 + e13) * Math.SQRT1_2;
  data[at + 2 * step] = e13 + z1;
  data[at + 6 * step] = e13 - z1;
  // Odd part.
  const o10 = t4 + t5;
  const o11 = t5 + t6;
  const o12 = t6 + t7;
  const z5 = (o10 - o12) * 0.382683433;
  const z2 = 0.5411961 * o10 + z5;
  const z4 = 1.306562965 * o12 + z5;
  const z3 = o11 * Math.SQRT1_2;
  const z11 = t7 + z3;
  const z13 = t7 - z3;
  data[at + 5 * step] = z13 + z2;
  data[at + 3 * step] = z13 - z2;
  data[at + step] = z11 + z4;
  data[at + 7 * step] = z11 - z4;
}

/** Forward 8×8 DCT of level-shifted samples, in place (scaled: see {@link divisors}). */
function dct(block: Float64Array): void {
  for (let row = 0; row < 64; row += 8) dctPass(block, row, 1);
  for (let column = 0; column < 8; column++) dctPass(block, column, 8);
}

/** 1 / (quantizer × AAN scale × 8) per natural index: one multiply quantizes a scaled DCT. */
function divisors(table: Uint8Array): Float64Array {
  return Float64Array.from(
    table,
    (q, i) => 1 / (q * (AAN_SCALE[i >> 3] ?? 1) * (AAN_SCALE[i & 7] ?? 1) * 8),
  );
}

/** Level-shifted Y, Cb and Cr of every raster cell (JFIF conversion). */
function yccPlanes(raster: Raster): Float32Array[] {
  const count = raster.columns * raster.rows;
  const planes = [0, 1, 2].map(() => new Float32Array(count));
  const [luma, blue, red] = planes as [Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < count; i++) {
    const r = raster.cells[i * 3] ?? 0;
    const g = raster.cells[i * 3 + 1] ?? 0;
    const b = raster.cells[i * 3 + 2] ?? 0;
    luma[i] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
    blue[i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
    red[i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  return planes;
}

function magnitude(value: number): number {
  return value === 0 ? 0 : 32 - Math.clz32(Math.abs(value));
}

/** Huffman symbols with their extra bits, collected in a first pass to build optimal tables. */
class Tokens {
  data = new Int32Array(1 << 16);
  size = 0;
  readonly counts = [0, 1, 2, 3].map(() => new Uint32Array(257));

  add(table: number, symbol: number, extra: number, extraLength: number): void {
    if (this.size === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const counts = this.counts[table];
    if (counts) counts[symbol] = (counts[symbol] ?? 0) + 1;
    this.data[this.size++] = table | (symbol << 2) | (extraLength << 10) | (extra << 14);
  }

  /** DC difference and the AC run-lengths of one quantized block (zigzag order). */
  block(coefficients: Int32Array, previousDc: number, dcTable: number): void {
    this.dc(coefficients[0] ?? 0, previousDc, dcTable);
    let run = 0;
    for (let k = 1; k < 64; k++) {
      const value = coefficients[k] ?? 0;
      if (value === 0) {
        run++;
        continue;
      }
      for (; run > 15; run -= 16) this.add(dcTable + 1, 0xf0, 0, 0);
      const bits = magnitude(value);
      this.add(dcTable + 1, (run << 4) | bits, value < 0 ? value + (1 << bits) - 1 : value, bits);
      run = 0;
    }
    if (run > 0) this.add(dcTable + 1, 0, 0, 0);
  }

  /** A block with only a DC term: the DC difference, then end-of-block. */
  flat(dc: number, previousDc: number, dcTable: number): void {
    this.dc(dc, previousDc, dcTable);
    this.add(dcTable + 1, 0, 0, 0);
  }

  private dc(dc: number, previousDc: number, dcTable: number): void {
    const diff = dc - previousDc;
    const size = magnitude(diff);
    this.add(dcTable, size, diff < 0 ? diff + (1 << size) - 1 : diff, size);
  }
}

function segment(marker: number, payload: readonly number[] | Uint8Array): Buffer {
  const out = Buffer.alloc(4 + payload.length);
  out[0] = 0xff;
  out[1] = marker;
  out.writeUInt16BE(payload.length + 2, 2);
  out.set(payload, 4);
  return out;
}

/** Huffman table from symbol counts; index 256 is a pseudo-symbol holding the all-ones code. */
function huffmanTable(counts: Uint32Array): { lengths: Uint8Array; codes: Uint32Array } {
  const withReserve = Uint32Array.from(counts);
  withReserve[256] = 1;
  const lengths = huffmanLengths(withReserve, 16).subarray(0, 256);
  return { lengths, codes: canonicalCodes(lengths) };
}

function dhtPayload(id: number, lengths: Uint8Array): number[] {
  const perLength = new Array<number>(16).fill(0);
  const symbols: number[] = [];
  for (let length = 1; length <= 16; length++) {
    lengths.forEach((l, symbol) => {
      if (l !== length) return;
      perLength[length - 1] = (perLength[length - 1] ?? 0) + 1;
      symbols.push(symbol);
    });
  }
  return [id, ...perLength, ...symbols];
}

/**
 * Encodes a raster as a baseline JPEG (JFIF, YCbCr 4:4:4, optimised Huffman tables). Blocks that
 * lie inside one raster cell are flat and need only their DC term, so large pictures stay cheap.
 */
export function encodeJpeg(raster: Raster, quality = 90): Buffer {
  const { width, height, cell, columns } = raster;
  const tables = [scaledTable(LUMA_BASE, quality), scaledTable(CHROMA_BASE, quality)];
  const planes = yccPlanes(raster);
  const tokens = new Tokens();
  const scales = tables.map(divisors);
  const block = new Float64Array(64);
  const quantized = new Int32Array(64);
  const previous = [0, 0, 0];
  const cellOfX = new Int32Array(8);
  const cellOfY = new Int32Array(8);
  for (let y0 = 0; y0 < height; y0 += 8) {
    for (let i = 0; i < 8; i++) cellOfY[i] = Math.floor(Math.min(height - 1, y0 + i) / cell);
    for (let x0 = 0; x0 < width; x0 += 8) {
      for (let i = 0; i < 8; i++) cellOfX[i] = Math.floor(Math.min(width - 1, x0 + i) / cell);
      const flat = cellOfX[0] === cellOfX[7] && cellOfY[0] === cellOfY[7];
      const first = (cellOfY[0] ?? 0) * columns + (cellOfX[0] ?? 0);
      for (let c = 0; c < 3; c++) {
        const plane = planes[c] as Float32Array;
        const table = tables[c === 0 ? 0 : 1] as Uint8Array;
        const scale = scales[c === 0 ? 0 : 1] as Float64Array;
        const dcTable = c === 0 ? 0 : 2;
        if (flat) {
          // A flat block's only coefficient: DC = 8 × the level-shifted sample.
          const dc = Math.round((8 * (plane[first] ?? 0)) / (table[0] ?? 1));
          tokens.flat(dc, previous[c] ?? 0, dcTable);
          previous[c] = dc;
          continue;
        }
        for (let i = 0; i < 64; i++) {
          block[i] = plane[(cellOfY[i >> 3] ?? 0) * columns + (cellOfX[i & 7] ?? 0)] ?? 0;
        }
        dct(block);
        for (let k = 0; k < 64; k++) {
          const natural = ZIGZAG[k] ?? 0;
          quantized[k] = Math.round((block[natural] ?? 0) * (scale[natural] ?? 0));
        }
        tokens.block(quantized, previous[c] ?? 0, dcTable);
        previous[c] = quantized[0] ?? 0;
      }
    }
  }
  const huffman = tokens.counts.map(huffmanTable);
  const bits = new MsbBitWriter(true);
  for (let i = 0; i < tokens.size; i++) {
    const token = tokens.data[i] ?? 0;
    const code = huffman[token & 3];
    const symbol = (token >>> 2) & 0xff;
    bits.write(code?.codes[symbol] ?? 0, code?.lengths[symbol] ?? 0);
    const extraLength = (token >>> 10) & 0xf;
    if (extraLength > 0) bits.write(token >>> 14, extraLength);
  }
  const natural = (table: Uint8Array): number[] => ZIGZAG.map((index) => table[index] ?? 1);
  const [dcLuma, acLuma, dcChroma, acChroma] = huffman;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xdb, [0, ...natural(tables[0] as Uint8Array), 1, ...natural(tables[1] as Uint8Array)]),
    segment(0xc0, [
      8,
      height >> 8,
      height & 0xff,
      width >> 8,
      width & 0xff,
      3,
      ...[1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1],
    ]),
    segment(0xc4, [
      ...dhtPayload(0x00, dcLuma?.lengths ?? new Uint8Array(256)),
      ...dhtPayload(0x10, acLuma?.lengths ?? new Uint8Array(256)),
      ...dhtPayload(0x01, dcChroma?.lengths ?? new Uint8Array(256)),
      ...dhtPayload(0x11, acChroma?.lengths ?? new Uint8Array(256)),
    ]),
    segment(0xda, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]),
    bits.finish(1),
    Buffer.from([0xff, 0xd9]),
  ]);
}
