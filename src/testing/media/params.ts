import { valueOrDefault } from '../schema-validate.js';
import type { SimJsonSchema } from '../types.js';

/**
 * What an output file is made from, read from the job's input: the size asked for, the length
 * of audio and video, and the seed of the picture or tune.
 */
export interface MediaParams {
  /** Width of images, and the presentation width of videos. */
  width: number;
  /** Height of images, and the presentation height of videos. */
  height: number;
  /** Length of audio and video outputs. */
  durationMs: number;
  /** Prompt (or text) and seed: the same seed gives the same content. */
  seed: string;
}

/** The most pixels an image output gets (4096×4096); larger requests are scaled down. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;
/** The widest side any output gets (the WebP limit is 16384). */
const MAX_SIDE = 16_384;
/** Longest simulated video. */
export const MAX_VIDEO_MS = 30_000;
/** Longest simulated audio. */
export const MAX_AUDIO_MS = 120_000;
const DEFAULT_VIDEO_MS = 5_000;
/** Speech without a duration lasts about as long as reading its text aloud. */
const SPEECH_MS_PER_CHAR = 60;

type Input = Record<string, unknown>;

function positive(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function parseSize(value: unknown): [number, number] | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d{1,5})\s*[*x×:]\s*(\d{1,5})\s*$/i.exec(value);
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width > 0 && height > 0 ? [width, height] : undefined;
}

function parseRatio(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*[:/x]\s*(\d+(?:\.\d+)?)\s*$/i.exec(value);
  if (!match) return undefined;
  const ratio = Number(match[1]) / Number(match[2]);
  return Number.isFinite(ratio) && ratio > 0 ? ratio : undefined;
}

/** `720p` → short side 720; `4k` → long side 4096 for images, short side 2160 (3840×2160) for video. */
function parseResolution(
  value: unknown,
  video: boolean,
): { side: number; long: boolean } | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  const lines = /^(\d{3,4})p$/.exec(text);
  if (lines) return { side: Number(lines[1]), long: false };
  const k = /^(\d)k$/.exec(text);
  if (!k) return undefined;
  const n = Number(k[1]);
  if (video) return { side: n === 1 ? 720 : n * 540, long: false };
  return { side: n * 1024, long: true };
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/**
 * The width and height an image or video output is made at: `width`/`height`, else `size`
 * (`1024*768`), else `aspect_ratio` with `resolution` (or `target_resolution`); images default
 * to 1024 on the long side, videos to 720p; 1:1 for images and 16:9 for videos unless asked.
 * Capped at {@link MAX_IMAGE_PIXELS}, keeping the aspect ratio.
 *
 * @example
 * ```ts
 * outputSize(undefined, { size: '1280*720' }, false); // [1280, 720]
 * outputSize(undefined, { aspect_ratio: '16:9', resolution: '1080p' }, true); // [1920, 1080]
 * ```
 */
export function outputSize(
  schema: SimJsonSchema | undefined,
  input: Input,
  video: boolean,
): [number, number] {
  const get = (name: string): unknown => valueOrDefault(schema, input, name);
  const explicit = [positive(get('width')), positive(get('height'))];
  let size: [number, number] | undefined =
    explicit[0] !== undefined && explicit[1] !== undefined
      ? [Math.round(explicit[0]), Math.round(explicit[1])]
      : parseSize(get('size'));
  if (size === undefined) {
    const ratio = parseRatio(get('aspect_ratio')) ?? (video ? 16 / 9 : 1);
    const resolution = parseResolution(get('resolution') ?? get('target_resolution'), video) ?? {
      side: video ? 720 : 1024,
      long: !video,
    };
    const longIsWidth = ratio >= 1;
    const long = resolution.long ? resolution.side : resolution.side * Math.max(ratio, 1 / ratio);
    const short = long / Math.max(ratio, 1 / ratio);
    size = longIsWidth ? [even(long), even(short)] : [even(short), even(long)];
  }
  let [width, height] = size;
  const scale = Math.min(
    1,
    Math.sqrt(MAX_IMAGE_PIXELS / (width * height)),
    MAX_SIDE / width,
    MAX_SIDE / height,
  );
  if (scale < 1) {
    width = Math.max(1, Math.floor(width * scale));
    height = Math.max(1, Math.floor(height * scale));
  }
  return [width, height];
}

/** The prompt-like text of an input (prompt, text or lyrics). */
function textOf(input: Input): string {
  for (const name of ['prompt', 'text', 'lyrics']) {
    const value = input[name];
    if (typeof value === 'string') return value;
  }
  return '';
}

/**
 * Everything an output is generated from. `fallbackSeed` (the job id) stands in when the input
 * has no `seed` of 0 or more, as the real service then picks a random one.
 */
export function mediaParams(
  schema: SimJsonSchema | undefined,
  input: Input,
  ext: string,
  fallbackSeed: string,
): MediaParams {
  const video = ext === 'mp4';
  const [width, height] = outputSize(schema, input, video);
  const seedValue = input.seed;
  const seed =
    typeof seedValue === 'number' && Number.isInteger(seedValue) && seedValue >= 0
      ? String(seedValue)
      : fallbackSeed;
  const text = textOf(input);
  const seconds = positive(valueOrDefault(schema, input, 'duration'));
  let durationMs: number;
  if (video) durationMs = Math.min(MAX_VIDEO_MS, seconds ? seconds * 1000 : DEFAULT_VIDEO_MS);
  else if (seconds) durationMs = Math.min(MAX_AUDIO_MS, seconds * 1000);
  else durationMs = Math.min(MAX_AUDIO_MS, Math.max(1000, text.length * SPEECH_MS_PER_CHAR));
  return { width, height, durationMs, seed: `${text}\u0000${seed}` };
}
