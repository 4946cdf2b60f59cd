import { deflateSync } from 'node:zlib';

/**
 * File formats the simulator can produce as job outputs.
 */
export type MediaExt = 'png' | 'jpeg' | 'mp4' | 'wav' | 'mp3' | 'glb' | 'txt';

/**
 * MIME type for each output format.
 *
 * @example
 * ```ts
 * CONTENT_TYPES.mp4; // 'video/mp4'
 * ```
 */
export const CONTENT_TYPES: Readonly<Record<MediaExt, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  mp4: 'video/mp4',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  glb: 'model/gltf-binary',
  txt: 'text/plain; charset=utf-8',
};

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A valid RGB PNG filled with a colour derived from `seed` (zlib stream + CRCs).
 */
export function makePng(width: number, height: number, seed = ''): Buffer {
  const [r, g, b] = colourOf(seed);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) {
    // A soft horizontal gradient so the image is not a flat block.
    const shade = Math.round((x / Math.max(1, width - 1)) * 48);
    row[1 + x * 3] = Math.min(255, r + shade);
    row[2 + x * 3] = g;
    row[3 + x * 3] = Math.max(0, b - shade);
  }
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function colourOf(seed: string): [number, number, number] {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619);
  return [(hash >>> 16) & 0xbf, (hash >>> 8) & 0xff, hash & 0xff];
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

/**
 * A valid baseline greyscale 8×8 JPEG (one flat block, minimal Huffman tables).
 *
 * @example
 * ```ts
 * makeJpeg().subarray(0, 3); // ff d8 ff
 * ```
 */
export function makeJpeg(): Buffer {
  const app0 = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = segment(0xdb, [0, ...new Array<number>(64).fill(1)]);
  const sof0 = segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
  // One code of length 1 per table: DC category 0 and AC end-of-block.
  const counts = [1, ...new Array<number>(15).fill(0)];
  const dhtDc = segment(0xc4, [0x00, ...counts, 0x00]);
  const dhtAc = segment(0xc4, [0x10, ...counts, 0x00]);
  const sos = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  // Bits: DC "0" (diff 0), AC "0" (EOB), padded with ones.
  const scan = [0x3f];
  return Buffer.from([
    0xff,
    0xd8,
    ...app0,
    ...dqt,
    ...sof0,
    ...dhtDc,
    ...dhtAc,
    ...sos,
    ...scan,
    0xff,
    0xd9,
  ]);
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'ascii');
  return Buffer.concat([header, body]);
}

/**
 * A structurally valid MP4: `ftyp`, `moov` with `mvhd`, and an empty `mdat`.
 *
 * @example
 * ```ts
 * makeMp4(5000).toString('ascii', 4, 8); // 'ftyp'
 * ```
 */
export function makeMp4(durationMs = 5000): Buffer {
  const ftyp = box(
    'ftyp',
    Buffer.from('isom', 'ascii'),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from('isomiso2avc1mp41', 'ascii'),
  );
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(0, 0); // version + flags
  mvhd.writeUInt32BE(1000, 12); // timescale
  mvhd.writeUInt32BE(durationMs, 16); // duration
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  mvhd.writeUInt16BE(0x0100, 24); // volume 1.0
  const matrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
  matrix.forEach((value, i) => {
    mvhd.writeUInt32BE(value, 36 + i * 4);
  });
  mvhd.writeUInt32BE(1, 96); // next track id
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), box('mdat')]);
}

/**
 * A valid 16-bit mono PCM WAV with a short 440 Hz tone.
 *
 * @example
 * ```ts
 * makeWav(100).toString('ascii', 0, 4); // 'RIFF'
 * ```
 */
export function makeWav(durationMs = 250, sampleRate = 8000): Buffer {
  const samples = Math.max(1, Math.round((durationMs / 1000) * sampleRate));
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 8000), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * A valid MP3: silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz).
 *
 * @example
 * ```ts
 * makeMp3(4)[0]; // 0xff (frame sync)
 * ```
 */
export function makeMp3(frames = 8): Buffer {
  // 144 * 128000 / 44100 = 417 bytes per frame without padding.
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/**
 * A valid binary glTF 2.0 (GLB) holding one empty scene.
 *
 * @example
 * ```ts
 * makeGlb().toString('ascii', 0, 4); // 'glTF'
 * ```
 */
export function makeGlb(): Buffer {
  const json = JSON.stringify({
    asset: { version: '2.0', generator: 'wavespeed-sdk simulator' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ name: 'root' }],
  });
  const padded = Buffer.from(json.padEnd(Math.ceil(json.length / 4) * 4, ' '), 'utf8');
  const header = Buffer.alloc(12);
  header.write('glTF', 0, 'ascii');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + padded.length, 8);
  const chunkHeader = Buffer.alloc(8);
  chunkHeader.writeUInt32LE(padded.length, 0);
  chunkHeader.write('JSON', 4, 'ascii');
  return Buffer.concat([header, chunkHeader, padded]);
}

/**
 * Bytes of an output file in `ext` format, varied by `seed`.
 */
export function makeMedia(ext: MediaExt, seed = ''): Buffer {
  switch (ext) {
    case 'png':
      return makePng(16, 16, seed);
    case 'jpeg':
      return makeJpeg();
    case 'mp4':
      return makeMp4();
    case 'wav':
      return makeWav();
    case 'mp3':
      return makeMp3();
    case 'glb':
      return makeGlb();
    default:
      return Buffer.from(`output ${seed}\n`, 'utf8');
  }
}
