import { generateSpeech } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWaveSpeed, type WaveSpeedProvider } from '../../src/ai/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

// The AI SDK prints warnings to the console; these tests read them from the results.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

let sim: Simulator;
let wavespeed: WaveSpeedProvider;

beforeAll(async () => {
  sim = await createSimulator({ speed: 100, seed: 53 });
  wavespeed = createWaveSpeed({ apiKey: sim.apiKey, baseUrl: sim.url });
});

afterAll(async () => {
  await sim?.close();
});

describe('wavespeed.speech with generateSpeech', () => {
  it('a streaming model: the audio pieces as one file', async () => {
    const result = await generateSpeech({
      model: wavespeed.speech('minimax/speech-02-turbo'),
      text: 'Hello from the simulator.',
      voice: 'Friendly_Person',
      speed: 1.2,
    });
    expect(result.audio.uint8Array.byteLength).toBeGreaterThan(100);
    expect(result.warnings).toEqual([]);
  });

  it('settings the model has no field for are warnings', async () => {
    const result = await generateSpeech({
      model: wavespeed.speech('minimax/speech-02-hd'),
      text: 'Hi.',
      instructions: 'cheerful',
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'instructions' }),
    ]);
  });
});
