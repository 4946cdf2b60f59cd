import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type SimModel, type Simulator } from '../../src/testing/index.js';
import { api, FIXTURE_MODELS, validInput } from './fixtures.js';
import { decodeJpeg, decodePng, decodeWebp, parseMp4, parseWav } from './media/decoders.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

const MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(1, 4).toString('ascii') === 'PNG',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) =>
    b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP',
  'video/mp4': (b) => b.toString('ascii', 4, 8) === 'ftyp',
  'audio/wav': (b) => b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WAVE',
  'audio/mpeg': (b) => b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0,
  'model/gltf-binary': (b) => b.toString('ascii', 0, 4) === 'glTF',
};

describe('storage origin downloads', () => {
  it('serves every output kind as a valid file', async () => {
    sim = await createSimulator({ speed: 1000, models: FIXTURE_MODELS });
    const image = { image: 'https://e.test/a.png' };
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['test/image', { prompt: 'x' }, 'image/png'],
      ['test/image', { prompt: 'x', output_format: 'jpeg' }, 'image/jpeg'],
      ['test/video/i2v', { prompt: 'x', ...image }, 'video/mp4'],
      ['test/tts', { text: 'hi' }, 'audio/wav'],
      ['minimax/speech-02-hd', { text: 'hi' }, 'audio/mpeg'],
      ['test/3d', image, 'model/gltf-binary'],
      ['test/upscaler', image, 'image/png'],
      ['test/video-upscaler', { video: 'https://e.test/a.mp4' }, 'video/mp4'],
    ];
    for (const [model, input, type] of cases) {
      const { id } = await api(sim).data<{ id: string }>(`/api/v3/${model}`, input);
      const done = await api(sim).waitDone(id);
      expect(done.status, model).toBe('completed');
      const url = (done.outputs as string[])[0] ?? '';
      expect(url.startsWith(`${sim.storageUrl}/outputs/${id}/0.`)).toBe(true);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(MAGIC[type]?.(bytes), `${model} → ${type}`).toBe(true);
      const head = await fetch(url, { method: 'HEAD' });
      expect(Number(head.headers.get('content-length'))).toBe(bytes.length);
    }
  });

  it('produces downloadable outputs for every bundled catalog model', async () => {
    sim = await createSimulator({ speed: 1000 });
    const models = await api(sim).data<SimModel[]>('/api/v3/models');
    await Promise.all(
      models.map(async (model) => {
        const { id } = await api(sim).data<{ id: string }>(
          `/api/v3/${model.model_id}`,
          validInput(model),
        );
        const done = await api(sim).waitDone(id);
        expect(done.status, model.model_id).toBe('completed');
        const [output] = done.outputs as string[];
        if (output?.startsWith('http')) {
          const res = await fetch(output);
          const type = res.headers.get('content-type') ?? '';
          const bytes = Buffer.from(await res.arrayBuffer());
          expect(MAGIC[type]?.(bytes), `${model.model_id} → ${type}`).toBe(true);
        } else {
          expect(typeof output, model.model_id).toBe('string');
        }
      }),
    );
  });

  it('answers S3-style 404s for unknown, unfinished and deleted outputs', async () => {
    sim = await createSimulator({ speed: 1, jobDuration: 60_000 });
    const missing = await fetch(`${sim.storageUrl}/outputs/${'a'.repeat(32)}/0.png`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/xml');
    expect(await missing.text()).toMatch(/<Code>NoSuchKey<\/Code>/);
    const { id } = await api(sim).data<{ id: string }>('/api/v3/wavespeed-ai/flux-dev', {
      prompt: 'x',
    });
    expect((await fetch(`${sim.storageUrl}/outputs/${id}/0.jpeg`)).status).toBe(404);
    expect((await fetch(`${sim.storageUrl}/nothing`)).status).toBe(404);
  });
});

/** Runs one job and downloads its outputs. */
async function outputsOf(model: string, input: Record<string, unknown>): Promise<Buffer[]> {
  const { id } = await api(sim).data<{ id: string }>(`/api/v3/${model}`, input);
  const done = await api(sim).waitDone(id);
  expect(done.status, model).toBe('completed');
  return Promise.all(
    (done.outputs as string[]).map(async (url) =>
      Buffer.from(await (await fetch(url)).arrayBuffer()),
    ),
  );
}

describe('outputs a person can look at', () => {
  it('makes images at the requested size and format', async () => {
    sim = await createSimulator({ speed: 1000, models: FIXTURE_MODELS });
    const [webp] = await outputsOf('test/image', {
      prompt: 'a lighthouse',
      size: '800*600',
      output_format: 'webp',
    });
    const image = await decodeWebp(webp as Buffer);
    expect([image.width, image.height]).toEqual([800, 600]);
    const jpegs = await outputsOf('test/image', {
      prompt: 'two mugs',
      num_images: 2,
      output_format: 'jpeg',
    });
    expect(jpegs.map((bytes) => decodeJpeg(bytes).width)).toEqual([1024, 1024]);
    expect(jpegs[0]?.equals(jpegs[1] as Buffer)).toBe(false);
  });

  it('reads aspect_ratio and resolution from real catalog models', async () => {
    sim = await createSimulator({ speed: 1000 });
    const [png] = await outputsOf('google/nano-banana-pro/text-to-image', {
      prompt: 'a skyline',
      aspect_ratio: '16:9',
      resolution: '2k',
    });
    expect(decodePng(png as Buffer)).toMatchObject({ width: 2048, height: 1152 });
    const [video] = await outputsOf('bytedance/seedance-v1.5-pro/text-to-video', {
      prompt: 'a dancer',
      aspect_ratio: '9:16',
      resolution: '1080p',
      duration: 10,
    });
    const movie = parseMp4(video as Buffer);
    expect(movie.duration / movie.timescale).toBe(10);
    const [track] = movie.videoTracks;
    expect([track?.track_width, track?.track_height]).toEqual([1080, 1920]);
    const [song] = await outputsOf('wavespeed-ai/ace-step', {
      tags: 'lofi',
      lyrics: 'la la',
      duration: 12,
    });
    const wav = parseWav(song as Buffer);
    expect(wav.samples.length / wav.sampleRate).toBeCloseTo(12, 3);
  });

  it('draws the same picture for the same prompt and seed, another for another prompt', async () => {
    sim = await createSimulator({ speed: 1000, models: FIXTURE_MODELS });
    const input = { prompt: 'a red fox', seed: 42, size: '256*256' };
    const [first] = await outputsOf('test/image', input);
    const [again] = await outputsOf('test/image', input);
    const [other] = await outputsOf('test/image', { ...input, prompt: 'a blue fox' });
    expect(first?.equals(again as Buffer)).toBe(true);
    expect(first?.equals(other as Buffer)).toBe(false);
  });

  it('puts the same files in base64 outputs', async () => {
    sim = await createSimulator({ speed: 1000, models: FIXTURE_MODELS });
    const { id } = await api(sim).data<{ id: string }>('/api/v3/test/image', {
      prompt: 'inline',
      size: '320*240',
      enable_base64_output: true,
    });
    const done = await api(sim).waitDone(id);
    const [encoded] = done.outputs as string[];
    expect(decodePng(Buffer.from(encoded ?? '', 'base64'))).toMatchObject({
      width: 320,
      height: 240,
    });
  });
});
