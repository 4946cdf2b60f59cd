import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  experimental_generateVideo,
  experimental_getVideoStatus,
  experimental_startVideo,
} from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWaveSpeed, type WaveSpeedProvider } from '../../src/ai/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

const PNG = readFileSync(
  fileURLToPath(new URL('../../examples/assets/sunset.png', import.meta.url)),
);
let sim: Simulator;
let wavespeed: WaveSpeedProvider;

beforeAll(async () => {
  sim = await createSimulator({ speed: 200, seed: 52 });
  wavespeed = createWaveSpeed({ apiKey: sim.apiKey, baseUrl: sim.url });
});

afterAll(async () => {
  await sim?.close();
});

describe('wavespeed.video', () => {
  it('experimental_generateVideo: an image animated, the video downloaded by the AI SDK', async () => {
    const result = await experimental_generateVideo({
      model: wavespeed.video('wavespeed-ai/wan-2.1/i2v-480p'),
      prompt: { image: PNG, text: 'waves roll in' },
      duration: 5,
      seed: 4,
      poll: { intervalMs: 50 },
      // The AI SDK refuses to download from private addresses (the simulator is on 127.0.0.1).
      download: async ({ url, abortSignal }) => {
        const response = await fetch(url, { signal: abortSignal ?? null });
        return { data: new Uint8Array(await response.arrayBuffer()), mediaType: 'video/mp4' };
      },
    });
    expect(result.video.uint8Array.byteLength).toBeGreaterThan(1000);
    const job = sim.state.jobs.at(-1);
    expect(job?.input).toMatchObject({ prompt: 'waves roll in', duration: 5, seed: 4 });
    expect(String(job?.input.image)).toMatch(/^http/);
  });

  it('start and status: the job runs without a request held open', async () => {
    const started = await experimental_startVideo({
      model: wavespeed.video('wavespeed-ai/wan-2.1/i2v-480p'),
      prompt: { image: PNG, text: 'a slow pan' },
    });
    const id = (started.operation as { predictionId: string }).predictionId;
    expect(sim.state.jobs.some((j) => j.id === id)).toBe(true);
    let status = await experimental_getVideoStatus(
      wavespeed.video('wavespeed-ai/wan-2.1/i2v-480p'),
      {
        operation: started.operation,
      },
    );
    while (status.status === 'pending') {
      await new Promise((r) => setTimeout(r, 50));
      status = await experimental_getVideoStatus(wavespeed.video('wavespeed-ai/wan-2.1/i2v-480p'), {
        operation: started.operation,
      });
    }
    expect(status.status).toBe('completed');
    if (status.status === 'completed')
      expect(status.videos[0]).toMatchObject({ type: 'url', mediaType: 'video/mp4' });
  });

  it('a failed job is an error status with its prediction id', async () => {
    const failing = await createSimulator({ speed: 200, failWhen: () => 'the video model failed' });
    try {
      const provider = createWaveSpeed({ apiKey: failing.apiKey, baseUrl: failing.url });
      const model = provider.video('wavespeed-ai/wan-2.1/i2v-480p');
      const started = await experimental_startVideo({ model, prompt: { image: PNG, text: 'x' } });
      let status = await experimental_getVideoStatus(model, { operation: started.operation });
      while (status.status === 'pending') {
        await new Promise((r) => setTimeout(r, 50));
        status = await experimental_getVideoStatus(model, { operation: started.operation });
      }
      expect(status.status).toBe('error');
      if (status.status === 'error')
        expect(status.error).toMatch(/the video model failed \(prediction \w+\)/);
    } finally {
      await failing.close();
    }
  });
});
