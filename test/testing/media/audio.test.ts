import { describe, expect, it } from 'vitest';
import { encodeMp3, encodeWav, WAV_SAMPLE_RATE } from '../../../src/testing/media/audio.js';
import { parseWav } from './decoders.js';

/** Dominant frequency of a stretch of samples, from its zero crossings. */
function frequency(samples: Int16Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) {
    if ((samples[i - 1] ?? 0) < 0 && (samples[i] ?? 0) >= 0) crossings++;
  }
  return (crossings * sampleRate) / samples.length;
}

describe('encodeWav', () => {
  it('is a 16-bit mono PCM WAV of the requested length', () => {
    const wav = parseWav(encodeWav('a calm voice\u00001', 2500));
    expect(wav).toMatchObject({ channels: 1, sampleRate: WAV_SAMPLE_RATE, bitsPerSample: 16 });
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(2.5, 3);
  });

  it('plays audible notes from a musical scale, the same tune for the same seed', () => {
    const first = parseWav(encodeWav('a song\u00007', 1000));
    const again = parseWav(encodeWav('a song\u00007', 1000));
    const other = parseWav(encodeWav('a song\u00008', 1000));
    expect(Buffer.from(first.samples.buffer).equals(Buffer.from(again.samples.buffer))).toBe(true);
    expect(Buffer.from(first.samples.buffer).equals(Buffer.from(other.samples.buffer))).toBe(false);
    const peak = Math.max(...first.samples.map(Math.abs));
    expect(peak).toBeGreaterThan(4000);
    // The middle of the first note (250 ms long) holds one pitch of the scale (220–740 Hz).
    const note = first.samples.subarray(WAV_SAMPLE_RATE * 0.05, WAV_SAMPLE_RATE * 0.2);
    const hz = frequency(note, WAV_SAMPLE_RATE);
    expect(hz).toBeGreaterThan(200);
    expect(hz).toBeLessThan(760);
  });
});

describe('encodeMp3', () => {
  it('is whole MPEG-1 Layer III frames covering the requested length', () => {
    const mp3 = encodeMp3(2000);
    const frames = mp3.length / 417;
    expect(Number.isInteger(frames)).toBe(true);
    expect((frames * 1152) / 44.1).toBeGreaterThanOrEqual(2000);
    expect((frames - 1) * (1152 / 44.1)).toBeLessThan(2000);
    for (let i = 0; i < frames; i++) expect(mp3.readUInt32BE(i * 417)).toBe(0xfffb9064);
  });
});
