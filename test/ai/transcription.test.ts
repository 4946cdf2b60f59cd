import { transcribe } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWaveSpeed, type WaveSpeedProvider } from '../../src/ai/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

let sim: Simulator;
let wavespeed: WaveSpeedProvider;

beforeAll(async () => {
  sim = await createSimulator({ speed: 100, seed: 54 });
  wavespeed = createWaveSpeed({ apiKey: sim.apiKey, baseUrl: sim.url });
});

afterAll(async () => {
  await sim?.close();
});

describe('wavespeed.transcription with transcribe', () => {
  it('uploads the audio and returns the text', async () => {
    const audio = new Uint8Array(2048).fill(7);
    const result = await transcribe({
      model: wavespeed.transcription('wavespeed-ai/openai-whisper'),
      audio,
      providerOptions: { wavespeed: { language: 'en' } },
    });
    expect(result.text).toMatch(/\w+/);
    const job = sim.state.jobs.at(-1);
    expect(job?.model).toBe('wavespeed-ai/openai-whisper');
    expect(String(job?.input.audio)).toMatch(/^http/);
    expect(job?.input.language).toBe('en');
  });
});
