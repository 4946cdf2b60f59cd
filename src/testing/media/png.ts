import { constants, deflateRawSync } from 'node:zlib';
import { fillRow, type Raster } from './raster.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (ISO-HDLC, as PNG and ZIP use it) of `bytes`.
 *
 * @example
 * ```ts
 * crc32(Buffer.from('IEND')); // 0xae426082
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ADLER_MOD = 65521;
/** Run-length matches only reach back 1 byte: a small window keeps each call cheap. */
const PIECE_OPTIONS = {
  level: 6,
  strategy: constants.Z_RLE,
  windowBits: 9,
  memLevel: 1,
  finishFlush: constants.Z_SYNC_FLUSH,
} as const;

/** Adler-32 state (`a`, `b`) as zlib streams end with it. */
class Adler32 {
  private a = 1;
  private b = 0;

  update(bytes: Uint8Array): void {
    let { a, b } = this;
    let i = 0;
    while (i < bytes.length) {
      // 5552 bytes is the most that can be summed before `b` could pass 2^32 (zlib's NMAX).
      const end = Math.min(bytes.length, i + 5552);
      for (; i < end; i++) {
        a += bytes[i] ?? 0;
        b += a;
      }
      a %= ADLER_MOD;
      b %= ADLER_MOD;
    }
    this.a = a;
    this.b = b;
  }

  /** `value` followed by `zeros` zero bytes, in O(1). */
  updateRun(value: number, zeros: number): void {
    this.a = (this.a + value) % ADLER_MOD;
    this.b = (this.b + this.a + zeros * this.a) % ADLER_MOD;
  }

  digest(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }
}

/**
 * Encodes a raster as an 8-bit RGB PNG. The first row of each cell row is written with the `Sub`
 * filter and the rows below it with `Up` (all zeros), so only the distinct rows are compressed:
 * each one, and one shared block of `Up` rows, is deflated on its own (sync-flushed pieces of one
 * zlib stream). A 4096×4096 image costs about as much as a 512×512 one.
 */
export function encodePng(raster: Raster): Buffer {
  const { width, height, cell } = raster;
  const stride = 1 + width * 3;
  const row = new Uint8Array(width * 3);
  const filtered = Buffer.alloc(stride);
  const adler = new Adler32();
  const upBlocks = new Map<number, Buffer>();
  const pieces: Buffer[] = [Buffer.from([0x78, 0x01])];
  for (let y = 0; y < height; y += cell) {
    fillRow(raster, y, row);
    filtered[0] = 1;
    filtered[1] = row[0] ?? 0;
    filtered[2] = row[1] ?? 0;
    filtered[3] = row[2] ?? 0;
    for (let i = 3; i < row.length; i++)
      filtered[1 + i] = ((row[i] ?? 0) - (row[i - 3] ?? 0)) & 0xff;
    pieces.push(deflateRawSync(filtered, PIECE_OPTIONS));
    adler.update(filtered);
    const ups = Math.min(cell, height - y) - 1;
    if (ups === 0) continue;
    let block = upBlocks.get(ups);
    if (block === undefined) {
      const raw = Buffer.alloc(ups * stride);
      for (let k = 0; k < ups; k++) raw[k * stride] = 2;
      block = deflateRawSync(raw, PIECE_OPTIONS);
      upBlocks.set(ups, block);
    }
    pieces.push(block);
    for (let k = 0; k < ups; k++) adler.updateRun(2, stride - 1);
  }
  // An empty final stored block closes the deflate stream, then the Adler-32 of the raw data.
  const trailer = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 0]);
  trailer.writeUInt32BE(adler.digest(), 5);
  pieces.push(trailer);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', Buffer.concat(pieces)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
