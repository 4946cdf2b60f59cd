import { afterEach, describe, expect, it } from 'vitest';
import { Client } from 'wavespeed';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

let sim: Simulator;

afterEach(async () => {
  await sim?.close();
});

describe('the official wavespeed SDK against the simulator', () => {
  it('run() resolves to outputs that download as real files', async () => {
    sim = await createSimulator({ speed: 100 });
    const client = new Client(sim.apiKey, { baseUrl: sim.url });
    const result = await client.run(
      'wavespeed-ai/flux-dev',
      { prompt: 'A red fox in the snow', output_format: 'png' },
      { pollInterval: 0.01, timeout: 20 },
    );
    const outputs = result.outputs as string[];
    expect(outputs).toHaveLength(1);
    const file = await fetch(outputs[0] ?? '');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(sim.state.jobs).toHaveLength(1);
    const submit = sim.state.requests[0];
    expect(submit?.headers['x-client-name']).toBe('wavespeed-js');
  });

  it('run() in sync mode and runNoThrow() on a failing job', async () => {
    sim = await createSimulator({ speed: 100 });
    const client = new Client(sim.apiKey, { baseUrl: sim.url });
    const sync = await client.run(
      'wavespeed-ai/z-image/turbo',
      { prompt: 'A lighthouse' },
      { enableSyncMode: true, timeout: 20 },
    );
    expect(sync.outputs).toHaveLength(1);
    const failed = await client.runNoThrow(
      'wavespeed-ai/z-image/turbo',
      { prompt: 'A lighthouse [[fail]]' },
      { pollInterval: 0.01, timeout: 20 },
    );
    expect(failed.outputs).toBeNull();
    expect(failed.detail.status).toBe('failed');
    expect(failed.detail.taskId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reports the 5004 sync time-out as WavespeedSyncTimeoutException', async () => {
    sim = await createSimulator({ speed: 1, jobDuration: 2_000, syncTimeoutMs: 50 });
    const client = new Client(sim.apiKey, { baseUrl: sim.url });
    const result = await client.runNoThrow(
      'wavespeed-ai/z-image/turbo',
      { prompt: 'slow' },
      { enableSyncMode: true, timeout: 20 },
    );
    expect(result.detail.status).toBe('processing');
    expect(result.detail.error?.name).toBe('WavespeedSyncTimeoutException');
    expect(result.detail.resultUrl).toBe(
      `${sim.url}/api/v3/predictions/${result.detail.taskId}/result`,
    );
  });

  it('upload() goes through the ticket and presigned PUT without leaking the key', async () => {
    sim = await createSimulator();
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ws-sim-'));
    try {
      const path = join(dir, 'photo.png');
      writeFileSync(path, Buffer.from('not really a png'));
      const url = await new Client(sim.apiKey, { baseUrl: sim.url }).upload(path);
      expect(url.startsWith(`${sim.storageUrl}/uploads/`)).toBe(true);
      expect(await (await fetch(url)).text()).toBe('not really a png');
      const storage = sim.state.requests.filter((r) => r.origin === 'storage');
      expect(storage.length).toBeGreaterThan(0);
      expect(storage.every((r) => r.headers.authorization === undefined)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
