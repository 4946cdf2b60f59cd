import { LsbBitWriter } from './bits.js';
import { canonicalCodes, huffmanLengths } from './huffman.js';
import { fillRow, type Raster } from './raster.js';

/** Length and distance prefix codes reach 4096. */
const MAX_COPY = 4096;
/** Order in which code-length code lengths are written (RFC 9649 §3.7.2.1.2). */
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
/** Alphabet sizes of the five prefix codes: green + lengths, red, blue, alpha, distance. */
const ALPHABETS = [256 + 24, 256, 256, 256, 40];
/** Distance code 1 is the pixel above (0, 1); code 2 the pixel to the left (1, 0). */
const ABOVE = 1;
const LEFT = 2;

/** A prefix code (symbol, extra bits, how many) for a length or distance value ≥ 1. */
function prefixOf(value: number): [number, number, number] {
  const d = value - 1;
  if (d < 4) return [d, 0, 0];
  const high = 31 - Math.clz32(d);
  const second = (d >> (high - 1)) & 1;
  const extraBits = high - 1;
  return [2 * high + second, d & ((1 << extraBits) - 1), extraBits];
}

type Symbol =
  | { literal: true; r: number; g: number; b: number }
  | { literal: false; length: number; distance: number };

/** The pixels as literals and backward copies: a run of one colour is a literal then a copy. */
function symbolsOf(raster: Raster): Symbol[] {
  const { width, height, cell } = raster;
  const symbols: Symbol[] = [];
  const copy = (pixels: number, distance: number): void => {
    for (let left = pixels; left > 0; left -= MAX_COPY) {
      symbols.push({ literal: false, length: Math.min(MAX_COPY, left), distance });
    }
  };
  const row = new Uint8Array(width * 3);
  for (let y = 0; y < height; y += cell) {
    fillRow(raster, y, row);
    let x = 0;
    while (x < width) {
      const r = row[x * 3] ?? 0;
      const g = row[x * 3 + 1] ?? 0;
      const b = row[x * 3 + 2] ?? 0;
      let end = x + 1;
      while (
        end < width &&
        row[end * 3] === r &&
        row[end * 3 + 1] === g &&
        row[end * 3 + 2] === b
      ) {
        end++;
      }
      symbols.push({ literal: true, r, g, b });
      if (end - x > 1) copy(end - x - 1, LEFT);
      x = end;
    }
    // The rest of the cell row repeats this row: one copy from the row above.
    const repeated = Math.min(cell, height - y) - 1;
    if (repeated > 0) copy(repeated * width, ABOVE);
  }
  return symbols;
}

/** Writes one prefix code: the simple form for a single symbol, else code-length coded. */
function writeCode(bits: LsbBitWriter, lengths: Uint8Array, single: number | undefined): void {
  if (single !== undefined) {
    bits.write(1, 1); // simple code
    bits.write(0, 1); // one symbol
    bits.write(1, 1); // 8-bit symbol
    bits.write(single, 8);
    return;
  }
  bits.write(0, 1); // normal code
  const lengthCounts = new Uint32Array(19);
  for (const length of lengths) lengthCounts[length] = (lengthCounts[length] ?? 0) + 1;
  const lengthLengths = huffmanLengths(lengthCounts, 7);
  const lengthCodes = canonicalCodes(lengthLengths);
  let written = 19;
  while (written > 4 && lengthLengths[CODE_LENGTH_ORDER[written - 1] ?? 0] === 0) written--;
  bits.write(written - 4, 4);
  for (let i = 0; i < written; i++) bits.write(lengthLengths[CODE_LENGTH_ORDER[i] ?? 0] ?? 0, 3);
  bits.write(0, 1); // every symbol's length follows (no max_symbol)
  for (const length of lengths) {
    bits.writeCode(lengthCodes[length] ?? 0, lengthLengths[length] ?? 0);
  }
}

/**
 * Encodes a raster as a lossless WebP (VP8L: no transforms, one prefix-code group, runs and
 * repeated rows as backward copies). Large pictures cost little: each distinct row is a few
 * literals and copies, each repeated block of rows one copy.
 */
export function encodeWebp(raster: Raster): Buffer {
  const symbols = symbolsOf(raster);
  const counts = ALPHABETS.map((size) => new Uint32Array(size));
  const [green, red, blue, , distance] = counts as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  for (const symbol of symbols) {
    if (symbol.literal) {
      green[symbol.g] = (green[symbol.g] ?? 0) + 1;
      red[symbol.r] = (red[symbol.r] ?? 0) + 1;
      blue[symbol.b] = (blue[symbol.b] ?? 0) + 1;
    } else {
      const [lengthCode] = prefixOf(symbol.length);
      green[256 + lengthCode] = (green[256 + lengthCode] ?? 0) + 1;
      const [distanceCode] = prefixOf(symbol.distance);
      distance[distanceCode] = (distance[distanceCode] ?? 0) + 1;
    }
  }
  const bits = new LsbBitWriter();
  bits.write(0x2f, 8); // signature
  bits.write(raster.width - 1, 14);
  bits.write(raster.height - 1, 14);
  bits.write(0, 1); // no alpha
  bits.write(0, 3); // version 0
  bits.write(0, 1); // no transform
  bits.write(0, 1); // no colour cache
  bits.write(0, 1); // one prefix-code group
  const codes = counts.map((count, index) => {
    // Alpha is always 255; a code that uses one symbol costs no bits per pixel.
    const used = index === 3 ? [255] : [...count.keys()].filter((s) => (count[s] ?? 0) > 0);
    const single = used.length === 1 && (used[0] ?? 0) < 256 ? used[0] : undefined;
    const lengths = single === undefined ? huffmanLengths(count, 15) : new Uint8Array(count.length);
    writeCode(bits, lengths, single);
    return { lengths, codes: canonicalCodes(lengths), single };
  });
  const emit = (code: number, symbol: number): void => {
    const table = codes[code];
    if (!table || table.single !== undefined) return;
    bits.writeCode(table.codes[symbol] ?? 0, table.lengths[symbol] ?? 0);
  };
  for (const symbol of symbols) {
    if (symbol.literal) {
      emit(0, symbol.g);
      emit(1, symbol.r);
      emit(2, symbol.b);
      emit(3, 255);
      continue;
    }
    const [lengthCode, lengthExtra, lengthBits] = prefixOf(symbol.length);
    emit(0, 256 + lengthCode);
    bits.write(lengthExtra, lengthBits);
    const [distanceCode, distanceExtra, distanceBits] = prefixOf(symbol.distance);
    emit(4, distanceCode);
    bits.write(distanceExtra, distanceBits);
  }
  const data = bits.bytes();
  const padded = data.length + (data.length % 2);
  const out = Buffer.alloc(20 + padded);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(12 + padded, 4);
  out.write('WEBP', 8, 'ascii');
  out.write('VP8L', 12, 'ascii');
  out.writeUInt32LE(data.length, 16);
  out.set(data, 20);
  return out;
}
