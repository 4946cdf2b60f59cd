// Type-checked (never run) by the runtime matrix: typical ESM usage under `strict` and `node16`
// resolution, with Node's types and no DOM lib, as a server project would compile it.
import {
  type Prediction,
  ValidationError,
  verifyWebhook,
  WaveSpeedClient,
  WaveSpeedError,
} from 'wavespeed-sdk';
import { createSimulator, type Simulator } from 'wavespeed-sdk/testing';

export async function usage(): Promise<string> {
  const sim: Simulator = await createSimulator({ speed: 100, seed: 1 });
  const controller = new AbortController();
  const client = new WaveSpeedClient({
    apiKey: sim.apiKey,
    baseUrl: sim.url,
    maxConcurrency: 4,
    logLevel: 'off',
  });
  try {
    const outputs: string[] = await client.run(
      'wavespeed-ai/flux-dev',
      { prompt: 'a lighthouse at dawn' },
      { signal: controller.signal, timeout: 60_000 },
    );
    const submitted: Prediction = await client.predictions.submit('wavespeed-ai/flux-dev', {
      prompt: 'a harbour at night',
    });
    const done: Prediction = await client.predictions.wait(submitted.id, { timeout: 60_000 });
    const again: Prediction = await client.predictions.get(done.id);
    const status: string = again.status;
    const uploaded: { url: string } = await client.files.upload(new Uint8Array([1, 2, 3]), {
      filename: 'pixel.png',
    });
    for await (const item of client.predictions.list({ pageSize: 10 })) {
      const id: string = item.id;
      void id;
    }
    return [outputs[0] ?? '', status, uploaded.url].join(' ');
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    if (error instanceof WaveSpeedError) return error.name;
    throw error;
  } finally {
    await sim.close();
  }
}

export function verify(body: string, headers: Record<string, string>): Prediction {
  return verifyWebhook({ body, headers, secret: 'whsec_test_matrix' });
}

// @ts-expect-error misspelt option names are rejected
export const misspelt = new WaveSpeedClient({ apiKy: 'wsk_test_matrix' });
