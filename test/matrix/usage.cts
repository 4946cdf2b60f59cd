// Type-checked (never run) by the runtime matrix: CommonJS usage, resolved through the package's
// `require` condition and its `.d.cts` declarations.
import { WaveSpeedClient, WaveSpeedError } from 'wavespeed-sdk';
import { createSimulator } from 'wavespeed-sdk/testing';

export async function usage(): Promise<string[]> {
  const sim = await createSimulator({ speed: 100 });
  const client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  try {
    return await client.run('wavespeed-ai/flux-dev', { prompt: 'a lighthouse at dawn' });
  } catch (error) {
    if (error instanceof WaveSpeedError) return [];
    throw error;
  } finally {
    await sim.close();
  }
}
