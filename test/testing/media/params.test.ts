import { describe, expect, it } from 'vitest';
import {
  MAX_AUDIO_MS,
  MAX_IMAGE_PIXELS,
  MAX_VIDEO_MS,
  mediaParams,
  outputSize,
} from '../../../src/testing/media/params.js';
import type { SimJsonSchema } from '../../../src/testing/types.js';

const schema: SimJsonSchema = {
  type: 'object',
  properties: {
    size: { type: 'string', default: '1024*1024' },
    duration: { type: 'integer', default: 5 },
  },
};

describe('outputSize', () => {
  it('reads size strings, explicit width and height, and schema defaults', () => {
    expect(outputSize(undefined, { size: '1280*720' }, false)).toEqual([1280, 720]);
    expect(outputSize(undefined, { size: '832x480' }, true)).toEqual([832, 480]);
    expect(outputSize(undefined, { width: 640, height: 360 }, false)).toEqual([640, 360]);
    expect(outputSize(schema, {}, false)).toEqual([1024, 1024]);
    expect(outputSize(undefined, { size: 'auto' }, false)).toEqual([1024, 1024]);
  });

  it('derives the size from aspect_ratio and resolution', () => {
    expect(outputSize(undefined, { aspect_ratio: '16:9', resolution: '1080p' }, true)).toEqual([
      1920, 1080,
    ]);
    expect(outputSize(undefined, { aspect_ratio: '9:16', resolution: '720p' }, true)).toEqual([
      720, 1280,
    ]);
    expect(outputSize(undefined, { aspect_ratio: '3:4', resolution: '2k' }, false)).toEqual([
      1536, 2048,
    ]);
    expect(outputSize(undefined, { aspect_ratio: '16:9' }, false)).toEqual([1024, 576]);
    expect(outputSize(undefined, { resolution: '720p' }, true)).toEqual([1280, 720]);
    expect(outputSize(undefined, { target_resolution: '4k' }, true)).toEqual([3840, 2160]);
    expect(outputSize(undefined, {}, true)).toEqual([1280, 720]);
  });

  it('scales requests above the pixel cap down, keeping the aspect ratio', () => {
    const [width, height] = outputSize(undefined, { target_resolution: '8k' }, false);
    expect(width * height).toBeLessThanOrEqual(MAX_IMAGE_PIXELS);
    expect(width).toBe(height);
    const [wide, low] = outputSize(undefined, { size: '20000*1000' }, false);
    expect(wide).toBeLessThanOrEqual(16_384);
    expect(wide / low).toBeCloseTo(20, 0);
  });
});

describe('mediaParams', () => {
  it('seeds the content with the prompt and the seed, or the job id when unseeded', () => {
    expect(mediaParams(undefined, { prompt: 'a fox', seed: 7 }, 'png', 'job').seed).toBe(
      'a fox\u00007',
    );
    expect(mediaParams(undefined, { prompt: 'a fox', seed: -1 }, 'png', 'job').seed).toBe(
      'a fox\u0000job',
    );
    expect(mediaParams(undefined, { text: 'hello' }, 'wav', 'job').seed).toBe('hello\u0000job');
  });

  it('takes durations from the input, capped, and sizes speech by its text', () => {
    expect(mediaParams(schema, {}, 'mp4', 'j').durationMs).toBe(5000);
    expect(mediaParams(undefined, { duration: 8 }, 'mp4', 'j').durationMs).toBe(8000);
    expect(mediaParams(undefined, { duration: 600 }, 'mp4', 'j').durationMs).toBe(MAX_VIDEO_MS);
    expect(mediaParams(undefined, {}, 'mp4', 'j').durationMs).toBe(5000);
    expect(mediaParams(undefined, { duration: 60 }, 'wav', 'j').durationMs).toBe(60_000);
    expect(mediaParams(undefined, { duration: 900 }, 'wav', 'j').durationMs).toBe(MAX_AUDIO_MS);
    expect(mediaParams(undefined, { text: 'x'.repeat(50) }, 'mp3', 'j').durationMs).toBe(3000);
    expect(mediaParams(undefined, { text: 'hi' }, 'wav', 'j').durationMs).toBe(1000);
  });
});
