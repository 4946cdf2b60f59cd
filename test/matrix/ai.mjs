// `wavespeed-sdk/ai` from the installed tarball, with `ai` and `@ai-sdk/provider` beside it:
// generateImage returns image bytes from the simulator.
import assert from 'node:assert/strict';
import { generateImage } from 'ai';
import { createWaveSpeed } from 'wavespeed-sdk/ai';
import { createSimulator } from 'wavespeed-sdk/testing';

const sim = await createSimulator({ speed: 100 });
try {
  const wavespeed = createWaveSpeed({ apiKey: sim.apiKey, baseUrl: sim.url });
  const { image } = await generateImage({
    model: wavespeed.image('wavespeed-ai/flux-dev'),
    prompt: 'a fox',
  });
  assert.ok(image.uint8Array.byteLength > 1000, 'generateImage returned no image bytes');
  console.log('ok');
} finally {
  await sim.close();
}
