// Real decoders for the simulator's output files, so the tests check what a person's viewer or
// player would see: pngjs, jpeg-js, libwebp (WebAssembly, @jsquash/webp), mp4box.js for the MP4
// container and h264bsd (WebAssembly, tinyh264) for the video frames.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import decodeWebpBytes, { init as initWebp } from '@jsquash/webp/decode.js';
import jpeg from 'jpeg-js';
import { createFile, type Movie, MP4BoxBuffer } from 'mp4box';
import { PNG } from 'pngjs';

/** Decoded pixels: RGBA, row-major. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

const require = createRequire(import.meta.url);

export function decodePng(bytes: Buffer): Pixels {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, data: png.data };
}

export function decodeJpeg(bytes: Buffer): Pixels {
  const image = jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 1024 });
  return { width: image.width, height: image.height, data: image.data };
}

let webpReady: Promise<void> | undefined;

export async function decodeWebp(bytes: Buffer): Promise<Pixels> {
  webpReady ??= initWebp({
    wasmBinary: readFileSync(require.resolve('@jsquash/webp/codec/dec/webp_dec.wasm')),
  } as never);
  await webpReady;
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const image = await decodeWebpBytes(copy as ArrayBuffer);
  return { width: image.width, height: image.height, data: new Uint8Array(image.data.buffer) };
}

/** Parses an MP4 with mp4box.js; throws when it does not find a movie. */
export function parseMp4(bytes: Buffer): Movie {
  const file = createFile();
  let movie: Movie | undefined;
  let failure: string | undefined;
  file.onReady = (info) => {
    movie = info;
  };
  file.onError = (_module, message) => {
    failure = message;
  };
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(copy, 0));
  file.flush();
  if (failure !== undefined || movie === undefined) {
    throw new Error(`mp4box could not parse the file: ${failure ?? 'no moov'}`);
  }
  return movie;
}

/** One decoded frame: YUV 4:2:0 planes of the coded size (16-pixel multiples). */
export interface Frame {
  width: number;
  height: number;
  yuv: Uint8Array;
}

interface TinyH264Module {
  HEAPU8: Uint8Array;
}

type TinyH264Factory = () => Promise<TinyH264Module>;
type DecoderClass = new (
  module: TinyH264Module,
  onPicture: (picture: Uint8Array, width: number, height: number) => void,
) => { decode(nal: Uint8Array): void; release(): void };

let h264Module: Promise<TinyH264Module> | undefined;

/**
 * Decodes H.264 NAL units (each without a start code) with h264bsd and returns every picture.
 */
export async function decodeH264(units: readonly Uint8Array[]): Promise<Frame[]> {
  const { default: Decoder } = (await import('tinyh264/es/TinyH264Decoder.js')) as {
    default: DecoderClass;
  };
  h264Module ??= (async () => {
    const { default: factory } = (await import('tinyh264/es/TinyH264.js')) as {
      default: TinyH264Factory;
    };
    // The module was built for a web worker: it reads `self.location` once while starting.
    const scope = globalThis as { self?: unknown };
    const previous = scope.self;
    scope.self = { location: { href: 'file:///' } };
    try {
      return await factory();
    } finally {
      scope.self = previous;
      if (previous === undefined) delete scope.self;
    }
  })();
  const frames: Frame[] = [];
  const decoder = new Decoder(await h264Module, (picture, width, height) => {
    frames.push({ width, height, yuv: Uint8Array.from(picture) });
  });
  try {
    for (const unit of units) decoder.decode(Buffer.concat([Buffer.from([0, 0, 0, 1]), unit]));
  } finally {
    decoder.release();
  }
  return frames;
}

/** The NAL units of a length-prefixed (MP4) sample. */
export function nalUnits(sample: Uint8Array): Uint8Array[] {
  const units: Uint8Array[] = [];
  const view = Buffer.from(sample.buffer, sample.byteOffset, sample.length);
  for (let at = 0; at + 4 <= view.length; ) {
    const length = view.readUInt32BE(at);
    units.push(view.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return units;
}

/** A WAV's format and samples (16-bit PCM only). */
export interface Wav {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  samples: Int16Array;
}

/** Reads a RIFF/WAVE file chunk by chunk; throws on anything malformed. */
export function parseWav(bytes: Buffer): Wav {
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  if (bytes.readUInt32LE(4) !== bytes.length - 8) throw new Error('RIFF size mismatch');
  let format: Omit<Wav, 'samples'> | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = bytes.subarray(at + 8, at + 8 + size);
    if (body.length !== size) throw new Error(`chunk ${id} is truncated`);
    if (id === 'fmt ') {
      if (body.readUInt16LE(0) !== 1) throw new Error('not PCM');
      const channels = body.readUInt16LE(2);
      const sampleRate = body.readUInt32LE(4);
      const bitsPerSample = body.readUInt16LE(14);
      if (body.readUInt32LE(8) !== (sampleRate * channels * bitsPerSample) / 8) {
        throw new Error('byte rate does not match');
      }
      format = { channels, sampleRate, bitsPerSample };
    } else if (id === 'data') {
      if (!format) throw new Error('data before fmt');
      const samples = new Int16Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = body.readInt16LE(i * 2);
      return { ...format, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}
