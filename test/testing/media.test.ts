import { describe, expect, it } from 'vitest';
import {
  CONTENT_TYPES,
  MediaCache,
  type MediaParams,
  makeGlb,
  makeMedia,
  makeMp3,
  videoFrameSize,
} from '../../src/testing/media.js';
import { decodeJpeg, decodePng, decodeWebp, parseMp4, parseWav } from './media/decoders.js';

const params: MediaParams = { width: 640, height: 360, durationMs: 3000, seed: 'a fox\u00007' };

describe('makeMedia', () => {
  it('makes images of the requested size in PNG, JPEG and WebP', async () => {
    expect(decodePng(makeMedia('png', params)).width).toBe(640);
    const jpeg = decodeJpeg(makeMedia('jpeg', params));
    expect([jpeg.width, jpeg.height]).toEqual([640, 360]);
    const webp = await decodeWebp(makeMedia('webp', params));
    expect([webp.width, webp.height]).toEqual([640, 360]);
  });

  it('gives each output index its own picture, and the same bytes for the same index', () => {
    expect(makeMedia('png', params, 0).equals(makeMedia('png', params, 0))).toBe(true);
    expect(makeMedia('png', params, 0).equals(makeMedia('png', params, 1))).toBe(false);
  });

  it('makes audio and video of the requested length', () => {
    const wav = parseWav(makeMedia('wav', params));
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(3, 3);
    expect(makeMedia('mp3', params).length).toBe(Math.ceil(3000 / (1152 / 44.1)) * 417);
    const movie = parseMp4(makeMedia('mp4', params));
    expect(movie.duration / movie.timescale).toBe(3);
    expect(movie.videoTracks[0]?.track_width).toBe(640);
  });

  it('makes a GLB, text, and the default 1024×1024 image without parameters', () => {
    expect(makeMedia('glb').equals(makeGlb())).toBe(true);
    expect(makeMedia('txt', params).toString('utf8')).toMatch(/^output /);
    expect(decodePng(makeMedia('png')).height).toBe(1024);
  });

  it('names a MIME type for every format', () => {
    expect(CONTENT_TYPES.webp).toBe('image/webp');
    expect(Object.keys(CONTENT_TYPES).sort()).toEqual(
      ['glb', 'jpeg', 'mp3', 'mp4', 'png', 'txt', 'wav', 'webp'].sort(),
    );
  });
});

describe('videoFrameSize', () => {
  it('keeps the aspect ratio within the coded-pixel budget, with even sides', () => {
    const [width, height] = videoFrameSize(1920, 1080);
    expect(width * height).toBeLessThanOrEqual(320 * 240 * 1.02);
    expect(width / height).toBeCloseTo(16 / 9, 1);
    expect((width % 2) + (height % 2)).toBe(0);
    expect(videoFrameSize(160, 90)).toEqual([160, 90]);
  });
});

describe('makeMp3 and makeGlb', () => {
  it('makes whole MP3 frames and a GLB whose header length is the file length', () => {
    expect(makeMp3(3).length).toBe(3 * 417);
    const glb = makeGlb();
    expect(glb.toString('ascii', 0, 4)).toBe('glTF');
    expect(glb.readUInt32LE(8)).toBe(glb.length);
    expect(glb.readUInt32LE(12) % 4).toBe(0);
  });
});

describe('MediaCache', () => {
  it('makes each key once and forgets the least recently used beyond its capacity', () => {
    const cache = new MediaCache(2);
    let made = 0;
    const make = (): Buffer => Buffer.from(String(++made));
    cache.get('a', make);
    cache.get('b', make);
    cache.get('a', make); // a is now the most recent
    cache.get('c', make); // evicts b
    expect(made).toBe(3);
    cache.get('a', make);
    expect(made).toBe(3);
    cache.get('b', make);
    expect(made).toBe(4);
    cache.clear();
    cache.get('a', make);
    expect(made).toBe(5);
  });
});
