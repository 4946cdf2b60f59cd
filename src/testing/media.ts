import { encodeMp3, encodeWav } from './media/audio.js';
import { encodeJpeg } from './media/jpeg.js';
import { encodeMp4 } from './media/mp4.js';
import type { MediaParams } from './media/params.js';
import { encodePng } from './media/png.js';
import { createRaster } from './media/raster.js';
import { encodeWebp } from './media/webp.js';

export type { MediaParams } from './media/params.js';

/**
 * File formats the simulator can produce as job outputs.
 */
export type MediaExt = 'png' | 'jpeg' | 'webp' | 'mp4' | 'wav' | 'mp3' | 'glb' | 'txt';

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
  webp: 'image/webp',
  mp4: 'video/mp4',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  glb: 'model/gltf-binary',
  txt: 'text/plain; charset=utf-8',
};

/** Frames per second of simulated videos. */
const VIDEO_FPS = 24;
/** Simulated videos are coded at most this many pixels (and shown at the requested size). */
const VIDEO_MAX_PIXELS = 320 * 240;
/** Parameters used when none are known (e.g. a job record made by hand). */
const DEFAULT_PARAMS: MediaParams = { width: 1024, height: 1024, durationMs: 5000, seed: '' };

/**
 * The size video frames are coded at: the requested aspect ratio within
 * {@link VIDEO_MAX_PIXELS}, even sides (4:2:0 chroma).
 *
 * @example
 * ```ts
 * videoFrameSize(1920, 1080); // [368, 208]
 * ```
 */
export function videoFrameSize(width: number, height: number): [number, number] {
  const scale = Math.min(1, Math.sqrt(VIDEO_MAX_PIXELS / (width * height)));
  const even = (value: number): number => Math.max(16, Math.round((value * scale) / 2) * 2);
  return [even(width), even(height)];
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
  chunkHeader.write('JSON', 4, 'ascii');
  chunkHeader.writeUInt32LE(padded.length, 0);
  return Buffer.concat([header, chunkHeader, padded]);
}

/**
 * A valid MP3 of `frames` silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz).
 *
 * @example
 * ```ts
 * makeMp3(4)[0]; // 0xff (frame sync)
 * ```
 */
export function makeMp3(frames = 8): Buffer {
  return encodeMp3((frames * 1152 * 1000) / 44_100 - 1);
}

/**
 * Bytes of output `index` in `ext` format, made from `params`: images at the requested size
 * showing a pattern drawn from the prompt and seed, a WAV melody or silent MP3 of the requested
 * length, an H.264 MP4 of the requested length and aspect ratio. Each output index of a job
 * differs, the same job and index always give the same bytes.
 */
export function makeMedia(ext: MediaExt, params: MediaParams = DEFAULT_PARAMS, index = 0): Buffer {
  const seed = `${params.seed}\u0000${index}`;
  switch (ext) {
    case 'png':
      return encodePng(createRaster(seed, params.width, params.height));
    case 'jpeg':
      return encodeJpeg(createRaster(seed, params.width, params.height));
    case 'webp':
      return encodeWebp(createRaster(seed, params.width, params.height));
    case 'mp4': {
      const [width, height] = videoFrameSize(params.width, params.height);
      return encodeMp4(createRaster(seed, width, height), {
        displayWidth: params.width,
        displayHeight: params.height,
        durationMs: params.durationMs,
        fps: VIDEO_FPS,
      });
    }
    case 'wav':
      return encodeWav(seed, params.durationMs);
    case 'mp3':
      return encodeMp3(params.durationMs);
    case 'glb':
      return makeGlb();
    default:
      return Buffer.from(`output ${seed}\n`, 'utf8');
  }
}

/**
 * Remembers the last outputs made, so downloading one file again (or HEAD then GET) costs
 * nothing. Bounded by count; the oldest entry goes first.
 */
export class MediaCache {
  private readonly entries = new Map<string, Buffer>();

  constructor(private readonly capacity = 16) {}

  /** The cached bytes for `key`, made by `make` on a miss. */
  get(key: string, make: () => Buffer): Buffer {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const bytes = make();
    this.entries.set(key, bytes);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return bytes;
  }

  /** Forgets every cached output. */
  clear(): void {
    this.entries.clear();
  }
}
