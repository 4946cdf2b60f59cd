import { createRandom } from '../ids.js';
import { hashSeed } from './raster.js';

/** Sample rate of simulated WAV outputs. */
export const WAV_SAMPLE_RATE = 16_000;
/** Length of one note of the simulated melody. */
const NOTE_MS = 250;
/** A major pentatonic scale over two octaves from A3 (Hz). */
const SCALE = [220, 247.5, 277.2, 330, 370, 440, 495, 554.4, 660, 740];
/** One period of a sine, read with a phase accumulator instead of calling Math.sin per sample. */
const SINE = Float32Array.from({ length: 4096 }, (_, i) => Math.sin((2 * Math.PI * i) / 4096));

/**
 * A 16-bit mono PCM WAV of `durationMs`: a melody of soft notes whose pitches come from `seed`
 * (the same seed, the same tune).
 */
export function encodeWav(seed: string, durationMs: number, sampleRate = WAV_SAMPLE_RATE): Buffer {
  const samples = Math.max(1, Math.round((durationMs / 1000) * sampleRate));
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0, 'ascii');
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVE', 8, 'ascii');
  out.write('fmt ', 12, 'ascii');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'ascii');
  out.writeUInt32LE(samples * 2, 40);
  const random = createRandom(hashSeed(seed));
  const noteLength = Math.max(1, Math.round((NOTE_MS / 1000) * sampleRate));
  const fade = Math.max(1, Math.round(noteLength / 10));
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  let phase = 0;
  let step = 0;
  for (let i = 0; i < samples; i++) {
    const inNote = i % noteLength;
    if (inNote === 0) {
      const pitch = SCALE[Math.floor(random.next() * SCALE.length)] ?? 440;
      step = (pitch / sampleRate) * SINE.length;
    }
    // A short fade in and out per note keeps the joins free of clicks.
    const envelope = Math.min(1, inNote / fade, (noteLength - inNote) / fade);
    const value = (SINE[Math.floor(phase) & (SINE.length - 1)] ?? 0) * envelope * 9000;
    view.setInt16(44 + i * 2, Math.round(value), true);
    phase += step;
    if (phase >= SINE.length) phase -= SINE.length;
  }
  return out;
}

/** Bytes of one 128 kbit/s, 44.1 kHz MPEG-1 Layer III frame (without padding). */
const MP3_FRAME_BYTES = 417;
/** Duration of one MP3 frame: 1152 samples at 44.1 kHz. */
const MP3_FRAME_MS = (1152 / 44_100) * 1000;

/**
 * A valid MP3 of silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz) lasting `durationMs`.
 *
 * @example
 * ```ts
 * const mp3 = encodeMp3(2000); // 77 frames
 * ```
 */
export function encodeMp3(durationMs: number): Buffer {
  const frames = Math.max(1, Math.ceil(durationMs / MP3_FRAME_MS));
  const out = Buffer.alloc(frames * MP3_FRAME_BYTES);
  for (let i = 0; i < frames; i++) out.set([0xff, 0xfb, 0x90, 0x64], i * MP3_FRAME_BYTES);
  return out;
}
