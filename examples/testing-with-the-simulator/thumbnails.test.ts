// Testing code that uses wavespeed-sdk without a key, without the network and without spending
// credits: `createSimulator` starts a faithful local WaveSpeed API on 127.0.0.1 (real envelope,
// statuses, rate limits, signed webhooks, downloadable outputs), and `sim.inject` makes it
// misbehave on purpose so you can test your error paths.
//
//   npm run example:test        (or: npx vitest run --root examples/testing-with-the-simulator)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WaveSpeedClient } from 'wavespeed-sdk';
import { createSimulator, type Simulator } from 'wavespeed-sdk/testing';
import { makeThumbnails } from './thumbnails.js';

describe('makeThumbnails', () => {
  let sim: Simulator;
  let client: WaveSpeedClient;

  beforeAll(async () => {
    // speed 100: an image job that takes ~3 s on the real service takes ~30 ms here.
    sim = await createSimulator({ speed: 100, seed: 42 });
    // logLevel 'error': the SDK warns when it recovers a job; here the tests assert on it instead.
    client = new WaveSpeedClient({ apiKey: sim.apiKey, baseUrl: sim.url, logLevel: 'error' });
  });

  afterAll(async () => {
    await sim.close();
  });

  beforeEach(() => {
    // Forget the previous test's jobs and requests (and any fault it left unused).
    sim.clearFaults();
    sim.reset();
  });

  it('returns one downloadable image per title', async () => {
    const thumbnails = await makeThumbnails(client, ['a red mug', 'a desk lamp']);

    expect(thumbnails.map((t) => t.ok)).toEqual([true, true]);
    for (const thumbnail of thumbnails) {
      if (!thumbnail.ok) continue;
      const image = await fetch(thumbnail.url);
      expect(image.headers.get('content-type')).toMatch(/^image\//);
    }
    expect(sim.state.jobs).toHaveLength(2);
  });

  it('rides out a flaky API without submitting anything twice', async () => {
    // The first two status checks hit a 503 and the first submit a 429 with Retry-After: the
    // SDK retries both, and a 429 provably created no job, so re-sending it is safe.
    sim.inject({ route: 'result', status: 503, times: 2 });
    sim.inject({ route: 'submit', status: 429, retryAfter: 1, times: 1 });

    const thumbnails = await makeThumbnails(client, ['a wool scarf']);

    expect(thumbnails[0]?.ok).toBe(true);
    expect(sim.state.jobs).toHaveLength(1);
    expect(sim.state.requests.filter((r) => r.route === 'submit').map((r) => r.status)).toEqual([
      429, 200,
    ]);
  });

  it('recovers a job whose submit answer was lost instead of paying for it twice', async () => {
    // The simulator creates the job, then drops the connection without answering: the SDK must
    // not re-send the submit (that would be a second billed job); it finds the job in the
    // history and carries on.
    sim.inject({ route: 'submit', reset: 'after-create' });

    const thumbnails = await makeThumbnails(client, ['a linen shirt']);

    expect(thumbnails[0]?.ok).toBe(true);
    expect(sim.state.jobs).toHaveLength(1);
    expect(thumbnails[0]?.predictionId).toBe(sim.state.jobs[0]?.id);
  });

  it('reports a failed job with its prediction id and keeps the others', async () => {
    // A prompt containing [[fail]] makes the simulated job end with status "failed".
    const thumbnails = await makeThumbnails(client, ['a teapot', 'a broken [[fail]] vase']);

    expect(thumbnails[0]?.ok).toBe(true);
    const failed = thumbnails[1];
    expect(failed?.ok).toBe(false);
    if (failed && !failed.ok) {
      expect(failed.reason).not.toBe('');
      expect(sim.state.jobs.map((job) => job.id)).toContain(failed.predictionId);
    }
  });
});
