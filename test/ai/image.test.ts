import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { APICallError } from '@ai-sdk/provider';
import { generateImage } from 'ai';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createWaveSpeed, type WaveSpeedProvider } from '../../src/ai/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

// generateImage from the real `ai` package, through the provider, against the simulator.

const PNG = readFileSync(
  fileURLToPath(new URL('../../examples/assets/sunset.png', import.meta.url)),
);
// The AI SDK prints warnings to the console; these tests read them from the results.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

let sim: Simulator;
let wavespeed: WaveSpeedProvider;

beforeAll(async () => {
  sim = await createSimulator({
    speed: 100,
    seed: 51,
    failWhen: ({ input }) =>
      String(input.prompt).includes('forbidden') ? 'flagged by the safety checker' : undefined,
  });
  wavespeed = createWaveSpeed({ apiKey: sim.apiKey, baseUrl: sim.url });
});

afterAll(async () => {
  await sim?.close();
});

describe('wavespeed.image with generateImage', () => {
  it('returns real image bytes, with prediction ids in the provider metadata', async () => {
    const result = await generateImage({
      model: wavespeed.image('wavespeed-ai/flux-dev'),
      prompt: 'A fox in the snow',
      size: '1024x768',
      seed: 7,
    });
    const bytes = result.image.uint8Array;
    expect(bytes[0]).toBe(0xff); // JPEG
    expect(bytes.byteLength).toBeGreaterThan(1000);
    expect(result.warnings).toEqual([]);
    const meta = result.providerMetadata.wavespeed as { images: Array<{ predictionId: string }> };
    const job = sim.state.jobs.find((j) => j.id === meta.images[0]?.predictionId);
    expect(job?.input).toMatchObject({ prompt: 'A fox in the snow', size: '1024*768', seed: 7 });
  });

  it('n images: the model’s num_images in one job', async () => {
    const before = sim.state.jobs.length;
    const { images } = await generateImage({
      model: wavespeed.image('wavespeed-ai/flux-dev'),
      prompt: 'two cats',
      n: 2,
    });
    expect(images).toHaveLength(2);
    expect(sim.state.jobs.length).toBe(before + 1);
    expect(sim.state.jobs.at(-1)?.input.num_images).toBe(2);
  });

  it('files are uploaded into the model’s image inputs; unsupported settings are warnings', async () => {
    const result = await generateImage({
      model: wavespeed.image('bytedance/seedream-v4/edit'),
      prompt: { text: 'make it winter', images: [PNG] },
      aspectRatio: '16:9',
      seed: 3,
    });
    expect(result.images).toHaveLength(1);
    const job = sim.state.jobs.at(-1);
    expect(String((job?.input.images as string[] | undefined)?.[0])).toMatch(/^http/);
    expect(job?.input.size).toBe('1360*768');
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'seed' }),
    ]);
  });

  it('providerOptions.wavespeed passes model inputs', async () => {
    await generateImage({
      model: wavespeed.image('wavespeed-ai/flux-dev'),
      prompt: 'a boat',
      providerOptions: { wavespeed: { guidance_scale: 5, output_format: 'png' } },
    });
    expect(sim.state.jobs.at(-1)?.input).toMatchObject({ guidance_scale: 5, output_format: 'png' });
  });

  it('a failed job keeps its prediction id; an abort stops the wait', async () => {
    const failure = await generateImage({
      model: wavespeed.image('wavespeed-ai/flux-dev'),
      prompt: 'forbidden',
    }).catch((e: unknown) => e);
    expect(String(failure)).toMatch(/flagged/);
    const predictionId = (failure as { predictionId?: string; cause?: { predictionId?: string } })
      .predictionId;
    expect(
      predictionId ?? (failure as { cause?: { predictionId?: string } }).cause?.predictionId,
    ).toMatch(/\w+/);

    const slow = await createSimulator({ speed: 1, jobDuration: 60_000 });
    try {
      const controller = new AbortController();
      const provider = createWaveSpeed({ apiKey: slow.apiKey, baseUrl: slow.url });
      const call = generateImage({
        model: provider.image('wavespeed-ai/flux-dev'),
        prompt: 'long',
        abortSignal: controller.signal,
      });
      while (slow.state.jobs.length === 0) await new Promise((r) => setTimeout(r, 10));
      controller.abort(new Error('stop'));
      await expect(call).rejects.toThrow();
      expect(slow.state.jobs).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('an HTTP error reaches the AI SDK as a non-retryable APICallError, without the key', async () => {
    const provider = createWaveSpeed({ apiKey: 'wsk_test_wrong_key', baseUrl: sim.url });
    const error = await generateImage({
      model: provider.image('wavespeed-ai/flux-dev'),
      prompt: 'x',
    }).catch((e: unknown) => e);
    const api = APICallError.isInstance(error)
      ? error
      : (error as { lastError?: unknown }).lastError;
    expect(APICallError.isInstance(api)).toBe(true);
    expect((api as APICallError).statusCode).toBe(401);
    expect((api as APICallError).isRetryable).toBe(false);
    expect(JSON.stringify(api)).not.toContain('wsk_test_wrong_key');
  });

  it('is assignable to generateImage’s model', () => {
    expectTypeOf(wavespeed.image('wavespeed-ai/flux-dev')).toMatchTypeOf<
      Parameters<typeof generateImage>[0]['model']
    >();
  });
});
