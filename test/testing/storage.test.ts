import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type SimModel, type Simulator } from '../../src/testing/index.js';
import { api, FIXTURE_MODELS, validInput } from './fixtures.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

const MAGIC: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(1, 4).toString('ascii') === 'PNG',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
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
